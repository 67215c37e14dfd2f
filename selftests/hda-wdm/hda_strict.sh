#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Failure paths that only the strict controller model can drive (QEMU with
# our patch 0002, selftests/vm/strict-cases.sh): the case boot dials one
# handshake latency to "never" and names the case on the kernel command
# line (hdawdm.strict_case=). Every case: a clear error with one log line,
# the driver unloadable and loadable again. Without hdawdm.strict_case the
# program skips (the matrix's boots).
#
#   crst_never      GCTL.CRST never reads back 1: probe refused
#   srst_never      SDnCTL.SRST never reads back: a capture fails to start
#   runstop_never   SDnCTL.RUN never reads back 0: the stop times out
#   fifoe           the model's FIFO overrun (fifoe-at=4: FIFOE, and the
#                   samples of the 4th buffer entry never reach memory):
#                   the capture ends in an xrun, what it read before is
#                   bit-exact (no lost sample delivered), one log line,
#                   counted once; the next one works
#   dese            the model's DESE (dese-at=4, the engine stops): the
#                   same
#   silent_codec0   codec 0 never answers a verb (silent-codecs=1): the
#                   controller stays bound, the timeout logged, the codec
#                   marked unresponsive
#   early_ioc       BCIS 1024 bytes before each entry's end
#                   (early-ioc-bytes=1024): captures at 1024- and 256-frame
#                   periods bit-exact, every period signalled with the
#                   position past its end (the hda_wdm_pcm_period
#                   tracepoint), the early interrupts counted
#   rirb_overrun    the 40th response after the link reset is lost
#                   (rirb-overrun-at=40): the overrun logged and counted,
#                   the verb sent again, no codec marked unresponsive,
#                   verbs answered after it

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

CASE=$(hda_param strict_case || echo "")

ktap_print_header
if [ -z "$CASE" ]; then
	ktap_set_plan 1
	ktap_test_skip "strict model failure paths (needs a case boot, hdawdm.strict_case=)"
	ktap_finished
fi
case "$CASE" in
fifoe) ktap_set_plan 6 ;;
dese) ktap_set_plan 5 ;;
early_ioc) ktap_set_plan 8 ;;
rirb_overrun) ktap_set_plan 8 ;;
runstop_never) ktap_set_plan 7 ;;
*) ktap_set_plan 4 ;;
esac

BDF=$(hda_find_bdf)
if [ -z "$BDF" ]; then
	ktap_print_msg "no HD Audio controller (class 0x040300) on this machine"
	exit "$KSFT_SKIP"
fi
DBG=$HDA_DEBUGFS/$BDF
hda_is_loaded && hda_unload

# log_has PATTERN: the kernel log since the mark has PATTERN
log_has() {
	test "$(hda_log_since | grep -c "$1")" -gt 0
}

# capture_once: a short capture from the card's first device; its status
capture_once() {
	# the only card: snd-hda-intel is blacklisted in our boots
	_co_i=0 _co_card=""
	while [ -z "$_co_card" ] && [ "$_co_i" -lt 50 ]; do
		_co_card=$(awk '/^ *[0-9]+ \[/ { print $1; exit }' /proc/asound/cards)
		[ -n "$_co_card" ] || sleep 0.1
		_co_i=$((_co_i + 1))
	done
	[ -n "$_co_card" ] || { echo "no sound card" > /tmp/hda_strict.log; return 1; }
	timeout 20 arecord -q -D "hw:$_co_card,0" -f S16_LE -r 48000 -c 2 \
		-d 1 /tmp/hda_strict.wav > /tmp/hda_strict.log 2>&1
}

# stream_errors: "fifo/descriptor errors" of the card's device 0
stream_errors() {
	awk '/^pcmC[0-9]+D0c:/ { on = 1; next } /^pcmC/ { on = 0 }
	     on && index($0, "  fifo/descriptor errors:") == 1 { print $NF; exit }' \
		/sys/kernel/debug/snd_hda_wdm_alsa/*/streams 2>/dev/null
}

# error_case NAME PATTERN: a capture meets the model's error; an xrun
# (pcmcheck exits 2), one log line with PATTERN, one error counted; then
# the next capture runs clean
error_case() {
	hda_log_mark
	hda_load
	_ec_card=$(awk '/^ *[0-9]+ \[/ { print $1; exit }' /proc/asound/cards)
	pcmcheck -D "hw:${_ec_card:-0},0" -o /tmp/hda_strict.wav \
		-p 1024 -b 8192 -f 96000 > /tmp/hda_strict.log 2>&1 && rc=0 || rc=$?
	sed 's/^/#   /' /tmp/hda_strict.log
	ktap_expect_eq "$1: the capture ends in an xrun (pcmcheck exit 2)" 2 "$rc"
	if [ "$1" = fifoe ]; then
		# the lost samples: stale bytes in the buffer, never handed out
		_ec_info=$(wavinfo -c /tmp/hda_strict.wav 2>&1) && _ec_rc=0 || _ec_rc=$?
		ktap_print_msg "before the xrun: $_ec_info"
		ktap_expect_eq "$1: what was read before the xrun is bit-exact and contiguous" 0 "$_ec_rc"
	fi
	ktap_expect_eq "$1: one log line" 1 \
		"$(hda_log_since | grep -c "$2, stopping")"
	ktap_expect_eq "$1: counted once" 1 "$(stream_errors)"
	pcmcheck -D "hw:${_ec_card:-0},0" -o /tmp/hda_strict.wav \
		-p 1024 -b 8192 -f 48000 > /tmp/hda_strict.log 2>&1 && rc=0 || rc=$?
	sed 's/^/#   /' /tmp/hda_strict.log
	ktap_expect_eq "$1: the next capture runs clean" 0 "$rc"
	ktap_check "$1: rmmod succeeds" unload_ok
}

# stream_field NAME: a field of the card's device 0 in the ALSA debugfs
stream_field() {
	awk -v f="  $1:" '/^pcmC[0-9]+D0c:/ { on = 1; next } /^pcmC/ { on = 0 }
	     on && index($0, f) == 1 { print $NF; exit }' \
		/sys/kernel/debug/snd_hda_wdm_alsa/*/streams 2>/dev/null
}

# tracefs where it is mounted, else mounted here
tracefs() {
	for _tf in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -f "$_tf/trace" ] && { echo "$_tf"; return 0; }
	done
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null &&
		[ -f /sys/kernel/tracing/trace ] && echo /sys/kernel/tracing
}

# early_capture PERIOD: pcmcheck of device 0 at PERIOD frames (4 periods),
# once more after an overrun (a stalled host); 0 when it completed and is
# bit-exact and contiguous
early_capture() {
	for _ea_try in 1 2; do
		pcmcheck -D "hw:${CARD:-0},0" -o "/tmp/early$1.wav" -p "$1" \
			-b $(($1 * 4)) -f 48000 > /tmp/hda_strict.log 2>&1 && _ea_rc=0 || _ea_rc=$?
		sed 's/^/#   /' /tmp/hda_strict.log
		[ "$_ea_rc" = 2 ] || break
		ktap_print_msg "overrun (a stalled host?): once more"
	done
	[ "$_ea_rc" = 0 ] || return 1
	wavinfo -c "/tmp/early$1.wav" | sed 's/^/#   /'
	wavinfo -c "/tmp/early$1.wav" > /dev/null
}

# unload_ok: rmmod works and the module is gone
unload_ok() {
	hda_unload && ! hda_is_loaded
}

case "$CASE" in
crst_never)
	hda_log_mark
	hda_load
	ktap_expect_eq "crst_never: probe refused, device left unbound" "" \
		"$(hda_bound_driver "$BDF")"
	ktap_check "crst_never: log says the controller did not leave reset" \
		log_has 'did not leave reset'
	ktap_check "crst_never: no debugfs directory left behind" test ! -e "$DBG"
	ktap_check "crst_never: rmmod succeeds" unload_ok
	;;
srst_never)
	hda_log_mark
	hda_load
	ktap_expect_eq "srst_never: probe succeeds (no stream reset at probe)" \
		"$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
	capture_once && rc=0 || rc=$?
	sed 's/^/#   /' /tmp/hda_strict.log
	ktap_check "srst_never: the capture fails (arecord exited $rc)" test "$rc" != 0
	ktap_check "srst_never: log says the stream reset timed out" \
		log_has 'stream reset handshake timed out'
	ktap_check "srst_never: rmmod succeeds" unload_ok
	;;
runstop_never)
	hda_log_mark
	hda_load
	ktap_expect_eq "runstop_never: probe succeeds" \
		"$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
	capture_once && rc=0 || rc=$?
	sed 's/^/#   /' /tmp/hda_strict.log
	ktap_print_msg "arecord exited $rc"
	ktap_check "runstop_never: log says the DMA did not stop" \
		log_has 'DMA did not stop'
	# The engine is released with the ALSA driver: its memory must stay
	# (the DMA may go on) until the controller is reset, at unbind.
	rmmod "$HDA_ALSA"
	grep ' stuck' "$DBG/engines" | sed 's/^/#   /'
	ktap_check "runstop_never: the engine that did not stop keeps its buffers (log)" \
		log_has 'DMA still running: its buffers are kept until the controller is reset'
	ktap_check "runstop_never: debugfs marks that engine stuck" \
		grep -q ' stuck' "$DBG/engines"
	ktap_check "runstop_never: rmmod succeeds" unload_ok
	ktap_check "runstop_never: its buffers are freed after the controller reset" \
		log_has 'freed after the controller reset'
	hda_load
	ktap_expect_eq "runstop_never: loads and binds again" \
		"$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
	hda_unload
	;;
fifoe)
	error_case fifoe "FIFO error"
	;;
dese)
	error_case dese "descriptor error"
	;;
early_ioc)
	hda_log_mark
	hda_load
	CARD=$(awk '/^ *[0-9]+ \[/ { print $1; exit }' /proc/asound/cards)
	T=$(tracefs) || T=""
	EV=$T/events/hda_wdm/hda_wdm_pcm_period
	if [ -n "$T" ] && [ -d "$EV" ]; then
		echo > "$T/trace"
		echo 1 > "$EV/enable"
	fi
	ktap_check "early_ioc: capture at 1024-frame periods bit-exact and contiguous" \
		early_capture 1024
	ktap_check "early_ioc: capture at 256-frame periods bit-exact and contiguous" \
		early_capture 256
	[ -d "$EV" ] && echo 0 > "$EV/enable"
	early=$(stream_field "early period interrupts")
	ktap_print_msg "early period interrupts: $early, periods signalled: $(stream_field "periods signalled")"
	ktap_check "early_ioc: the model's early interrupts were seen ($early)" \
		test "${early:-0}" -gt 0
	if [ -d "$EV" ]; then
		grep -o 'lpib=[0-9]* end=[0-9]* cbl=[0-9]*' "$T/trace" |
			tr '=' ' ' > /tmp/early.trace
		echo > "$T/trace"
		n=$(grep -c . /tmp/early.trace)
		# short: the position is within the period before 'end' (it has
		# not reached it); each line: lpib end cbl
		short=$(awk '{ d = ($2 + $6 - $4) % $6
			       if (d >= $6 / 2) print }' /tmp/early.trace | head -n 3)
		ktap_check "early_ioc: periods traced ($n)" test "$n" -gt 0
		ktap_expect_eq "early_ioc: every period signalled after its end had landed" \
			"" "$short"
	else
		ktap_test_skip "early_ioc: periods traced (no tracefs)"
		ktap_test_skip "early_ioc: every period signalled after its end had landed (no tracefs)"
	fi
	ktap_expect_eq "early_ioc: no FIFO or descriptor error" 0 "$(stream_errors)"
	ktap_expect_eq "early_ioc: no overrun seen by the clock" 0 \
		"$(stream_field "overruns seen by the clock")"
	ktap_check "early_ioc: rmmod succeeds" unload_ok
	;;
rirb_overrun)
	hda_log_mark
	hda_load
	ktap_expect_eq "rirb_overrun: controller bound" "$HDA_DRIVER" \
		"$(hda_bound_driver "$BDF")"
	ktap_expect_eq "rirb_overrun: counted once" 1 "$(hda_field "$DBG/verbs" overruns)"
	ktap_expect_eq "rirb_overrun: logged once" 1 \
		"$(hda_log_since | grep -c 'RIRB overrun: responses lost')"
	ktap_expect_eq "rirb_overrun: the lost verb sent again" 1 \
		"$(hda_field "$DBG/verbs" resent)"
	ktap_expect_eq "rirb_overrun: no codec marked unresponsive" 0x0 \
		"$(hda_field "$DBG/verbs" unresponsive)"
	v0=$(hda_field "$DBG/verbs" verbs)
	capture_once && rc=0 || rc=$?
	sed 's/^/#   /' /tmp/hda_strict.log
	v1=$(hda_field "$DBG/verbs" verbs)
	ktap_expect_eq "rirb_overrun: a capture afterwards works" 0 "$rc"
	ktap_check "rirb_overrun: verbs answered after it ($v0 -> $v1, no timeout)" \
		test "$v1" -gt "$v0" -a "$(hda_field "$DBG/verbs" timeouts)" = 0
	ktap_check "rirb_overrun: rmmod succeeds" unload_ok
	;;
silent_codec0)
	hda_log_mark
	hda_load
	ktap_expect_eq "silent_codec0: controller still bound" "$HDA_DRIVER" \
		"$(hda_bound_driver "$BDF")"
	ktap_check "silent_codec0: the timeout is logged" \
		log_has 'codec 0 did not answer'
	ktap_expect_eq "silent_codec0: marked unresponsive" 0x1 \
		"$(hda_field "$DBG/verbs" unresponsive)"
	ktap_check "silent_codec0: rmmod succeeds" unload_ok
	;;
*)
	ktap_print_msg "unknown case '$CASE'"
	ktap_test_fail "strict case $CASE is known"
	;;
esac

ktap_finished
