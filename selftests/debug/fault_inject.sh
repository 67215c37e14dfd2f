#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Allocation failures in our modules, one at a time, on a debug kernel:
# for every step below and every target of it, run the operation with its
# 1st, 2nd, ... allocation from module code failing (failslab and
# fail_page_alloc through fail-nth; debug_lib.sh) until a run gets through
# with none injected. Each run must end in a clean error or a clean success
# (the state after it matches its exit status, clean-up succeeds), and at
# the end kmemleak must find nothing and no detector may have reported.
# hdawdm.fault_max= caps the runs per target (default 1000: the attach
# step of a card with playback and capture PCMs has more than 300).
# hdawdm.fault_each= (default 160) allocations of a target are failed one
# by one, then every hdawdm.fault_stride=-th (default 4; 1 fails every
# one), then one by one again those of the last hdawdm.fault_tail= (32)
# that the stride left out. On the debug kernel under TCG a run costs
# about 2 s, and the attach step's card with the two codecs of the debug
# boot made 316 allocations (652 s, 2026-11-28); codec 0's probe, with
# the card's creation, ends after the 155th and codec 1's, the same code
# again, after the 316th (which codec's PCMs a run's card got, measured
# for each allocation, 2026-11-29): the first 160 are codec 0's probe in
# full, the stride samples codec 1's, and the tail takes the end of the
# last codec's probe, where the card registers.
# hdawdm.fault_depth= how many innermost stack frames are searched for
# module code (default 8, see debug_lib.sh).
#
# A step NAME is five functions (add one and list it in STEPS):
#   step_NAME_targets            what to run it on, one word per line
#   step_NAME_prepare TARGET     the state before the operation
#   step_NAME_run N TARGET       the operation, through dbg_fault_run N ...
#   step_NAME_check RC TARGET    0 when the state matches exit status RC
#   step_NAME_cleanup TARGET     undo what the next prepare would not; 0 on success
# and optionally step_NAME_begin / step_NAME_end, run before its first
# target and after its last.
# The steps: insmod (module init alone), bind (sysfs bind of each device:
# the probe, no client loaded), attach (a client module's insmod with the
# devices bound: its init and its probe on each codec, i.e. the ALSA
# card), buffer (the HD Audio bus interface's buffer allocation, each
# style, through hdaudio-test's debugfs alloc file) and hw_params (each
# capture PCM of our ALSA cards, through hw_params_fault, which sets its
# own fail-nth right before the call). FAULT_STEPS picks them: this program
# runs insmod, fault_bind.sh bind and attach, fault_buffers.sh the other
# two, so that each stays within the runner's time limit per program. A
# run costs 1 to 4 s on the debug kernel under TCG, and the probe and the
# card make some 250 allocations, so each allocation is failed in one step
# only: the insmod step offers our drivers no device (the probes are the
# bind step's), the bind step loads no client (what clients do is the
# attach step's), and no step puts back a state that its next run's
# preparation would undo.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/debug_lib.sh"

STEPS=${FAULT_STEPS:-insmod}
MAX=$(dbg_param fault_max 1000)
EACH=$(dbg_param fault_each 160)
STRIDE=$(dbg_param fault_stride 4)
[ "$STRIDE" -ge 1 ] 2>/dev/null || STRIDE=1
TAIL=$(dbg_param fault_tail 32)
DBG_FAULT_DEPTH=$(dbg_param fault_depth 8)


# --- insmod: the module's init failing. Test modules (*_test: their init
# is a whole test run, hundreds of allocations each) are loaded and cycled
# by kmemleak_cycles.sh but not faulted here. For the step's duration no
# device names our driver in driver_override (the guest's init offers it
# the controller that way), so an insmod probes nothing: the probe's
# allocations and the card's are failed by the bind step.
OVERRIDES=/tmp/fault.overrides
step_insmod_begin() {
	dbg_unload_all || return 1
	: > "$OVERRIDES"
	for _d in /sys/bus/pci/devices/*; do
		[ -e "$_d/driver_override" ] || continue
		read -r _o < "$_d/driver_override"
		case "$_o" in
		snd_hda_wdm) echo "$_d $_o" >> "$OVERRIDES"; echo > "$_d/driver_override" ;;
		esac
	done
}
step_insmod_end() {
	dbg_unload_all
	while read -r _d _o; do
		echo "$_o" > "$_d/driver_override"
	done < "$OVERRIDES"
}
step_insmod_targets() {
	dbg_modules | grep -v '_test$'
}
# fi_load_until MOD incl|excl: the modules before MOD in the load order
# loaded (test modules aside: nothing depends on them, and each init is a
# test run), MOD loaded too (incl) or not (excl), every module after it
# unloaded, the last first
fi_load_until() {
	_lu_state=before _lu_rev=
	for _m in $(dbg_modules); do
		if [ "$_m" = "$1" ]; then
			if [ "$2" = incl ]; then _lu_state=keep; else _lu_state=after; fi
		fi
		case "$_lu_state" in
		after) _lu_rev="$_m $_lu_rev"; continue ;;
		keep) _lu_state=after ;;
		esac
		case "$_m" in *_test) continue ;; esac
		dbg_is_loaded "$_m" || insmod "$(dbg_ko "$_m")" || return 1
	done
	for _m in $_lu_rev; do
		if dbg_is_loaded "$_m"; then rmmod "$_m" || return 1; fi
	done
	return 0
}
step_insmod_prepare() {
	fi_load_until "$1" excl
}
step_insmod_run() {
	dbg_fault_run "$1" insmod "$(dbg_ko "$2")" 2>/dev/null
}
step_insmod_check() {
	if [ "$1" = 0 ]; then dbg_is_loaded "$2"; else ! dbg_is_loaded "$2"; fi
}
# a loaded target is unloaded (its exit path runs after every successful
# init); the next run's preparation does the rest
step_insmod_cleanup() {
	if dbg_is_loaded "$1"; then rmmod "$1"; fi
}

# --- bind: a device's probe through sysfs bind failing, with no client of
# the bus loaded (the attach step below fails what clients do)
DEVICES=/tmp/fault.devices
# the module of a driver directory's driver
fi_driver_module() {
	_dm=$(cd "$1/module" && pwd -P)
	echo "${_dm##*/}"
}
# each target's driver module, learnt while it is loaded (a driver's
# directory goes with its module): DEVICE MODULE lines
BIND_MODULES=/tmp/fault.bind-modules
step_bind_targets() {
	dbg_load_all > /dev/null 2>&1
	dbg_bound_devices | tr ' ' '/' | tee "$DEVICES"
	while read -r _bt_dev; do
		echo "$_bt_dev $(fi_driver_module "$(dirname "$_bt_dev")")"
	done < "$DEVICES" > "$BIND_MODULES"
}
step_bind_prepare() {
	_bp_mod=$(awk -v d="$1" '$1 == d { print $2 }' "$BIND_MODULES")
	fi_load_until "$_bp_mod" incl || return 1
	[ -e "$1" ] && echo "$(basename "$1")" > "$(dirname "$1")/unbind"
	[ ! -e "$1" ]
}
step_bind_run() {
	dbg_fault_run "$1" sh -c "echo $(basename "$2") > $(dirname "$2")/bind" 2>/dev/null
}
step_bind_check() {
	if [ "$1" = 0 ]; then [ -e "$2" ]; else [ ! -e "$2" ]; fi
}
# Nothing to put back: the next run unbinds first, and the last run, with
# no failure injected, shows that the device still binds after all of them.
step_bind_cleanup() {
	return 0
}

# --- attach: the insmod of a client of the bus (a module that depends on
# the driver of a bound device; test modules aside) with every device
# bound: its init, and in the same task its probe on each codec the bus
# offers it (for snd_hda_wdm_alsa, the ALSA card). Faulted here rather than
# in the bind step because a run then costs a module load and unload, not
# a controller's probe and remove as well (on the debug kernel under TCG
# about 1.5 s against 3.5 s, for some 180 allocations).
step_attach_targets() {
	dbg_load_all > /dev/null 2>&1
	dbg_bound_devices > "$DEVICES.tmp"
	while read -r _dd _dev; do
		ls "/sys/module/$(fi_driver_module "$_dd")/holders"
	done < "$DEVICES.tmp" | grep -v '_test$' | sort -u
	tr ' ' '/' < "$DEVICES.tmp" > "$DEVICES"
}
step_attach_prepare() {
	fi_load_until "$1" excl || return 1
	while read -r _dev; do
		[ -e "$_dev" ] || echo "$(basename "$_dev")" > "$(dirname "$_dev")/bind" || return 1
	done < "$DEVICES"
	[ "$(dbg_engines_held)" = 0 ]
}
step_attach_run() {
	dbg_fault_run "$1" insmod "$(dbg_ko "$2")" 2>/dev/null
}
step_attach_check() {
	if [ "$1" = 0 ]; then dbg_is_loaded "$2"; else ! dbg_is_loaded "$2"; fi &&
		[ "$(dbg_engines_held)" = 0 ]
}
step_attach_cleanup() {
	if dbg_is_loaded "$1"; then rmmod "$1"; fi
}

# --- buffer: AllocateDmaBuffer, ...WithNotification (count 1 and 2) and
# AllocateContiguousDmaBuffer + SetupDmaEngineWithBdl with the engine
# before them, each run in the writing shell's task (hdaudio-test's debugfs
# alloc: see hdaudio_test.c). A failure must leave no engine held and say
# -ENOMEM; a success holds exactly the one engine.
ALLOC=/sys/kernel/debug/hdaudio-test/alloc
# alloc_is LAST HELD: the alloc file says so (builtins only)
alloc_is() {
	_al_last= _al_held=
	while read -r _al_k _al_v; do
		case "$_al_k" in
		last:) _al_last=$_al_v ;;
		held:) _al_held=$_al_v ;;
		esac
	done < "$ALLOC"
	[ "$_al_last" = "$1" ] && [ "$_al_held" = "$2" ]
}
step_buffer_targets() {
	dbg_load_all > /dev/null 2>&1
	[ -e "$ALLOC" ] && echo "plain notify1 notify2 contig" | tr ' ' '\n'
}
step_buffer_prepare() {
	[ -e "$ALLOC" ] || dbg_load_all || return 1
	echo free > "$ALLOC" && [ "$(dbg_engines_held)" = 0 ]
}
step_buffer_run() {
	dbg_fault_run "$1" sh -c "echo $2 > $ALLOC" 2>/dev/null
}
step_buffer_check() {
	if [ "$1" = 0 ]; then
		alloc_is 0 "$2" && [ "$(dbg_engines_held)" = 1 ]
	else
		alloc_is -12 - && [ "$(dbg_engines_held)" = 0 ]
	fi
}
step_buffer_cleanup() {
	echo free > "$ALLOC" && [ "$(dbg_engines_held)" = 0 ]
}

# --- hw_params: snd_pcm_hw_params on each capture PCM of our cards, the
# ALSA core's and our drivers' allocations in it (hw_params_fault: exit 0
# success, 1 a clean ENOMEM after which the PCM still captures, 2 anything
# else). Afterwards no engine may be held.
HWP=$DIR/hw_params_fault
step_hw_params_targets() {
	dbg_load_all > /dev/null 2>&1
	_hp=$(dbg_capture_pcms)
	# the ALSA driver is built but no card came: a target that fails
	[ -z "$_hp" ] && [ -n "$(dbg_ko snd_hda_wdm_alsa)" ] && _hp=hw:no-card-of-ours,0
	echo "$_hp"
}
step_hw_params_prepare() {
	_hp=${1#hw:}
	if [ ! -e "/proc/asound/${_hp%,*}" ]; then
		dbg_load_all
		[ -e "/proc/asound/${_hp%,*}" ] || return 1
	fi
	[ "$(dbg_engines_held)" = 0 ]
}
step_hw_params_run() {
	timeout 30 "$HWP" -n "$1" "$2" > /dev/null
}
step_hw_params_check() {
	[ "$1" -le 1 ] && [ "$(dbg_engines_held)" = 0 ]
}
step_hw_params_cleanup() {
	[ "$(dbg_engines_held)" = 0 ]
}

ktap_print_header
dbg_skip_unless_ready

# Learn the load order and the targets before the plan.
dbg_unload_all
dbg_load_all || ktap_print_msg "not every module loads without faults"
targets=/tmp/fault.targets
: > "$targets"
for fi_step in $STEPS; do
	for fi_t in $(step_"$fi_step"_targets); do
		echo "$fi_step $fi_t" >> "$targets"
	done
done
dbg_unload_all
ktap_set_plan $(($(wc -l < "$targets") + 6))

ktap_check "fault injection set up (failslab, fail_page_alloc, module-code filter)" dbg_fault_setup
dbg_check_kmemleak "kmemleak: nothing unreferenced before the faults"
dbg_kmemleak_clear
dbg_log_mark

# step_hook STEP begin|end: the step's optional hook, its failure a message
step_hook() {
	command -v "step_$1_$2" > /dev/null || return 0
	"step_$1_$2" || ktap_print_msg "$1: step_$1_$2 failed"
}

# fi_one N: one run of the step on its target with allocation N failing;
# 0 when a failure was injected, 1 when none was (N is past the last
# allocation), 2 when the state could not be prepared
fi_one() {
	fi_runs=$((fi_runs + 1))
	if ! step_"$fi_step"_prepare "$fi_t"; then
		ktap_print_msg "$fi_step $fi_t: run $1: could not prepare"
		fi_bad=$((fi_bad + 1))
		return 2
	fi
	dbg_fault_injected > /dev/null
	step_"$fi_step"_run "$1" "$fi_t" < /dev/null
	fi_rc=$?
	fi_injected=$(dbg_fault_injected)
	if ! step_"$fi_step"_check "$fi_rc" "$fi_t"; then
		ktap_print_msg "$fi_step $fi_t: run $1 (exit $fi_rc, $fi_injected injected): state does not match"
		fi_bad=$((fi_bad + 1))
	fi
	if ! step_"$fi_step"_cleanup "$fi_t"; then
		ktap_print_msg "$fi_step $fi_t: run $1: clean-up failed"
		fi_bad=$((fi_bad + 1))
	fi
	if [ "$fi_injected" = 0 ]; then
		[ "$fi_rc" = 0 ] || { ktap_print_msg "$fi_step $fi_t: fails (exit $fi_rc) without an injected fault"; fi_bad=$((fi_bad + 1)); }
		return 1
	fi
	fi_faults=$((fi_faults + 1))
	[ "$fi_rc" = 0 ] || ktap_print_msg "$fi_step $fi_t: allocation $1 failed: exit $fi_rc"
	return 0
}

fi_prev=
while read -r fi_step fi_t; do
	if [ "$fi_step" != "$fi_prev" ]; then
		[ -n "$fi_prev" ] && step_hook "$fi_prev" end
		step_hook "$fi_step" begin
		fi_prev=$fi_step
	fi
	fi_n=0 fi_bad=0 fi_faults=0 fi_done=0 fi_runs=0
	# the first EACH allocations one by one, then every STRIDE-th ...
	while [ "$fi_runs" -lt "$MAX" ]; do
		if [ "$fi_n" -lt "$EACH" ]; then
			fi_n=$((fi_n + 1))
		else
			fi_n=$((fi_n + STRIDE))
		fi
		fi_one "$fi_n"
		case $? in
		1) fi_done=1; break ;;
		2) break ;;
		esac
	done
	if [ "$fi_done" = 0 ] && [ "$fi_bad" = 0 ]; then
		ktap_print_msg "$fi_step $fi_t: still injecting after $MAX runs (hdawdm.fault_max)"
		fi_bad=$((fi_bad + 1))
	fi
	# ... then the last TAIL ones that the stride left out, one by one
	if [ "$fi_done" = 1 ] && [ "$fi_n" -gt $((EACH + 1)) ] && [ "$STRIDE" -gt 1 ]; then
		fi_k=$((fi_n - STRIDE - TAIL + 1))
		[ "$fi_k" -gt "$EACH" ] || fi_k=$((EACH + 1))
		fi_tail=0
		while [ "$fi_k" -lt "$fi_n" ]; do
			if [ $(((fi_k - EACH) % STRIDE)) != 0 ]; then
				fi_one "$fi_k" || break
				fi_tail=$((fi_tail + 1))
			fi
			fi_k=$((fi_k + 1))
		done
		ktap_print_msg "$fi_step $fi_t: $fi_faults allocations failed one at a time: the first $EACH, every ${STRIDE}th after them, and the last $fi_tail the stride left out"
	else
		ktap_print_msg "$fi_step $fi_t: $fi_faults allocations failed one at a time"
	fi
	ktap_check "$fi_step $fi_t: every allocation failure is a clean error" test "$fi_bad" = 0
done < "$targets"
[ -n "$fi_prev" ] && step_hook "$fi_prev" end

dbg_unload_all
ktap_check "all modules unloaded at the end" dbg_unload_all
dbg_check_kmemleak "kmemleak: nothing unreferenced after the faults"
dbg_check_reports "no KASAN / lockdep / DMA-API / ODEBUG / warning in the kernel log"
dbg_check_lockdep "lockdep still on (debug_locks 1)"
ktap_finished
