#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers of the debug-kernel selftests: every module in HDA_MODDIR loaded,
# bound, unbound and unloaded generically (whatever modules the tree
# builds, in whatever dependency order), the kernel's detectors read back,
# and the Nth allocation of one operation failed on purpose. POSIX sh.

HDA_MODDIR=${HDA_MODDIR:-/lib/modules/hda-wdm}
# the kernel log marker (hda_log_mark / hda_log_since)
. "$(dirname "$0")/hda_lib.sh"
DBG_KMEMLEAK=/sys/kernel/debug/kmemleak
DBG_ORDER=/tmp/dbg.order
# Kernel log lines that mean a detector fired (KASAN, lockdep, kmemleak,
# DMA-API debug, debug objects, or any warning / bug / oops).
DBG_REPORT_RE='BUG:|WARNING:|KASAN|ODEBUG:|DMA-API: [^ ]+ [^ ]+: |unreferenced object|Call Trace:|general protection|Oops'

# dbg_param NAME DEFAULT: hdawdm.NAME= from the kernel command line.
dbg_param() {
	for _dl_w in $(cat /proc/cmdline); do
		case "$_dl_w" in
		hdawdm."$1"=*) echo "${_dl_w#*=}"; return ;;
		esac
	done
	echo "$2"
}

# Skip the whole program (KTAP plan 1..0) unless this is a debug kernel
# with our modules installed.
dbg_skip_unless_ready() {
	_dr_why=$(dbg_missing_detectors)
	if [ -n "$_dr_why" ]; then
		echo "1..0 # SKIP not a debug kernel: $_dr_why"
		exit "$KSFT_SKIP"
	fi
	if ! ls "$HDA_MODDIR"/*.ko > /dev/null 2>&1; then
		echo "1..0 # SKIP no modules in $HDA_MODDIR"
		exit "$KSFT_SKIP"
	fi
}

# What a debug kernel has; the reason it is not one on stdout.
dbg_missing_detectors() {
	[ -e "$DBG_KMEMLEAK" ] || { echo "no kmemleak ($DBG_KMEMLEAK)"; return; }
	[ -e /proc/lockdep ] || { echo "no lockdep (/proc/lockdep)"; return; }
	[ -d /sys/kernel/debug/dma-api ] || { echo "no DMA-API debug"; return; }
	grep -q ' kasan_report$' /proc/kallsyms || { echo "no KASAN (kasan_report)"; return; }
	[ -d /sys/kernel/debug/failslab ] || { echo "no failslab"; return; }
	[ -d /sys/kernel/debug/fail_page_alloc ] || { echo "no fail_page_alloc"; return; }
	[ -e /proc/self/fail-nth ] || { echo "no /proc/self/fail-nth"; return; }
}

dbg_modname() {
	basename "$1" .ko | tr - _
}

# "name=path" of every module in HDA_MODDIR, found once: the fault steps
# walk the modules on every run, and forks are slow on the debug kernel,
# so the helpers below use shell builtins only.
DBG_KOS=
for _dl_ko in "$HDA_MODDIR"/*.ko; do
	[ -e "$_dl_ko" ] && DBG_KOS="$DBG_KOS $(dbg_modname "$_dl_ko")=$_dl_ko"
done

dbg_is_loaded() {
	[ -d "/sys/module/$1" ]
}

# dbg_ko NAME: the module file of NAME
dbg_ko() {
	for _dl_k in $DBG_KOS; do
		[ "${_dl_k%%=*}" = "$1" ] && echo "${_dl_k#*=}" && return
	done
}

# dbg_in_order NAME: NAME is in the learnt load order
dbg_in_order() {
	[ -f "$DBG_ORDER" ] || return 1
	while read -r _dl_o; do
		[ "$_dl_o" = "$1" ] && return 0
	done < "$DBG_ORDER"
	return 1
}

# dbg_load_all: insmod every module of HDA_MODDIR not loaded yet, retrying
# until none is left or a round makes no progress (dependencies first,
# whichever they are). Appends the load order to DBG_ORDER. Fails when a
# module stays out.
dbg_load_all() {
	_dl_progress=1
	while [ "$_dl_progress" = 1 ]; do
		_dl_progress=0 _dl_left=0
		for _dl_e in $DBG_KOS; do
			_dl_m=${_dl_e%%=*}
			dbg_is_loaded "$_dl_m" && continue
			if insmod "${_dl_e#*=}" 2>/dev/null; then
				_dl_progress=1
				dbg_in_order "$_dl_m" || echo "$_dl_m" >> "$DBG_ORDER"
			else
				_dl_left=$((_dl_left + 1))
			fi
		done
	done
	[ "$_dl_left" = 0 ]
}

# Our modules in load order (the learnt order, then any not seen yet).
dbg_modules() {
	if [ -f "$DBG_ORDER" ]; then
		while read -r _dl_o; do
			echo "$_dl_o"
		done < "$DBG_ORDER"
	fi
	for _dl_e in $DBG_KOS; do
		dbg_in_order "${_dl_e%%=*}" || echo "${_dl_e%%=*}"
	done
}

# dbg_unload_all: rmmod every loaded module of ours, users first.
dbg_unload_all() {
	_dl_rev=
	for _dl_u in $(dbg_modules); do
		_dl_rev="$_dl_u $_dl_rev"
	done
	_dl_progress=1
	while [ "$_dl_progress" = 1 ]; do
		_dl_progress=0 _dl_left=0
		for _dl_u in $_dl_rev; do
			dbg_is_loaded "$_dl_u" || continue
			if rmmod "$_dl_u" 2>/dev/null; then
				_dl_progress=1
			else
				_dl_left=$((_dl_left + 1))
			fi
		done
	done
	[ "$_dl_left" = 0 ]
}

# The driver directories (/sys/bus/*/drivers/*) of our loaded modules.
dbg_driver_dirs() {
	for _dl_m in $(dbg_modules); do
		for _dl_l in /sys/module/"$_dl_m"/drivers/*; do
			[ -L "$_dl_l" ] && (cd "$_dl_l" && pwd -P)
		done
	done
}

# "DRIVERDIR DEVICE" for every device bound to one of our drivers.
dbg_bound_devices() {
	for _dl_d in $(dbg_driver_dirs); do
		for _dl_dev in "$_dl_d"/*; do
			[ -L "$_dl_dev/driver" ] || [ -L "$_dl_dev" ] || continue
			case "$(basename "$_dl_dev")" in
			module | bind | unbind | new_id | remove_id | uevent) continue ;;
			esac
			[ -e "$_dl_dev/driver" ] && echo "$_dl_d $(basename "$_dl_dev")"
		done
	done
}

# The capture PCMs of the ALSA cards whose device one of our drivers owns,
# as hw:ID,DEV (the card's id: its number changes when cards come and go),
# one per line.
dbg_capture_pcms() {
	_dl_drivers=$(dbg_driver_dirs)
	for _dl_c in /sys/class/sound/card*; do
		[ -e "$_dl_c/device/driver" ] || continue
		_dl_drv=$(cd "$_dl_c/device/driver" && pwd -P)
		echo "$_dl_drivers" | grep -qx "$_dl_drv" || continue
		read -r _dl_n < "$_dl_c/number"
		read -r _dl_id < "/proc/asound/card$_dl_n/id"
		for _dl_p in /proc/asound/card"$_dl_n"/pcm*c; do
			[ -d "$_dl_p" ] || continue
			_dl_p=${_dl_p##*/pcm}
			echo "hw:$_dl_id,${_dl_p%c}"
		done
	done
}

# How many DMA engines clients of the HD Audio bus hold, on every
# controller (debugfs engines: "owner -" is a free one). Shell builtins
# only: the fault steps call it on every run, and forks are slow on the
# debug kernel.
dbg_engines_held() {
	_dl_held=0
	for _dl_f in /sys/kernel/debug/hda-wdm/*/engines; do
		[ -e "$_dl_f" ] || continue
		while read -r _dl_line; do
			case "$_dl_line" in
			*" owner - "*) ;;
			*" owner "*) _dl_held=$((_dl_held + 1)) ;;
			esac
		done < "$_dl_f"
	done
	echo "$_dl_held"
}

# Kernel log since dbg_log_mark: hda_lib.sh's marker, which stays right
# when fault injection has filled the ring buffer.
dbg_log_mark() {
	hda_log_mark
}

dbg_log_since() {
	hda_log_since
}

# dbg_check_reports DESCRIPTION: one case, failing when a detector wrote to
# the kernel log since dbg_log_mark (the lines go to the KTAP output).
dbg_check_reports() {
	if dbg_log_since | grep -E "$DBG_REPORT_RE" > /tmp/dbg.reports; then
		head -n 40 /tmp/dbg.reports | sed 's/^/# /'
		ktap_test_fail "$1"
	else
		ktap_test_pass "$1"
	fi
}

# lockdep turns itself off at its first report, or when a KASAN report
# taints the kernel: the case fails when it is off.
dbg_check_lockdep() {
	_dl_on=$(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats 2>/dev/null)
	ktap_expect_eq "$1" 1 "$_dl_on"
}

# dbg_kmemleak_scan: scan (twice, as kmemleak's documentation advises, so
# that objects in flight are not reported) after the minimum age of 5 s,
# and leave the report in /tmp/dbg.kmemleak. Fails when it is not empty.
dbg_kmemleak_scan() {
	sleep 6
	echo scan > "$DBG_KMEMLEAK"
	echo scan > "$DBG_KMEMLEAK"
	cat "$DBG_KMEMLEAK" > /tmp/dbg.kmemleak
	[ ! -s /tmp/dbg.kmemleak ]
}

# dbg_check_kmemleak DESCRIPTION: one case, failing with the report.
dbg_check_kmemleak() {
	if dbg_kmemleak_scan; then
		ktap_test_pass "$1"
	else
		ktap_print_msg "$(grep -c '^unreferenced object' /tmp/dbg.kmemleak) unreferenced objects:"
		head -n 60 /tmp/dbg.kmemleak | sed 's/^/# /'
		ktap_test_fail "$1"
	fi
}

# Reported objects are set aside, so that the next check sees only new ones.
dbg_kmemleak_clear() {
	echo clear > "$DBG_KMEMLEAK"
}

# --- fault injection -------------------------------------------------------
# failslab and fail_page_alloc fail the Nth allocation made by one task
# (/proc/<pid>/fail-nth) whose call stack passes through module code
# (require-start/require-end: from the kernel image's end to MODULES_END),
# so the allocations of our modules' init, probe and callbacks fail and the
# module loader's, the shell's and exec's do not. Only the innermost
# DBG_FAULT_DEPTH frames are looked at: allocations our code makes directly
# or through a few layers (kmalloc, devm_*, dma_alloc_*, snd_card_new)
# fail, those deep in other subsystems do not (ACPICA, for one, corrupts
# its namespace when an allocation inside _PRT evaluation fails: a KASAN
# use-after-free later, which is not ours to test). The "times" counter of
# each capability tells whether a failure was injected.
DBG_FAULT_ATTRS="failslab fail_page_alloc"
DBG_FAULT_DEPTH=${DBG_FAULT_DEPTH:-8}
DBG_TIMES=1000000

dbg_fault_setup() {
	_dl_kend=$(awk '$3 == "_end" { print $1; exit }' /proc/kallsyms)
	[ -n "$_dl_kend" ] && [ "$_dl_kend" != 0000000000000000 ] || return 1
	for _dl_a in $DBG_FAULT_ATTRS; do
		_dl_f=/sys/kernel/debug/$_dl_a
		echo 0 > "$_dl_f/probability" || return 1
		echo 1 > "$_dl_f/interval"
		echo 0 > "$_dl_f/space"
		echo 1 > "$_dl_f/verbose"	# one line, no stack dump
		echo N > "$_dl_f/ignore-gfp-wait"
		echo N > "$_dl_f/task-filter"
		echo "$DBG_FAULT_DEPTH" > "$_dl_f/stacktrace-depth"
		echo "0x$_dl_kend" > "$_dl_f/require-start"
		echo 0xffffffffff000000 > "$_dl_f/require-end"
		echo 0 > "$_dl_f/reject-start"
		echo 0 > "$_dl_f/reject-end"
		echo "$DBG_TIMES" > "$_dl_f/times"
	done
	echo N > /sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem
	echo 0 > /sys/kernel/debug/fail_page_alloc/min-order
}

# How many failures were injected since the last call.
dbg_fault_injected() {
	_dl_total=0
	for _dl_a in $DBG_FAULT_ATTRS; do
		read -r _dl_t < "/sys/kernel/debug/$_dl_a/times"
		_dl_total=$((_dl_total + DBG_TIMES - _dl_t))
		echo "$DBG_TIMES" > "/sys/kernel/debug/$_dl_a/times"
	done
	echo "$_dl_total"
}

# dbg_fault_run N COMMAND...: runs COMMAND with its Nth module allocation
# failing. COMMAND is exec'd in a subshell that set its own fail-nth, so
# its kernel work must happen in that process: a program (insmod, arecord)
# or "sh -c 'echo ... > /sys/...'" (the echo is a builtin).
dbg_fault_run() {
	_dl_n=$1
	shift
	(echo "$_dl_n" > /proc/self/fail-nth && exec "$@")
}
