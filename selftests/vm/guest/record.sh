#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make record, inside the emulated PC: load the driver, record
# hdawdm.seconds= (default 5) seconds from its capture device with arecord,
# and send the WAV to the host as base64 on ttyS2 between marker lines.

. /selftests/hda-wdm/hda_lib.sh

secs=$(hda_param seconds || echo 5)
out=/dev/ttyS2

say() { echo "hda-wdm record: $*"; }

if ! hda_load; then
	say "FAILED: insmod snd-hda-wdm"
	exit 1
fi
bdf=$(hda_find_bdf)
say "controller $bdf bound to '$(hda_bound_driver "$bdf")'"

card=$(awk '/snd[-_]hda[-_]wdm|hda-wdm/ { print $1; exit }' /proc/asound/cards 2>/dev/null)
if [ -z "$card" ]; then
	say "MISSING: the driver probed the controller but no hda-wdm ALSA card" \
	    "appeared (is snd-hda-wdm-alsa.ko loaded?); nothing recorded"
	echo "HDAWDM-RECORD-NONE" > "$out"
	exit 0
fi

# what a person sees: the card and its capture devices as arecord lists them
arecord -l 2>&1 | while read -r l; do say "arecord -l: $l"; done
say "recording $secs s from hw:$card,0"
if arecord -D "hw:$card,0" -f S16_LE -r 48000 -c 2 -d "$secs" /tmp/capture.wav; then
	echo "HDAWDM-RECORD-BEGIN" > "$out"
	base64 /tmp/capture.wav > "$out"
	echo "HDAWDM-RECORD-END" > "$out"
else
	say "FAILED: arecord exited $?"
	echo "HDAWDM-RECORD-FAILED" > "$out"
fi
