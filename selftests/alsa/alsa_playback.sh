#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Playback through ALSA on our card (snd-hda-wdm-alsa), in the emulated PC,
# or, in the reference boot (hdawdm.driver=snd_hda_intel), on Linux's
# snd-hda-intel ("HDA Intel"), whose cases are named "reference: ..." and
# whose plays the host checks the same way:
#
#  - aplay -l lists one playback device per codec, on the device numbers of
#    the codec's capture (the two directions share a PCM device; ours
#    number them 0 and 1, snd-hda-intel's generic parser 0 and 2)
#  - every Playback Volume at 0 dB and every Playback Switch on (the signal
#    must leave the converter unchanged)
#  - the signal played on each playback device: aplay exits 0. What the
#    codec put out is checked on the host once the emulated PC is off
#    (selftests/vm/played.py): QEMU writes each codec's output through
#    alsa-lib's file plugin to OUTDIR/playCAD.raw (selftests/vm/boot.sh),
#    which must hold the played signal bit-exact and contiguous once per
#    play. Each successful play is announced with a line
#    "# hda-wdm-played: cad=C frames=N" that the host check counts; the
#    host's cases are "alsa_playback: codec C: ..." in make check's TAP.
#  - full duplex: a capture and a playback on the same device at once; the
#    capture bit-exact and contiguous here, the playback on the host
#  - (ours only) hw_params with no render engine left is refused (another
#    bus client holds every output and bidirectional engine) and the device
#    plays again once they are handed back (that play is checked on the
#    host too)
#  - (ours only) rmmod of the card's module while playing: refused as busy
#    while the PCM is open and the playback runs to its end, or the module
#    goes and aplay ends; no kernel warning
#
# Skips on a real PC (no known output to check) and while
# snd-hda-wdm-alsa.ko is not built.

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

NCASES=8
TMP=${TMPDIR:-/tmp}/alsa_playback
mkdir -p "$TMP"
SIGNAL=/selftests/bin/siggen
# 1 s of the signal, then 250 ms of silence that pushes its last frames
# through the codec model's buffer before the stream stops
SECONDS_PLAYED=1
FRAMES=$((SECONDS_PLAYED * 48000))

ktap_print_header
ktap_set_plan $NCASES

DRIVER=$(hda_param driver || echo "$HDA_DRIVER")
if [ "$DRIVER" = snd_hda_intel ]; then
	P="reference: "
	CARD_RE="HDA-Intel|HDA Intel"
else
	P=""
	CARD_RE="hda-wdm"
fi
why=""
if [ "$DRIVER" = snd_hda_intel ]; then
	[ -d /sys/module/snd_hda_intel ] || why="snd-hda-intel is not loaded (not the reference boot?)"
elif ! hda_emulated; then
	why="a real PC: nothing checks what the codec puts out"
elif ! hda_alsa_built; then
	why="snd-hda-wdm-alsa.ko is not built"
fi
if [ -n "$why" ]; then
	ktap_print_msg "SKIP: $why"
	while [ "$KTAP_NUM" -lt "$NCASES" ]; do ktap_test_skip "$why"; done
	ktap_finished
fi

hda_log_mark
if [ "$DRIVER" != snd_hda_intel ]; then
	hda_is_loaded && hda_unload
	hda_load || ktap_print_msg "loading snd-hda-wdm and snd-hda-wdm-alsa failed"
fi
CARD=""
hda_wait_card "$CARD_RE" 20

# 1: the playback devices, on the capture devices' numbers
aplay -l 2>&1 | sed 's/^/#   /'
pdevs=$(aplay -l 2>/dev/null | sed -n "s/^card $CARD: .*, device \([0-9]*\): .*/\1/p" | tr '\n' ' ')
cdevs=$(arecord -l 2>/dev/null | sed -n "s/^card $CARD: .*, device \([0-9]*\): .*/\1/p" | tr '\n' ' ')
ktap_print_msg "playback devices: [$pdevs] capture devices: [$cdevs]"
# shellcheck disable=SC2086 # one word per device
set -- $pdevs
DEV0=${1:-0}
DEV1=${2:-1}
ktap_check "${P}aplay -l: one playback device per codec (2), on its capture device" \
	test -n "$pdevs" -a "$pdevs" = "$cdevs" -a "$#" = 2

# the codec address of device D: from its name "Codec C ..." (ours); with
# snd-hda-intel, whose names do not say, the codecs in device order
cad_of() {
	_c_n=$(aplay -l 2>/dev/null |
		sed -n "s/^card $CARD: .*, device $1: [^[]*\[Codec \([0-9]*\) .*/\1/p")
	if [ -z "$_c_n" ]; then
		_c_n=$(aplay -l 2>/dev/null | sed -n "s/^card $CARD: .*, device \([0-9]*\): .*/\1/p" |
			awk -v d="$1" '$1 == d { print NR - 1; exit }')
	fi
	echo "$_c_n"
}

# 2: the playback controls at unity gain, unmuted
amixer -c "$CARD" controls 2>&1 | grep Playback | sed 's/^/#   /'
unity() {
	_u_ok=0
	for _u_c in $(amixer -c "$CARD" scontrols 2>/dev/null |
		sed -n "s/^Simple mixer control '\([^']*\)',\([0-9]*\)$/\1,\2/p" | tr ' ' '@'); do
		_u_n=$(echo "$_u_c" | tr '@' ' ')
		amixer -c "$CARD" sget "$_u_n" 2>/dev/null | grep -q 'Playback' || continue
		if amixer -q -c "$CARD" sset "$_u_n" 0dB unmute 2>/dev/null ||
		   amixer -q -c "$CARD" sset "$_u_n" unmute 2>/dev/null; then
			_u_ok=$((_u_ok + 1))
		else
			ktap_print_msg "could not set $_u_n to 0 dB, unmuted"
			return 1
		fi
	done
	ktap_print_msg "$_u_ok playback controls at 0 dB, unmuted"
	# codec 1 (hda-micro, mixer=on) has an output amp: at least one
	[ "$_u_ok" -ge 1 ]
}
ktap_check "${P}the playback controls set to 0 dB, unmuted (codec 1 has some)" unity

# play TAG DEV [PERIOD]: the signal and the silence after it, on hw:CARD,DEV;
# announced for the host check when aplay succeeds
play() {
	_p_args="-q -D hw:$CARD,$2 -t raw -f S16_LE -r 48000 -c 2"
	[ -n "${3:-}" ] && _p_args="$_p_args --period-size=$3"
	# shellcheck disable=SC2086
	{ "$SIGNAL" "$SECONDS_PLAYED"; head -c 48000 /dev/zero; } |
		timeout 60 aplay $_p_args > "$TMP/$1.log" 2>&1
	_p_rc=$?
	if [ "$_p_rc" = 0 ]; then
		# an underrun (aplay says so even with -q) is the host check's
		# business: the frames around it will be missing there
		[ -s "$TMP/$1.log" ] && ktap_print_msg "  aplay: $(head -n 3 "$TMP/$1.log" | tr '\n' ' ')"
		ktap_print_msg "hda-wdm-played: cad=$(cad_of "$2") frames=$FRAMES"
	else
		ktap_print_msg "  aplay on device $2: exit $_p_rc: $(head -n 3 "$TMP/$1.log" | tr '\n' ' ')"
	fi
	return "$_p_rc"
}

# 3-4: the signal on each device, at aplay's default and at 256-frame periods
ktap_check "${P}play the signal on hw:$CARD,$DEV0 (codec $(cad_of "$DEV0")): aplay succeeds" \
	play p0 "$DEV0"
ktap_check "${P}play the signal on hw:$CARD,$DEV1 (codec $(cad_of "$DEV1")) at 256-frame periods: aplay succeeds" \
	play p1 "$DEV1" 256

# 5: full duplex on device 0
duplex() {
	rm -f "$TMP/dx.wav"
	(timeout 60 arecord -q -D "hw:$CARD,$DEV0" -f S16_LE -r 48000 -c 2 -s "$FRAMES" \
		"$TMP/dx.wav" > "$TMP/dx.log" 2>&1; echo $? > "$TMP/dx.rc") &
	play dx "$DEV0" 1024
	_d_prc=$?
	wait
	_d_info=$(wavinfo -c "$TMP/dx.wav" 2>&1)
	_d_wrc=$?
	ktap_print_msg "  capture: exit $(cat "$TMP/dx.rc"), $_d_info"
	[ "$_d_prc" = 0 ] && [ "$(cat "$TMP/dx.rc")" = 0 ] && [ "$_d_wrc" = 0 ]
}
ktap_check "${P}full duplex on hw:$CARD,$DEV0: playback succeeds, the capture beside it bit-exact and contiguous" \
	duplex

if [ "$DRIVER" = snd_hda_intel ]; then
	why="our bus and module only (the reference boot)"
	ktap_test_skip "${P}no render engine left: hw_params refused ($why)"
	ktap_test_skip "${P}engines handed back: the PCM plays again ($why)"
	ktap_test_skip "${P}rmmod while playing ($why)"
	ktap_finished
fi

# 6-7: no render engine left (hdaudio-test holds every output and
# bidirectional engine): hw_params refused, with the driver's debug line;
# then the same device plays again once they are handed back
HOLD=/sys/kernel/debug/hdaudio-test/alloc
DDC=/sys/kernel/debug/dynamic_debug/control
busy_ok=0
again_ok=0
if insmod "$HDA_MODDIR/hdaudio-test.ko" suite=0 && echo hold-render > "$HOLD"; then
	ktap_print_msg "  hdaudio-test holds $(sed -n 's/^engines held: //p' "$HOLD") render engines"
	[ -w "$DDC" ] && echo "module $HDA_ALSA +p" > "$DDC"
	hda_log_mark
	head -c 19200 /dev/zero | timeout 30 aplay -q -D "hw:$CARD,0" -t raw -f S16_LE \
		-r 48000 -c 2 > "$TMP/busy.log" 2>&1
	rc=$?
	[ -w "$DDC" ] && echo "module $HDA_ALSA -p" > "$DDC"
	line=$(hda_log_since | grep 'no render engine for' | head -n 1)
	ktap_print_msg "  aplay: exit $rc: $(head -n 1 "$TMP/busy.log")"
	ktap_print_msg "  log: ${line:-none}"
	[ "$rc" != 0 ] && { [ -n "$line" ] || [ ! -w "$DDC" ]; } && busy_ok=1
	echo free > "$HOLD" && play again 0 && again_ok=1
	rmmod hdaudio_test
fi
ktap_check "no render engine left: hw_params refused, a debug line" test "$busy_ok" = 1
ktap_check "engines handed back: the PCM plays again" test "$again_ok" = 1

# 8: rmmod while playing: refused as busy (an open PCM holds the module)
# and the playback goes on to its end, or the module goes and aplay ends;
# either way it returns, the module goes once idle, no kernel warning
rm -f "$TMP/rm.rc"
(head -c 288000 /dev/zero | timeout 60 aplay -q -D "hw:$CARD,0" -t raw -f S16_LE \
	-r 48000 -c 2 > "$TMP/rm.log" 2>&1; echo $? > "$TMP/rm.rc") &
# until the playback runs (the debug kernel takes a while to open it)
i=0
while [ "$i" -lt 100 ] && [ ! -f "$TMP/rm.rc" ] &&
      ! grep -q RUNNING "/proc/asound/card$CARD/pcm0p/sub0/status" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
removed() {
	grep -q RUNNING "/proc/asound/card$CARD/pcm0p/sub0/status" 2>/dev/null ||
		{ ktap_print_msg "  the playback never ran"; wait; return 1; }
	if rmmod "$HDA_ALSA" 2> "$TMP/rmmod.err"; then
		wait
		ktap_print_msg "  rmmod succeeded; aplay: exit $(cat "$TMP/rm.rc"): $(head -n 2 "$TMP/rm.log" | tr '\n' ' ')"
	else
		ktap_print_msg "  rmmod refused: $(cat "$TMP/rmmod.err")"
		wait
		ktap_print_msg "  aplay: exit $(cat "$TMP/rm.rc")"
		[ "$(cat "$TMP/rm.rc")" = 0 ] || return 1
		rmmod "$HDA_ALSA" || return 1
	fi
	! hda_log_since | grep -qE 'WARNING:|BUG:|Oops|Call Trace:'
}
ktap_check "rmmod while playing: refused and the playback ends well, or aplay ends; no kernel warning" removed

hda_unload
ktap_finished
