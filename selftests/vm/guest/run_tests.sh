#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs every selftest program listed in /selftests/tests.list (in the
# kselftest runner's format: one top-level result per program, its own KTAP
# nested behind "# "). hdawdm.tests=a,b on the kernel command line picks a
# subset; hdawdm.timeout= sets the per-program limit in seconds.
# On a real PC (README.md, "Running the selftests on a real PC"):
# HDAWDM_SELFTESTS=DIR runs the programs installed in DIR (make -C selftests
# install INSTALL_PATH=DIR), HDAWDM_TESTS=a,b picks a subset.

base=${HDAWDM_SELFTESTS:-/selftests}
only=${HDAWDM_TESTS:+,$HDAWDM_TESTS,}
limit=900
for w in $(cat /proc/cmdline); do
	case "$w" in
	hdawdm.tests=*) only=",${w#*=}," ;;
	hdawdm.timeout=*) limit=${w#*=} ;;
	esac
done

progs=
for p in $(cat "$base/tests.list"); do
	name=$(basename "$p")
	case "$only" in
	"" | *",${name%.*},"* | *",$name,"*) progs="$progs $p" ;;
	esac
done

set -- $progs
echo "TAP version 13"
echo "1..$#"
n=0
for p in "$@"; do
	n=$((n + 1))
	suite=$(basename "$(dirname "$p")")
	name=$(basename "$p")
	echo "# selftests: $suite: $name"
	rcfile=/tmp/rc.$n
	read -r t_start _ < /proc/uptime
	(cd "$(dirname "$base/$p")" &&
	 timeout "$limit" "./$name" 2>&1; echo $? > "$rcfile") | sed 's/^/# /'
	rc=$(cat "$rcfile")
	read -r t_end _ < /proc/uptime
	echo "# took $(( ${t_end%.*} - ${t_start%.*} ))s: $suite: $name"
	case "$rc" in
	0) echo "ok $n selftests: $suite: $name" ;;
	4) echo "ok $n selftests: $suite: $name # SKIP" ;;
	124 | 143) echo "not ok $n selftests: $suite: $name # TIMEOUT ${limit}s" ;;
	*) echo "not ok $n selftests: $suite: $name # exit=$rc" ;;
	esac
done
