#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench.sh LINE VARIANT: make bench. Builds for one kernel line and boots
# the emulated PC twice in bench mode (guest/bench.sh), both drivers loaded
# in each boot and taking turns on the same controller in paired rounds:
#   - with the audiodevs' timer at 2500 us, a chunk shorter than the
#     smallest buffer measured (64 x 4 frames, 5.3 ms): the wdmdma
#     benchmark, probe and bind times, then 45 short rounds of wakeup
#     latency and CPU time of a capture and CPU time of a playback, and 5
#     long rounds of overruns and underruns at 64-frame periods;
#   - at 10000 us, the test bed's everyday setting: the overrun rounds
#     only, to show what its 10 ms chunk does to a 5.3 ms ring.
# Prints the wdmdma benchmark, then for each figure the median of each
# driver's rounds, the median of the per-round ratios ours / snd-hda-intel
# and their spread, and whether the goal (issue 16) is met. The figures
# do not fail the run; a boot that fails or a figure that could not be
# measured does.
# Each run keeps its ratios (OUT/bench/ABI/VARIANT/ratios.txt) and prints
# them beside the previous run's: two runs in a row should agree within
# 10 % on every ratio that has a goal.
# HDA_WDM_BENCH_APPEND adds kernel command line words to both boots (the
# knobs of guest/bench.sh, e.g. hdawdm.bench_rounds=7); they win over the
# boots' own.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

line=$1 variant=$2
abi=$(kernel_abi "$line")
[ -n "$abi" ] || die "no kernel for line $line"
initrd="$HDA_WDM_OUT/initrd-$abi.gz"
top="$HDA_WDM_OUT/bench/$abi/$variant"

"$HDA_WDM_TOP/selftests/vm/build.sh" "$abi" W=1 | grep -E 'warning|error' >&2
[ -f "$HDA_WDM_OUT/build/$abi/snd-hda-wdm.ko" ] || die "build failed"
"$HDA_WDM_TOP/selftests/vm/initramfs.sh" "$abi" "$HDA_WDM_OUT/build/$abi" "$initrd" ||
	die "initramfs failed"

status=0
for us in 2500 10000; do
	parts=wdmdma,probe,idle,latency,cpu,xrun,play
	[ "$us" = 10000 ] && parts="xrun hdawdm.bench_seconds=10"
	log "$line/$variant ($abi): bench boot, audio timer $us us, both drivers"
	mkdir -p "$top/timer$us"
	HDA_WDM_AUDIO_TIMER_US=$us HDA_WDM_REFERENCE_LOADABLE=1 \
	HDA_WDM_APPEND="${HDA_WDM_BENCH_APPEND:-} ${HDA_WDM_APPEND:-} hdawdm.bench_parts=$parts" \
		"$HDA_WDM_TOP/selftests/vm/boot.sh" "$abi" "$variant" bench "$initrd" "$top/timer$us" ||
		status=1
	if grep '^alsa-bench error' "$top/timer$us/tap.log" >&2 ||
	   ! grep -q '^alsa-bench r0 any done' "$top/timer$us/tap.log"; then
		log "timer $us us: the figures are incomplete (see $top/timer$us/tap.log)"
		status=1
	fi
done

echo "wdmdma benchmark ($line/$variant, $abi):"
grep -v '^alsa-bench ' "$top/timer2500/tap.log"
echo

[ -f "$top/ratios.txt" ] && mv "$top/ratios.txt" "$top/ratios.prev"
awk -v line="$line" -v variant="$variant" -v abi="$abi" -v out="$top/ratios.txt" \
	-v prev="$top/ratios.prev" -f "$HDA_WDM_TOP/selftests/vm/bench.awk" \
	"$top/timer2500/tap.log" "$top/timer10000/tap.log" || status=1
echo
echo "how: selftests/tools/pcmbench.c (definitions), selftests/vm/guest/bench.sh; logs in $top"
exit $status
