#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runtime power saving (snd-hda-wdm's power_save parameter) with our card
# in the emulated PC:
#
#  - loaded with power_save=1, the controller powers down about a second
#    after its last use: the PCI device's runtime status is "suspended",
#    the link is in reset (GCTL.CRST 0), debugfs pm counts a runtime
#    suspend (no system suspend) that put every codec in D3
#  - reading the mixer (amixer contents) wakes nothing: the ALSA driver
#    reads its own cache
#  - a mixer change wakes it: the codec has the new values afterwards,
#    although the test build's pm_forget=1 made it mute every amp and
#    switch every pin off at each suspend (only the bus's replay at the
#    resume brings them back); then it powers down again
#  - a capture wakes it and keeps it awake while it runs (the runtime
#    status read in its middle), bit-exact and contiguous; a play does the
#    same (announced to the host's check, selftests/vm/played.py)
#  - a client that listens for unsolicited responses (hdaudio-test's
#    "unsol" file) keeps it awake, since the emulated PC's controller has
#    no PCI power management capability and so no wake-up from D3 (a jack
#    would go unheard): the log says so once; unregistered, it powers
#    down again
#  - power_save=0 written at run time wakes it and keeps it awake; 1 again
#    lets it power down
#  - a system sleep (pm_test freeze "platform", or the test build's
#    pm_cycle) begun while it is powered down (the PCI core may wake it
#    first: it does in the emulated PC; the log line says which); a capture
#    after it is bit-exact
#  - (strict controller) a resume that fails: the controller never leaves
#    reset (the model's crst-never fault, set while it is powered down);
#    the mixer change that woke it fails instead of hanging, the log says
#    why, debugfs counts it; once the fault is cleared, the next use after
#    the idle delay brings it back without a rebind: a capture is
#    bit-exact
#  - it unloads while powered down; debugfs counts as many runtime
#    suspends as resumes (the unbind's own resume included), no
#    warning or error of ours in the kernel log (but the fault's)
#
# Skips on a real PC (it is the emulated PC's signal and fault model that
# make the checks), in the reference boot and while snd-hda-wdm-alsa.ko is
# not built; on a kernel without CONFIG_PM (no runtime PM at all) every
# case skips and says so.

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"
. "$DIR/alsa_lib.sh"

NCASES=11
TMP=${TMPDIR:-/tmp}/alsa_rpm
mkdir -p "$TMP"
# shellcheck disable=SC2034 # play_ok (alsa_lib.sh) plays it
SIGNAL=/selftests/bin/siggen
PS=/sys/module/$HDA_DRIVER/parameters/power_save
FORGET=/sys/module/$HDA_DRIVER/parameters/pm_forget
PM_TEST=/sys/power/pm_test
PM_DELAY=/sys/module/suspend/parameters/pm_test_delay

ktap_print_header
ktap_set_plan $NCASES

why=""
if [ "$(hda_param driver)" = snd_hda_intel ]; then
	why="the reference boot (snd-hda-intel)"
elif ! hda_emulated; then
	why="a real PC: the checks need the emulated PC's signal and faults"
elif ! hda_alsa_built; then
	why="snd-hda-wdm-alsa.ko is not built"
fi
skip_all() {
	ktap_print_msg "SKIP: $1"
	while [ "$KTAP_NUM" -lt "$NCASES" ]; do ktap_test_skip "$1"; done
	ktap_finished
}
[ -n "$why" ] && skip_all "$why"

hda_is_loaded && hda_unload
hda_log_mark
hda_load power_save=1 || ktap_print_msg "loading snd-hda-wdm and snd-hda-wdm-alsa failed"
CARD=""
hda_wait_card hda-wdm 20
BDF=$(hda_find_bdf)
PM=$HDA_DEBUGFS/$BDF/pm
STATUS=/sys/bus/pci/devices/$BDF/power/runtime_status
if [ ! -r "$STATUS" ] || [ "$(cat "$STATUS")" = unsupported ]; then
	hda_unload
	skip_all "no runtime PM in this kernel ($STATUS: $(cat "$STATUS" 2>/dev/null || echo missing))"
fi
[ -w "$FORGET" ] && echo 1 > "$FORGET"

# check_or_skip DESCRIPTION CMD...: as ktap_check, and a skip when CMD
# returns 4 (it said why)
check_or_skip() {
	_cs_d=$1
	shift
	"$@"
	case $? in
	0) ktap_test_pass "$_cs_d" ;;
	4) ktap_test_skip "$_cs_d" ;;
	*) ktap_test_fail "$_cs_d" ;;
	esac
}

# pm_field KEY: a value of the controller's debugfs pm file
pm_field() { hda_field "$PM" "$1"; }

# wait_status STATE SECONDS: until the runtime status is STATE
wait_status() {
	_ws_i=0
	while [ "$_ws_i" -lt "$(($2 * 10))" ]; do
		[ "$(cat "$STATUS")" = "$1" ] && return 0
		sleep 0.1
		_ws_i=$((_ws_i + 1))
	done
	ktap_print_msg "  runtime status still $(cat "$STATUS") after $2 s (wanted $1)"
	return 1
}
# stays STATE SECONDS: the runtime status is STATE now and SECONDS later
stays() {
	[ "$(cat "$STATUS")" = "$1" ] || { ktap_print_msg "  runtime status $(cat "$STATUS") (wanted $1)"; return 1; }
	sleep "$2"
	[ "$(cat "$STATUS")" = "$1" ] || { ktap_print_msg "  runtime status $(cat "$STATUS") $2 s later (wanted $1)"; return 1; }
}
# crst: GCTL's CRST bit as the debugfs register dump reads it
crst() { echo $(($(hda_reg "$BDF" GCTL) & 1)); }

# 1: down after the idle delay. Its codecs in D3 from debugfs, not from
# the hda_wdm_suspend trace event: each enabling and disabling of a trace
# event patches the kernel's text, and under TCG that now and then hangs
# a CPU in the int3 handler (seen on 6.1 here, 2026-11-29).
down_first() {
	wait_status suspended 8 || return 1
	_d_m=0
	while read -r _d_a; do
		_d_m=$((_d_m | (1 << _d_a)))
	done < "$HDA_DEBUGFS/$BDF/codecs"
	_d_mask=$(printf '%#x' "$_d_m")
	ktap_print_msg "  suspended; GCTL.CRST $(crst); codecs in D3 $(pm_field last_codecs_d3) (of $_d_mask); runtime suspends $(pm_field runtime_suspends), resumes $(pm_field runtime_resumes); last suspend $(pm_field last_suspend_us) us"
	[ "$(crst)" = 0 ] && [ "$(pm_field runtime_suspends)" -ge 1 ] &&
		[ "$(pm_field runtime_status)" = suspended ] &&
		[ "$(pm_field last_codecs_d3)" = "$_d_mask" ] &&
		[ "$(pm_field suspends)" = 0 ]
}
ktap_check "power_save=1: the controller powers down after its idle delay (link in reset, every codec in D3, no system suspend counted)" \
	down_first

# 2: the mixer read from the driver's cache
mixer_read() {
	_m_r=$(pm_field runtime_resumes)
	amixer -c "$CARD" contents > "$TMP/contents" 2>&1 || return 1
	ktap_print_msg "  $(grep -c '^numid=' "$TMP/contents") controls read; runtime resumes $_m_r -> $(pm_field runtime_resumes)"
	[ "$(pm_field runtime_resumes)" = "$_m_r" ] && stays suspended 0
}
ktap_check "reading every control (amixer contents) wakes nothing" mixer_read

# 3: a mixer change wakes it; the codec has the values after a suspend in
# which it forgot them; down again
mixer_change() {
	# each volume to its maximum - 2 and each switch off, in one amixer
	mixer_cmds < "$TMP/contents" > "$TMP/cmds"
	_c_r=$(pm_field runtime_resumes)
	amixer -q -c "$CARD" -s < "$TMP/cmds" || { ktap_print_msg "  amixer -s: exit $?"; return 1; }
	_c_r1=$(pm_field runtime_resumes)
	codec_state > "$TMP/codec.set"
	wait_status suspended 8 || return 1
	_c_s=$(pm_field runtime_suspends)
	codec_state > "$TMP/codec.after"
	ktap_print_msg "  $(grep -c . "$TMP/cmds") controls set; runtime resumes $_c_r -> $_c_r1; $(grep -c 'vals\|Pin-ctls' "$TMP/codec.after") codec amp/pin lines read after a suspend"
	if ! cmp -s "$TMP/codec.set" "$TMP/codec.after"; then
		ktap_print_msg "  the codec's amps or pins differ after the suspend:"
		diff "$TMP/codec.set" "$TMP/codec.after" | head -n 20 | sed 's/^/#     /'
		return 1
	fi
	[ "$_c_r1" -gt "$_c_r" ] && [ "$(pm_field runtime_resumes)" -gt "$_c_r1" ] &&
		grep -q 'Amp-In vals' "$TMP/codec.after" &&
		wait_status suspended 8 && [ "$(pm_field runtime_suspends)" -gt "$_c_s" ]
}
ktap_check "a mixer change wakes it; after the next suspend (the codec forgot) the codec's amps and pins are as set; it powers down again" \
	mixer_change

# 4: a capture keeps it awake while it runs
capture_awake() {
	wait_status suspended 8 || return 1
	rm -f "$TMP/run.rc"
	(capture_ok awake > "$TMP/run.out" 2>&1; echo $? > "$TMP/run.rc") &
	sleep 0.6
	_a_mid=$(cat "$STATUS")
	wait
	sed 's/^/  /' "$TMP/run.out" | while read -r _l; do ktap_print_msg "$_l"; done
	ktap_print_msg "  runtime status during the capture: $_a_mid"
	[ "$(cat "$TMP/run.rc")" = 0 ] && [ "$_a_mid" = active ] &&
		wait_status suspended 8
}
ktap_check "a capture wakes it and keeps it awake; bit-exact and contiguous; it powers down afterwards" \
	capture_awake

# 5: a play
play_wakes() {
	wait_status suspended 8 && play_ok && wait_status suspended 8
}
ktap_check "a play wakes it and succeeds; it powers down afterwards" play_wakes

# 6: a listener for unsolicited responses keeps it awake (no wake-up from D3)
UNSOL=/sys/kernel/debug/hdaudio-test/unsol
listener() {
	if [ "$(pm_field runtime_wake_capable)" = yes ]; then
		ktap_print_msg "  this controller can signal a wake-up from D3: listeners do not keep it awake here"
		return 4
	fi
	wait_status suspended 8 || return 1
	insmod "$HDA_MODDIR/hdaudio-test.ko" suite=0 || return 1
	_l_ok=1
	if echo register > "$UNSOL"; then
		if wait_status active 5 && stays active 3; then
			_l_n=$(pm_field runtime_listeners)
			echo unregister > "$UNSOL"
			ktap_print_msg "  listeners $_l_n; unregistered: $(pm_field runtime_listeners)"
			[ "$_l_n" -ge 1 ] && wait_status suspended 8 && _l_ok=0
		fi
	fi
	echo unregister > "$UNSOL" 2>/dev/null
	rmmod hdaudio_test || _l_ok=1
	hda_log_since | grep 'stays powered while' | head -n 1 | sed 's/^/#   /'
	[ "$(hda_log_since | grep -c 'stays powered while')" = 1 ] || _l_ok=1
	return "$_l_ok"
}
check_or_skip "a client listening for unsolicited responses keeps it awake (no wake-up from D3), said once in the log; unregistered, it powers down" \
	listener

# 7: power_save written at run time
param_runtime() {
	echo 0 > "$PS" || return 1
	wait_status active 5 && stays active 2 || return 1
	echo 1 > "$PS" || return 1
	wait_status suspended 8
}
ktap_check "power_save=0 at run time wakes it and keeps it awake; 1 again lets it power down" \
	param_runtime

# 8: a system sleep while it is powered down
system_sleep() {
	wait_status suspended 8 || return 1
	_s_sys=$(pm_field suspends)
	if grep -qw freeze /sys/power/state 2>/dev/null && [ -w "$PM_TEST" ]; then
		[ -w "$PM_DELAY" ] && echo 0 > "$PM_DELAY"
		echo platform > "$PM_TEST"
		echo freeze > /sys/power/state
		# shellcheck disable=SC2320
		_s_rc=$?
		echo none > "$PM_TEST"
		ktap_print_msg "  freeze (pm_test platform): write exit $_s_rc; system suspends $_s_sys -> $(pm_field suspends); runtime status $(cat "$STATUS")"
	elif [ -w "$HDA_DEBUGFS/$BDF/pm_cycle" ]; then
		echo 1 > "$HDA_DEBUGFS/$BDF/pm_cycle"
		# shellcheck disable=SC2320
		_s_rc=$?
		ktap_print_msg "  no system sleep in this kernel: pm_cycle, exit $_s_rc"
	else
		ktap_print_msg "  no system sleep in this kernel and no pm_cycle (not a test build)"
		return 4
	fi
	[ "$_s_rc" = 0 ] && capture_ok after_sleep && wait_status suspended 8
}
check_or_skip "a system sleep while powered down; a capture afterwards is bit-exact" system_sleep

# 9-10 (the strict controller): a runtime resume that fails, and the next
# one that works
BAD_WHY=""
if ! _bw=$(hda_host fault clear); then
	BAD_WHY="needs the strict controller: $_bw"
fi
bad_resume() {
	wait_status suspended 8 || return 1
	hda_log_mark
	_b_ans=$(hda_host fault crst-never)
	_b_f=$(pm_field runtime_failed_resumes)
	# one switch toggled: its verb wakes the controller
	_b_id=$(sed -n 's/^cset \(numid=[0-9]*\) off,off$/\1/p' "$TMP/cmds" | head -n 1)
	timeout 30 amixer -q -c "$CARD" cset "$_b_id" on,on > "$TMP/bad.log" 2>&1
	_b_rc=$?
	hda_log_since > "$TMP/bad.klog"
	ktap_print_msg "  host: $_b_ans; amixer cset $_b_id: exit $_b_rc ($(head -n 1 "$TMP/bad.log")); runtime failed resumes $_b_f -> $(pm_field runtime_failed_resumes)"
	grep -E 'did not come back' "$TMP/bad.klog" | head -n 2 | sed 's/^/#   /'
	[ "$_b_rc" != 0 ] && [ "$_b_rc" != 124 ] &&
		[ "$(pm_field runtime_failed_resumes)" = $((_b_f + 1)) ] &&
		grep -q 'did not come back from suspend' "$TMP/bad.klog"
}
good_again() {
	hda_host fault clear > /dev/null || return 1
	wait_status suspended 8 && capture_ok after_fault &&
		[ "$(hda_field "$HDA_DEBUGFS/$BDF/verbs" unresponsive)" = 0x0 ]
}
# the log up to here; the fault's own lines are not checked by case 11
hda_log_since > "$TMP/log.pre"
if [ -n "$BAD_WHY" ]; then
	ktap_test_skip "a runtime resume that fails ($BAD_WHY)"
	ktap_test_skip "the next runtime resume after a failed one ($BAD_WHY)"
else
	ktap_check "a runtime resume that fails (the controller never leaves reset): the mixer change that woke it fails at once, logged and counted" \
		bad_resume
	ktap_check "once the controller works again, the next use after the idle delay brings it back without a rebind: a capture is bit-exact" \
		good_again
	hda_log_mark
fi

# 11: unload while powered down; counts; the log
clean() {
	wait_status suspended 8
	sed 's/^/#   /' "$PM"
	_u_s=$(pm_field runtime_suspends)
	_u_r=$(pm_field runtime_resumes)
	[ -w "$FORGET" ] && echo 0 > "$FORGET"
	hda_unload || { ktap_print_msg "  the driver did not unload"; return 1; }
	{ cat "$TMP/log.pre"; hda_log_since; } > "$TMP/log"
	if grep -E 'WARNING:|BUG:|Oops|Call Trace:|not in D0|not accepted|restoring verb|did not stop|did not enter|did not leave|engine state|cannot be resumed|refused' \
		"$TMP/log" > "$TMP/bad"; then
		sed 's/^/#   /' "$TMP/bad"
		return 1
	fi
	# every suspend had its resume: the last one is the unbind's
	ktap_print_msg "  before the unload: runtime suspends $_u_s, resumes $_u_r"
	[ "$_u_s" -ge 5 ] && [ "$_u_r" = $((_u_s - 1)) ]
}
ktap_check "it unloads while powered down; runtime suspends and resumes pair up; no warning or error of ours in the kernel log" \
	clean

ktap_finished
