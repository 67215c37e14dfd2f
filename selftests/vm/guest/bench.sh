#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench, inside the emulated PC (guest/init, hdawdm.mode=bench); its
# standard output goes to the host on ttyS1. In our boot: the wdmdma
# benchmark (its lines as the module prints them), then the ALSA capture
# figures of our card; in the reference boot (hdawdm.driver=snd_hda_intel)
# the same ALSA figures of snd-hda-intel's card. The ALSA lines read
# "alsa-bench <what> <key> <value>", from pcmbench (selftests/tools);
# selftests/vm/bench.sh puts the two boots side by side.
#
# Knobs (kernel command line): hdawdm.bench_probes= load / unload cycles
# timed (5; one more load follows), hdawdm.bench_count= periods of 256
# frames for the latency (3000), hdawdm.bench_periods= periods per buffer
# there and in the CPU run (4), hdawdm.bench_cpu_seconds= of the CPU run
# (20), hdawdm.bench_seconds= of each overrun count at 64-frame periods
# (60), hdawdm.bench_xrun_periods= the buffers of those counts, in periods
# (4,16: the smallest buffer, and one that rides out most of the emulated
# PC's stalls).
# Exits non-zero, with an "alsa-bench error" line, when a figure cannot be
# measured.

. /selftests/hda-wdm/hda_lib.sh

PCMBENCH=/selftests/bin/pcmbench
driver=$(hda_param driver || echo snd_hda_wdm)
probes=$(hda_param bench_probes || echo 5)
count=$(hda_param bench_count || echo 3000)
seconds=$(hda_param bench_seconds || echo 60)
periods=$(hda_param bench_periods || echo 4)
cpu_seconds=$(hda_param bench_cpu_seconds || echo 20)
xrun_periods=$(hda_param bench_xrun_periods || echo 4,16)
xrun_periods=$(echo "$xrun_periods" | tr , " ")

fail() {
	echo "alsa-bench error $*"
	exit 1
}

# run WHAT ARGS...: pcmbench ARGS, each of its lines as "alsa-bench WHAT ..."
run() {
	_what=$1
	shift
	"$PCMBENCH" "$@" > /tmp/pcmbench.out 2> /tmp/pcmbench.err
	_rc=$?
	sed "s/^/alsa-bench $_what /" /tmp/pcmbench.out
	sed "s/^/alsa-bench $_what stderr: /" /tmp/pcmbench.err
	return $_rc
}

is_loaded() {
	[ -d "/sys/module/$(echo "$1" | tr - _)" ]
}

# The driver's modules, in load order: ours, or snd-hda-intel with what it
# needs beyond the sound core that guest/init loads for both.
case "$driver" in
snd_hda_wdm)
	card_driver=hda-wdm
	names="wdmdma snd-hda-wdm snd-hda-wdm-alsa"
	dir=$HDA_MODDIR
	;;
snd_hda_intel)
	card_driver=HDA-Intel
	[ -f /lib/modules/reference/order ] ||
		fail "no snd-hda-intel in this kernel's initramfs: no reference"
	names=
	while read -r m; do
		grep -qx "$m" "$HDA_COREDIR/order" || names="$names $m"
	done < /lib/modules/reference/order
	dir=/lib/modules/reference
	;;
*) fail "unknown driver $driver" ;;
esac
mods=
rnames=
for m in $names; do
	mods="$mods $dir/$m.ko"
	rnames="$m $rnames"
done

unload() {
	for m in $rnames; do
		if is_loaded "$m"; then
			rmmod "$m" || fail "rmmod $m"
		fi
	done
}

if [ "$driver" = snd_hda_wdm ]; then
	# the wdmdma benchmark, as make bench always printed it
	insmod "$HDA_MODDIR/wdmdma.ko" &&
		insmod "$HDA_MODDIR/wdmdma-test.ko" bench=1
	dmesg | sed -n 's/.*wdmdma_bench: //p'
	rmmod wdmdma_test
fi

echo "alsa-bench info driver $driver, card driver $card_driver, modules$names"
bdf=$(hda_find_bdf) || fail "no HD Audio controller"

# Probe time: insmod of the driver's modules to its card's capture node.
unload
i=0
while [ "$i" -lt "$probes" ]; do
	run probe probe "$card_driver" $mods || fail "probe $i"
	unload
	i=$((i + 1))
done
run probe probe "$card_driver" $mods || fail "probe $i"
# ... and from a sysfs bind with the modules loaded
for i in 1 2 3; do
	run bind bind "$card_driver" "/sys/bus/pci/drivers/$driver" "$bdf" ||
		fail "bind $i"
done

# The machine's baseline, then the captures.
run idle idle 10 || fail "idle"
run latency latency "$card_driver" "$bdf" 256 "$periods" "$count" || fail "latency"
run cpu capture "$card_driver" 256 "$periods" "$cpu_seconds" || fail "cpu"
for xp in $xrun_periods; do
	run "xrun$xp" capture "$card_driver" 64 "$xp" "$seconds" || fail "xrun"
done
echo "alsa-bench done"
