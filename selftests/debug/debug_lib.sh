#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers of the debug-kernel selftests: every module in HDA_MODDIR loaded,
# bound, unbound and unloaded generically (whatever modules the tree
# builds, in whatever dependency order), the kernel's detectors read back,
# and the Nth allocation of one operation failed on purpose. POSIX sh.

HDA_MODDIR=${HDA_MODDIR:-/lib/modules/hda-wdm}
DBG_KMEMLEAK=/sys/kernel/debug/kmemleak
DBG_ORDER=/tmp/dbg.order
# Kernel log lines that mean a detector fired (KASAN, lockdep, kmemleak,
# DMA-API debug, debug objects, or any warning / bug / oops).
DBG_REPORT_RE='BUG:|WARNING:|KASAN|ODEBUG:|DMA-API: [^ ]+ [^ ]+: |unreferenced object|Call Trace:|general protection|Oops'

# dbg_param NAME DEFAULT: hdawdm.NAME= from the kernel command line.
dbg_param() {
	for w in $(cat /proc/cmdline); do
		case "$w" in
		hdawdm."$1"=*) echo "${w#*=}"; return ;;
		esac
	done
	echo "$2"
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

dbg_is_loaded() {
	[ -d "/sys/module/$1" ]
}

# dbg_load_all: insmod every module of HDA_MODDIR not loaded yet, retrying
# until none is left or a round makes no progress (dependencies first,
# whichever they are). Appends the load order to DBG_ORDER. Fails when a
# module stays out.
dbg_load_all() {
	progress=1
	while [ "$progress" = 1 ]; do
		progress=0 left=0
		for ko in "$HDA_MODDIR"/*.ko; do
			[ -e "$ko" ] || continue
			m=$(dbg_modname "$ko")
			dbg_is_loaded "$m" && continue
			if insmod "$ko" 2>/dev/null; then
				progress=1
				grep -qx "$m" "$DBG_ORDER" 2>/dev/null || echo "$m" >> "$DBG_ORDER"
			else
				left=$((left + 1))
			fi
		done
	done
	[ "$left" = 0 ]
}

# Our modules in load order (the learnt order, then any not seen yet).
dbg_modules() {
	cat "$DBG_ORDER" 2>/dev/null
	for ko in "$HDA_MODDIR"/*.ko; do
		[ -e "$ko" ] || continue
		m=$(dbg_modname "$ko")
		grep -qx "$m" "$DBG_ORDER" 2>/dev/null || echo "$m"
	done
}

# dbg_unload_all: rmmod every loaded module of ours, users first.
dbg_unload_all() {
	progress=1
	while [ "$progress" = 1 ]; do
		progress=0 left=0
		for m in $(dbg_modules | sed -n '1!G;h;$p'); do
			dbg_is_loaded "$m" || continue
			if rmmod "$m" 2>/dev/null; then
				progress=1
			else
				left=$((left + 1))
			fi
		done
	done
	[ "$left" = 0 ]
}

# The driver directories (/sys/bus/*/drivers/*) of our loaded modules.
dbg_driver_dirs() {
	for m in $(dbg_modules); do
		for l in /sys/module/"$m"/drivers/*; do
			[ -L "$l" ] && (cd "$l" && pwd -P)
		done
	done
}

# "DRIVERDIR DEVICE" for every device bound to one of our drivers.
dbg_bound_devices() {
	for d in $(dbg_driver_dirs); do
		for dev in "$d"/*; do
			[ -L "$dev/driver" ] || [ -L "$dev" ] || continue
			case "$(basename "$dev")" in
			module | bind | unbind | new_id | remove_id | uevent) continue ;;
			esac
			[ -e "$dev/driver" ] && echo "$d $(basename "$dev")"
		done
	done
}

# Kernel log since dbg_log_mark.
dbg_log_mark() {
	DBG_LOG_LINE=$(dmesg | wc -l)
}

dbg_log_since() {
	dmesg | tail -n +"$((DBG_LOG_LINE + 1))"
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
	on=$(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats 2>/dev/null)
	ktap_expect_eq "$1" 1 "$on"
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
# module loader's, the shell's and exec's do not. The "times" counter of
# each capability tells whether a failure was injected.
DBG_FAULT_ATTRS="failslab fail_page_alloc"
DBG_TIMES=1000000

dbg_fault_setup() {
	kend=$(awk '$3 == "_end" { print $1; exit }' /proc/kallsyms)
	[ -n "$kend" ] && [ "$kend" != 0000000000000000 ] || return 1
	for a in $DBG_FAULT_ATTRS; do
		f=/sys/kernel/debug/$a
		echo 0 > "$f/probability" || return 1
		echo 1 > "$f/interval"
		echo 0 > "$f/space"
		echo 1 > "$f/verbose"	# one line, no stack dump
		echo N > "$f/ignore-gfp-wait"
		echo N > "$f/task-filter"
		echo 32 > "$f/stacktrace-depth"
		echo "0x$kend" > "$f/require-start"
		echo 0xffffffffff000000 > "$f/require-end"
		echo 0 > "$f/reject-start"
		echo 0 > "$f/reject-end"
		echo "$DBG_TIMES" > "$f/times"
	done
	echo N > /sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem
	echo 0 > /sys/kernel/debug/fail_page_alloc/min-order
}

# How many failures were injected since the last call.
dbg_fault_injected() {
	total=0
	for a in $DBG_FAULT_ATTRS; do
		t=$(cat "/sys/kernel/debug/$a/times")
		total=$((total + DBG_TIMES - t))
		echo "$DBG_TIMES" > "/sys/kernel/debug/$a/times"
	done
	echo "$total"
}

# dbg_fault_run N COMMAND...: runs COMMAND with its Nth module allocation
# failing. COMMAND is exec'd in a subshell that set its own fail-nth, so
# its kernel work must happen in that process: a program (insmod, arecord)
# or "sh -c 'echo ... > /sys/...'" (the echo is a builtin).
dbg_fault_run() {
	n=$1
	shift
	(echo "$n" > /proc/self/fail-nth && exec "$@")
}
