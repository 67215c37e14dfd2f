#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make record: set up, build, boot the emulated PC with the test tone on the
# codec input, record RECORD_SECONDS (default 5) through snd-hda-wdm with
# arecord, and leave capture.wav in the working tree with a summary line.
# RECORD_LINE (6.1) and RECORD_VARIANT (ich9-msi) pick the machine.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

line=${RECORD_LINE:-6.1}
variant=${RECORD_VARIANT:-ich9-msi}
secs=${RECORD_SECONDS:-5}
wav="$HDA_WDM_TOP/capture.wav"

# only the line it boots: a newcomer's first command fetches one kernel
HDA_WDM_LINES=$line "$HDA_WDM_TOP/selftests/vm/setup.sh" || die "set-up failed"
abi=$(kernel_abi "$line")
dir="$HDA_WDM_OUT/record"
initrd="$HDA_WDM_OUT/initrd-$abi.gz"
"$HDA_WDM_TOP/selftests/vm/build.sh" "$abi" > "$HDA_WDM_OUT/build-$abi.log" 2>&1 ||
	die "build for $abi failed: see $HDA_WDM_OUT/build-$abi.log"
"$HDA_WDM_TOP/selftests/vm/initramfs.sh" "$abi" "$HDA_WDM_OUT/build/$abi" "$initrd" ||
	die "initramfs failed"
make -s -C "$HDA_WDM_TOP/selftests" tools/wavinfo

log "booting $line/$variant ($abi) to record ${secs}s"
HDA_WDM_APPEND="hdawdm.seconds=$secs" \
	"$HDA_WDM_TOP/selftests/vm/boot.sh" "$abi" "$variant" record "$initrd" "$dir"
rc=$?
grep '^hda-wdm record:' "$dir/console.log" >&2
[ "$rc" = 0 ] || die "the emulated PC failed (logs in $dir)"

rm -f "$wav"
if grep -q '^HDAWDM-RECORD-NONE' "$dir/data.log"; then
	die "no capture.wav: snd-hda-wdm probed the controller, but no hda-wdm ALSA card appeared (see $dir/console.log)"
fi
if ! grep -q '^HDAWDM-RECORD-END' "$dir/data.log"; then
	die "no capture.wav: the recording did not complete (logs in $dir)"
fi
sed -n '/^HDAWDM-RECORD-BEGIN/,/^HDAWDM-RECORD-END/p' "$dir/data.log" |
	sed '1d;$d' | base64 -d > "$wav" || die "capture.wav arrived damaged"
"$HDA_WDM_TOP/selftests/tools/wavinfo" "$wav"
