#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# wdmdma: loads the module test (selftests/wdmdma/wdmdma_test.c), which runs
# every case at init against the HD Audio controller and fails the insmod
# on error; prints its cases as TAP, then checks what only the outside can
# see: module pinning, debugfs counters back to zero, no kernel warnings,
# clean unload. The controller's driver (snd-hda-wdm) is bound for the run
# when it is built, so that the device's DMA mask is its driver's (64 bits
# on the emulated PC, 32 in the ich6-intx variant), not the PCI default: the
# adapters narrower than the device are tested against that mask.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

MODDIR=${HDA_MODDIR:-/lib/modules/hda-wdm}
DBG=/sys/kernel/debug/wdmdma

field() {
	awk -v k="$2:" '$1 == k { print $2; exit }' "$DBG/$1/stats"
}

# The kernel log since the marker line (all of it if the marker could not
# be written): counting lines would not do, the ring buffer may be full (the
# debug lane's fault injection fills it) and then drops as many old lines as
# the test adds.
marker="wdmdma_test.sh: start $$"
log_since_marker() {
	dmesg > /tmp/wdmdma_test.dmesg
	if grep -qF "$marker" /tmp/wdmdma_test.dmesg; then
		awk -v m="$marker" 'found { print } index($0, m) { found = 1 }' /tmp/wdmdma_test.dmesg
	else
		cat /tmp/wdmdma_test.dmesg
	fi
}

ktap_print_header

bdf=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/class")" = 0x040300 ] && { bdf=$(basename "$d"); break; }
done
if [ -z "$bdf" ]; then
	ktap_set_plan 0
	ktap_print_msg "no HD Audio controller (class 0x040300)"
	exit "$KSFT_SKIP"
fi

preloaded=0
if [ -d /sys/module/wdmdma ]; then
	preloaded=1
else
	insmod "$MODDIR/wdmdma.ko" || { ktap_set_plan 0; exit "$KSFT_FAIL"; }
fi
hda_here=0
if [ -f "$MODDIR/snd-hda-wdm.ko" ] && [ ! -d /sys/module/snd_hda_wdm ]; then
	# shellcheck disable=SC2046
	insmod "$MODDIR/snd-hda-wdm.ko" $(hda_module_args) && hda_here=1
fi
[ -d /sys/module/wdmdma_test ] && rmmod wdmdma_test
base_ref=$(cat /sys/module/wdmdma/refcnt)
# what other clients of the controller (snd-hda-wdm) hold already
counts() {
	if [ -f "$DBG/$bdf/stats" ]; then
		echo "$(field "$bdf" adapters) $(field "$bdf" map_registers_in_use) $(field "$bdf" queued_requests) $(field "$bdf" pending_transfer_contexts) $(field "$bdf" common_buffers)"
	else
		echo "0 0 0 0 0"
	fi
}
before=$(counts)
base_adapters=${before%% *}

echo "$marker" > /dev/kmsg 2>/dev/null
insmod "$MODDIR/wdmdma-test.ko" hold=1
insmod_rc=$?
log=/tmp/wdmdma_test.log
log_since_marker > "$log"
# one run: up to the first plan line (a failed insmod may be retried)
sed -n 's/.*wdmdma_test: //p' "$log" | sed '/^plan /q' > "$log.cases"
plan=$(sed -n 's/^plan \([0-9]*\) .*/\1/p' "$log.cases")
[ -n "$plan" ] || plan=$(grep -c '^\(not \)\?ok ' "$log.cases")

ktap_set_plan $((plan + 8))
while read -r line; do
	case "$line" in
	"ok "*) ktap_test_pass "${line#ok * }" ;;
	"not ok "*) ktap_test_fail "${line#not ok * }" ;;
	"# "*) echo "$line" ;;
	*) ktap_print_msg "$line" ;;
	esac
done < "$log.cases"

ktap_expect_eq "insmod wdmdma-test (all module cases at init)" 0 "$insmod_rc"
if [ "$insmod_rc" = 0 ]; then
	ktap_expect_eq "an adapter held by a client pins wdmdma (refcount +2)" \
		$((base_ref + 2)) "$(cat /sys/module/wdmdma/refcnt)"
	ktap_expect_eq "debugfs: the held adapter is counted" $((base_adapters + 1)) \
		"$(field "$bdf" adapters)"
	ktap_check "rmmod wdmdma-test (puts its adapter)" rmmod wdmdma_test
else
	ktap_test_skip "pinning (insmod failed)"
	ktap_test_skip "debugfs adapter count (insmod failed)"
	ktap_test_skip "rmmod wdmdma-test (insmod failed)"
fi
ktap_expect_eq "debugfs: adapters, registers, queued requests, contexts, buffers back to before" \
	"$before" "$(counts)"
ktap_check "debugfs: bounce bytes were copied" test "$(field "$bdf" bounce_bytes_copied)" -gt 0
log_since_marker > "$log"
if grep -E 'WARNING|BUG|DMAR:.*[Ff]ault|Oops' "$log" > "$log.bad"; then
	sed 's/^/# /' "$log.bad"
	ktap_test_fail "no WARNING, BUG or DMAR fault in the kernel log"
else
	ktap_test_pass "no WARNING, BUG or DMAR fault in the kernel log"
fi
[ "$hda_here" = 1 ] && rmmod snd_hda_wdm
if [ "$preloaded" = 0 ]; then
	ktap_check "rmmod wdmdma" rmmod wdmdma
else
	ktap_test_skip "rmmod wdmdma (loaded by someone else)"
fi
ktap_finished
