#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench.sh LINE VARIANT: make bench. Builds for one kernel line and boots
# the emulated PC twice in bench mode (guest/bench.sh): once with our
# drivers (the wdmdma benchmark, then the ALSA capture figures of our card)
# and once with Linux's snd-hda-intel (the same ALSA figures of its card).
# Prints the wdmdma benchmark, then the ALSA figures side by side with the
# ratio ours / snd-hda-intel and whether the goal, no worse than
# snd-hda-intel, is met for each. The figures do not fail the run; a boot
# that fails or a figure that could not be measured does.
# HDA_WDM_BENCH_APPEND adds kernel command line words to both boots (the
# knobs of guest/bench.sh, e.g. hdawdm.bench_count=5000).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

line=$1 variant=$2
abi=$(kernel_abi "$line")
[ -n "$abi" ] || die "no kernel for line $line"
initrd="$HDA_WDM_OUT/initrd-$abi.gz"
top="$HDA_WDM_OUT/bench/$abi/$variant"

"$HDA_WDM_TOP/selftests/vm/build.sh" "$abi" W=1 | grep -E 'warning|error' >&2
[ -f "$HDA_WDM_OUT/build/$abi/snd-hda-wdm.ko" ] || die "build failed"
"$HDA_WDM_TOP/selftests/vm/initramfs.sh" "$abi" "$HDA_WDM_OUT/build/$abi" "$initrd" ||
	die "initramfs failed"

status=0
for who in ours reference; do
	drv=snd_hda_wdm
	[ "$who" = reference ] && drv=snd_hda_intel
	log "$line/$variant ($abi): bench boot with $drv"
	HDA_WDM_DRIVER=$drv HDA_WDM_APPEND="${HDA_WDM_BENCH_APPEND:-} ${HDA_WDM_APPEND:-}" \
		"$HDA_WDM_TOP/selftests/vm/boot.sh" "$abi" "$variant" bench "$initrd" "$top/$who" ||
		status=1
	if grep '^alsa-bench error' "$top/$who/tap.log" >&2 ||
	   ! grep -q '^alsa-bench done' "$top/$who/tap.log"; then
		log "$who: the ALSA figures are incomplete (see $top/$who/tap.log)"
		status=1
	fi
done

echo "wdmdma benchmark ($line/$variant, $abi):"
grep -v '^alsa-bench ' "$top/ours/tap.log"
echo

# The ALSA figures: "alsa-bench WHAT KEY VALUE" lines of each boot.
awk -v line="$line" -v variant="$variant" -v abi="$abi" '
function get(w, k) { return (w SUBSEP k) in v ? v[w, k] : "" }
function share(w, k) {
	return get(w, k " frames_expected") > 0 ? 100 * get(w, k " frames") / get(w, k " frames_expected") : ""
}
function median(w, what, key,    n, i, j, t, a) {
	n = 0
	for (i = 1; i <= cnt[w, what, key]; i++)
		a[++n] = list[w, what, key, i]
	if (!n)
		return ""
	for (i = 2; i <= n; i++)	# insertion sort, a handful of values
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function row(name, o, r, fmt, goal,    ratio, met) {
	if (o == "" || r == "") {
		printf "%-52s %12s %14s %8s  %s\n", name, o == "" ? "?" : o, r == "" ? "?" : r, "", "not measured"
		missing = 1
		return
	}
	if (fmt == "s")
		ratio = ""
	else
		ratio = r > 0 ? sprintf("%.2f", o / r) : (o > 0 ? "inf" : "-")
	if (goal)
		met = o <= r ? "met" : "NOT met"
	printf "%-52s %12" fmt " %14" fmt " %8s  %s\n", name, o, r, ratio, met
}
FNR == 1 { w = (FILENAME ~ /\/reference\//) ? "ref" : "ours" }
$1 == "alsa-bench" && NF >= 4 && $3 !~ /:$/ {
	v[w, $2 " " $3] = $4
	cnt[w, $2, $3]++
	list[w, $2, $3, cnt[w, $2, $3]] = $4
}
END {
	printf "ALSA capture, ours (snd-hda-wdm-alsa) beside snd-hda-intel, one boot each (%s/%s, %s)\n", line, variant, abi
	printf "hw:<card>,0 = codec 0, S16_LE 48 kHz 2 ch; goal: ours no worse than snd-hda-intel (ours <= reference)\n\n"
	printf "%-52s %12s %14s %8s  %s\n", "figure", "ours", "snd-hda-intel", "ratio", "goal"
	for (i = 0; i < 2; i++) {
		x = i ? "ref" : "ours"
		lat_n[x] = get(x, "latency latency_n")
		per[x] = get(x, "latency period") "x" get(x, "latency periods")
	}
	row(sprintf("wakeup latency, median (us), %s periods", per["ours"]), \
	    get("ours", "latency latency_median_us"), get("ref", "latency latency_median_us"), ".0f", 1)
	row("wakeup latency, 99th percentile (us)", \
	    get("ours", "latency latency_p99_us"), get("ref", "latency latency_p99_us"), ".0f", 1)
	for (i = 0; i < 2; i++) {
		x = i ? "ref" : "ours"
		c = get(x, "cpu cpu_sys_ms_per_s"); b = get(x, "idle cpu_sys_ms_per_s")
		above[x] = (c == "" || b == "") ? "" : c - b
	}
	row("CPU per s of capture, machine above idle (ms/s)", above["ours"], above["ref"], ".1f", 1)
	row("CPU per s of capture, the reading process (ms/s)", \
	    get("ours", "cpu cpu_proc_ms_per_s"), get("ref", "cpu cpu_proc_ms_per_s"), ".1f", 1)
	for (p = 1; p <= 64; p++) {
		k = "xrun" p
		if (get("ours", k " xruns") == "" && get("ref", k " xruns") == "")
			continue
		row(sprintf("xruns in %.0f s, 64-frame periods x%d", get("ours", k " seconds"), p), \
		    get("ours", k " xruns"), get("ref", k " xruns"), "d", 1)
	}
	row(sprintf("probe, insmod to card (ms, median of %d)", cnt["ours", "probe", "probe_us"]), \
	    median("ours", "probe", "probe_us") / 1000, median("ref", "probe", "probe_us") / 1000, ".1f", 1)
	row(sprintf("probe, sysfs bind to card (ms, median of %d)", cnt["ours", "bind", "bind_us"]), \
	    median("ours", "bind", "bind_us") / 1000, median("ref", "bind", "bind_us") / 1000, ".1f", 1)

	printf "\nalongside (no goal):\n"
	row("latency: reads measured / already complete", \
	    lat_n["ours"] "/" get("ours", "latency ready"), lat_n["ref"] "/" get("ref", "latency ready"), "s", 0)
	row("latency: controller interrupts / reads", \
	    get("ours", "latency irqs") "/" get("ours", "latency reads"), \
	    get("ref", "latency irqs") "/" get("ref", "latency reads"), "s", 0)
	row("latency: max (us)", get("ours", "latency latency_max_us"), get("ref", "latency latency_max_us"), ".0f", 0)
	row("CPU: machine at idle (ms/s)", get("ours", "idle cpu_sys_ms_per_s"), get("ref", "idle cpu_sys_ms_per_s"), ".1f", 0)
	for (p = 1; p <= 64; p++) {
		k = "xrun" p
		if (get("ours", k " xruns") == "")
			continue
		row(sprintf("64x%d: frames captured, %% of the time", p), \
		    share("ours", k), share("ref", k), ".1f", 0)
		row(sprintf("64x%d: stuck streams (no period in 10 s)", p), \
		    get("ours", k " stalls"), get("ref", k " stalls"), "d", 0)
		row(sprintf("64x%d: lost/repeated frames without an xrun", p), \
		    get("ours", k " breaks"), get("ref", k " breaks"), "d", 0)
		row(sprintf("64x%d: xruns before the first period of a start", p), \
		    get("ours", k " xruns_first"), get("ref", k " xruns_first"), "d", 0)
		row(sprintf("64x%d: signal frames lost, xrun or not", p), \
		    get("ours", k " lost"), get("ref", k " lost"), "d", 0)
		row(sprintf("64x%d: ... of them without an xrun", p), \
		    get("ours", k " lost_silent"), get("ref", k " lost_silent"), "d", 0)
		row(sprintf("64x%d: CPU, machine (ms/s)", p), \
		    get("ours", k " cpu_sys_ms_per_s"), get("ref", k " cpu_sys_ms_per_s"), ".1f", 0)
	}
	row("stream rate during the latency run (Hz)", get("ours", "latency stream_rate"), get("ref", "latency stream_rate"), "d", 0)
	exit missing
}' "$top/ours/tap.log" "$top/reference/tap.log" || status=1
echo
echo "how: selftests/tools/pcmbench.c (definitions), selftests/vm/guest/bench.sh; logs in $top"
exit $status
