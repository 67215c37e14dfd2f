#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# System sleep with our card (snd-hda-wdm-alsa) in the emulated PC:
#
#  - mixer values set (capture and playback volume and switch of codec 1,
#    away from their defaults); the test build's pm_forget=1 makes the
#    codecs mute every amp and switch every pin off at suspend, behind
#    the verb cache's back, as a real codec that lost power comes back
#    (QEMU's codec models keep their settings through a machine reset):
#    only the bus's replay at resume can bring them back
#  - suspend to RAM ("mem", mem_sleep "deep") taken through every step but
#    the firmware's sleep itself (/sys/power/pm_test "core": devices
#    suspended, late and noirq, the controller in D3hot, the platform
#    prepared, non-boot CPUs off, syscore; then everything back), with a
#    capture running on device 0: arecord gets -ESTRPIPE (the stream was
#    SUSPENDED; arecord says "Suspended"), snd_pcm_resume() is refused
#    (no SNDRV_PCM_INFO_RESUME) and it prepares the stream again and
#    records on to its end; the ALSA driver stopped the engine itself
#    (trigger SUSPEND): the bus found none left running
#  - after it: the mixer values are those set, in ALSA (amixer cget) and
#    in the codec (its amps and pins read back from the codec,
#    /proc/asound/cardN/codec#1); a capture is bit-exact and contiguous;
#    a play succeeds (and is announced to the host's check,
#    selftests/vm/played.py)
#  - suspend to idle ("freeze") taken through its devices and platform
#    steps (pm_test "platform", the deepest s2idle allows); the same checks
#    of the mixer and a capture after it
#  - an engine that a bus client (hdaudio-test) leaves running across a
#    suspend to idle: the bus stops it (counted), keeps it, and it runs
#    again after the resume (its buffer completions go on)
#  - debugfs: three suspends and resumes on the controller and on the
#    card's codecs, no failed resume, no codec lost, no restore failure;
#    the driver unloads after it all; no warning or error of ours in the
#    kernel log
#
# Why pm_test and not a real sleep woken by the RTC alarm: in the emulated
# PC (QEMU 7.2, TCG) a real S3 wakes (QEMU resets the machine and the
# firmware jumps to the kernel's resume vector) but the guest's clock then
# stands still: a "sleep 1" after it never returns, without our modules
# loaded too (measured 2026-11-28, Documentation/testing.rst); and QEMU's
# RTC alarm is no wake-up interrupt for s2idle. pm_test runs the same
# driver callbacks in the same order.
#
# Skips on a real PC (the test sleeps the machine), in the reference boot
# and while snd-hda-wdm-alsa.ko is not built. On a kernel without system
# sleep or its test levels (/sys/power/state without mem or freeze, or no
# /sys/power/pm_test: a kernel without CONFIG_SUSPEND or CONFIG_PM_DEBUG)
# each sleep is the test build's debugfs pm_cycle (below), and skips
# without it.

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"
. "$DIR/alsa_lib.sh"

NCASES=14
TMP=${TMPDIR:-/tmp}/alsa_pm
mkdir -p "$TMP"
# shellcheck disable=SC2034 # play_ok (alsa_lib.sh) plays it
SIGNAL=/selftests/bin/siggen
PM_TEST=/sys/power/pm_test
PM_DELAY=/sys/module/suspend/parameters/pm_test_delay

ktap_print_header
ktap_set_plan $NCASES

why=""
if [ "$(hda_param driver)" = snd_hda_intel ]; then
	why="the reference boot (snd-hda-intel)"
elif ! hda_emulated; then
	why="a real PC: the test suspends the machine"
elif ! hda_alsa_built; then
	why="snd-hda-wdm-alsa.ko is not built"
fi
# Without system sleep (or its test levels) the test build's debugfs
# pm_cycle runs the bus's suspend and resume at once instead (CYCLE): this
# way the bus's half still runs on such a kernel. The ALSA core cannot suspend a stream there
# (snd_pcm_suspend_all() is a stub without CONFIG_PM): the capture across
# a sleep is left out.
CYCLE=""
if ! grep -qw freeze /sys/power/state 2>/dev/null ||
   ! grep -qw mem /sys/power/state 2>/dev/null || [ ! -w "$PM_TEST" ]; then
	CYCLE="no system sleep in this kernel (/sys/power/state: $(cat /sys/power/state 2>/dev/null); pm_test: $([ -w "$PM_TEST" ] && echo yes || echo no))"
fi
if [ -n "$why" ]; then
	ktap_print_msg "SKIP: $why"
	while [ "$KTAP_NUM" -lt "$NCASES" ]; do ktap_test_skip "$why"; done
	ktap_finished
fi

hda_is_loaded && hda_unload
hda_log_mark
hda_load || ktap_print_msg "loading snd-hda-wdm and snd-hda-wdm-alsa failed"
CARD=""
hda_wait_card hda-wdm 20
BDF=$(hda_find_bdf)
PM=$HDA_DEBUGFS/$BDF/pm
PM_CYCLE=$HDA_DEBUGFS/$BDF/pm_cycle
if [ -n "$CYCLE" ] && [ ! -w "$PM_CYCLE" ]; then
	why="$CYCLE, and no $PM_CYCLE (not a test build)"
	ktap_print_msg "SKIP: $why"
	hda_unload
	while [ "$KTAP_NUM" -lt "$NCASES" ]; do ktap_test_skip "$why"; done
	ktap_finished
fi
[ -n "$CYCLE" ] && ktap_print_msg "$CYCLE: each sleep is the bus's suspend and resume through debugfs pm_cycle"
FORGET=/sys/module/snd_hda_wdm/parameters/pm_forget
[ -w "$FORGET" ] && echo 1 > "$FORGET"
# pm_test waits this long at its level before resuming (default 5 s):
# not at all, to keep the boot short; the controller is in reset and D3hot
# all the same
[ -w "$PM_DELAY" ] && echo 0 > "$PM_DELAY"

# The controls set away from their defaults: each volume to its maximum
# - 2 (so neither the default nor 0), each switch off. They are all codec
# 1's (hda-micro): codec 0 (hda-duplex, no amps) has none, and its device
# 0 records the signal untouched.
set_mixer() {
	# one amixer for the ranges, one (batch mode) for the writes: each
	# amixer run costs a good fraction of a second under TCG
	amixer -c "$CARD" contents 2>/dev/null | mixer_cmds > "$TMP/cmds"
	_s_n=$(grep -c . "$TMP/cmds")
	amixer -q -c "$CARD" -s < "$TMP/cmds" || ktap_print_msg "  amixer -s: exit $?"
	mixer_state > "$TMP/set"
	ktap_print_msg "$_s_n controls of codec 1 set: $(tr '\n' ' ' < "$TMP/set")"
	# what was asked is what ALSA has: "cset numid=N V" -> "numid=N=V"
	sed 's/^cset \(numid=[0-9]*\) /\1=/' "$TMP/cmds" | sort > "$TMP/asked"
	sort "$TMP/set" | grep -F -x -f "$TMP/asked" > "$TMP/got"
	[ "$_s_n" -ge 2 ] && cmp -s "$TMP/asked" "$TMP/got"
}
# every control's values, one line each ("numid=N,...: values=...")
mixer_state() {
	amixer -c "$CARD" contents 2>/dev/null |
		awk '/^numid=/ { id = $0; sub(/,.*/, "", id) }
		     /^ *: values=/ { v = $0; sub(/^ *: values=/, "", v); print id "=" v }'
}

# pm_field KEY: a count of the controller's debugfs pm file
pm_field() { hda_field "$PM" "$1"; }

# sleep_once MODE LEVEL: suspend (MODE: mem or freeze) through pm_test's
# LEVEL; the write returns once everything is back
sleep_once() {
	if [ -n "$CYCLE" ]; then
		echo 1 > "$PM_CYCLE" || return 1
		ktap_print_msg "  pm_cycle instead of $1: the driver's suspend $(pm_field last_suspend_us) us, resume $(pm_field last_resume_us) us"
		return 0
	fi
	echo "$2" > "$PM_TEST" || return 1
	read -r _z_t0 _ < /proc/uptime
	echo "$1" > /sys/power/state
	# the write's own status: refused (EBUSY, EINVAL) or back from sleep
	# shellcheck disable=SC2320
	_z_rc=$?
	read -r _z_t1 _ < /proc/uptime
	echo none > "$PM_TEST"
	ktap_print_msg "  $1 (pm_test $2, $(cat "$PM_DELAY" 2>/dev/null) s there): back after $(awk -v a="$_z_t0" -v b="$_z_t1" 'BEGIN { printf "%.1f", b - a }') s, write exit $_z_rc; the driver's suspend $(pm_field last_suspend_us) us, resume $(pm_field last_resume_us) us"
	return "$_z_rc"
}

# mixer_kept TAG: ALSA's values and the codec's amps as before the sleep
mixer_kept() {
	mixer_state > "$TMP/$1.mixer"
	codec_state > "$TMP/$1.codec"
	if ! cmp -s "$TMP/set" "$TMP/$1.mixer"; then
		ktap_print_msg "  controls differ after $1:"
		diff "$TMP/set" "$TMP/$1.mixer" | sed 's/^/#     /'
		return 1
	fi
	if ! cmp -s "$TMP/codec.before" "$TMP/$1.codec"; then
		ktap_print_msg "  the codec's amps or pins differ after $1:"
		diff "$TMP/codec.before" "$TMP/$1.codec" | sed 's/^/#     /'
		return 1
	fi
	ktap_print_msg "  $(wc -l < "$TMP/$1.mixer") controls and $(grep -c 'vals\|Pin-ctls' "$TMP/$1.codec") codec amp/pin lines as before"
}

# 1: the mixer set away from its defaults
ktap_check "codec 1's volumes and switches set away from their defaults" set_mixer
codec_state > "$TMP/codec.before"
grep -q 'Amp-In vals' "$TMP/codec.before" || ktap_print_msg "  no input amp of codec 1 in codec#1"

# 2: suspend to RAM with a capture running on device 0: arecord suspended, re-prepared
mem_capture() {
	grep -q deep /sys/power/mem_sleep 2>/dev/null || {
		ktap_print_msg "  no deep sleep: /sys/power/mem_sleep: $(cat /sys/power/mem_sleep 2>/dev/null)"
		return 1
	}
	echo deep > /sys/power/mem_sleep
	rm -f "$TMP/run.rc"
	# 2 s of frames: the sleep comes in their middle
	(timeout 120 arecord -D "hw:$CARD,0" -f S16_LE -r 48000 -c 2 -s 96000 \
		"$TMP/run.wav" > "$TMP/run.log" 2>&1; echo $? > "$TMP/run.rc") &
	_s_i=0
	while [ "$_s_i" -lt 100 ] && [ ! -f "$TMP/run.rc" ] &&
	      ! grep -q RUNNING "/proc/asound/card$CARD/pcm0c/sub0/status" 2>/dev/null; do
		sleep 0.05
		_s_i=$((_s_i + 1))
	done
	grep -q RUNNING "/proc/asound/card$CARD/pcm0c/sub0/status" 2>/dev/null ||
		{ ktap_print_msg "  the capture never ran"; wait; return 1; }
	sleep 0.3
	_s_stopped=$(pm_field engines_stopped)
	sleep_once mem core || { wait; return 1; }
	wait
	ktap_print_msg "  arecord: exit $(cat "$TMP/run.rc"): $(grep -v '^Recording' "$TMP/run.log" | head -n 2 | tr '\n' ' ')"
	# the ALSA core stopped the engine (trigger SUSPEND) before the
	# bus's suspend: the bus found none left running
	ktap_print_msg "  engines the bus found running at suspend: $_s_stopped -> $(pm_field engines_stopped)"
	[ "$(pm_field suspends)" = 1 ] && [ "$(pm_field resumes)" = 1 ] &&
		[ "$(cat "$TMP/run.rc")" = 0 ] && grep -q Suspended "$TMP/run.log" &&
		[ "$(pm_field engines_stopped)" = "$_s_stopped" ]
}
cycle_once() {
	sleep_once mem core && [ "$(pm_field suspends)" = 1 ] &&
		[ "$(pm_field resumes)" = 1 ]
}
if [ -n "$CYCLE" ]; then
	ktap_check "the bus's suspend and resume (pm_cycle; no capture across it: no system sleep in this kernel)" \
		cycle_once
else
	ktap_check "suspend to RAM (pm_test core) with a capture running: arecord is told SUSPENDED (-ESTRPIPE), prepares again and ends well; the driver had stopped the engine (trigger SUSPEND)" \
		mem_capture
fi

# 3-5: after suspend to RAM
ktap_check "after suspend to RAM: the mixer values, in ALSA and read back from the codec (which forgot them)" \
	mixer_kept mem
ktap_check "after suspend to RAM: a capture on device 0 is bit-exact and contiguous" capture_ok after_mem

ktap_check "after suspend to RAM: a play on device 0 succeeds" play_ok

# 6-8: s2idle, traced (the case after the counts checks the trace)
s2idle() {
	sleep_once freeze platform && [ "$(pm_field suspends)" = 2 ] &&
		[ "$(pm_field resumes)" = 2 ]
}
PM_TRACED=0
hda_trace_start hda_wdm_suspend hda_wdm_resume && PM_TRACED=1
ktap_check "suspend to idle (pm_test platform): the controller suspended and resumed" s2idle
[ "$PM_TRACED" = 1 ] && hda_trace_stop > "$TMP/pm.trace"
ktap_check "after s2idle: the mixer values, in ALSA and read back from the codec" \
	mixer_kept s2idle
ktap_check "after s2idle: a capture on device 0 is bit-exact and contiguous" capture_ok after_s2idle

# 9: an engine a bus client leaves running across a suspend (hdaudio-test's
# "contig" engine on codec 0, its capture path set up, running): the bus
# stops it (Stop, counted), keeps it, and it runs again after the resume:
# its buffer completions go on
HOLD=/sys/kernel/debug/hdaudio-test/alloc
# engine_field KEY: KEY's value on the engine hdaudio-test owns
engine_field() {
	awk -v k="$1" '/owner hdaudio-test/ {
		for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' \
		"$HDA_DEBUGFS/$BDF/engines"
}
bus_engine() {
	insmod "$HDA_MODDIR/hdaudio-test.ko" suite=0 || return 1
	_b_ok=1
	if echo contig > "$HOLD" && echo run > "$HOLD"; then
		sleep 0.3
		_b_stopped=$(pm_field engines_stopped)
		_b_ioc0=$(engine_field ioc)
		ktap_print_msg "  before: state $(engine_field state), ioc $_b_ioc0"
		if sleep_once freeze platform; then
			_b_state=$(engine_field state)
			_b_ioc1=$(engine_field ioc)
			echo run > "$HOLD"
			sleep 0.5
			_b_ioc2=$(engine_field ioc)
			ktap_print_msg "  after: state $_b_state, ioc $_b_ioc1; run again: state $(engine_field state), ioc $_b_ioc2; engines the bus stopped: $_b_stopped -> $(pm_field engines_stopped)"
			[ "$_b_state" = stop ] && [ "$_b_ioc0" -gt 0 ] &&
				[ "$_b_ioc2" -gt "$_b_ioc1" ] &&
				[ "$(pm_field engines_stopped)" = $((_b_stopped + 1)) ] &&
				_b_ok=0
		fi
	fi
	echo free > "$HOLD"
	rmmod hdaudio_test || _b_ok=1
	return "$_b_ok"
}
ktap_check "a bus client's engine running at suspend (to idle): stopped by the bus, kept, and it runs again after the resume" \
	bus_engine

# 10: the counts
counts() {
	sed 's/^/#   /' "$PM"
	grep -E 'cached|replay' "$HDA_DEBUGFS/$BDF/verbs" | sed 's/^/#   /'
	grep '^codec ' /sys/kernel/debug/snd_hda_wdm_alsa/*/streams 2>/dev/null |
		sed 's/^/#   /'
	_c_alsa=$(grep -c '^codec [0-9]*: suspends 3, resumes 3$' \
		/sys/kernel/debug/snd_hda_wdm_alsa/*/streams 2>/dev/null)
	[ "$(pm_field suspends)" = 3 ] && [ "$(pm_field resumes)" = 3 ] &&
		[ "$(pm_field failed_resumes)" = 0 ] && [ "$(pm_field codecs_lost)" = 0 ] &&
		[ "$(pm_field restore_failures)" = 0 ] &&
		[ "$(hda_field "$HDA_DEBUGFS/$BDF/verbs" replayed)" -gt 0 ] &&
		[ "$(hda_field "$HDA_DEBUGFS/$BDF/verbs" replay_errors)" = 0 ] &&
		[ "$_c_alsa" = 2 ]
}
ktap_check "debugfs: 3 suspends and resumes (controller and both codecs of the card), verbs restored, no failure, no codec lost" counts

# 11: the s2idle sleep in the trace: one hda_wdm_suspend with every
# codec of the controller in D3, one hda_wdm_resume with every codec back,
# none cut off, verbs restored and none failed
pm_traced() {
	[ "$PM_TRACED" = 1 ] || { ktap_print_msg "  no hda_wdm_suspend / hda_wdm_resume events (tracefs?)"; return 1; }
	sed -n 's/.* \(hda_wdm_[a-z]*: .*\)/#   \1/p' "$TMP/pm.trace"
	_t_m=0
	while read -r _t_a; do
		_t_m=$((_t_m | (1 << _t_a)))
	done < "$HDA_DEBUGFS/$BDF/codecs"
	_t_mask=$(printf '%#x' "$_t_m")
	[ "$(grep -c " hda_wdm_suspend: $BDF " "$TMP/pm.trace")" = 1 ] &&
		[ "$(grep -c " hda_wdm_resume: $BDF " "$TMP/pm.trace")" = 1 ] &&
		grep -q " hda_wdm_suspend: $BDF codecs_d3=$_t_mask " "$TMP/pm.trace" &&
		grep " hda_wdm_resume: $BDF err=0 codecs=$_t_mask cut_off=0x0 " "$TMP/pm.trace" |
			grep -q " failed=0 " &&
		! grep -q " verbs_restored=0 " "$TMP/pm.trace"
}
ktap_check "trace: the s2idle sleep is one hda_wdm_suspend (every codec in D3) and one hda_wdm_resume (every codec back, verbs restored, none failed)" pm_traced

# 12: unload, and the log
clean() {
	[ -w "$FORGET" ] && echo 0 > "$FORGET"
	hda_unload || { ktap_print_msg "  the driver did not unload"; return 1; }
	hda_log_since > "$TMP/log"
	grep -i 'forgets' "$TMP/log" | sed 's/^/#   /'
	if grep -E 'WARNING:|BUG:|Oops|Call Trace:|did not come back|not in D0|not accepted|restoring verb|did not stop|did not enter|did not leave|engine state' \
		"$TMP/log" > "$TMP/bad"; then
		sed 's/^/#   /' "$TMP/bad"
		return 1
	fi
	# the codecs did forget: otherwise the mixer checks proved nothing
	[ ! -e "$FORGET" ] || grep -q 'forgets: [1-9]' "$TMP/log"
}
ktap_check "the driver unloads after both sleeps; no warning or error of ours in the kernel log; the codecs had forgotten their settings" clean

# 13-14 (the strict controller, a real pm_test sleep): a resume that
# fails. 1 s into a suspend to RAM held 3 s at pm_test "core", the
# harness sets a run-time fault of the strict model (hda_host later):
# crst-never, so the controller never leaves reset at the resume, or
# no-codecs, so the link comes back but no codec announces itself. The
# resume must say so in the log (debugfs pm: a failed resume, or the
# codecs lost), a capture must end in an error rather than hang, the
# kernel log must stay free of warnings, and once the fault is cleared an
# unbind and bind must bring the card back, capturing bit-exact.
BAD_WHY=""
if [ -n "$CYCLE" ]; then
	BAD_WHY="$CYCLE"
elif ! _bw=$(hda_host fault clear); then
	BAD_WHY="needs the strict controller: $_bw"
fi
# bad_resume FAULT LOGLINE FIELD VALUE: the case with FAULT; the kernel
# log must have LOGLINE and debugfs pm's FIELD must be VALUE
bad_resume() {
	hda_load && hda_wait_card hda-wdm 20 || { ktap_print_msg "  the driver did not load"; return 1; }
	BDF=$(hda_find_bdf)
	hda_log_mark
	echo 3 > "$PM_DELAY"
	_br_ans=$(hda_host later 1 fault "$1")
	sleep_once mem core
	_br_rc=$?
	echo 0 > "$PM_DELAY"
	_br_field=$(pm_field "$3")
	ktap_print_msg "  host: $_br_ans; sleep: exit $_br_rc; $3: $_br_field"
	timeout 30 arecord -D "hw:$CARD,0" -f S16_LE -r 48000 -c 2 -s 48000 \
		"$TMP/bad.wav" > "$TMP/bad.log" 2>&1
	_br_cap=$?
	ktap_print_msg "  capture after the resume: exit $_br_cap: $(grep -v '^Recording' "$TMP/bad.log" | head -n 1)"
	hda_host fault clear > /dev/null
	echo "$BDF" > "/sys/bus/pci/drivers/$HDA_DRIVER/unbind"
	echo "$BDF" > "/sys/bus/pci/drivers/$HDA_DRIVER/bind"
	CARD=""
	_br_back=1
	hda_wait_card hda-wdm 20 && capture_ok "after_$1" && _br_back=0
	hda_log_since > "$TMP/bad.klog"
	grep -E "$2" "$TMP/bad.klog" | head -n 3 | sed 's/^/#   /'
	_br_warn=$(grep -cE 'WARNING:|BUG:|Oops|Call Trace:|KASAN' "$TMP/bad.klog")
	hda_unload || { ktap_print_msg "  the driver did not unload"; return 1; }
	[ "$_br_rc" = 0 ] && [ "$_br_field" = "$4" ] && [ "$_br_cap" != 0 ] &&
		[ "$_br_cap" != 124 ] && grep -qE "$2" "$TMP/bad.klog" &&
		[ "$_br_warn" = 0 ] && [ "$_br_back" = 0 ]
}
if [ -n "$BAD_WHY" ]; then
	ktap_test_skip "a controller that does not leave reset at the resume ($BAD_WHY)"
	ktap_test_skip "codecs that do not come back at the resume ($BAD_WHY)"
else
	ktap_check "a controller that does not leave reset at the resume: logged, its codecs cut off, a capture fails at once, rebound once it works: bit-exact" \
		bad_resume crst-never 'did not come back from suspend' failed_resumes 1
	ktap_check "codecs that do not come back at the resume: logged, cut off, a capture fails at once, rebound once they answer: bit-exact" \
		bad_resume no-codecs 'did not come back after resume' codecs_lost 2
fi

ktap_finished
