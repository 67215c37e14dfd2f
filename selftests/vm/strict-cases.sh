#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# strict-cases.sh: the strict controller model's failure-path boots
# (selftests/hda-wdm/hda_strict.sh), as TAP on stdout. Each case is a boot
# of the strict variant with one property of the controller dialled through
# HDA_WDM_CTRL_PROPS (a handshake latency set to "never", 4294967295 us, a
# FIFO / descriptor error on demand, a codec that never answers, an early
# IOC, a RIRB overrun) and
# hdawdm.strict_case= on the kernel command line. LINES (default "6.12")
# picks the kernel lines; the modules must be built (make check, or
# selftests/vm/build.sh ABI) in out/build/ABI. Not part of check.sh's
# default matrix.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

LINES=${LINES:-6.12}
never=4294967295
# case:property=value, the property added to the strict variant's controller
cases="crst_never:crst-latency-us=$never srst_never:srst-latency-us=$never"
cases+=" runstop_never:run-stop-latency-us=$never fifoe:fifoe-at=4 dese:dese-at=4"
cases+=" silent_codec0:silent-codecs=1 early_ioc:early-ioc-bytes=1024"
cases+=" rirb_overrun:rirb-overrun-at=40"

# CASES (default all) picks cases by name, e.g. CASES="fifoe early_ioc"
if [ -n "${CASES:-}" ]; then
	all=$cases cases=""
	for c in $all; do
		case " $CASES " in *" ${c%%:*} "*) cases+=" $c" ;; esac
	done
fi

n=0 failed=0
result() {	# result ok|fail|skip DESCRIPTION
	n=$((n + 1))
	case "$1" in
	ok) echo "ok $n - $2" ;;
	skip) echo "ok $n - $2 # SKIP" ;;
	*) failed=$((failed + 1)); echo "not ok $n - $2" ;;
	esac
}

echo "TAP version 13"
for line in $LINES; do
	abi=$(kernel_abi "$line")
	initrd="$HDA_WDM_OUT/initrd-$abi.gz"
	# STRICT_INITRD_READY=1 (check.sh): the line's initramfs is there and
	# other boots may be reading it: use it as it is
	if [ "${STRICT_INITRD_READY:-0}" = 1 ] && [ -f "$initrd" ]; then
		:
	elif ! [ -f "$HDA_WDM_OUT/build/$abi/snd-hda-wdm.ko" ] ||
	   ! "$HDA_WDM_TOP/selftests/vm/initramfs.sh" "$abi" "$HDA_WDM_OUT/build/$abi" "$initrd" 2>&1 | sed 's/^/# /'; then
		result fail "$line: initramfs with the modules and selftests (build first)"
		continue
	fi
	for c in $cases; do
		name=${c%%:*} prop=${c#*:}
		dir="$HDA_WDM_OUT/vm/$abi/strict-$name"
		HDA_WDM_CTRL_PROPS="$prop" \
		HDA_WDM_APPEND="hdawdm.tests=hda_strict hdawdm.strict_case=$name" \
			"$HDA_WDM_TOP/selftests/vm/boot.sh" "$abi" strict check "$initrd" "$dir" 2>&1 | sed 's/^/# /'
		if [ "${PIPESTATUS[0]}" = 0 ]; then
			result ok "$line/strict-$name: boot finished, kernel log clean"
		else
			result fail "$line/strict-$name: boot finished, kernel log clean"
		fi
		grep -E '^# (not )?ok [0-9]+ ' "$dir/tap.log" 2>/dev/null | sed 's/^# //' |
		while read -r verdict rest; do
			[ "$verdict" = not ] && rest=${rest#ok }
			num=${rest%% *} desc=${rest#* }
			kind=ok
			[ "$verdict" = not ] && kind=fail
			case "$desc" in *"# SKIP"*) kind=skip; desc=${desc%% # SKIP*} ;; esac
			echo "$kind"$'\t'"$line/strict-$name: $desc"
			: "$num"
		done > "$dir/results.tsv"
		# the program's own verdict: a non-zero exit without a failing case
		# (or no case at all) fails too
		grep -E '^not ok [0-9]+ selftests: ' "$dir/tap.log" 2>/dev/null | grep -v '# SKIP' |
			sed "s|^not ok [0-9]* selftests: |fail\t$line/strict-$name: |" >> "$dir/results.tsv"
		[ -s "$dir/results.tsv" ] ||
			echo "fail"$'\t'"$line/strict-$name: hda_strict.sh reported no case" > "$dir/results.tsv"
		# as many cases as the program's plan
		plan=$(sed -n 's/^# 1\.\.\([0-9]*\)$/\1/p' "$dir/tap.log" 2>/dev/null | tail -n 1)
		got=$(grep -cE '^# (not )?ok [0-9]+ ' "$dir/tap.log" 2>/dev/null)
		if [ -n "$plan" ] && [ "$plan" != "${got:-0}" ]; then
			echo "fail"$'\t'"$line/strict-$name: hda_strict.sh planned $plan cases, reported ${got:-0}" >> "$dir/results.tsv"
		fi
		while IFS=$'\t' read -r kind desc; do
			result "$kind" "$desc"
		done < "$dir/results.tsv"
	done
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
