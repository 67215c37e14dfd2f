#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# boot.sh ABI VARIANT MODE INITRD OUTDIR
# Boots the emulated PC once under TCG with the test signal on the codec's
# capture input. MODE is check (selftests; TAP in OUTDIR/tap.log), record
# (the WAV base64-coded in OUTDIR/data.log) or shell (the console on this
# terminal). OUTDIR/console.log gets the kernel's log.
# Exits 0 when the guest finished and its kernel log is clean; the TAP
# results are judged by the caller.
#
# Variants (memory: 6 GiB, 2 below 4 GiB and 4 above it on q35, some 2.5
# above it on i440FX; HDA_WDM_MEM=<MiB> overrides):
#   ich9-msi    q35, ICH9 controller, MSI                 (the default)
#   ich6-intx   i440FX, ICH6 controller, MSI off: legacy INTx; the controller
#               driven as if it had no 64-bit addressing (snd-hda-wdm
#               force_dma32=1 through hdawdm.dma32=1)
#   swiotlb     as ich9-msi with swiotlb=force: every streaming map bounces
#   iommu       q35 with an emulated Intel IOMMU in strict mode
#   strict      as ich9-msi with the controller in strict mode (our QEMU
#               patch 0002): handshakes (CRST, SRST, RUN 1->0, CORBRP
#               reset, the codecs' wake and responses) take realistic
#               times, status bits
#               are cleared only by the 1s written, IOCE/FEIE/DEIE gate the
#               stream interrupts (Documentation/testing.rst). A case boot
#               dials a property with HDA_WDM_CTRL_PROPS, e.g.
#               "crst-latency-us=4294967295" (never).
# Codecs (every variant): address 0 an hda-duplex without QEMU's mixer
# emulation (no amps; the samples pass untouched), address 1 an hda-micro
# with it (input amps, hence capture volume and switch controls). Each has
# its own audiodev reading the signal, so two captures can run at once.
# HDA_WDM_CODEC_FILES="FILE..." (at most 15 codec description files, see
# /work/shared/codecs and selftests/vm/codecfile.py) replaces those two with
# QEMU's hda-dump codec model, one a file at addresses 0, 1, ... in that
# order (-device id codecCAD); each with an input converter gets an
# audiodev reading the signal, the others the "none" audiodev. The guest
# finds the files as /codecs/CAD.txt (an archive appended to a copy of the
# initramfs, OUTDIR/initrd.gz). The guest gets hdawdm.expect= (what
# codecfile.py expects of each) and hdawdm.jacks= (each codec's pins that
# detect presence, "+" for those the model starts with a jack plugged in,
# its present= property) for selftests/hda-wdm/hda_codecs.sh; verbs a
# codec did not know are logged to OUTDIR/qemu-unimp.log.
# The host control channel (every boot): QEMU's QMP on a unix socket and
# the guest's fourth serial port (ttyS3) on another, with
# selftests/vm/hostctl.py between them: a guest program writes a command
# line to /dev/ttyS3 ("present CAD NID:NID" sets an hda-dump codec's
# present pins at run time, "ping") and reads back "ok" or "error ...";
# hda_lib.sh's hda_host does it. The relay gives up when QEMU's sockets do
# not come within 60 s, ends when QEMU does, and is killed after QEMU in
# any case; it logs to OUTDIR/hostctl.log.
# QEMU is our own build (selftests/vm/qemu-build.sh, built when missing);
# HDA_WDM_QEMU names another binary.
# HDA_WDM_DRIVER=snd_hda_intel makes it the reference boot: Linux's own
# driver is loaded (not blacklisted) and ours are not (guest/init).
# HDA_WDM_REFERENCE_LOADABLE=1 leaves it loadable in a boot of ours, for a
# program that hands the controller over to it (the codec pass).
# HDA_WDM_AUDIO_TIMER_US sets the audiodevs' timer period, the length of
# the chunks in which the codecs' streams move (10000 us; their buffers
# are as long, their periods half that): make bench measures at a chunk
# shorter than the smallest guest buffer (Documentation/testing.rst).
# HDA_WDM_QEMU_EXTRA and HDA_WDM_APPEND add QEMU arguments and kernel
# command line words (e.g. hdawdm.tests=hda_probe). HDA_WDM_CTRL_PROPS
# (prop=value,...) adds properties to the controller's -device (they win
# over the variant's; -global cannot override a -device property).
# HDA_WDM_REALPC=1 boots it as a real PC to the selftests: none of the
# hints (hdawdm.gcap=, codecs=, irq=, ich=, dma32=) on the kernel command
# line and hdawdm.realpc=1 instead, so that they read the machine and skip
# what needs the emulated signal (hda_lib.sh, hda_emulated).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

abi=$1 variant=$2 mode=$3 initrd=$4 outdir=$5
timeout_s=${HDA_WDM_BOOT_TIMEOUT:-1500}
qemu=${HDA_WDM_QEMU:-}
if [ -z "$qemu" ]; then
	qemu=$("$HDA_WDM_TOP/selftests/vm/qemu-build.sh") || die "no QEMU: selftests/vm/qemu-build.sh failed"
fi

mkdir -p "$outdir/home"
rm -f "$outdir"/{console.log,tap.log,data.log,qemu.log,qemu-unimp.log,play0.raw,play1.raw,hostctl.log}

machine="-M q35"
ctrl="ich9-intel-hda"
append=""
irq=msi
ich=9
# Memory above 4 GiB, as every real PC has: adapters narrower than the
# device must place their memory below it (Documentation/wdmdma.rst).
mem=6144
case "$variant" in
ich9-msi) ;;
# the older controller, driven as one without 64-bit addressing
ich6-intx)
	machine="-M pc"; ctrl="intel-hda,msi=off"; irq=intx; ich=6
	append="hdawdm.dma32=1"
	;;
swiotlb) append="swiotlb=force" ;;
strict)
	ctrl="ich9-intel-hda,strict=on,crst-latency-us=200,codec-latency-us=450"
	ctrl+=",srst-latency-us=60,run-stop-latency-us=30,corbrp-latency-us=40"
	ctrl+=",response-latency-us=20"
	;;
iommu)
	machine="-M q35,kernel-irqchip=split -device intel-iommu,intremap=on,caching-mode=on"
	append="intel_iommu=on iommu.strict=1"
	;;
*) die "unknown variant '$variant'" ;;
esac
mem=${HDA_WDM_MEM:-$mem}
[ -n "${HDA_WDM_CTRL_PROPS:-}" ] && ctrl+=",$HDA_WDM_CTRL_PROPS"

# The signal: long enough for a whole boot, since the file does not loop.
# Boots of both lanes of make check may start together: one makes it, under
# a lock, the others wait for it.
signal="$HDA_WDM_OUT/signal.raw"
secs=${HDA_WDM_SIGNAL_SECONDS:-600}
mkdir -p "$HDA_WDM_OUT"
(
	flock 9
	if [ ! -s "$signal" ] || [ "$(stat -c %s "$signal")" -ne $((secs * 48000 * 4)) ]; then
		make -s -C "$HDA_WDM_TOP/selftests" tools/siggen &&
			"$HDA_WDM_TOP/selftests/tools/siggen" "$secs" > "$signal.tmp" &&
			mv "$signal.tmp" "$signal"
	fi
) 9> "$signal.lock" || die "cannot make the signal $signal"
# QEMU's alsa backend reads it through alsa-lib's file plugin. Two codecs,
# each on an audiodev of its own: the plugin opens the file once per PCM it
# opens, so each codec reads the signal at its own position and two
# captures at once each get a contiguous piece of it.
capture_pcm() {	# capture_pcm NAME: an alsa-lib PCM reading the signal
	echo "pcm.$1 { type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"$signal\"; format \"raw\" }"
}
# What the guest plays on codec CAD goes, through the same plugin, to
# OUTDIR/playCAD.raw (raw S16_LE, 2 channels, 48 kHz, QEMU's mixing engine
# at the guest's own format: untouched), for selftests/vm/played.py. The
# plugin writes through "cat >>" so that every time QEMU opens the PCM
# again appends instead of starting the file over. The null device under
# the plugin takes whatever it is given: QEMU paces the stream by handing
# the backend at most its buffer per tick, so the output buffer must be
# the timer period (10 ms), as the input's is (a 40 ms buffer played
# pcm-test's 2 s in 1.44 s). A late tick used to make the codec model drop
# its full 8 KiB buffer (2048 frames lost in the middle of a play, on a
# loaded host); our QEMU patch 0003 makes it wait instead.
playback_pcm() {	# playback_pcm NAME FILE: an alsa-lib PCM writing FILE
	echo "pcm.$1 { type file; slave.pcm \"null\"; file \"|cat >> $2\"; format \"raw\" }"
}
audio_us=${HDA_WDM_AUDIO_TIMER_US:-10000}
audiodev() {	# audiodev ID CAPTURE-PCM [PLAYBACK-PCM]
	local len=$audio_us per=$((audio_us / 2))
	local a="alsa,id=$1,timer-period=$audio_us,in.dev=$2,in.frequency=48000,in.channels=2"
	a+=",in.format=s16,in.try-poll=off,in.buffer-length=$len,in.period-length=$per"
	a+=",out.dev=${3:-null},out.frequency=48000,out.channels=2,out.format=s16"
	a+=",out.try-poll=off,out.buffer-length=$len,out.period-length=$per"
	echo "$a"
}

cmdline="console=ttyS0 loglevel=7 panic=-1 oops=panic"
# No comm recording by tracing: with it, the first trace event a selftest
# enables also hooks sched_switch, and patching that static key in
# __schedule while the other vCPU runs it has hit the int3 of the patch
# under QEMU's multi-threaded TCG (an oops in __schedule, 2026-11-29, and
# a hung CPU on 6.1 before). The selftests' events are then patched into
# our modules' code only, which runs rarely. Traces show "<...>" for comms.
cmdline+=" trace_options=norecord-cmd"
case "${HDA_WDM_DRIVER:-snd_hda_wdm}" in
snd_hda_wdm)
	[ "${HDA_WDM_REFERENCE_LOADABLE:-0}" = 1 ] ||
		cmdline+=" module_blacklist=snd_hda_intel" ;;
snd_hda_intel) cmdline+=" hdawdm.driver=snd_hda_intel" ;;
*) die "unknown HDA_WDM_DRIVER '$HDA_WDM_DRIVER'" ;;
esac
codecs=()
if [ -n "${HDA_WDM_CODEC_FILES:-}" ]; then
	i=0 addrs="" expect="" jacks=""
	: > "$outdir/home/.asoundrc"
	stage=$(mktemp -d)
	mkdir "$stage/codecs"
	# shellcheck disable=SC2086
	while IFS=$'\t' read -r file _vendor has_in want dacs pins; do
		[ "$i" -lt 15 ] || die "more than 15 codec files"
		if [ "$has_in" = 1 ]; then
			capture_pcm "cap$i" >> "$outdir/home/.asoundrc"
			codecs+=(-audiodev "$(audiodev "snd$i" "cap$i")")
		else
			codecs+=(-audiodev "none,id=snd$i")
		fi
		# the pins marked "+" start with a jack plugged in
		present=$(echo "$pins" | tr / '\n' | sed -n 's/^\([0-9a-f]*\)+$/0x\1/p' | paste -sd:)
		codecs+=(-device "hda-dump,id=codec$i,cad=$i,bus=hda.0,audiodev=snd$i,file=$file,present=$present")
		[ "$pins" = - ] || jacks+="${jacks:+,}$i:$pins"
		cp "$file" "$stage/codecs/$i.txt"
		addrs+="${addrs:+,}$i"
		expect+="${expect:+,}$i:$want:$dacs"
		i=$((i + 1))
	done < <(python3 "$HDA_WDM_TOP/selftests/vm/codecfile.py" expect $HDA_WDM_CODEC_FILES)
	[ "$i" -gt 0 ] || die "no codec in HDA_WDM_CODEC_FILES"
	# the files, as /codecs/CAD.txt, in an archive after the initramfs
	# (the kernel unpacks concatenated archives one over the other)
	(cd "$stage" && find codecs -print0 | cpio --null -o -H newc --quiet) | gzip -1 |
		cat "$initrd" - > "$outdir/initrd.gz"
	rm -rf "$stage"
	initrd="$outdir/initrd.gz"
	codecs+=(-d unimp -D "$outdir/qemu-unimp.log")
	append+=" hdawdm.expect=$expect${jacks:+ hdawdm.jacks=$jacks}"
else
	addrs=0,1
	{ capture_pcm cap0; capture_pcm cap1
	  playback_pcm play0 "$outdir/play0.raw"; playback_pcm play1 "$outdir/play1.raw"
	} > "$outdir/home/.asoundrc"
	codecs=(-audiodev "$(audiodev snd0 cap0 play0)" -audiodev "$(audiodev snd1 cap1 play1)"
		-device hda-duplex,cad=0,bus=hda.0,audiodev=snd0,mixer=off
		-device hda-micro,cad=1,bus=hda.0,audiodev=snd1,mixer=on)
fi

cmdline+=" hdawdm.mode=$mode"
if [ "${HDA_WDM_REALPC:-0}" = 1 ]; then
	cmdline+=" hdawdm.realpc=1"
	append=${append//hdawdm.dma32=1/}
else
	cmdline+=" hdawdm.irq=$irq hdawdm.ich=$ich hdawdm.gcap=0x4401 hdawdm.codecs=$addrs"
fi
cmdline+=" $append ${HDA_WDM_APPEND:-}"

console="file:$outdir/console.log"
if [ "$mode" = shell ]; then
	console="mon:stdio"	# interactive: the console is this terminal
	timeout_s=0
fi
# A guest kernel that dies of an Oops before /init starts the tests, or
# while it is not tainted (none of our out-of-tree modules was ever loaded,
# nothing warned before), met a flaw of TCG's multi-threaded translation
# with kernel text patching (seen on 6.12 before /init: an int3 Oops at
# "sched_clock: Marking stable", a general protection fault in
# text_poke_early; on 7.3 while /init loaded snd_pcm: an int3 Oops in
# set_next_task_fair): the boot is tried once more, and the first console
# log is kept beside it (console-tcg-oops.log). Our modules taint the
# kernel (O) from their first load on, unloaded or not.
# oops_not_ours LOG: LOG has an Oops, before /init or whose first one says
# "Not tainted".
oops_not_ours() {
	grep -q 'Oops: ' "$1" || return 1
	grep -q '^hda-wdm: guest ' "$1" || return 0
	awk '/Oops: /{o = 1; next} o && /CPU: /{print; exit}' "$1" | grep -q 'Not tainted'
}
ctldir=$(mktemp -d /tmp/hdawdm-ctl.XXXXXX)	# short: unix socket paths
trap 'rm -rf "$ctldir"' EXIT
for attempt in 1 2; do
rm -f "$ctldir"/*.sock
python3 "$HDA_WDM_TOP/selftests/vm/hostctl.py" "$ctldir/qmp.sock" "$ctldir/ctl.sock" \
	"$outdir/hostctl.log" < /dev/null > /dev/null 2>> "$outdir/hostctl.log" &
relay=$!
# shellcheck disable=SC2086
HOME="$outdir/home" timeout --foreground -k 10 "$timeout_s" \
	"$qemu" $machine -accel tcg -m "$mem" -smp 2 -nodefaults -no-user-config \
	-display none -no-reboot \
	-serial "$console" -serial "file:$outdir/tap.log" \
	-serial "file:$outdir/data.log" \
	-chardev "socket,id=hostctl,path=$ctldir/ctl.sock,server=on,wait=off" -serial chardev:hostctl \
	-qmp "unix:$ctldir/qmp.sock,server=on,wait=off" \
	-kernel "$(kernel_image "$abi")" -initrd "$initrd" -append "$cmdline" \
	-device "$ctrl,id=hda" "${codecs[@]}" \
	${HDA_WDM_QEMU_EXTRA:-} 2> "$outdir/qemu.log" && rc=0 || rc=$?
kill "$relay" 2>/dev/null || true
wait "$relay" 2>/dev/null || true
[ "$mode" = shell ] && exit 0
sed -i 's/\r$//' "$outdir/console.log" "$outdir/tap.log" "$outdir/data.log" 2>/dev/null || true
if [ "$attempt" = 1 ] && oops_not_ours "$outdir/console.log"; then
	log "$abi/$variant: Oops before any module of ours was loaded (TCG text patching), booting again: $(grep -m1 'Oops: ' "$outdir/console.log")"
	mv "$outdir/console.log" "$outdir/console-tcg-oops.log"
	rm -f "$outdir/tap.log" "$outdir/data.log"
	continue
fi
break
done

status=0
if [ "$rc" -ne 0 ]; then
	log "$abi/$variant: QEMU exited $rc (124: timed out after ${timeout_s}s)"
	status=1
fi
if ! grep -q '^hda-wdm: guest finished' "$outdir/console.log"; then
	log "$abi/$variant: the guest did not finish (see $outdir/console.log)"
	status=1
fi
# Kernel detectors and faults: any of these fails the boot (ODEBUG, DMA-API
# and kmemleak report lines: the debug kernel's detectors).
# The strict controller model reports what silicon would not survive or the
# specification forbids (RsvdZ bits written as 1, a BDL the engine refuses)
# on QEMU's stderr: any such line fails the boot.
if grep -n 'intel-hda: strict:' "$outdir/qemu.log" > "$outdir/strict-violations.log"; then
	log "$abi/$variant: the strict controller model reported protocol violations:"
	head -n 20 "$outdir/strict-violations.log" >&2
	status=1
fi
if grep -nE 'WARNING:|BUG:|Oops|KASAN|general protection|Call Trace:|DMAR: \[DMA (Read|Write)|DMAR:.*fault|kernel panic|Kernel panic|ODEBUG:|DMA-API: [^ ]+ [^ ]+: |unreferenced object' \
	"$outdir/console.log" > "$outdir/kernel-faults.log"; then
	log "$abi/$variant: kernel log has fault lines:"
	head -n 20 "$outdir/kernel-faults.log" >&2
	status=1
fi
exit $status
