#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The HD Audio bus interface, driven by its selftest client (hdaudio-test.ko,
# whose cases run at insmod and are read back from debugfs), then what the
# bus shows of itself: the codec tree, the verb transport, engines all free
# after the client leaves, and the error paths that need a fresh probe: a
# codec that never answers, the immediate command interface, a FIFO too
# small for any format.

DIR=$(dirname "$0")
. "$DIR/../hda-wdm/ktap_helpers.sh"
. "$DIR/../hda-wdm/hda_lib.sh"

RESULTS=/sys/kernel/debug/hdaudio-test/results

ktap_print_header
BDF=$(hda_find_bdf)
if [ -z "$BDF" ]; then
	ktap_print_msg "no HD Audio controller"
	exit "$KSFT_SKIP"
fi
DBG=$HDA_DEBUGFS/$BDF

hda_is_loaded && hda_unload
hda_load || { ktap_print_msg "cannot load snd-hda-wdm"; exit "$KSFT_FAIL"; }

insmod "$HDA_MODDIR/hdaudio-test.ko"
client_rc=$?
cases=$(cat "$RESULTS" 2>/dev/null | wc -l)
# plan: the client's cases plus the 11 checks below
ktap_set_plan $((cases + 11))
cat "$RESULTS" 2>/dev/null
# The client's lines are numbered 1..cases; continue after them.
KTAP_NUM=$cases
KTAP_PASS=$(grep -c '^ok' "$RESULTS" 2>/dev/null)
KTAP_FAIL=$(grep -c '^not ok' "$RESULTS" 2>/dev/null)

ktap_expect_eq "client module loaded" 0 "$client_rc"
ktap_check "widgets: the codec's capture path is listed" \
	grep -q 'capture path 0:' "$DBG/widgets"
ktap_expect_eq "verbs: CORB/RIRB transport" corb-rirb "$(hda_field "$DBG/verbs" mode)"
ktap_expect_eq "verbs: no timeouts" 0 "$(hda_field "$DBG/verbs" timeouts)"
hda_log_mark
rmmod hdaudio_test
ktap_check "every engine free after the client left" \
	sh -c "! grep -q 'owner hdaudio' '$DBG/engines'"
ktap_check "the client left nothing behind for the bus to release" \
	sh -c "! dmesg | tail -n +$((HDA_LOG_LINE + 1)) | grep -q 'left .* engines or callbacks'"
hda_unload

# A codec that never answers: logged, marked, and the driver stays bound.
hda_log_mark
hda_load inject=4
ktap_expect_eq "mute codec: controller still bound" "$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
ktap_check "mute codec: the timeout is logged" \
	sh -c "dmesg | tail -n +$((HDA_LOG_LINE + 1)) | grep -q 'codec 0 did not answer'"
ktap_expect_eq "mute codec: marked unresponsive" 0x1 "$(hda_field "$DBG/verbs" unresponsive)"
hda_unload

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
rmmod hdaudio_test
hda_unload

ktap_finished
