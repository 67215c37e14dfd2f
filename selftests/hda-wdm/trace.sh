#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The hda_wdm tracepoints (drivers/hda/trace.h, drivers/alsa/trace.h) as a
# person diagnosing a PC would use them: events/hda_wdm/enable, a bind of
# the controller, a short capture with arecord from our card, and what the
# trace then holds:
#  - verbs and their responses from every codec address the machine has,
#    as many responses as verbs, none timed out, none failed;
#  - one start and one stop of the capture's stream, a capture at the
#    format arecord asked for, with the buffer it set up;
#  - that stream's period interrupts between them: BCIS only, the link
#    position inside the buffer, each interrupt a period boundary further,
#    wrapping at the buffer's end, as many periods as the capture took;
#  - the PCM's pointer reads, for the same stream tag, inside the buffer;
#  - with snd-hda-wdm's dynamic debug on (where the kernel has it), the
#    capture paths found at bind and the engine and format of the capture
#    in the kernel log.
# Skips when the kernel has no tracefs or the ALSA driver is not built.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

# the codec addresses: the emulated PC's hint; on a real PC the STATESTS
# mask the driver recorded (debugfs codecs), read once it is bound
EXP_CODECS=${HDAWDM_CODECS:-$(hda_hint codecs || { hda_emulated && echo 0; })}
# the capture: 48 kHz, S16_LE stereo (4 bytes a frame), 2 s, 8 periods
# of 1024 frames: a buffer of 171 ms, so that ALSA waits 188 ms for a
# period before it gives up (EIO), which a loaded test host needs
FRAMES=96000
PERIOD=1024
PERIODS=8
PBYTES=$((PERIOD * 4))
CBL=$((PBYTES * PERIODS))
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ktap_print_header

skip_all() {
	ktap_set_plan 1
	ktap_test_skip "hda_wdm tracepoints: $1"
	exit "$KSFT_SKIP"
}

BDF=$(hda_find_bdf) || skip_all "no HD Audio controller (class 0x040300)"
T=$(hda_tracefs) || skip_all "no tracefs in this kernel"
hda_alsa_built || skip_all "snd-hda-wdm-alsa.ko is not built"

hda_is_loaded && hda_unload
hda_load || skip_all "loading snd-hda-wdm and snd-hda-wdm-alsa failed"
[ -n "$EXP_CODECS" ] ||
	EXP_CODECS=$(tr '\n' , < "$HDA_DEBUGFS/$BDF/codecs" 2>/dev/null | sed 's/,$//')
ktap_print_msg "controller $BDF, codecs $EXP_CODECS, tracefs at $T"
[ -d "$T/events/hda_wdm" ] || skip_all "no events/hda_wdm (kernel without tracepoints?)"

NCODECS=$(echo "$EXP_CODECS" | tr , '\n' | grep -c .)
ktap_set_plan $((NCODECS * 2 + 14))


# Rebind with the events on, so that the trace has the probe's verbs too.
PCIDRV=/sys/bus/pci/drivers/$HDA_DRIVER
DDC=/sys/kernel/debug/dynamic_debug/control
DYNDBG=0
echo 0 > "$T/tracing_on"
echo "$BDF" > "$PCIDRV/unbind"
[ -w "$DDC" ] && echo "module $HDA_DRIVER +p" > "$DDC" 2>/dev/null && DYNDBG=1
hda_log_mark
echo 2048 > "$T/buffer_size_kb"
# the emulated PC boots with trace_options=norecord-cmd (selftests/vm/boot.sh)
ktap_print_msg "tracing's record-cmd option: $(cat "$T/options/record-cmd" 2>/dev/null || echo none)"
: > "$T/trace"
echo 1 > "$T/events/hda_wdm/enable"
echo 1 > "$T/tracing_on"
echo "$BDF" > "$PCIDRV/bind"
CARD=""
hda_wait_card hda-wdm 10
cp "$T/trace" "$TMP/trace.bind"

# capture: the trace of one arecord run in $TMP/trace.capture, its exit
# status in ARC
capture() {
	: > "$T/trace"
	arecord -D "hw:$CARD,0" -f S16_LE -r 48000 -c 2 -s "$FRAMES" \
		--period-size="$PERIOD" --buffer-size="$((PERIOD * PERIODS))" \
		"$TMP/c.wav" > "$TMP/arecord.log" 2>&1
	ARC=$?
	cp "$T/trace" "$TMP/trace.capture"
}
ARC=none
if [ -n "$CARD" ]; then
	capture
	# an emulated PC stalled by its host for longer than ALSA waits ends
	# the capture with EIO (or an overrun): once more, and say so
	if [ "$ARC" != 0 ]; then
		ktap_print_msg "arecord failed ($(grep -iE 'error|overrun' "$TMP/arecord.log" | head -n 1)); once more"
		capture
	fi
fi
echo 0 > "$T/tracing_on"
echo 0 > "$T/events/hda_wdm/enable"
[ "$DYNDBG" = 1 ] && echo "module $HDA_DRIVER -p" > "$DDC"
hda_log_since > "$TMP/log"
cat "$TMP/trace.bind" "$TMP/trace.capture" > "$TMP/trace" 2>/dev/null
: > "$T/trace"
echo 1 > "$T/tracing_on"

ktap_expect_eq "card $CARD bound again, arecord of $FRAMES frames succeeded" 0 "$ARC"
[ "$ARC" = 0 ] || sed 's/^/#   /' "$TMP/arecord.log"

# ev NAME: the text of each NAME event after "NAME: "
ev() {
	sed -n "s/.* $1: //p" "$TMP/trace"
}
# field KEY: the value of KEY=value in each line of stdin
field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}
for e in verb response stream_start stream_stop stream_irq pcm_pointer; do
	ktap_print_msg "hda_wdm_$e: $(ev "hda_wdm_$e" | grep -c .) events"
done

# verbs and responses of each codec address
for a in $(echo "$EXP_CODECS" | tr , ' '); do
	n=$(ev hda_wdm_verb | grep -c " codec=$a ")
	ktap_check "verbs sent to codec $a traced ($n)" test "$n" -gt 0
	n=$(ev hda_wdm_response | grep " codec=$a " | grep -c " err=0 timeout=0$")
	ktap_check "responses from codec $a traced, none failed ($n)" test "$n" -gt 0
done
ktap_expect_eq "as many responses as verbs" "$(ev hda_wdm_verb | grep -c .)" \
	"$(ev hda_wdm_response | grep -c .)"
ktap_expect_eq "no response timed out or failed" "" \
	"$(ev hda_wdm_response | grep -v ' err=0 timeout=0$' | head -n 3)"

# the capture's stream: one start, one stop, the format and buffer asked for
start=$(ev hda_wdm_stream_start)
stop=$(ev hda_wdm_stream_stop)
ktap_print_msg "start: $start"
ktap_print_msg "stop: $stop"
SD=$(echo "$start" | sed -n 's/^[^ ]* \(SD[0-9]*\) .*/\1/p')
TAG=$(echo "$start" | field tag)
ktap_expect_eq "one stream start: capture, 48 kHz 16 bits stereo, $PERIODS x $PBYTES bytes" \
	"capture fmt=0x0011 48000 Hz 16 bits 2 ch cbl=$CBL lvi=$((PERIODS - 1))" \
	"$(echo "$start" | sed -n 's/^[^ ]* SD[0-9]* tag=[0-9]* //p')"
ktap_expect_eq "one stream stop, of the same stream and tag" \
	"$SD tag=$TAG" "$(echo "$stop" | sed -n 's/^[^ ]* \(SD[0-9]* tag=[0-9]*\) .*/\1/p')"

# the period interrupts of that stream, between its start and its stop
awk -v sd="$SD" '
	/ hda_wdm_stream_start: / && index($0, " " sd " ") { on = 1; next }
	/ hda_wdm_stream_stop: / && index($0, " " sd " ") { on = 0 }
	on && / hda_wdm_stream_irq: / && index($0, " " sd " ") { print }
' "$TMP/trace" | sed 's/.* hda_wdm_stream_irq: //' > "$TMP/irqs"
NIRQ=$(grep -c . "$TMP/irqs")
ktap_check "period interrupts of $SD traced ($NIRQ for $((FRAMES / PERIOD)) periods)" \
	test "$NIRQ" -ge $((FRAMES / PERIOD / 2))
ktap_expect_eq "every one BCIS only, of tag $TAG, in a buffer of $CBL bytes" "" \
	"$(grep -v " tag=$TAG sts=0x04 lpib=[0-9]* cbl=$CBL$" "$TMP/irqs" | head -n 3)"
# The positions, unwrapped (each interrupt within a buffer of the one
# before): every interrupt reports at least one period boundary the one
# before had not reached (a BCIS comes only when a BDL entry completes),
# and all of them together as many periods as the capture took. How far
# past its boundary each was read, and how many stood for more than one
# period (a late handler), are printed: the emulated PC moves the position
# in steps of its own, so these are figures, not cases.
field lpib < "$TMP/irqs" > "$TMP/lpib"
ktap_print_msg "positions: $(head -n 12 "$TMP/lpib" | tr '\n' ' ')..."
res=$(awk -v p="$PBYTES" -v cbl="$CBL" '
	{ if ($1 >= cbl) bad++
	  d = ($1 - prev + cbl) % cbl
	  if (NR > 1 && $1 < prev) wraps++
	  abs += d; b = int(abs / p)
	  if (b <= last) bad++
	  if (b > last + 1) merged++
	  if (abs % p > maxpast) maxpast = abs % p
	  last = b; prev = $1 }
	END { print bad + 0, wraps + 0, last + 0, merged + 0, maxpast + 0 }' "$TMP/lpib")
# shellcheck disable=SC2086
set -- $res
ktap_print_msg "periods $3, wraps $2, interrupts for more than one period $4, read at most $5 bytes past a boundary"
ktap_check "positions inside the buffer, each interrupt a period boundary further" \
	test "$1" = 0
ktap_check "positions wrap at the buffer's end ($2 times for $NIRQ interrupts)" \
	test "$2" -ge $((NIRQ / PERIODS - 2))
ktap_check "positions account for the capture's $((FRAMES / PERIOD)) periods ($3)" \
	test "$3" -ge $((FRAMES / PERIOD - 1)) -a "$3" -le $((FRAMES / PERIOD + PERIODS))

# the PCM's pointer reads of the capture
ev hda_wdm_pcm_pointer | grep " tag=$TAG " > "$TMP/ptr"
NPTR=$(grep -c . "$TMP/ptr")
ktap_check "pointer reads of the capture traced ($NPTR)" test "$NPTR" -gt 0
ktap_expect_eq "every pointer read inside the buffer" "" \
	"$(field lpib < "$TMP/ptr" | awk -v cbl="$CBL" '$1 > cbl' | head -n 3)"

# dynamic debug: what bind and the capture decided
if [ "$DYNDBG" = 1 ]; then
	grep -E 'capture path|for codec|SD[0-9]' "$TMP/log" | sed 's/^/#   /'
	# every codec of the emulated PC has one; on a real PC those the
	# widget tree lists with one (not an HDMI codec's)
	path_codecs=$EXP_CODECS
	hda_emulated || path_codecs=$(awk '/^codec / { c = $2 + 0 }
		/^  capture path / && !(c in seen) { seen[c] = 1; printf "%s%d", n++ ? "," : "", c }' \
		"$HDA_DEBUGFS/$BDF/widgets")
	missing=""
	for a in $(echo "$path_codecs" | tr , ' '); do
		grep -q "codec $a capture path 0: nodes " "$TMP/log" || missing="$missing $a"
	done
	ktap_expect_eq "dynamic debug: every codec's capture paths logged at bind" "" "$missing"
	ktap_check "dynamic debug: the capture's engine and format logged ($SD, 0x0011)" \
		grep -q "$SD for codec [0-9]*: format 0x0011," "$TMP/log"
else
	ktap_test_skip "dynamic debug: every codec's capture paths logged at bind (no $DDC)"
	ktap_test_skip "dynamic debug: the capture's engine and format logged (no $DDC)"
fi

hda_unload
ktap_finished
