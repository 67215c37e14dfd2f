#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers shared by the ALSA suite's sleep tests (alsa_pm.sh, alsa_rpm.sh),
# sourced after ktap_helpers.sh and hda_lib.sh. They use the caller's CARD
# (the card's number), TMP (a scratch directory) and SIGNAL (siggen).

# capture_ok TAG: 1 s on device 0, bit-exact and contiguous. As in
# alsa_capture.sh, a capture that arecord reports overrun (the emulated PC
# stalled on a loaded host, which loses the signal's frames) runs once
# more, said so; a second overrun fails.
capture_ok() {
	for _co_try in 1 2; do
		rm -f "$TMP/$1.wav"
		timeout 30 arecord -D "hw:$CARD,0" -f S16_LE -r 48000 -c 2 -s 48000 \
			"$TMP/$1.wav" > "$TMP/$1.log" 2>&1 || {
			ktap_print_msg "  arecord: $(grep -v '^Recording' "$TMP/$1.log" | head -n 2 | tr '\n' ' ')"
			return 1
		}
		grep -q 'overrun!!!' "$TMP/$1.log" || break
		ktap_print_msg "  $1: arecord: $(grep 'overrun!!!' "$TMP/$1.log" | head -n 1)$([ "$_co_try" = 1 ] && echo '; once more')"
		[ "$_co_try" = 2 ] && return 1
	done
	_co_info=$(wavinfo -c "$TMP/$1.wav" 2>&1)
	_co_rc=$?
	ktap_print_msg "  $1: $_co_info"
	[ "$_co_rc" = 0 ]
}

# play_ok: 1 s of the signal and 250 ms of silence on device 0; a play
# that aplay finished is announced to the host's check
# (selftests/vm/played.py), which finds it in codec 0's output file
play_ok() {
	{ "$SIGNAL" 1; head -c 48000 /dev/zero; } |
		timeout 60 aplay -q -D "hw:$CARD,0" -t raw -f S16_LE -r 48000 -c 2 \
		> "$TMP/play.log" 2>&1
	_p_rc=$?
	if [ "$_p_rc" = 0 ]; then
		ktap_print_msg "hda-wdm-played: cad=0 frames=48000"
	else
		ktap_print_msg "  aplay: exit $_p_rc: $(head -n 2 "$TMP/play.log" | tr '\n' ' ')"
	fi
	return "$_p_rc"
}

# mixer_cmds: on stdin "amixer contents", on stdout amixer batch commands
# that set each volume to its maximum - 2 (neither the default nor 0) and
# each switch off
mixer_cmds() {
	awk '
		/^numid=/ { id = $0; sub(/,.*/, "", id); kind = ""
			    if ($0 ~ /Volume/) kind = "vol"; else if ($0 ~ /Switch/) kind = "sw" }
		/; type=INTEGER/ && kind == "vol" {
			m = $0; sub(/.*max=/, "", m); sub(/,.*/, "", m)
			if (m + 0 >= 3) print "cset " id " " (m - 2) "," (m - 2) }
		/; type=BOOLEAN/ && kind == "sw" { print "cset " id " off,off" }'
}

# codec_state: codec 1's amps and pin controls, as read back from the codec
codec_state() {
	grep -E '^Node |Amp-(In|Out) vals|Pin-ctls' "/proc/asound/card$CARD/codec#1" 2>/dev/null
}
