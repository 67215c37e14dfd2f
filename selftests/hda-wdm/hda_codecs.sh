#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Real codec topologies (issue 14): the emulated PC carries up to 15 codecs
# that QEMU's hda-dump models from codec description files. The harness
# computes on the host what each file makes us expect and passes it as
# hdawdm.expect=CAD:ADCS:DACS,... where ADCS lists, split by "/", the
# input converters (node IDs in hex) that have a path from a connected
# input pin, each with "+" when it takes 48 kHz / 16 bit stereo, or "-"
# for none (HDMI / DisplayPort codecs), and DACS the output converters
# reached from a connected output pin, or "-". Per codec:
#  - it was enumerated: debugfs lists it, no enumeration error logged
#  - our ALSA driver made one capture PCM per expected input converter, and
#    no other (the PCM names carry the codec address and the ADC's node ID)
#  - and one playback PCM per expected output converter, and no other (the
#    DAC's node ID in the name; a device of the codec may carry both)
#  - each such PCM records the signal bit-exact (arecord, wavinfo -c); a
#    codec's PCMs record at once
#  - our /proc/asound/cardN/codec#CAD has the form of Linux's and tells the
#    hardware facts of the description file (boot.sh puts it in the guest
#    as /codecs/CAD.txt): codec_facts.awk compares them, leaving out the
#    lines of current values and of the driver (Documentation/testing.rst);
#    ours goes to the third serial port (the boot's data.log) as well
# then once: no verb timed out, no kernel warning.
# Skips unless hdawdm.expect= is on the kernel command line.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

EXPECT=${HDAWDM_EXPECT:-$(hda_param expect || true)}
FRAMES=${HDAWDM_CODEC_FRAMES:-9600}
TMP=${TMPDIR:-/tmp}/hda_codecs
mkdir -p "$TMP"

ktap_print_header
if [ -z "$EXPECT" ]; then
	ktap_set_plan 1
	ktap_test_skip "no hdawdm.expect= (not a codec boot)"
	exit "$KSFT_SKIP"
fi

# the plan: 4 cases a codec, one a bit-exact converter, 2 at the end
plan=2
for e in $(echo "$EXPECT" | tr , ' '); do
	adcs=${e#*:}
	adcs=${adcs%%:*}
	plan=$((plan + 4 + $(echo "$adcs" | tr / '\n' | grep -c '+$')))
done
ktap_set_plan "$plan"

BDF=$(hda_find_bdf)
DBG=$HDA_DEBUGFS/$BDF
hda_is_loaded && hda_unload
hda_log_mark
hda_load || ktap_print_msg "loading the modules failed"

# The card: ours, found by its driver name in /proc/asound/cards.
card=""
i=0
while [ $i -lt 100 ]; do
	card=$(awk '/^ *[0-9]+ \[/ && /hda-wdm/ { print $1; exit }' /proc/asound/cards 2>/dev/null)
	[ -n "$card" ] && break
	sleep 0.1
	i=$((i + 1))
done
arecord -l 2>/dev/null > "$TMP/devices"
aplay -l 2>/dev/null > "$TMP/pdevices"
log=$(hda_log_since)

for e in $(echo "$EXPECT" | tr , ' '); do
	cad=${e%%:*}
	adcs=${e#*:}
	dacs=${adcs#*:}
	adcs=${adcs%%:*}
	[ "$adcs" = - ] && adcs=""
	[ "$dacs" = - ] && dacs=""
	want=$(echo "$adcs" | tr / '\n' | sed 's/+$//' | grep . | sort | tr '\n' ' ' | sed 's/ $//')
	# "device D: hda-wdm [Codec C <name> (ADC 0xNN)...]": ours of this codec
	ours=$(sed -n "s/^card $card: .*device \([0-9]*\): .*\[Codec $cad .*(ADC 0x\([0-9a-f]*\)).*/\2 \1/p" \
		"$TMP/devices" | sort)
	# "... (DAC 0xNN)]" in aplay -l: the playback streams
	wantp=$(echo "$dacs" | tr / '\n' | grep . | sort | tr '\n' ' ' | sed 's/ $//')
	gotp=$(sed -n "s/^card $card: .*device [0-9]*: .*\[Codec $cad .*(DAC 0x\([0-9a-f]*\))\].*/\1/p" \
		"$TMP/pdevices" | sort | tr '\n' ' ' | sed 's/ $//')
	got=$(echo "$ours" | awk 'NF { print $1 }' | tr '\n' ' ' | sed 's/ $//')
	vendor=$(echo "$log" | sed -n "s/.*codec $cad (\([0-9a-f]*\)).*/\1/p" | head -n 1)

	enumerated() {
		grep -qx "$cad" "$DBG/codecs" 2>/dev/null &&
			! echo "$log" | grep -q "codec $cad: enumeration failed"
	}
	ktap_check "codec $cad: enumerated" enumerated
	ktap_print_msg "codec $cad ${vendor:+($vendor) }capture PCMs: ours [$got] expected [$want]"
	ktap_expect_eq "codec $cad: one capture PCM per converter with a path" "$want" "$got"
	ktap_print_msg "codec $cad playback PCMs: ours [$gotp] expected [$wantp]"
	ktap_expect_eq "codec $cad: one playback PCM per output converter with a path" "$wantp" "$gotp"

	# our codec#CAD against the description file
	codec_matches() {
		proc="/proc/asound/card$card/codec#$cad"
		[ -r "$proc" ] || { ktap_print_msg "  no $proc"; return 1; }
		[ -r "/codecs/$cad.txt" ] || { ktap_print_msg "  no /codecs/$cad.txt"; return 1; }
		cat "$proc" > "$TMP/codec$cad.txt"
		# for the reader: ours in the boot's data.log (third serial port)
		{ echo "==== codec#$cad"; cat "$TMP/codec$cad.txt"; } > /dev/ttyS2 2>/dev/null
		facts=$(awk -f "$DIR/codec_facts.awk" -v mode=parse -v strict=1 \
			"$TMP/codec$cad.txt" 2> "$TMP/codec$cad.err" | wc -l)
		awk -f "$DIR/codec_facts.awk" -v mode=compare "/codecs/$cad.txt" \
			"$TMP/codec$cad.txt" > "$TMP/codec$cad.diff" 2>&1
		if [ -s "$TMP/codec$cad.err" ] || [ -s "$TMP/codec$cad.diff" ]; then
			ktap_print_msg "  $(cat "$TMP/codec$cad.err" "$TMP/codec$cad.diff" | wc -l) differences:"
			cat "$TMP/codec$cad.err" "$TMP/codec$cad.diff" | head -n 25 |
				while IFS= read -r l; do ktap_print_msg "    $l"; done
			return 1
		fi
		ktap_print_msg "  $proc: $facts hardware facts, as the file has them"
	}
	ktap_check "codec $cad: codec#$cad tells the file's hardware facts" codec_matches

	# the converters' captures at once (a codec has at most 4 with a path,
	# the controller 4 input engines), then each one's verdict
	for a in $(echo "$adcs" | tr / ' '); do
		case "$a" in *+) ;; *) continue ;; esac
		a=${a%+}
		dev=$(echo "$ours" | awk -v a="$a" '$1 == a { print $2; exit }')
		rm -f "$TMP/$a.wav" "$TMP/$a.rc"
		[ -n "$dev" ] || continue
		(timeout 60 arecord -q -D "hw:$card,$dev" -f S16_LE -r 48000 -c 2 \
			-s "$FRAMES" "$TMP/$a.wav" > "$TMP/$a.log" 2>&1
		 echo $? > "$TMP/$a.rc") &
	done
	wait
	for a in $(echo "$adcs" | tr / ' '); do
		case "$a" in *+) ;; *) continue ;; esac
		a=${a%+}
		desc="codec $cad ADC 0x$a: capture bit-exact at 48 kHz, 16 bit, stereo"
		if [ ! -f "$TMP/$a.rc" ]; then
			ktap_test_fail "$desc (no PCM)"
			continue
		fi
		info=$(wavinfo -c "$TMP/$a.wav" 2>&1)
		wrc=$?
		if [ "$(cat "$TMP/$a.rc")" = 0 ] && [ "$wrc" = 0 ]; then
			ktap_print_msg "  $info"
			ktap_test_pass "$desc"
		else
			ktap_print_msg "  arecord: $(head -n 3 "$TMP/$a.log" | tr '\n' ' ') wavinfo: $info"
			ktap_test_fail "$desc"
		fi
	done
done

timeouts=$(hda_field "$DBG/verbs" timeouts 2>/dev/null)
ktap_expect_eq "no verb timed out" 0 "${timeouts:-0}"
faults=$(hda_log_since | grep -E 'WARNING:|BUG:|Oops|Call Trace:|general protection|KASAN')
ktap_expect_eq "no kernel warning" "" "$faults"
hda_unload
ktap_finished
