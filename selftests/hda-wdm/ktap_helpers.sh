#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# KTAP output for the hda-wdm selftests, in the kselftest conventions
# (KSFT_* exit codes, "TAP version 13", a plan, one result line per case).
# POSIX sh: the emulated PC runs busybox.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

KTAP_NUM=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0

ktap_print_header() {
	echo "TAP version 13"
	# hda_lib.sh's note on a real PC, once per program
	if command -v hda_say_where > /dev/null 2>&1; then
		hda_say_where
	fi
}

ktap_set_plan() {
	echo "1..$1"
}

ktap_print_msg() {
	echo "# $*"
}

ktap_test_pass() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_NUM $*"
}

ktap_test_fail() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	echo "not ok $KTAP_NUM $*"
}

ktap_test_skip() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_NUM $* # SKIP"
}

# ktap_test_skip_why DESCRIPTION REASON: a skipped case with its reason
# after the directive ("ok N DESCRIPTION # SKIP REASON")
ktap_test_skip_why() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_NUM $1 # SKIP $2"
}

# ktap_check DESCRIPTION COMMAND...: one case, passing when COMMAND succeeds.
ktap_check() {
	ktap_desc=$1
	shift
	if "$@"; then
		ktap_test_pass "$ktap_desc"
	else
		ktap_test_fail "$ktap_desc"
	fi
}

# ktap_expect_eq DESCRIPTION EXPECTED ACTUAL
ktap_expect_eq() {
	if [ "$2" = "$3" ]; then
		ktap_test_pass "$1"
	else
		ktap_print_msg "expected '$2', got '$3'"
		ktap_test_fail "$1"
	fi
}

ktap_finished() {
	ktap_print_msg "Totals: pass:$KTAP_PASS fail:$KTAP_FAIL skip:$KTAP_SKIP"
	if [ "$KTAP_FAIL" -gt 0 ]; then
		exit "$KSFT_FAIL"
	fi
	exit "$KSFT_PASS"
}
