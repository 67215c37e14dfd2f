#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: everything, as TAP on stdout, ending in "N passed, N failed".
#   1. set-up (packages, guest kernels, the debug kernel, our QEMU)
#                                                    selftests/vm/setup.sh
#   2. per kernel line, the debug line first: build at W=1 (no warnings) and
#      the initramfs; as soon as the debug line's is there, the background
#      lane starts (below); then sparse C=2 (no reports) on the Debian lines
#   3. checkpatch --strict on every C source and header
#   3a. make htmldocs: Sphinx, kernel-doc of the headers, no warning
#   3b. packaging: make install / uninstall and DKMS against the first
#      Debian kernel line the host builds for (selftests/packaging/packaging.sh)
#   4. the emulated-PC matrix: every Debian kernel line x every variant,
#      all selftests; each boot is one result, each selftest case one more,
#      and per codec one for what alsa_playback played, found in the
#      codec's output file on the host (selftests/vm/played.py)
# then the shared queue (steps 4a, 5 to 7), whose boots either lane takes,
# the one that is free first (a mkdir claim), so that both end about
# together:
#   4a. the matrix of the 7.x line (the lines built in a build root): its
#      boots, step 4's, head the queue; their results come after the
#      background lane's log
#   5. the reference lane: per Debian kernel line, one more boot per
#      REFERENCE_VARIANTS (default ich9-msi) with Linux's snd-hda-intel
#      instead of our modules, running the ALSA suite (selftests/alsa)
#      against its card; cases named "<line>/<variant>: reference: ...".
#      A failing reference case is reported as "not ok ... # TODO" (XFAIL,
#      counted apart: snd-hda-intel is not ours to fix), and the suite's
#      results are printed side by side with ours. REFERENCE=0 leaves the
#      lane out; it also stays out when TESTS names neither alsa_capture
#      nor handover (the hand-over to us and back, also run there).
#   5a. early IOCs: on EARLY_IOC_LINES (6.12), the strict variant with
#      early-ioc-bytes=1024 (a period's IOC 1024 bytes before its end, as
#      some controllers raise it), the ALSA suite once with our driver
#      ("<line>/strict-early-ioc: ...") and once with snd-hda-intel
#      (its reference, XFAIL as above), side by side; with the reference
#      lane and the ALSA suite only
#   7. the strict controller model's failure paths: one short boot per
#      case (selftests/vm/strict-cases.sh) on STRICT_CASES_LINES (6.12),
#      when TESTS is empty or names hda_strict
#   6. the codec pass: every codec description of CODECS_DIR (default
#      ../shared/codecs beside the working copy) as a QEMU hda-dump codec,
#      CODECS_PER_BOOT (8) to a boot, each codec once: the boots alternate
#      between the Debian kernel lines (CODECS_EVERY_LINE=1: every codec on
#      every line), running selftests/hda-wdm/hda_codecs.sh; cases
#      "<line>/codecs-N: codec C: ..."; then a table per codec: the capture
#      PCMs we expect (from the file, selftests/vm/codecfile.py), ours, the
#      ones snd-hda-intel made on the real machine (the file's Device:
#      lines), and the verbs the codec model did not know. CODECS=0 leaves
#      the pass out; it also stays out when TESTS does not name hda_codecs.
# The background lane, beside steps 2 (sparse) to 4 (each emulated PC
# keeps about one CPU busy; HDA_WDM_PARALLEL=0 runs it after the main
# lane instead): the debug line 6.12-debug, a KASAN / lockdep / kmemleak /
# DMA-API-debug / fault-injection kernel built from linux-source-6.12
# (debug-kernel.sh, cached), booting DEBUG_VARIANTS="strict" only (the
# strict controller model: its handshakes and error paths under KASAN);
# then the shared queue. The results of the shared queue and of the
# background lane come last.
# Knobs (environment or make variables): LINES="6.1 6.12 6.12-debug",
# VARIANTS="ich9-msi ich6-intx swiotlb iommu strict", TESTS=a,b (a subset of the
# selftest programs; "packaging" names step 3b), STATIC=0 (skip step 2's
# sparse and steps 3 and 3a), CHECK_APPEND (more guest kernel parameters
# for the matrix, reference and early-IOC boots, e.g.
# hdawdm.restart_repeat=20).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

LINES=${LINES:-$HDA_WDM_LINES 6.12-debug}
VARIANTS=${VARIANTS:-ich9-msi ich6-intx swiotlb iommu strict}
TESTS=${TESTS:-}
STATIC=${STATIC:-1}
CHECK_APPEND=${CHECK_APPEND:-}
DEBUG_VARIANTS=${DEBUG_VARIANTS:-strict}
REFERENCE=${REFERENCE:-1}
REFERENCE_VARIANTS=${REFERENCE_VARIANTS:-ich9-msi}
REFERENCE_SUITE=alsa_capture
# the reference boot also hands the controller from snd-hda-intel to us and
# back with tools/hda-wdm-ctl (selftests/hda-wdm/handover.sh), and plays
# the signal through snd-hda-intel (alsa_playback.sh; the host finds it in
# the codecs' output files, selftests/vm/played.py)
REFERENCE_PROGS=handover,$REFERENCE_SUITE,alsa_playback
CODECS=${CODECS:-1}
CODECS_DIR=${CODECS_DIR:-$HDA_WDM_TOP/../shared/codecs}
CODECS_PER_BOOT=${CODECS_PER_BOOT:-8}
XFAIL_REASON="XFAIL: the reference, snd-hda-intel, failed this case; not ours to fix, not counted as a failure"

n=0 passed=0 failed=0 skipped=0 xfailed=0
failures=()
xfailures=()
result() {	# result ok|fail|skip|xfail DESCRIPTION
	n=$((n + 1))
	case "$1" in
	ok) passed=$((passed + 1)); echo "ok $n - $2" ;;
	skip) skipped=$((skipped + 1)); echo "ok $n - $2 # SKIP" ;;
	xfail) xfailed=$((xfailed + 1)); xfailures+=("$2"); echo "not ok $n - $2 # TODO $XFAIL_REASON" ;;
	*) failed=$((failed + 1)); failures+=("$2"); echo "not ok $n - $2" ;;
	esac
}
comment() { sed 's/^/# /'; }
t0=$(date +%s)
elapsed() { echo "$(($(date +%s) - t0))s"; }

# tap_results TAP.LOG: "kind<TAB>program: case" for every leaf result of
# every program (kind ok, fail or skip), then each program's own verdict
# (exit code, plan) where the leaves do not already show it.
tap_results() {
	awk '
		function close_prog() {
			if (prog != "" && plan != "" && plan != leaves)
				print "fail\t" prog ": ran " leaves " of " plan " planned cases"
		}
		/^# selftests: / { close_prog(); prog = $4; plan = ""; leaves = 0; bad = 0; next }
		/^# 1\.\.[0-9]+/ { plan = substr($2, 4); next }
		/^# (not )?ok [0-9]+ / {
			line = substr($0, 3); leaves++
			isok = (line ~ /^ok /)
			sub(/^(not )?ok [0-9]+ /, "", line)
			if (line ~ /# SKIP/) { sub(/ *# SKIP.*/, "", line); print "skip\t" prog ": " line }
			else { print (isok ? "ok" : "fail") "\t" prog ": " line; if (!isok) bad++ }
			next
		}
		/^not ok [0-9]+ selftests: / { if (!bad) { sub(/^not ok [0-9]+ selftests: /, ""); print "fail\t" $0 } }
		END { close_prog() }' "$1" 2>/dev/null
}

# boot_results TAG ABI DIR BOOT_RC START: a boot's time and its own result
# (finished, kernel log clean), then one result per selftest case of its
# tap.log (DIR/results.tsv keeps them).
boot_results() {	# TAG ABI DIR BOOT-RC START [END]
	local tag=$1 abi=$2 dir=$3 boot_rc=$4 start=$5 end=${6:-$(date +%s)} kind desc
	echo "# $tag: boot took $((end - start))s (logs in $dir)"
	# the guest's time per program (selftests/vm/guest/run_tests.sh)
	grep -h '^# took ' "$dir/tap.log" 2>/dev/null | sed "s|^# took |# $tag:   |"
	if [ "$boot_rc" = 0 ]; then
		result ok "$tag: boot finished, kernel log clean ($abi)"
	else
		result fail "$tag: boot finished, kernel log clean ($abi)"
	fi
	# then the host's half of alsa_playback: what the guest played, in the
	# codecs' output files (selftests/vm/played.py)
	{
		tap_results "$dir/tap.log"
		python3 "$HDA_WDM_TOP/selftests/vm/played.py" "$dir" \
			"$HDA_WDM_OUT/signal.raw" 2> "$dir/played.log"
	} | while IFS=$'\t' read -r kind desc; do
		echo "$kind"$'\t'"$tag: $desc"
	done > "$dir/results.tsv"
	sed "s|^|# $tag: |" "$dir/played.log" 2>/dev/null
	while IFS=$'\t' read -r kind desc; do
		result "$kind" "$desc"
	done < "$dir/results.tsv"
}

# side_by_side OURS.TAP REFERENCE.TAP TAG: the ALSA suite's cases (same
# script, same order) and its figures line, ours beside the reference's,
# as comments.
side_by_side() {
	local f i=0 sbs
	sbs=$(mktemp -d)
	echo "# $3: $REFERENCE_SUITE, ours | reference (snd-hda-intel)"
	for f in "$1" "$2"; do
		i=$((i + 1))
		awk -v suite="$REFERENCE_SUITE.sh" '
			/^# selftests: / { on = ($4 == suite); next }
			on && /^# (not )?ok [0-9]+ / {
				r = ($2 == "not") ? "FAIL" : "ok"
				if ($0 ~ /# SKIP/) r = "skip"
				d = $0; sub(/^# (not )?ok [0-9]+ (reference: )?/, "", d); sub(/ *# SKIP.*/, "", d)
				print "case\t" d "\t" r
			}
			on && /figures: / { d = $0; sub(/.*figures: /, "", d); print "figures\t" d }
		' "$f" 2>/dev/null > "$sbs/$i"
	done
	awk -F'\t' '
		{ file = (FILENAME == ARGV[1]) ? 1 : 2 }
		$1 == "case" { k = ++cases[file]; desc[file, k] = $2; res[file, k] = $3 }
		$1 == "figures" { fig[file] = $2 }
		END {
			n = cases[1] > cases[2] ? cases[1] : cases[2]
			for (k = 1; k <= n; k++) {
				# the description of a run that did not skip the case
				d = ((1, k) in res && res[1, k] != "skip") ? desc[1, k] : desc[2, k]
				printf "#   %-4s | %-4s  %s\n", ((1, k) in res ? res[1, k] : "-"),
					((2, k) in res ? res[2, k] : "-"), d
			}
			printf "#   figures, ours:      %s\n", (1 in fig ? fig[1] : "-")
			printf "#   figures, reference: %s\n", (2 in fig ? fig[2] : "-")
		}' "$sbs/1" "$sbs/2"
	[ -s "$sbs/1" ] || echo "#   (no $REFERENCE_SUITE results of ours in $1)"
	rm -rf "$sbs"
}

echo "TAP version 13"
mkdir -p "$HDA_WDM_OUT"
if "$HDA_WDM_TOP/selftests/vm/setup.sh" 2>&1 | comment; then
	result ok "set-up: packages and guest kernels"
else
	result fail "set-up: packages and guest kernels"
	echo "1..$n"
	echo "$passed passed, $failed failed"
	exit 1
fi

# 1b. the debug kernel: built once, then cached
if [[ " $LINES " == *" 6.12-debug "* ]]; then
	start=$(date +%s)
	if "$HDA_WDM_TOP/selftests/vm/debug-kernel.sh" > "$HDA_WDM_OUT/debug-kernel.log" 2>&1; then
		result ok "debug kernel built from linux-source-6.12"
	else
		tail -n 30 "$HDA_WDM_OUT/debug-kernel.log" | comment
		result fail "debug kernel built from linux-source-6.12"
		LINES=$(echo " $LINES " | sed 's/ 6.12-debug / /')
	fi
	echo "# debug kernel: took $(($(date +%s) - start))s here;" \
		"$(cat "$(kernel_dir "$(kernel_abi 6.12-debug)")/build-time" 2>/dev/null)"
fi

declare -A ABI
for line in $LINES; do
	ABI[$line]=$(kernel_abi "$line")
done

# boot_into DIR ABI VARIANT: one boot (boot.sh, with what the caller's
# environment asks of it) keeping its logs in DIR, its log as comments on
# stdout; leaves its exit status in DIR.rc and its start and end times in
# DIR.time. dir_results TAG ABI DIR: that boot's results (boot_results).
boot_into() {
	local start
	start=$(date +%s)
	"$HDA_WDM_TOP/selftests/vm/boot.sh" "$2" "$3" check "$HDA_WDM_OUT/initrd-$2.gz" "$1" 2>&1 | comment
	echo "${PIPESTATUS[0]}" > "$1.rc"
	echo "$start $(date +%s)" > "$1.time"
}
dir_results() {
	# shellcheck disable=SC2046
	boot_results "$1" "$2" "$3" "$(cat "$3.rc" 2>/dev/null || echo 1)" \
		$(cat "$3.time" 2>/dev/null || echo "$(date +%s) $(date +%s)")
}

# 4. the matrix (functions; the boots come below)
# matrix_boot LINE VARIANT: one boot of the matrix (boot_into)
matrix_boot() {
	local line=$1 variant=$2 abi=${ABI[$1]} dir boot_timeout boot_mem append
	dir="$HDA_WDM_OUT/vm/$abi/$variant"
	# The debug boot runs every suite under KASAN and lockdep plus the
	# kmemleak cycles and the fault steps: about 25 minutes beside the
	# Debian boots; it gets 80 (the CI limit is 90; it starts after its
	# own build, a minute or two in).
	boot_timeout=${HDA_WDM_BOOT_TIMEOUT:-1500}
	[[ "$line" == *-debug ]] && boot_timeout=${HDA_WDM_BOOT_TIMEOUT:-4800}
	# The debug boot gets 1 GiB (HDA_WDM_DEBUG_MEM): kmemleak scans all
	# of memory at every fault step, and with 6 GiB fault_inject.sh ran
	# past its 900 s limit. Memory above 4 GiB is tried on the Debian
	# lines.
	boot_mem=${HDA_WDM_MEM:-}
	[[ "$line" == *-debug ]] && boot_mem=${HDA_WDM_DEBUG_MEM:-1024}
	# The debug boot's programs get 2700 s each (the runner's
	# hdawdm.timeout=, HDA_WDM_DEBUG_PROG_TIMEOUT) instead of 900 s: the
	# fault steps once ran 904 s beside the Debian boots (fault_bind.sh
	# took 496 s on 2026-11-28; its attach step grew past 300 allocations with playback).
	append="${TESTS:+hdawdm.tests=$TESTS} $CHECK_APPEND"
	[[ "$line" == *-debug ]] &&
		append+=" hdawdm.timeout=${HDA_WDM_DEBUG_PROG_TIMEOUT:-2700}"
	mkdir -p "$dir"
	HDA_WDM_MEM=$boot_mem HDA_WDM_BOOT_TIMEOUT=$boot_timeout \
	HDA_WDM_APPEND="$append" boot_into "$dir" "$abi" "$variant"
}
# matrix_results LINE VARIANT: the results of matrix_boot's boot
matrix_results() {
	dir_results "$1/$2" "${ABI[$1]}" "$HDA_WDM_OUT/vm/${ABI[$1]}/$2"
}
# 6. the codec pass (functions; its boots run in the background lane)
codec_table() {	# codec_table LINE FILE-LIST: ours beside the file's
	local line=$1 list=$2 g file cad dir ours unk here nctl more=""
	echo "# $line: codecs: capture converters expected | ours | snd-hda-intel's capture PCMs on the real machine (devices; n/a: the file has no Device: lines) | snd-hda-intel's here, on the emulated codec (device:substreams; none; ?: it made no codec#M) | capture controls ours/here/real machine | verbs the model did not know"
	while IFS=$'\t' read -r g cad file; do
		dir="$HDA_WDM_OUT/vm/${ABI[$line]}/codecs-$g"
		# ours in node order; "-" for none, "?" when the boot did not tell
		ours=$(sed -n "s/^# *# codec $cad .*capture PCMs: ours \[\([^]]*\)\] expected.*/=\1/p" "$dir/tap.log" 2>/dev/null)
		case "$ours" in
		"") ours="?" ;;
		=) ours="-" ;;
		*) ours=$(for h in ${ours#=}; do echo "$((16#$h)) $h"; done | sort -n | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//') ;;
		esac
		unk=$(grep -c "hda-dump: cad $cad " "$dir/qemu-unimp.log" 2>/dev/null)
		# snd-hda-intel's PCMs and controls here, and our controls
		here=$(sed -n "s/^# *# codec $cad snd-hda-intel here: capture PCMs \[\([^]]*\)\] controls \[\([^]]*\)\]/\1|\2/p" "$dir/tap.log" 2>/dev/null | head -n 1)
		nctl=$(sed -n "s/^# *# codec $cad ours: controls \[\([^]]*\)\]/\1/p" "$dir/tap.log" 2>/dev/null | head -n 1 | wc -w)
		nctl="$nctl/$(echo "${here#*|}" | wc -w)"
		here=${here%%|*}
		if [ "$cad" -ge 4 ]; then
			here="(addr>3)"
		elif ! grep -q "# codec $cad snd-hda-intel here: capture PCMs" "$dir/tap.log" 2>/dev/null; then
			here="?"
		elif [ -z "$here" ]; then
			here="none"
		elif [ "$(echo "$here" | tr ' ' '\n' | awk -F: 'NF == 2 { n += $2 } END { print n + 0 }')" -gt \
			"$(echo "$ours" | tr -d -- '-?' | wc -w)" ]; then
			more+=" $(basename "$file" .txt)"
		fi
		python3 "$HDA_WDM_TOP/selftests/vm/codecfile.py" expect "$file" | {
			IFS=$'\t' read -r _f vendor _in want _dacs
			IFS=$'\t' read -r _f nref refdevs _nctl < <(python3 "$HDA_WDM_TOP/selftests/vm/codecfile.py" reference "$file")
			printf '#   %-34s %s  %-12s | %-12s | %s (%s) | %-10s | %s/%s | %s\n' "$(basename "$file" .txt)" \
				"$vendor" "$(echo "$want" | tr -d + | tr / ' ')" "$ours" "$nref" "$refdevs" \
				"$here" "$nctl" "$_nctl" "${unk:-?}"
		}
	done < "$list"
	echo "# $line: codecs where snd-hda-intel's generic parser, here, captures through more converters than ours (our bug unless a vendor quirk):${more:- none}"
}
# codec_lists: each line's codec groups (DIR/codecs.list), made by the
# main lane once the builds are done. Each codec runs once, on one line:
# the groups alternate between the lines (CODECS_EVERY_LINE=1 runs every
# group on every line). snd-hda-intel probes 4 codec addresses only, so
# the codecs are dealt to the groups with the most input converters first
# ("[Audio Input]" nodes in the file): those sit at addresses 0-3, where
# the comparison with snd-hda-intel's generic parser (codec_table) sees
# them.
codec_lines() {
	[ "$CODECS" = 1 ] || return 0
	[ -z "$TESTS" ] || [[ ",$TESTS," == *",hda_codecs,"* ]] || return 0
	for line in $debian_lines; do echo "$line"; done
}
codec_lists() {
	local line abi files lines nl li=0 f
	lines=$(codec_lines)
	for line in $lines; do
		abi=${ABI[$line]}
		rm -rf "$HDA_WDM_OUT/vm/$abi/codecs.list" "$HDA_WDM_OUT/vm/$abi"/codecs-*.{rc,time}
		mkdir -p "$HDA_WDM_OUT/vm/$abi"
	done
	files=$(ls "$CODECS_DIR"/*.txt 2>/dev/null)
	[ -n "$files" ] && [ -n "$lines" ] || return 0
	nl=$(echo "$lines" | wc -w)
	[ "${CODECS_EVERY_LINE:-0}" = 1 ] && nl=1
	# FILE-INDEX GROUP SLOT FILE: the i-th codec (most inputs first) to
	# group i mod G at slot i div G; group g to line g mod the lines
	for f in $files; do
		echo "$(grep -c '\[Audio Input\]' "$f") $f"
	done | sort -k1,1nr -k2,2 | cut -d' ' -f2- |
	awk -v n="$CODECS_PER_BOOT" -v nl="$nl" '{ f[NR - 1] = $0 } END {
		total = NR; G = int((total + n - 1) / n)
		for (i = 0; i < total; i++) {
			g = i % G
			print g % nl "\t" int(g / nl) "\t" int(i / G) "\t" f[i]
		}
	}' > "$HDA_WDM_OUT/vm/codecs.deal"
	for line in $lines; do
		abi=${ABI[$line]}
		if built "$line"; then
			awk -F'\t' -v l="$li" '$1 == l { print $2 "\t" $3 "\t" $4 }' "$HDA_WDM_OUT/vm/codecs.deal" |
				sort -t$'\t' -k1,1n -k2,2n > "$HDA_WDM_OUT/vm/$abi/codecs.list"
		fi
		[ "${CODECS_EVERY_LINE:-0}" = 1 ] || li=$((li + 1))
	done
}

# The shared queue: the boots either lane can run, taken by the lane that
# is free first (mkdir of a claim), so that both lanes end about together:
# the reference boots, the strict cases, then the codec pass. The main
# lane joins after its matrix, the background lane after the debug boot.
# Each job leaves its results beside its logs (DIR.rc, DIR.time, or the
# strict cases' log); they are reported at the end.
shared_jobs() {
	local line abi list g variant
	for line in $shared_lines; do
		built "$line" || continue
		for variant in $VARIANTS; do echo "matrix $line $variant"; done
	done
	if [ "$REFERENCE" = 1 ] && [ -n "$ref_progs" ]; then
		for line in $debian_lines; do
			built "$line" || continue
			for variant in $REFERENCE_VARIANTS; do echo "reference $line $variant"; done
		done
	fi
	[ -n "$sc_lines" ] && echo "strict -"
	for line in $early_lines; do
		built "$line" || continue
		echo "early $line"
		echo "early-reference $line"
	done
	for line in $(codec_lines); do
		list="$HDA_WDM_OUT/vm/${ABI[$line]}/codecs.list"
		[ -s "$list" ] || continue
		for g in $(cut -f1 "$list" | sort -un); do echo "codecs $line $g"; done
	done
}
shared_boots() {	# shared_boots LANE
	local kind line arg
	# the lists come from the main lane
	while ! [ -e "$HDA_WDM_OUT/vm/initrds.done" ]; do sleep 5; done
	shared_jobs | while read -r kind line arg; do
		mkdir "$HDA_WDM_OUT/vm/claims/$kind-$line-$arg" 2> /dev/null || continue
		echo "# $kind $line $arg: ($1 lane)"
		case "$kind" in
		matrix) matrix_boot "$line" "$arg" ;;
		reference) reference_boot "$line" "$arg" ;;
		early) early_boot "$line" ;;
		early-reference) reference_boot "$line" strict -early-ioc "$EARLY_PROPS" ;;
		strict) strict_cases_run ;;
		codecs) codec_boot "$line" "$arg" ;;
		esac
	done
}
codec_boot() {	# codec_boot LINE GROUP
	local g=$2 abi=${ABI[$1]} list
	list="$HDA_WDM_OUT/vm/$abi/codecs.list"
	HDA_WDM_CODEC_FILES="$(awk -F'\t' -v g="$g" '$1 == g { print $3 }' "$list" | tr '\n' ' ')" \
	HDA_WDM_APPEND="hdawdm.tests=hda_codecs" HDA_WDM_REFERENCE_LOADABLE=1 \
		boot_into "$HDA_WDM_OUT/vm/$abi/codecs-$g" "$abi" ich9-msi
}
# 5. the reference lane: reference_boot LINE VARIANT [SUFFIX PROPS],
# reference_results LINE VARIANT [SUFFIX]; SUFFIX names a boot with the
# controller properties PROPS (early_boot's)
# The early-IOC reference boot leaves out issue 19's restart cases
# (hdawdm.restart_repeat=0, ahead of CHECK_APPEND: the first value counts):
# there snd-hda-intel's PAUSE trigger at the first of them kept its CPU
# busy until the suite's 900 s limit (soft lockups, 2026-11-29), not yet
# explained (Documentation/testing.rst).
reference_boot() {
	local abi=${ABI[$1]} progs=$ref_progs params=""
	[ -n "${3:-}" ] && progs=$REFERENCE_SUITE params=hdawdm.restart_repeat=0
	HDA_WDM_CTRL_PROPS=${4:-} HDA_WDM_DRIVER=snd_hda_intel \
	HDA_WDM_APPEND="hdawdm.tests=$progs $params $CHECK_APPEND" \
		boot_into "$HDA_WDM_OUT/vm/$abi/$2${3:-}-reference" "$abi" "$2"
}
reference_results() {
	local abi=${ABI[$1]} tag="$1/$2${3:-}" dir boot_rc start end kind desc
	dir="$HDA_WDM_OUT/vm/$abi/$2${3:-}-reference"
	boot_rc=$(cat "$dir.rc" 2>/dev/null || echo 1)
	read -r start end 2>/dev/null < "$dir.time" || { start=0 end=0; }
	echo "# $tag: reference boot (snd-hda-intel) took $((end - start))s (logs in $dir)"
	# A reference boot that does not finish is the harness's failure;
	# fault lines in its kernel log are snd-hda-intel's (XFAIL).
	desc="$tag: reference: boot finished, kernel log clean ($abi, snd-hda-intel)"
	if [ "$boot_rc" = 0 ]; then
		result ok "$desc"
	elif grep -q '^hda-wdm: guest finished' "$dir/console.log" 2>/dev/null; then
		result xfail "$desc"
	else
		result fail "$desc"
	fi
	{
		tap_results "$dir/tap.log"
		python3 "$HDA_WDM_TOP/selftests/vm/played.py" "$dir" \
			"$HDA_WDM_OUT/signal.raw" 2> "$dir/played.log" |
			sed 's/^\([a-z]*\)\talsa_playback: /\1\talsa_playback: reference: /'
	} | while IFS=$'\t' read -r kind desc; do
		# the cases' own failures are the reference's (XFAIL); a
		# program that broke its plan or exit code is the script's
		# (handover.sh tests our tool and driver: its failures count)
		case "$kind:$desc" in
		fail:*" planned cases" | fail:*"exit="*) ;;
		fail:"$REFERENCE_SUITE.sh: "* | fail:"alsa_playback.sh: "* | \
		fail:"alsa_playback: reference: "*) kind=xfail ;;
		esac
		echo "$kind"$'\t'"$tag: $desc"
	done > "$dir/results.tsv"
	sed "s|^|# $tag: reference: |" "$dir/played.log" 2>/dev/null
	while IFS=$'\t' read -r kind desc; do
		result "$kind" "$desc"
	done < "$dir/results.tsv"
	[[ ",$ref_progs," == *",$REFERENCE_SUITE,"* ]] &&
		side_by_side "$HDA_WDM_OUT/vm/$abi/$2${3:-}/tap.log" "$dir/tap.log" "$tag"
}
# 5a. early IOCs, ours and the reference's: on EARLY_IOC_LINES (the strict
# cases' line), the strict variant with early-ioc-bytes=1024 (each
# period's IOC 1024 bytes before LPIB reaches its end, as some
# controllers do), the ALSA suite in one boot with our driver (early_boot)
# and one with snd-hda-intel (reference_boot), side by side
EARLY_PROPS=early-ioc-bytes=1024
early_boot() {
	HDA_WDM_CTRL_PROPS=$EARLY_PROPS HDA_WDM_APPEND="hdawdm.tests=$REFERENCE_SUITE $CHECK_APPEND" \
		boot_into "$HDA_WDM_OUT/vm/${ABI[$1]}/strict-early-ioc" "${ABI[$1]}" strict
}
# 7. the strict model's failure paths: strict_cases_run, strict_cases_results
sc_out="$HDA_WDM_OUT/vm/strict-cases.log"
strict_cases_run() {
	local start
	start=$(date +%s)
	STRICT_INITRD_READY=1 LINES="${sc_lines# }" \
		bash "$HDA_WDM_TOP/selftests/vm/strict-cases.sh" > "$sc_out" 2>&1
	echo "$? $start $(date +%s)" > "$sc_out.rc"
}
strict_cases_results() {
	local sc_rc=1 start=0 end=0 sc_n=0 l
	read -r sc_rc start end 2>/dev/null < "$sc_out.rc"
	while IFS= read -r l; do
		case "$l" in
		"ok "*"# SKIP") l=${l#ok * - }; result skip "${l% # SKIP}" ;;
		"ok "*) result ok "${l#ok * - }" ;;
		"not ok "*) result fail "${l#not ok * - }" ;;
		"#"*) echo "$l"; continue ;;
		*) continue ;;
		esac
		sc_n=$((sc_n + 1))
	done < <(cat "$sc_out" 2>/dev/null)
	# a script that stopped early or reported nothing fails here
	if [ "$sc_n" = 0 ] || { [ "$sc_rc" != 0 ] && ! grep -q '^not ok ' "$sc_out"; }; then
		tail -n 5 "$sc_out" 2>/dev/null | comment
		result fail "strict cases on${sc_lines}: strict-cases.sh ran (exit $sc_rc, $sc_n results)"
	fi
	echo "# strict cases on${sc_lines} took $((end - start))s"
}
codec_results() {
	local line abi list g
	for line in $(codec_lines); do
		abi=${ABI[$line]}
		if ! built "$line"; then
			continue
		fi
		list="$HDA_WDM_OUT/vm/$abi/codecs.list"
		if ! [ -s "$list" ]; then
			result skip "$line/codecs: no codec descriptions in $CODECS_DIR"
			continue
		fi
		for g in $(cut -f1 "$list" | sort -un); do
			dir_results "$line/codecs-$g" "$abi" "$HDA_WDM_OUT/vm/$abi/codecs-$g"
		done
		codec_table "$line" "$list"
	done
}

# 2. builds, then the initramfs of each line; sparse comes after the
# background lane has started (see below)
build_line() {	# build_line LINE: W=1 build and initramfs
	local line=$1 abi=${ABI[$1]} logf
	logf="$HDA_WDM_OUT/build-$abi.log"
	rm -rf "$HDA_WDM_OUT/build/$abi" "$HDA_WDM_OUT/initrd-$abi.gz" "$HDA_WDM_OUT/vm/built-$abi"
	mkdir -p "$HDA_WDM_OUT/vm"
	if "$HDA_WDM_TOP/selftests/vm/build.sh" "$abi" W=1 > "$logf" 2>&1; then
		if grep -E 'warning:|error:' "$logf" | comment | grep .; then
			result fail "build $abi at W=1 without warnings"
		else
			result ok "build $abi at W=1 without warnings"
		fi
	else
		tail -n 30 "$logf" | comment
		result fail "build $abi at W=1 without warnings"
	fi
	if ! [ -f "$HDA_WDM_OUT/build/$abi/snd-hda-wdm.ko" ] ||
	   ! "$HDA_WDM_TOP/selftests/vm/initramfs.sh" "$abi" "$HDA_WDM_OUT/build/$abi" \
		"$HDA_WDM_OUT/initrd-$abi.gz" 2>&1 | comment; then
		result fail "$abi: initramfs with the modules and selftests"
		return 1
	fi
	touch "$HDA_WDM_OUT/vm/built-$abi"
}
# built LINE: its modules and initramfs are there (a file, so that the
# background lane, started before the Debian lines' builds, sees them)
built() {
	[ -e "$HDA_WDM_OUT/vm/built-${ABI[$1]}" ]
}
# each_built FN LINES VARIANTS: FN LINE VARIANT for every built line
each_built() {
	local fn=$1 variants=$3 line variant
	for line in $2; do
		built "$line" || continue
		for variant in $variants; do
			"$fn" "$line" "$variant"
		done
	done
}
sparse_line() {	# sparse_line LINE
	local abi=${ABI[$1]} logf
	# Debian's sparse (0.6.4, bookworm and trixie alike) cannot parse the
	# 7.x headers (__typeof_unqual__), and kbuild's checker-valid.sh, which
	# would say so, is not in Debian's 7.x headers package
	if [ -n "$(line_root_suite "$1")" ]; then
		result skip "sparse (C=2) $abi clean: Debian's sparse 0.6.4 cannot parse $1 headers"
		return
	fi
	logf="$HDA_WDM_OUT/sparse-$abi.log"
	"$HDA_WDM_TOP/selftests/vm/build.sh" "$abi" C=2 > "$logf" 2>&1
	# sparse reports as file:line:col: warning|error; any in our tree fails;
	# and it must have run (a CHECK line per source)
	if grep -E "^$HDA_WDM_OUT/build/$abi/[^ ]+:[0-9]+:[0-9]+: " "$logf" | comment | grep .; then
		result fail "sparse (C=2) $abi clean"
	elif ! grep -q '^  CHECK ' "$logf"; then
		tail -n 10 "$logf" | comment
		result fail "sparse (C=2) $abi clean: sparse did not run"
	else
		result ok "sparse (C=2) $abi clean ($(grep -c '^  CHECK ' "$logf") sources)"
	fi
}
debug_lines="" debian_lines="" main_lines="" shared_lines=""
for line in $LINES; do
	if [[ "$line" == *-debug ]]; then debug_lines+=" $line"; else debian_lines+=" $line"; fi
done
# The matrix of the lines built in a root (7.x) heads the shared queue, so
# that whichever lane is free boots it (the main lane after the host's
# lines, the background lane after the debug boot); with no other line in
# the main lane, the main lane boots it.
for line in $debian_lines; do
	if [ -n "$(line_root_suite "$line")" ]; then shared_lines+=" $line"; else main_lines+=" $line"; fi
done
if [ -z "$main_lines" ]; then
	main_lines=$shared_lines
	shared_lines=""
fi
# the debug line first: its boot is the longest and starts once it is built
for line in $debug_lines; do
	build_line "$line"
done
# The background lane: the debug line's boots (under KASAN and kmemleak
# one takes about as long as the Debian boots of one line), then codec
# pass boots, beside the main lane's static checks, Debian boots and
# strict cases; each emulated PC keeps about one CPU busy. Its results
# come at the end. HDA_WDM_PARALLEL=0 runs it in line instead, after the
# main lane's codec pass boots.
bg_pid="" bg_log="$HDA_WDM_OUT/vm/background.log"
rm -rf "$HDA_WDM_OUT/vm/initrds.done" "$HDA_WDM_OUT/vm/claims" "$sc_out" "$sc_out.rc"
mkdir -p "$HDA_WDM_OUT/vm/claims"
for line in $debian_lines; do
	rm -f "$HDA_WDM_OUT/vm/${ABI[$line]}/"*-reference.{rc,time} \
		"$HDA_WDM_OUT/vm/${ABI[$line]}/strict-early-ioc".{rc,time}
done
for line in $shared_lines; do
	for variant in $VARIANTS; do
		rm -f "$HDA_WDM_OUT/vm/${ABI[$line]}/$variant".{rc,time}
	done
done
# the shared queue's reference programs (those TESTS names; all when it
# is empty) and strict-case lines (STRICT_CASES_LINES, default 6.12, when
# TESTS is empty or names hda_strict)
ref_progs=
for p in ${REFERENCE_PROGS//,/ }; do
	[ -z "$TESTS" ] || [[ ",$TESTS," == *",$p,"* ]] || continue
	ref_progs+=${ref_progs:+,}$p
done
# the early-IOC pair (5a): EARLY_IOC_LINES (default: the strict cases'
# 6.12), with the reference lane, when TESTS is empty or names the suite
early_lines=""
if [ "$REFERENCE" = 1 ] && { [ -z "$TESTS" ] || [[ ",$TESTS," == *",$REFERENCE_SUITE,"* ]]; }; then
	for line in ${EARLY_IOC_LINES-6.12}; do
		[[ " $debian_lines " == *" $line "* ]] && early_lines+=" $line"
	done
fi
sc_lines=""
if [ -z "$TESTS" ] || [[ ",$TESTS," == *",hda_strict,"* ]]; then
	for line in ${STRICT_CASES_LINES-6.12}; do
		[[ " $LINES " == *" $line "* ]] && sc_lines+=" $line"
	done
fi
background_lane() {
	local line variant
	for line in $debug_lines; do
		built "$line" || continue
		for variant in $DEBUG_VARIANTS; do
			rm -f "$HDA_WDM_OUT/vm/${ABI[$line]}/$variant".{rc,time}
			echo "# $line/$variant: boot"
			matrix_boot "$line" "$variant"
		done
	done
	shared_boots background
}
if [ "${HDA_WDM_PARALLEL:-1}" = 1 ]; then
	background_lane > "$bg_log" 2>&1 &
	bg_pid=$!
	echo "# the background lane (the debug line's boots, then the shared queue: the 7.x matrix, reference boots, strict cases, codec pass) runs beside the rest; its results come at the end"
fi
for line in $debian_lines; do
	build_line "$line"
done
codec_lists
touch "$HDA_WDM_OUT/vm/initrds.done"
echo "# builds done after $(elapsed)"
if [ "$STATIC" = 1 ]; then
	# the Debian lines only: the debug line builds the same sources
	# against the same kernel version (6.12) with the same compiler
	for line in $debian_lines; do
		sparse_line "$line"
	done
	echo "# sparse done after $(elapsed)"
fi

# 3. checkpatch
if [ "$STATIC" = 1 ]; then
	if make -s -C "$HDA_WDM_TOP" checkpatch 2>&1 | comment; then
		result ok "checkpatch --strict clean"
	else
		result fail "checkpatch --strict clean"
	fi
fi

# 3a. the documentation: Sphinx with the kernel's kernel-doc directive
if [ "$STATIC" = 1 ]; then
	if make -s -C "$HDA_WDM_TOP" htmldocs 2>&1 | comment; then
		result ok "htmldocs: Documentation/ builds without a warning"
	else
		result fail "htmldocs: Documentation/ builds without a warning"
	fi
fi

# 3b. packaging: make install / uninstall and DKMS, on the host against the
# first Debian kernel line's headers the host builds for (not 7.x: its
# build root's; selftests/packaging/packaging.sh)
if [ -z "$TESTS" ] || [[ ",$TESTS," == *",packaging,"* ]]; then
	for line in $LINES; do
		[[ "$line" == *-debug ]] && continue
		[ -n "$(line_root_suite "$line")" ] && continue
		start=$(date +%s)
		while IFS=$'\t' read -r kind desc; do
			result "$kind" "$desc"
		done < <("$HDA_WDM_TOP/selftests/packaging/packaging.sh" "${ABI[$line]}")
		echo "# packaging against ${ABI[$line]} took $(($(date +%s) - start))s"
		break
	done
fi

matrix_boot_results() {	# matrix_boot_results LINE VARIANT
	matrix_boot "$1" "$2"
	matrix_results "$1" "$2"
}
each_built matrix_boot_results "$main_lines" "$VARIANTS"

# then the shared queue (reference boots, strict cases, codec pass), with
# the background lane; then the results of the shared boots and of the
# background lane (with HDA_WDM_PARALLEL=0, its boots)
start=$(date +%s)
shared_boots main
echo "# main lane: shared boots took $(($(date +%s) - start))s"
if [ -n "$bg_pid" ]; then
	start=$(date +%s)
	wait "$bg_pid"
	echo "# waited $(($(date +%s) - start))s for the background lane"
else
	background_lane > "$bg_log" 2>&1
fi
comment < "$bg_log"
each_built matrix_results "$shared_lines" "$VARIANTS"
if [ "$REFERENCE" = 1 ] && [ -n "$ref_progs" ]; then
	each_built reference_results "$debian_lines" "$REFERENCE_VARIANTS"
fi
for line in $early_lines; do
	dir_results "$line/strict-early-ioc" "${ABI[$line]}" "$HDA_WDM_OUT/vm/${ABI[$line]}/strict-early-ioc"
	reference_results "$line" strict -early-ioc
done
[ -n "$sc_lines" ] && strict_cases_results
each_built matrix_results "$debug_lines" "$DEBUG_VARIANTS"
codec_results

echo "1..$n"
echo "# make check took $(elapsed)"
for f in "${xfailures[@]}"; do echo "# reference failed (XFAIL, not counted): $f"; done
for f in "${failures[@]}"; do echo "# failed: $f"; done
echo "# $xfailed reference failures (XFAIL, not counted)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
