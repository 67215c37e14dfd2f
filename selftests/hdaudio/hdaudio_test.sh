#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The HD Audio bus interface, driven by its selftest client (hdaudio-test.ko,
# whose cases run at insmod and are read back from debugfs), then what the
# bus shows of itself: the codec tree, the verb transport, engines all free
# after the client leaves, and the error paths that need a fresh probe: a
# codec that never answers, the immediate command interface, a FIFO too
# small for any format; and unsolicited responses delivered to the
# callbacks registered for their tags (QEMU's codecs send none: they are
# fed through the driver's RIRB parsing with the test-only inject=16). The
# codec that never answers needs the strict controller (its run-time
# fault); elsewhere those cases skip.

DIR=$(dirname "$0")
. "$DIR/../hda-wdm/ktap_helpers.sh"
. "$DIR/../hda-wdm/hda_lib.sh"

RESULTS=/sys/kernel/debug/hdaudio-test/results
UNSOL=/sys/kernel/debug/hdaudio-test/unsol
# codec 1 (an hda-micro on the emulated PC) when the machine has it; on a
# real PC, when the widget tree has a codec 1 (read once bound, below)
case ",$(hda_hint codecs || echo "${HDAWDM_CODECS:-0}")," in
*,1,*) codec1=1 ;;
*) codec1= ;;
esac
# the client's signal checks: only the emulated PC's codecs carry the signal
SIGNAL_ARG=
hda_emulated || SIGNAL_ARG=signal=0

# unsol_field ADDR KEY: a value of codec ADDR's line in the client's unsol file
unsol_field() {
	awk -v a="$1" -v k="$2" '$1 == "codec" && $2 == a {
		for (i = 3; i < NF; i += 2) if ($i == k) print $(i + 1) }' "$UNSOL"
}

# inject ADDR RESPONSE: an unsolicited response from codec ADDR
inject() {
	echo "$1 $(printf '0x%x' "$2")" > "$DBG/unsol_inject"
}

# codec 1's capture path is listed, ending at its microphone pin
codec1_mic_path() {
	awk '/^codec / { c = $2 } c == "1:" && /capture path 0:.*mic-in/ { f = 1 }
		END { exit !f }' "$DBG/widgets"
}

ktap_print_header
BDF=$(hda_find_bdf)
if [ -z "$BDF" ]; then
	ktap_print_msg "no HD Audio controller"
	exit "$KSFT_SKIP"
fi
DBG=$HDA_DEBUGFS/$BDF

hda_is_loaded && hda_unload
hda_load || { ktap_print_msg "cannot load snd-hda-wdm"; exit "$KSFT_FAIL"; }

if ! hda_emulated && [ -z "${HDAWDM_CODECS:-}" ]; then
	case ",$(hda_widget_codecs "$BDF")," in
	*,1,*) codec1=1 ;;
	esac
fi
# shellcheck disable=SC2086
insmod "$HDA_MODDIR/hdaudio-test.ko" $SIGNAL_ARG
client_rc=$?
cases=$(cat "$RESULTS" 2>/dev/null | wc -l)
# plan: the client's cases plus the 27 checks below
ktap_set_plan $((cases + 27))
cat "$RESULTS" 2>/dev/null
# The client's lines are numbered 1..cases; continue after them.
KTAP_NUM=$cases
KTAP_PASS=$(grep -c '^ok' "$RESULTS" 2>/dev/null)
KTAP_FAIL=$(grep -c '^not ok' "$RESULTS" 2>/dev/null)

ktap_expect_eq "client module loaded" 0 "$client_rc"
ktap_check "widgets: the codec's capture path is listed" \
	grep -q 'capture path 0:' "$DBG/widgets"
if ! hda_emulated; then
	ktap_test_skip_why "widgets: codec 1's capture path ends at its microphone pin" \
		"needs the emulated PC's hda-micro (real PC)"
elif [ -n "$codec1" ]; then
	ktap_check "widgets: codec 1's capture path ends at its microphone pin" codec1_mic_path
else
	ktap_test_skip "widgets: codec 1's capture path ends at its microphone pin (no codec 1)"
fi
ktap_expect_eq "verbs: CORB/RIRB transport" corb-rirb "$(hda_field "$DBG/verbs" mode)"
ktap_expect_eq "verbs: no timeouts" 0 "$(hda_field "$DBG/verbs" timeouts)"
# The engines view with render engines held: every output (and
# bidirectional) descriptor, each 48 kHz stereo stream 42 bits on SDO0
ALLOC=/sys/kernel/debug/hdaudio-test/alloc
nout=$(($(hda_field "$DBG/caps" output_streams) + $(hda_field "$DBG/caps" bidir_streams)))
ktap_check "render engines held through the client's alloc file" \
	sh -c "echo hold-render > $ALLOC"
ktap_expect_eq "engines: every output descriptor shown as a render engine of the client" \
	"$nout" "$(grep -c ': render owner hdaudio-test state reset sdo_lines 1 ' "$DBG/engines")"
ktap_expect_eq "engines: SDO0 carries their bandwidth" \
	"$((nout * 42))" "$(hda_field "$DBG/engines" sdo0_bits_per_frame)"
ktap_check "engines: render engines handed back" \
	sh -c "echo free > $ALLOC && ! grep -q 'render owner hdaudio' '$DBG/engines' &&
		grep -q '^sdo0_bits_per_frame: 0 of 960' '$DBG/engines'"
hda_log_mark
rmmod hdaudio_test
ktap_check "every engine free after the client left" \
	sh -c "! grep -q 'owner hdaudio' '$DBG/engines'"
ktap_check "the client left nothing behind for the bus to release" \
	test "$(hda_log_since | grep -c 'left .* engines or callbacks')" = 0
hda_unload

# A codec that never answers: logged, marked, and the driver stays bound.
# The strict controller's run-time fault "silent-0" (our QEMU patch 0002,
# through the host channel) keeps codec 0 from answering any verb from
# the next on; the other controllers refuse it, and the cases skip.
if _mc_why=$(hda_host fault silent-0); then
	hda_log_mark
	hda_load
	ktap_expect_eq "mute codec: controller still bound" "$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
	ktap_check "mute codec: the timeout is logged" \
		test "$(hda_log_since | grep -c 'codec 0 did not answer')" -gt 0
	ktap_expect_eq "mute codec: marked unresponsive" 0x1 "$(hda_field "$DBG/verbs" unresponsive)"
	hda_unload
	hda_host fault clear > /dev/null
else
	for _mc_d in "controller still bound" "the timeout is logged" "marked unresponsive"; do
		ktap_test_skip "mute codec: $_mc_d (needs the strict controller: $_mc_why)"
	done
fi

# Immediate command interface
hda_load single_cmd=1
imm_ok() {
	[ "$(hda_field "$DBG/verbs" mode)" = immediate ] &&
		grep -q 'capture path 0:' "$DBG/widgets"
}
ktap_check "single_cmd=1: codec enumerated through the immediate command interface" imm_ok
hda_unload

# A FIFO too small: the engine allocation answers buffer too small.
hda_load inject=8
insmod "$HDA_MODDIR/hdaudio-test.ko" tiny_fifo=1
ktap_check "tiny FIFO: engine refused with -ENOBUFS" grep -q '^ok 1 ' "$RESULTS"
ktap_check "tiny FIFO: render engine refused with -ENOBUFS" grep -q '^ok 2 ' "$RESULTS"
rmmod hdaudio_test
hda_unload

# Unsolicited responses. No codec of the emulated PC sends one (QEMU's
# hda-codec models answer only verbs), so the test-only inject=16 makes
# debugfs unsol_inject queue one as the controller would write it to the
# RIRB; the next response interrupt's drain parses it like any ring entry.
hda_load inject=16
insmod "$HDA_MODDIR/hdaudio-test.ko" suite=0
ktap_check "unsolicited: a callback per codec registered" sh -c "echo register > $UNSOL"
tag0=$(unsol_field 0 tag)
resp0=$(((tag0 << 26) | 0x2a5a5))
count0=$(hda_field "$DBG/verbs" unsolicited)
ktap_check "unsolicited: injected from codec 0 with its tag ($tag0)" inject 0 "$resp0"
ktap_expect_eq "unsolicited: codec 0's callback called once" 1 "$(unsol_field 0 calls)"
ktap_expect_eq "unsolicited: with the whole response" "$(printf '0x%08x' "$resp0")" \
	"$(unsol_field 0 last)"
ktap_expect_eq "unsolicited: in atomic context" 0 "$(unsol_field 0 preemptible)"
ktap_print_msg "callbacks in hard interrupt context: $(unsol_field 0 hardirq) of 1"
ktap_expect_eq "unsolicited: counted in debugfs verbs" $((count0 + 1)) \
	"$(hda_field "$DBG/verbs" unsolicited)"
inject 1 "$resp0"
inject 0 $(((63 << 26) | 1))
ktap_expect_eq "unsolicited: another SDI line's or an unregistered tag's reach nobody" \
	"1 $((count0 + 3))" "$(unsol_field 0 calls) $(hda_field "$DBG/verbs" unsolicited)"
if [ -n "$codec1" ]; then
	tag1=$(unsol_field 1 tag)
	inject 1 $(((tag1 << 26) | 0x1234))
	ktap_expect_eq "unsolicited: codec 1's tag ($tag1) from codec 1 reaches codec 1's callback only" \
		"1 1" "$(unsol_field 0 calls) $(unsol_field 1 calls)"
else
	ktap_test_skip "unsolicited: codec 1's tag from codec 1 reaches codec 1's callback only (no codec 1)"
fi
echo unregister > "$UNSOL"
inject 0 "$resp0"
ktap_expect_eq "unsolicited: nothing after UnregisterEventCallback" 1 "$(unsol_field 0 calls)"
rmmod hdaudio_test
hda_unload
hda_load single_cmd=1 inject=16
ktap_check "unsolicited: no injection without a RIRB (immediate commands)" \
	sh -c "! echo '0 0x1' > $DBG/unsol_inject"
hda_unload

ktap_finished
