# SPDX-License-Identifier: GPL-2.0-only
#
# bench.awk: make bench's table (selftests/vm/bench.sh). Reads the tap.log
# of the two bench boots (timer2500/, timer10000/), lines
#	alsa-bench rN WHO WHAT KEY VALUE
# (guest/bench.sh, pcmbench) and prints, per figure, the median of each
# driver's rounds, the median of the per-round ratios ours / snd-hda-intel
# with their spread, and the goal. Counts (overruns, lost frames) are
# summed over the rounds instead: a ratio of counts near zero means
# nothing. Writes "ID RATIO" lines to OUT and prints them beside those of
# PREV (the previous run), when there is one.

function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)	# insertion sort, a handful of values
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function get(b, r, who, fig) {
	return (b SUBSEP r SUBSEP who SUBSEP fig) in v ? v[b, r, who, fig] : ""
}

# paired(B, FIG): each driver's median over the rounds in MO and MR, the
# per-round ratios' median in MQ and their range in QLO, QHI; NQ rounds
function paired(b, fig,    r, o, x, no, nr, ao, ar, aq) {
	no = nr = NQ = 0
	QLO = QHI = ""
	for (r = 1; r <= maxr[b]; r++) {
		o = get(b, r, "ours", fig)
		x = get(b, r, "ref", fig)
		if (o != "")
			ao[++no] = o
		if (x != "")
			ar[++nr] = x
		if (o == "" || x == "" || x <= 0)
			continue
		aq[++NQ] = o / x
		if (QLO == "" || o / x < QLO)
			QLO = o / x
		if (QHI == "" || o / x > QHI)
			QHI = o / x
	}
	MO = no ? median(ao, no) : ""
	MR = nr ? median(ar, nr) : ""
	MQ = NQ ? median(aq, NQ) : ""
}

function total(b, who, fig,    r, s, n, x) {
	s = n = 0
	for (r = 1; r <= maxr[b]; r++) {
		x = get(b, r, who, fig)
		if (x == "")
			continue
		s += x
		n++
	}
	return n ? s : ""
}

# a paired figure: GOAL "le1" (ratio <= 1.00), "le1.1" or "" (none)
function row(id, name, b, fig, fmt, goal,    met, lim) {
	paired(b, fig)
	if (MO == "" || MR == "") {
		printf "%-50s %10s %10s %7s %13s  %s\n", name, MO == "" ? "?" : MO, MR == "" ? "?" : MR, "", "", "not measured"
		missing = 1
		return
	}
	if (!NQ) {	# snd-hda-intel's figure is 0 in every round: no ratio
		printf "%-50s %10" fmt " %10" fmt " %7s %13s  %s\n", name, MO, MR, "-", "", goal != "" ? "no ratio" : ""
		return
	}
	met = ""
	if (goal != "") {
		lim = substr(goal, 3) + 0
		met = MQ <= lim ? "met" : "NOT met"
		ratio[id] = MQ
		order[++nids] = id
	}
	printf "%-50s %10" fmt " %10" fmt " %7.2f %6.2f-%-6.2f  %s\n", name, MO, MR, MQ, QLO, QHI, met
}

# counts summed over the rounds; GOAL "le" (ours <= snd-hda-intel's),
# "zero" (ours 0) or ""
function count(name, b, fig, goal,    o, x, met) {
	o = total(b, "ours", fig)
	x = total(b, "ref", fig)
	if (o == "" || x == "") {
		printf "%-50s %10s %10s %7s %13s  %s\n", name, o == "" ? "?" : o, x == "" ? "?" : x, "", "", "not measured"
		missing = 1
		return
	}
	met = ""
	if (goal == "le")
		met = o <= x ? "met" : "NOT met"
	else if (goal == "zero")
		met = o == 0 ? "met" : "NOT met"
	printf "%-50s %10d %10d %7s %13s  %s\n", name, o, x, "", "", met
}

# overruns plus breaks in the signal without one, each driver: every
# loss the reader met, reported or not (no goal: testing.rst, "Benchmarks")
function losses(name, b, p,    o, x) {
	o = sum2(total(b, "ours", "xrun" p " xruns"), total(b, "ours", "xrun" p " breaks"))
	x = sum2(total(b, "ref", "xrun" p " xruns"), total(b, "ref", "xrun" p " breaks"))
	printf "%-50s %10s %10s\n", name, o, x
}

# the sum of two counts, "?" when either was not measured
function sum2(a, b) {
	return a == "" || b == "" ? "?" : a + b
}

FNR == 1 { b = FILENAME ~ /timer10000/ ? 10000 : 2500 }
$1 == "alsa-bench" && NF == 6 && $2 ~ /^r[0-9]+$/ && $5 !~ /:$/ {
	r = substr($2, 2) + 0
	v[b, r, $3, $4 " " $5] = $6
	if (r > maxr[b])
		maxr[b] = r
}

END {
	printf "ALSA capture and playback: ours (snd-hda-wdm-alsa) and snd-hda-intel in one boot, taking turns on one controller (%s/%s, %s)\n", line, variant, abi
	printf "hw:<card>,0 = codec 0, S16_LE 48 kHz 2 ch; the interrupt and the reader on CPU 0\n"
	printf "%s short rounds (latency, CPU, playback 256 x 4), %s long rounds (overruns, playback 64 x 4)\n",
		get(2500, 0, "any", "rounds short"), get(2500, 0, "any", "rounds long")
	printf "ours, snd-hda-intel: the median of the rounds; ratio: the median of the per-round ratios ours / snd-hda-intel, then their range\n\n"
	printf "audio timer 2500 us (the emulated codec moves 2.5 ms chunks):\n"
	printf "%-50s %10s %10s %7s %13s  %s\n", "figure", "ours", "hda-intel", "ratio", "range", "goal"
	row("latency_median", "wakeup latency, median (us), 256 x 4", 2500, "latency latency_median_us", ".1f", "le1")
	row("latency_p99", "wakeup latency, 99th percentile (us)", 2500, "latency latency_p99_us", ".1f", "le1")
	row("cpu", "CPU per s of capture (ms/s), 256 x 4", 2500, "cpu cpu_ms_per_s", ".3f", "le1")
	for (p = 1; p <= 64; p++) {
		if (total(2500, "ours", "xrun" p " xruns") == "")
			continue
		count(sprintf("64 x %d: overruns", p), 2500, "xrun" p " xruns", "le")
		count(sprintf("64 x %d: frames lost without an overrun", p), 2500, "xrun" p " lost_silent", "zero")
		losses(sprintf("64 x %d: losses, overruns + breaks without one", p), 2500, p)
	}
	row("play_cpu", "CPU per s of playback (ms/s), 256 x 4", 2500, "play cpu_ms_per_s", ".3f", "le1")
	count("playback 256 x 4: underruns", 2500, "play xruns", "le")
	count("playback 64 x 4: underruns", 2500, "play64 xruns", "le")

	printf "\nalongside (no goal):\n"
	row("", "probe, insmod to card (us)", 2500, "probe probe_us", ".0f", "")
	row("", "probe, sysfs bind to card (us)", 2500, "bind bind_us", ".0f", "")
	row("", "latency: max (us)", 2500, "latency latency_max_us", ".1f", "")
	row("", "latency: mean (us)", 2500, "latency latency_mean_us", ".1f", "")
	row("", "latency: reads measured", 2500, "latency latency_n", ".0f", "")
	row("", "latency: reads already complete", 2500, "latency ready", ".0f", "")
	row("", "latency: controller interrupts", 2500, "latency irqs", ".0f", "")
	row("", "CPU: the reading thread (ms/s)", 2500, "cpu cpu_thread_ms_per_s", ".3f", "")
	row("", "CPU: the interrupt handler (ms/s)", 2500, "cpu cpu_irq_ms_per_s", ".3f", "")
	row("", "CPU: the process, getrusage (ms/s)", 2500, "cpu cpu_proc_ms_per_s", ".3f", "")
	row("", "CPU: the machine, /proc/stat ticks (ms/s)", 2500, "cpu cpu_sys_ms_per_s", ".1f", "")
	row("", "playback CPU: the writing thread (ms/s)", 2500, "play cpu_thread_ms_per_s", ".3f", "")
	row("", "playback CPU: the interrupt handler (ms/s)", 2500, "play cpu_irq_ms_per_s", ".3f", "")
	row("", "playback: controller interrupts", 2500, "play irqs", ".0f", "")
	row("", "playback 64 x 4: CPU per s (ms/s)", 2500, "play64 cpu_ms_per_s", ".3f", "")
	count("playback: stuck streams (no period in 10 s)", 2500, "play stalls", "")
	if (get(2500, 0, "any", "idle cpu_sys_ms_per_s") != "")
		printf "%-50s %10.1f\n", "CPU: the machine at idle (ms/s)", get(2500, 0, "any", "idle cpu_sys_ms_per_s")
	for (i = 0; i < 2; i++) {
		b = i ? 10000 : 2500
		if (b == 10000)
			printf "\naudio timer 10000 us (the test bed's setting: 10 ms chunks):\n"
		for (p = 1; p <= 64; p++) {
			if (total(b, "ours", "xrun" p " xruns") == "")
				continue
			if (b == 10000) {
				count(sprintf("64 x %d: overruns", p), b, "xrun" p " xruns", "")
				count(sprintf("64 x %d: frames lost without an overrun", p), b, "xrun" p " lost_silent", "")
			}
			count(sprintf("64 x %d: overruns before a start's first period", p), b, "xrun" p " xruns_first", "")
			count(sprintf("64 x %d: signal frames lost, overrun or not", p), b, "xrun" p " lost", "")
			count(sprintf("64 x %d: breaks in the signal without an overrun", p), b, "xrun" p " breaks", "")
			count(sprintf("64 x %d: frames lost in a read the next overrun ended", p), b, "xrun" p " lost_xrun_next", "")
			count(sprintf("64 x %d: stuck streams (no period in 10 s)", p), b, "xrun" p " stalls", "")
			row("", sprintf("64 x %d: CPU per s (ms/s)", p), b, "xrun" p " cpu_ms_per_s", ".3f", "")
		}
	}
	if (maxr[10000] == 0) {
		printf "(not measured)\n"
		missing = 1
	}

	# this run's ratios beside the previous run's
	for (i = 1; i <= nids; i++)
		printf "%s %.4f\n", order[i], ratio[order[i]] > out
	close(out)
	np = 0
	while ((getline l < prev) > 0) {
		split(l, f, " ")
		pr[f[1]] = f[2]
		np++
	}
	if (np) {
		printf "\nthe ratios with a goal, this run and the previous one (%s):\n", prev
		for (i = 1; i <= nids; i++) {
			id = order[i]
			if (!(id in pr) || pr[id] <= 0) {
				printf "  %-16s %6.2f %8s\n", id, ratio[id], "-"
				continue
			}
			d = ratio[id] / pr[id] - 1
			printf "  %-16s %6.2f %6.2f  %+6.1f %%  %s\n", id, ratio[id], pr[id], 100 * d,
				(d <= 0.10 && d >= -0.10) ? "within 10 %" : "NOT within 10 %"
		}
	}
	exit missing
}
