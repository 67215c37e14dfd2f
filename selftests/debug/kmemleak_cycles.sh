#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Load / bind / unbind / unload cycles of every module in HDA_MODDIR on a
# debug kernel, then a kmemleak scan: nothing may be left unreferenced, and
# no detector (KASAN, lockdep, DMA-API debug, debug objects) may report.
# Each cycle also records a second from every capture PCM our modules
# register, once there is one. hdawdm.leak_cycles= sets the number of
# cycles (default 3: a cycle takes 40 to 80 s on the debug kernel under
# TCG; a leak shows in the first cycle already, as one object or more, and
# the second and third catch what only a reload or a second binding
# leaves; the 8 of before cost the debug lane five more minutes). Skips
# on a kernel without the
# detectors.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/debug_lib.sh"

CYCLES=$(dbg_param leak_cycles 3)

ktap_print_header
dbg_skip_unless_ready
ktap_set_plan 7
ktap_print_msg "modules: $(cd "$HDA_MODDIR" && echo *.ko)"

dbg_unload_all
# 1: what earlier programs of this boot (or the kernel) left behind; set
# aside afterwards so that case 5 sees only the cycles'.
dbg_check_kmemleak "kmemleak: nothing unreferenced before the cycles"
dbg_kmemleak_clear

dbg_log_mark
ok=0 bindings=0 captures=0
i=0
while [ "$i" -lt "$CYCLES" ]; do
	i=$((i + 1))
	err=
	dbg_load_all || err="load"
	for pair in $(dbg_bound_devices | tr ' ' '|'); do
		drv=${pair%|*} dev=${pair#*|}
		echo "$dev" > "$drv/unbind" || err="$err unbind $dev"
		echo "$dev" > "$drv/bind" || err="$err bind $dev"
		bindings=$((bindings + 1))
	done
	for pcm in $(dbg_capture_pcms); do
		timeout 10 arecord -q -D "$pcm" -f S16_LE -r 48000 -c 2 -d 1 /dev/null ||
			err="$err capture $pcm"
		captures=$((captures + 1))
	done
	dbg_unload_all || err="$err unload"
	if [ -n "$err" ]; then
		ktap_print_msg "cycle $i failed:$err"
	else
		ok=$((ok + 1))
	fi
done
# 2-4
ktap_expect_eq "$CYCLES load / unload cycles of every module succeed" "$CYCLES" "$ok"
ktap_check "the cycles bound devices ($bindings unbind / bind)" test "$bindings" -gt 0
ktap_expect_eq "all modules unloaded at the end" "" \
	"$(cut -d' ' -f1 /proc/modules | grep -xF -f "$DBG_ORDER")"
ktap_print_msg "$captures captures of 1 s"
# 5-7
dbg_check_kmemleak "kmemleak: nothing unreferenced after $CYCLES cycles"
dbg_check_reports "no KASAN / lockdep / DMA-API / ODEBUG / warning in the kernel log"
dbg_check_lockdep "lockdep still on (debug_locks 1)"
ktap_finished
