#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench, inside the emulated PC (guest/init, hdawdm.mode=bench); its
# standard output goes to the host on ttyS1. Both drivers are loaded in
# this one boot (the harness leaves snd-hda-intel loadable) and take turns
# on the same controller: the unbind / driver_override / bind hand-over
# that tools/hda-wdm-ctl does. Prints, in this order (each part only when
# hdawdm.bench_parts= names it):
#   wdmdma   the wdmdma benchmark, its lines as the module prints them;
#   probe    insmod of each driver's modules to its card's capture node,
#            then a sysfs bind to it, the drivers alternating;
#   idle     the machine's busy time while nothing captures;
#   latency, cpu, play   short rounds: in round N each driver, in turn,
#            takes the controller and measures the wakeup latency
#            (256-frame periods), the CPU a capture costs and the CPU a
#            playback costs with its underruns (256 x 4). Short, and many:
#            one capture's figures differ from the next one's by about a
#            fifth (standard deviation), for either driver and hardly
#            together (the emulated CPU's pace), so a ratio needs many
#            pairs;
#   xrun, play   long rounds: overruns and lost frames of captures at
#            64-frame periods, underruns of a playback at 64 x 4 (counts,
#            which need time to happen).
#            In both kinds odd rounds begin with ours, even rounds with
#            snd-hda-intel, so that a drift of the host during the run
#            weighs on both alike.
# Every figure is a line "alsa-bench rN WHO WHAT KEY VALUE" (WHO: ours or
# ref; r0 for figures outside the rounds), from pcmbench (selftests/tools);
# selftests/vm/bench.sh pairs each round's figures and prints the ratios.
# The controller's interrupt and the measuring process are pinned to
# CPU 0 (/proc/irq/N/smp_affinity_list, taskset): without it a capture's
# latency moved by a factor of two from one run to the next.
#
# Knobs (kernel command line): hdawdm.bench_parts= (wdmdma,probe,idle,
# latency,cpu,xrun,play), hdawdm.bench_quick_rounds= the short rounds (45),
# hdawdm.bench_rounds= the long ones (5), hdawdm.bench_probes= probe
# and bind timings per driver (3), hdawdm.bench_count= periods of the
# latency run (250), hdawdm.bench_periods= periods per buffer there and
# in the CPU runs (4), hdawdm.bench_cpu_seconds= of each CPU run, capture
# and playback (1.2), hdawdm.bench_play64_seconds= of the 64-frame playback
# (10), hdawdm.bench_seconds= of each overrun count (15),
# hdawdm.bench_xrun_periods= their buffers in 64-frame periods (4,16).
# Exits non-zero, with an "alsa-bench error" line, when a figure cannot be
# measured.

. /selftests/hda-wdm/hda_lib.sh

PCMBENCH=/selftests/bin/pcmbench
CPU=0
parts=$(hda_param bench_parts || echo wdmdma,probe,idle,latency,cpu,xrun,play)
quick_rounds=$(hda_param bench_quick_rounds || echo 45)
rounds=$(hda_param bench_rounds || echo 5)
probes=$(hda_param bench_probes || echo 3)
count=$(hda_param bench_count || echo 250)
periods=$(hda_param bench_periods || echo 4)
cpu_seconds=$(hda_param bench_cpu_seconds || echo 1.2)
play64_seconds=$(hda_param bench_play64_seconds || echo 10)
seconds=$(hda_param bench_seconds || echo 15)
xrun_periods=$(hda_param bench_xrun_periods || echo 4,16)
xrun_periods=$(echo "$xrun_periods" | tr , " ")

fail() {
	echo "alsa-bench error $*"
	exit 1
}

want() {
	_w=$1
	[ "$_w" = play64 ] && _w=play	# the long rounds' playback
	case ",$parts," in *",$_w,"*) return 0 ;; esac
	return 1
}

# run TAG WHAT ARGS...: pcmbench ARGS on CPU 0, each of its lines as
# "alsa-bench TAG WHAT ..."
run() {
	_tag=$1 _what=$2
	shift 2
	taskset -c "$CPU" "$PCMBENCH" "$@" > /tmp/pcmbench.out 2> /tmp/pcmbench.err
	_rc=$?
	sed "s/^/alsa-bench $_tag $_what /" /tmp/pcmbench.out
	sed "s/^/alsa-bench $_tag $_what stderr: /" /tmp/pcmbench.err
	return $_rc
}

is_loaded() {
	[ -d "/sys/module/$(echo "$1" | tr - _)" ]
}

[ -f /lib/modules/reference/order ] ||
	fail "no snd-hda-intel in this kernel's initramfs: no reference"
bdf=$(hda_find_bdf) || fail "no HD Audio controller"

# Each driver: its PCI driver, its card's driver name, its modules in load
# order (snd-hda-intel's: what it needs beyond the sound core that
# guest/init loads for both).
pci_driver() { [ "$1" = ours ] && echo snd_hda_wdm || echo snd_hda_intel; }
card_driver() { [ "$1" = ours ] && echo hda-wdm || echo HDA-Intel; }
modules() {
	if [ "$1" = ours ]; then
		for m in wdmdma snd-hda-wdm snd-hda-wdm-alsa; do
			echo "$HDA_MODDIR/$m.ko"
		done
		return
	fi
	while read -r m; do
		grep -qx "$m" "$HDA_COREDIR/order" || echo "/lib/modules/reference/$m.ko"
	done < /lib/modules/reference/order
}

load() {
	for f in $(modules "$1"); do
		is_loaded "$(basename "$f" .ko)" && continue
		# shellcheck disable=SC2046
		if [ "$f" = "$HDA_MODDIR/snd-hda-wdm.ko" ]; then
			insmod "$f" $(hda_module_args) || fail "insmod $f"
		else
			insmod "$f" || fail "insmod $f"
		fi
	done
}

unload() {
	for f in $(modules "$1" | tac); do
		_m=$(basename "$f" .ko | tr - _)
		if is_loaded "$_m"; then
			rmmod "$_m" || fail "rmmod $_m"
		fi
	done
}

# release: the controller bound to no driver
release() {
	_cur=$(hda_bound_driver "$bdf")
	[ -z "$_cur" ] || echo "$bdf" > "/sys/bus/pci/drivers/$_cur/unbind" ||
		fail "unbind $bdf from $_cur"
}

# pin: the controller's interrupt on CPU 0 (its number changes with the
# driver: each allocates its own vector)
pin() {
	_irq=$(cat "/sys/bus/pci/devices/$bdf/irq")
	echo "$CPU" > "/proc/irq/$_irq/smp_affinity_list" ||
		fail "cannot pin interrupt $_irq to CPU $CPU"
}

# take WHO: WHO's driver gets the controller, its card is ready
take() {
	release
	echo "$(pci_driver "$1")" > "/sys/bus/pci/devices/$bdf/driver_override"
	echo "$bdf" > "/sys/bus/pci/drivers/$(pci_driver "$1")/bind" ||
		fail "bind $bdf to $(pci_driver "$1")"
	hda_wait_card "\\]: $(card_driver "$1") " 30 || fail "no $1 card after the bind"
	_i=0
	while [ ! -e "/dev/snd/pcmC${CARD}D0c" ] && [ "$_i" -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	pin
}

# pcmbench at the same addresses in every run: one cause of variation
# between runs less (TCG's translation and TLB follow the addresses)
echo 0 > /proc/sys/kernel/randomize_va_space ||
	fail "cannot turn address space layout randomization off"

echo "alsa-bench r0 any info controller $bdf, parts $parts, $quick_rounds short and $rounds long rounds"
echo "alsa-bench r0 any rounds short $quick_rounds"
echo "alsa-bench r0 any rounds long $rounds"

# pcmbench traces the controller's interrupt (irq:irq_handler_entry and
# _exit); enabled here once for all its runs: each enabling patches the
# kernel's text, which TCG now and then gets wrong (pcmbench.c)
tracing=/sys/kernel/tracing
[ -e "$tracing/trace" ] || tracing=/sys/kernel/debug/tracing
echo 0 > "$tracing/tracing_on"
for e in irq_handler_entry irq_handler_exit; do
	echo "irq == 0" > "$tracing/events/irq/$e/filter" &&
		echo 1 > "$tracing/events/irq/$e/enable" || fail "cannot enable irq:$e"
done

if want wdmdma; then
	insmod "$HDA_MODDIR/wdmdma.ko" &&
		insmod "$HDA_MODDIR/wdmdma-test.ko" bench=1
	dmesg | sed -n 's/.*wdmdma_bench: //p'
	rmmod wdmdma_test
fi

# Probe time: insmod of a driver's modules to its card's capture node,
# with the other driver's modules unloaded; then from a sysfs bind.
if want probe; then
	i=1
	while [ "$i" -le "$probes" ]; do
		for who in ours ref; do
			release
			unload ours
			unload ref
			echo "$(pci_driver "$who")" > "/sys/bus/pci/devices/$bdf/driver_override"
			# shellcheck disable=SC2046
			run "r$i $who" probe probe "$(card_driver "$who")" $(modules "$who") ||
				fail "probe $who $i"
			run "r$i $who" bind bind "$(card_driver "$who")" \
				"/sys/bus/pci/drivers/$(pci_driver "$who")" "$bdf" ||
				fail "bind $who $i"
		done
		i=$((i + 1))
	done
fi
load ours
load ref

if want idle; then
	release
	run "r0 any" idle idle 10 || fail "idle"
fi

# rounds COUNT PARTS...: rounds 1 to COUNT, each driver in turn (odd
# rounds ours first) taking the controller and running PARTS (those wanted)
rounds() {
	_r=1 _last=$1
	shift
	while [ "$_r" -le "$_last" ]; do
		_order="ours ref"
		[ $((_r % 2)) = 0 ] && _order="ref ours"
		for who in $_order; do
			_have=
			for _p in "$@"; do
				want "$_p" && _have=1
			done
			[ -n "$_have" ] || continue
			take "$who"
			for _p in "$@"; do
				want "$_p" && measure "$_p" "$_r" "$who"
			done
		done
		_r=$((_r + 1))
	done
}

# measure PART ROUND WHO: one part's runs (play64: the long rounds'
# playback)
measure() {
	_cd=$(card_driver "$3")
	case "$1" in
	latency)
		run "r$2 $3" latency latency "$_cd" "$bdf" 256 "$periods" "$count" ||
			fail "latency $3 round $2" ;;
	cpu)
		run "r$2 $3" cpu capture "$_cd" "$bdf" 256 "$periods" "$cpu_seconds" ||
			fail "cpu $3 round $2" ;;
	play)
		run "r$2 $3" play play "$_cd" "$bdf" 256 "$periods" "$cpu_seconds" ||
			fail "play $3 round $2" ;;
	xrun)
		for _xp in $xrun_periods; do
			run "r$2 $3" "xrun$_xp" capture "$_cd" "$bdf" 64 "$_xp" "$seconds" ||
				fail "xrun $3 round $2"
		done ;;
	play64)
		run "r$2 $3" play64 play "$_cd" "$bdf" 64 4 "$play64_seconds" ||
			fail "play64 $3 round $2" ;;
	esac
}

rounds "$quick_rounds" latency cpu play
rounds "$rounds" xrun play64
release
echo "alsa-bench r0 any done"
