// SPDX-License-Identifier: GPL-2.0-only
/*
 * pcmbench - capture figures of an ALSA card, for comparing two drivers of
 * the same controller (make bench: ours and snd-hda-intel).
 *
 * usage:
 *   pcmbench probe DRIVER MODULE.ko...
 *	finit_module() each module in turn and wait until a card whose driver
 *	name (/proc/asound/cards) is DRIVER has its capture node
 *	/dev/snd/pcmC<n>D0c. Prints probe_us: the time from the first
 *	finit_module() to the node's appearance (1 ms polling).
 *   pcmbench bind DRIVER PCI-DRIVER-DIR BDF
 *	the same from a sysfs bind, modules already loaded: unbind BDF, wait
 *	until the card is gone, then time the bind. Prints bind_us.
 *   pcmbench idle SECONDS
 *	the machine's busy time while nothing captures (the baseline).
 *   pcmbench latency DRIVER BDF PERIOD PERIODS COUNT
 *	COUNT periods of PERIOD frames from hw:<card>,0 (S16_LE, 48 kHz, 2 ch,
 *	a buffer of PERIODS periods), one blocking snd_pcm_readi() of one
 *	period at a time. Prints the wakeup latency (below), xruns, and the
 *	interrupts of the controller (PCI device BDF) during the run.
 *   pcmbench capture DRIVER BDF PERIOD PERIODS SECONDS
 *	capture SECONDS of guest time as plainly as arecord does (blocking
 *	reads of a period) and print the CPU time it took and the overruns
 *	(each is recovered with snd_pcm_prepare() and a new start); a stream
 *	that delivers no period for ALSA's 10 s (-EIO) is restarted the same
 *	way, up to MAX_STALLS times, and counted as "stalls". Also counted:
 *	the overruns that came before the first period of a start
 *	("xruns_first"), and the frames of the signal lost (below). With
 *	PCMBENCH_BREAKS=1 in the environment, each break (below) is printed
 *	on stderr with its time (CLOCK_MONOTONIC, the trace clock "mono"),
 *	to be matched with a trace of the driver.
 *   pcmbench play DRIVER BDF PERIOD PERIODS SECONDS
 *	play SECONDS of silence to hw:<card>,0 as plainly as aplay does
 *	(blocking writes of a period; the stream starts once the buffer is
 *	full) and print the CPU time it took (as for capture) and the
 *	underruns (each recovered with snd_pcm_prepare(), the buffer filled
 *	again); a stream that takes no period for ALSA's 10 s (-EIO) is
 *	restarted, up to MAX_STALLS times, and counted as "stalls".
 *
 * Output: "key value" lines on stdout, meant to be collected by a script.
 * The exit status is 0 when the figures could be measured, whatever they
 * are, and 1 when they could not (no card, no such format, I/O errors).
 * Both capture commands check the right channel of the test signal, a
 * frame counter (siggen), and print as "breaks" the jumps in it that no
 * overrun explains: lost or repeated frames; capture also prints the
 * frames of the signal lost, reported by an overrun or not.
 *
 * Wakeup latency. The period boundary is the controller's interrupt for
 * that period (IOC at the end of its BDL entry) as the CPU takes it: the
 * kernel's irq:irq_handler_entry trace event for the controller's line,
 * stamped with the trace clock "mono" (CLOCK_MONOTONIC). Reading starts
 * with snd_pcm_avail() (a hardware pointer update); when less than a
 * period is there, the read has to wait, and the first interrupt after
 * that point is the one that completes the period it waits for. Its
 * latency is from that interrupt's entry to snd_pcm_readi()'s return
 * (CLOCK_MONOTONIC): the driver's handler, snd_pcm_period_elapsed(), the
 * scheduler's wakeup, the copy and the return to user space.
 * Left out, and counted: reads that found their period already complete
 * ("ready": the reader had fallen behind; the read that fell behind is in
 * the figures with its whole latency), and reads that returned before any
 * interrupt ("no_irq": the pointer showed the period complete before the
 * interrupt came). An interrupt that is not a period's would be taken for
 * one; "irqs" against "reads" shows whether there were any.
 * Not seen: the time from the emulated controller raising the interrupt
 * to the CPU taking it (QEMU's own, the same for both drivers).
 * Not used: the trigger timestamp plus n periods at 48 kHz. QEMU's codec
 * delivers at the pace of its audio backend's timer, which lags under
 * load, so that timeline drifts by up to tens of ms per second (the run
 * prints the stream's rate as it was, stream_rate).
 *
 * CPU time, per second of capture, three ways:
 * - "cpu_ms_per_s", the figure make bench compares: what the capture
 *   costs, exactly. The reading thread's CPU time (CLOCK_THREAD_CPUTIME_ID,
 *   the scheduler's runtime in ns: the system calls, the wakeups, the
 *   copies) plus the time the controller's interrupt handler ran (its
 *   irq:irq_handler_entry to irq_handler_exit, trace clock "mono", 1 us
 *   per stamp, rounding errors that cancel over thousands of interrupts).
 *   Both drivers do all of a period's work in those two places: the
 *   handler calls snd_pcm_period_elapsed() itself, which wakes the reader;
 *   no thread, work item or softirq of theirs runs for a capture. Printed
 *   apart as cpu_thread_ms_per_s and cpu_irq_ms_per_s.
 * - cpu_proc_ms_per_s: getrusage's user + system (the same runtime, for
 *   the whole process).
 * - cpu_sys_ms_per_s: the whole machine's busy time, the online CPUs
 *   times the time elapsed minus the idle and iowait of /proc/stat. It
 *   sees everything (whatever else the machine does too: measure "idle"
 *   for the baseline), but /proc/stat counts in USER_HZ ticks: 10 ms per
 *   CPU at each end, as much as the whole figure over a 20 s run.
 */
#define _GNU_SOURCE
#include <alsa/asoundlib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define RATE		48000
#define CHANNELS	2
#define FRAME_BYTES	4
#define WARMUP		16	/* periods left out of the latency figures */
#define CARD_TIMEOUT_MS	60000
#define MAX_STALLS	3	/* stuck streams restarted before giving up */
#define TRACING		"/sys/kernel/tracing"
#define TRACING_DEBUGFS	"/sys/kernel/debug/tracing"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double ts_us(const snd_htimestamp_t *ts)
{
	return ts->tv_sec * 1e6 + ts->tv_nsec / 1e3;
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* the number of the card whose driver is DRIVER, or -1 */
static int find_card(const char *driver)
{
	char line[256], drv[64];
	int n, card = -1;
	FILE *f = fopen("/proc/asound/cards", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%d [%*[^]]]: %63s - ", &n, drv) == 2 &&
		    !strcmp(drv, driver)) {
			card = n;
			break;
		}
	}
	fclose(f);
	return card;
}

/* the card DRIVER with its capture device 0 in /dev/snd, or -1 */
static int card_ready(const char *driver)
{
	char node[64];
	int card = find_card(driver);

	if (card < 0)
		return -1;
	snprintf(node, sizeof(node), "/dev/snd/pcmC%dD0c", card);
	return access(node, F_OK) ? -1 : card;
}

/* poll every millisecond until the card is ready (or gone); its number */
static int wait_card(const char *driver, int present)
{
	double end = now_us() + CARD_TIMEOUT_MS * 1e3;
	int card;

	for (;;) {
		card = card_ready(driver);
		if (present ? card >= 0 : find_card(driver) < 0)
			return present ? card : 0;
		if (now_us() > end)
			return -1;
		sleep_us(1000);
	}
}

static int cmd_probe(const char *driver, int nmod, char **mods)
{
	double t0;
	int i, fd, card;

	if (find_card(driver) >= 0) {
		fprintf(stderr, "pcmbench: a %s card exists before the probe\n", driver);
		return 1;
	}
	t0 = now_us();
	for (i = 0; i < nmod; i++) {
		fd = open(mods[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
			fprintf(stderr, "pcmbench: load %s: %s\n", mods[i], strerror(errno));
			return 1;
		}
		close(fd);
	}
	card = wait_card(driver, 1);
	if (card < 0) {
		fprintf(stderr, "pcmbench: no %s card with a capture device 0 after %d ms\n",
			driver, CARD_TIMEOUT_MS);
		return 1;
	}
	printf("probe_us %.0f\ncard %d\n", now_us() - t0, card);
	return 0;
}

static int write_str(const char *dir, const char *file, const char *s)
{
	char path[512];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
		fprintf(stderr, "pcmbench: write %s to %s: %s\n", s, path, strerror(errno));
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

static int cmd_bind(const char *driver, const char *pcidrv, const char *bdf)
{
	double t0;
	int card;

	if (write_str(pcidrv, "unbind", bdf) || wait_card(driver, 0) < 0) {
		fprintf(stderr, "pcmbench: the %s card did not go away\n", driver);
		return 1;
	}
	t0 = now_us();
	if (write_str(pcidrv, "bind", bdf))
		return 1;
	card = wait_card(driver, 1);
	if (card < 0) {
		fprintf(stderr, "pcmbench: no %s card after the bind\n", driver);
		return 1;
	}
	printf("bind_us %.0f\n", now_us() - t0);
	return 0;
}

/* ---- CPU time ------------------------------------------------------------ */

struct cpu_snap {
	double wall_us;
	double proc_us;		/* this process, user + system */
	double thread_us;	/* this thread, CLOCK_THREAD_CPUTIME_ID */
	double idle_ticks;	/* all CPUs, idle + iowait, /proc/stat */
};

static void cpu_snap(struct cpu_snap *s)
{
	unsigned long long v[5] = { 0 };
	struct timespec ts;
	struct rusage ru;
	FILE *f;

	s->wall_us = now_us();
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	s->thread_us = ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
	getrusage(RUSAGE_SELF, &ru);
	s->proc_us = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec +
		     ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
	s->idle_ticks = 0;
	f = fopen("/proc/stat", "r");
	if (!f)
		return;
	/* user nice system idle iowait ...: idle and iowait come from the
	 * nohz idle clock; the busy fields are sampled at the tick and miss
	 * the short bursts of a periodic wakeup, so busy is what is not idle
	 */
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		   &v[3], &v[4]) == 5)
		s->idle_ticks = v[3] + v[4];
	fclose(f);
}

/* IRQ_US < 0: the interrupt handler's time is not known */
static void cpu_print(const struct cpu_snap *a, const struct cpu_snap *b, double irq_us)
{
	double secs = (b->wall_us - a->wall_us) / 1e6;
	double tick_ms = 1000.0 / sysconf(_SC_CLK_TCK);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double thread_ms = (b->thread_us - a->thread_us) / 1e3;

	printf("seconds %.3f\ncpus %ld\n", secs, ncpu);
	printf("cpu_thread_ms_per_s %.4f\n", thread_ms / secs);
	if (irq_us >= 0) {
		printf("cpu_irq_ms_per_s %.4f\n", irq_us / 1e3 / secs);
		printf("cpu_ms_per_s %.4f\n", (thread_ms + irq_us / 1e3) / secs);
	}
	printf("cpu_proc_ms_per_s %.3f\n", (b->proc_us - a->proc_us) / 1e3 / secs);
	printf("cpu_sys_ms_per_s %.3f\n",
	       (secs * 1e3 * ncpu - (b->idle_ticks - a->idle_ticks) * tick_ms) / secs);
}

static int cmd_idle(double secs)
{
	struct cpu_snap a, b;

	cpu_snap(&a);
	sleep_us((long)(secs * 1e6));
	cpu_snap(&b);
	cpu_print(&a, &b, -1);
	return 0;
}

/* ---- interrupt entries from the trace buffer ------------------------------ */

static const char *tracing_dir(void)
{
	return access(TRACING "/trace", F_OK) ? TRACING_DEBUGFS : TRACING;
}

/* the controller's interrupt line: for MSI the first vector's (sysfs) */
static int pci_irq(const char *bdf)
{
	char path[256];
	int irq = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/irq", bdf);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &irq) != 1)
		irq = -1;
	if (f)
		fclose(f);
	return irq;
}

static const char *const irq_events[] = {
	"events/irq/irq_handler_entry", "events/irq/irq_handler_exit",
};

/* whether trace_start() enabled the events, which trace_stop() undoes */
static int events_enabled_here;

static int read_char(const char *dir, const char *file)
{
	char path[512], c = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c;
}

/*
 * Enabling an event patches the kernel's text (a static key), and under
 * QEMU's multi-threaded TCG a vCPU now and then runs the old text after
 * the patch and dies of the int3 the patching left there: a caller that
 * runs pcmbench many times in one boot enables the two events once
 * beforehand (guest/bench.sh), and pcmbench then leaves them as they are,
 * changing only their filter and tracing_on.
 */
static int trace_start(int irq)
{
	const char *d = tracing_dir();
	char filter[32], path[256];
	unsigned int i;
	int fd;

	snprintf(filter, sizeof(filter), "irq == %d", irq);
	if (write_str(d, "tracing_on", "0") ||
	    write_str(d, "trace_clock", "mono") ||
	    write_str(d, "buffer_size_kb", "8192"))
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/filter", irq_events[i]);
		if (write_str(d, path, filter))
			return -1;
		snprintf(path, sizeof(path), "%s/enable", irq_events[i]);
		if (read_char(d, path) == '1')
			continue;
		if (write_str(d, path, "1"))
			return -1;
		events_enabled_here = 1;
	}
	/* opening "trace" for writing with O_TRUNC empties the buffer */
	snprintf(path, sizeof(path), "%s/trace", d);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "pcmbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	close(fd);
	return write_str(d, "tracing_on", "1");
}

/* trace the interrupt of the controller at @bdf; prints its number */
static int trace_controller(const char *bdf)
{
	int irq = pci_irq(bdf);

	if (irq <= 0 || trace_start(irq)) {
		fprintf(stderr, "pcmbench: cannot trace the interrupt of %s (%d)\n", bdf, irq);
		return -1;
	}
	printf("irq %d\n", irq);
	return 0;
}

/*
 * The controller's interrupts as traced: entry[i] and exit[i] in µs,
 * ascending. One line's handler never runs on two CPUs at once, so each
 * entry's exit is the next exit in the (time-ordered) trace; an entry
 * whose exit was not recorded ends where it began.
 */
struct irq_trace {
	double *entry, *exit;
	long n;
	long lost;		/* trace events lost (the buffer overflowed) */
};

static int trace_stop(struct irq_trace *t)
{
	const char *d = tracing_dir();
	char path[256], line[512], *p;
	size_t cap = 4096;
	int is_exit, open_entry = 0;
	double sec;
	unsigned int i;
	FILE *f;

	write_str(d, "tracing_on", "0");
	for (i = 0; events_enabled_here && i < 2; i++) {
		snprintf(path, sizeof(path), "%s/enable", irq_events[i]);
		write_str(d, path, "0");
	}
	t->n = 0;
	t->lost = 0;
	t->entry = malloc(cap * sizeof(double));
	t->exit = malloc(cap * sizeof(double));
	snprintf(path, sizeof(path), "%s/trace", d);
	f = fopen(path, "r");
	if (!f || !t->entry || !t->exit) {
		fprintf(stderr, "pcmbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		/* "  <idle>-0  [001] d.h1.  123.456789: irq_handler_entry: ..." */
		if (line[0] == '#' || strstr(line, "LOST") || strstr(line, "CPU:")) {
			if (strstr(line, "LOST"))
				t->lost++;
			continue;
		}
		p = strstr(line, ": irq_handler_entry:");
		is_exit = 0;
		if (!p) {
			p = strstr(line, ": irq_handler_exit:");
			is_exit = 1;
		}
		if (!p)
			continue;
		*p = 0;
		p = strrchr(line, ' ');
		if (!p || sscanf(p, "%lf", &sec) != 1)
			continue;
		if (is_exit) {
			if (open_entry)
				t->exit[t->n - 1] = sec * 1e6;
			open_entry = 0;
			continue;
		}
		if ((size_t)t->n == cap) {
			cap *= 2;
			t->entry = realloc(t->entry, cap * sizeof(double));
			t->exit = realloc(t->exit, cap * sizeof(double));
			if (!t->entry || !t->exit)
				return -1;
		}
		t->entry[t->n] = sec * 1e6;
		t->exit[t->n++] = sec * 1e6;
		open_entry = 1;
	}
	fclose(f);
	return 0;
}

static void trace_free(struct irq_trace *t)
{
	free(t->entry);
	free(t->exit);
}

/* the index of the last entry at or before t, or -1 */
static long entry_before(const double *e, long n, double t)
{
	long lo = 0, hi = n;

	while (lo < hi) {
		long mid = (lo + hi) / 2;

		if (e[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* the number of interrupts that entered in (T0, T1] */
static long irq_count(const struct irq_trace *t, double t0, double t1)
{
	return entry_before(t->entry, t->n, t1) - entry_before(t->entry, t->n, t0);
}

/* the handler's time (µs) of the interrupts that entered in [T0, T1] */
static double irq_time(const struct irq_trace *t, double t0, double t1)
{
	long i = entry_before(t->entry, t->n, t0) + 1;
	double sum = 0;

	for (; i < t->n && t->entry[i] <= t1; i++)
		sum += t->exit[i] - t->entry[i];
	return sum;
}

/* ---- capture --------------------------------------------------------------- */

/*
 * hw:<card>,0 in DIR, S16_LE 48 kHz stereo, PERIODS periods of PERIOD
 * frames, woken once per period. A capture is started by hand (start(),
 * for its trigger timestamp); a playback starts once its buffer is full.
 */
static snd_pcm_t *open_pcm(const char *driver, snd_pcm_stream_t dir,
			   unsigned int period, unsigned int periods)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_uframes_t size = period;
	snd_pcm_t *pcm;
	unsigned int rate = RATE, n = periods;
	char name[32];
	int card, err;

	card = card_ready(driver);
	if (card < 0) {
		fprintf(stderr, "pcmbench: no %s card\n", driver);
		return NULL;
	}
	snprintf(name, sizeof(name), "hw:%d,0", card);
	err = snd_pcm_open(&pcm, name, dir, 0);
	if (err) {
		fprintf(stderr, "pcmbench: open %s: %s\n", name, snd_strerror(err));
		return NULL;
	}
	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	err = snd_pcm_hw_params_any(pcm, hw);
	if (err >= 0)
		err = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED);
	if (err >= 0)
		err = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE);
	if (err >= 0)
		err = snd_pcm_hw_params_set_channels(pcm, hw, CHANNELS);
	if (err >= 0)
		err = snd_pcm_hw_params_set_rate(pcm, hw, rate, 0);
	if (err >= 0)
		err = snd_pcm_hw_params_set_period_size(pcm, hw, size, 0);
	if (err >= 0)
		err = snd_pcm_hw_params_set_periods(pcm, hw, n, 0);
	if (err >= 0)
		err = snd_pcm_hw_params(pcm, hw);
	if (err < 0) {
		fprintf(stderr, "pcmbench: %s: no S16_LE %u Hz x%u, %u periods of %u frames: %s\n",
			name, RATE, CHANNELS, periods, period, snd_strerror(err));
		goto fail;
	}
	err = snd_pcm_sw_params_current(pcm, sw);
	if (err >= 0)
		err = snd_pcm_sw_params_set_avail_min(pcm, sw, period);
	if (err >= 0)
		err = snd_pcm_sw_params_set_start_threshold(pcm, sw,
							    dir == SND_PCM_STREAM_CAPTURE ?
							    (snd_pcm_uframes_t)-1 / 2 :
							    (snd_pcm_uframes_t)period * periods);
	if (err >= 0)
		err = snd_pcm_sw_params_set_tstamp_mode(pcm, sw, SND_PCM_TSTAMP_ENABLE);
	if (err >= 0)
		err = snd_pcm_sw_params_set_tstamp_type(pcm, sw, SND_PCM_TSTAMP_TYPE_MONOTONIC);
	if (err >= 0)
		err = snd_pcm_sw_params(pcm, sw);
	if (err < 0) {
		fprintf(stderr, "pcmbench: %s: sw params: %s\n", name, snd_strerror(err));
		goto fail;
	}
	printf("pcm %s\n", name);
	return pcm;
fail:
	snd_pcm_close(pcm);
	return NULL;
}

/* prepare and start; the trigger timestamp in *trigger */
static int start(snd_pcm_t *pcm, double *trigger)
{
	snd_pcm_status_t *st;
	snd_htimestamp_t ts;
	int err;

	snd_pcm_status_alloca(&st);
	err = snd_pcm_prepare(pcm);
	if (!err)
		err = snd_pcm_start(pcm);
	if (!err)
		err = snd_pcm_status(pcm, st);
	if (err) {
		fprintf(stderr, "pcmbench: %s: %s\n", __func__, snd_strerror(err));
		return err;
	}
	snd_pcm_status_get_trigger_htstamp(st, &ts);
	*trigger = ts_us(&ts);
	return 0;
}

/*
 * The right channel of the test signal counts frames (siggen): a jump
 * anywhere but after an overrun is a lost or repeated frame ("breaks").
 * The count also goes on across a restart (QEMU reads the signal only
 * while the stream runs), so forward jumps are the frames of the signal
 * the reader never got, whether an overrun reported them or not ("lost";
 * those without an overrun: "lost_silent"). A jump of half the counter's
 * range or more is taken for repeated frames, not lost ones.
 *
 * A read can also return frames that the engine overwrote while ALSA
 * copied them out: the copy runs without the stream's lock, an interrupt
 * in the middle of it finds the buffer overrun and stops the stream, and
 * the read still returns what it copied; the overrun is the next read's
 * -EPIPE. Its jumps are those of that overrun ("breaks_xrun_next",
 * "lost_xrun_next"), not breaks without one: what is left for "breaks"
 * and "lost_silent" had no overrun to tell of it, in that read or the
 * next. (Traced in a bench boot: 18 frames, one ring newer than their
 * neighbours, read while an interrupt moved the position past them.)
 */
struct continuity {
	int have;
	int restarted;
	int verbose;		/* PCMBENCH_BREAKS=1: print each break */
	uint16_t next;
	unsigned long breaks, breaks_xrun_next;
	unsigned long long lost, lost_silent, lost_xrun_next, frames;
	/* the jumps of the last read, until the next read says how it went */
	unsigned long read_breaks;
	unsigned long long read_lost;
};

/* the last read's jumps, now that the next read returned (XRUN: -EPIPE) */
static void settle_frames(struct continuity *c, int xrun)
{
	if (xrun) {
		c->breaks_xrun_next += c->read_breaks;
		c->lost_xrun_next += c->read_lost;
	} else {
		c->breaks += c->read_breaks;
		c->lost_silent += c->read_lost;
	}
	c->read_breaks = 0;
	c->read_lost = 0;
}

static void check_frames(struct continuity *c, const int16_t *buf, long frames)
{
	long i;

	for (i = 0; i < frames; i++) {
		uint16_t v = (uint16_t)buf[2 * i + 1];
		uint16_t jump = v - c->next;

		if (c->have && jump && c->verbose && !c->restarted)
			fprintf(stderr,
				"break at %.0f us: frame %llu (%ld of the read), counter %u, expected %u, jump %u\n",
				now_us(), c->frames + i, i, v, c->next, jump);
		if (c->have && jump) {
			if (!c->restarted)
				c->read_breaks++;
			if (jump < 0x8000) {
				c->lost += jump;
				if (!c->restarted)
					c->read_lost += jump;
			}
		}
		c->have = 1;
		c->restarted = 0;
		c->next = v + 1;
	}
	c->frames += frames;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* nearest-rank percentile of a sorted array */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * n + 0.999999);

	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

static void print_dist(const char *name, double *v, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%s_n %zu\n", name, n);
	if (!n)
		return;
	printf("%s_min_us %.1f\n", name, v[0]);
	printf("%s_median_us %.1f\n", name, pct(v, n, 50));
	printf("%s_p99_us %.1f\n", name, pct(v, n, 99));
	printf("%s_max_us %.1f\n", name, v[n - 1]);
	printf("%s_mean_us %.1f\n", name, sum / n);
}

static int cmd_latency(const char *driver, const char *bdf, unsigned int period,
		       unsigned int periods, unsigned long count)
{
	unsigned long total = count + WARMUP, i, xruns = 0, ready = 0, no_irq = 0;
	double *call = calloc(total, sizeof(double));
	double *ret = calloc(total, sizeof(double));
	double *lat = calloc(total, sizeof(double));
	int16_t *buf = malloc(period * FRAME_BYTES);
	struct continuity cont = { .verbose = !!getenv("PCMBENCH_BREAKS") };
	unsigned long long frames = 0;
	double trigger, first_trigger, t;
	struct irq_trace tr;
	size_t nrec = 0, nlat = 0;
	snd_pcm_sframes_t r, avail;
	struct cpu_snap a, b;
	long k, irqs_in_run;
	snd_pcm_t *pcm;

	if (!call || !ret || !lat || !buf)
		return 1;
	pcm = open_pcm(driver, SND_PCM_STREAM_CAPTURE, period, periods);
	if (!pcm)
		return 1;
	if (trace_controller(bdf))
		return 1;
	if (start(pcm, &trigger))
		return 1;
	first_trigger = trigger;
	cpu_snap(&a);
	for (i = 0; i < total; i++) {
		t = now_us();
		avail = snd_pcm_avail(pcm);
		r = avail < 0 ? avail : snd_pcm_readi(pcm, buf, period);
		settle_frames(&cont, r == -EPIPE);
		if (r == -EPIPE) {
			xruns++;
			cont.restarted = 1;
			if (start(pcm, &trigger))
				return 1;
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "pcmbench: read: %s\n", snd_strerror(r));
			return 1;
		}
		frames += r;
		check_frames(&cont, buf, r);
		/* a short read: an overrun cut it, the next read says so */
		if (r != (snd_pcm_sframes_t)period || i < WARMUP)
			continue;
		if (avail >= (snd_pcm_sframes_t)period) {
			ready++;	/* it was there already: nothing to wait for */
			continue;
		}
		call[nrec] = t;
		ret[nrec++] = now_us();
	}
	cpu_snap(&b);
	snd_pcm_drop(pcm);
	snd_pcm_close(pcm);
	if (trace_stop(&tr))
		return 1;

	/* each read that waited, from the first interrupt after it began */
	irqs_in_run = irq_count(&tr, a.wall_us, b.wall_us);
	for (i = 0; i < nrec; i++) {
		k = entry_before(tr.entry, tr.n, call[i]) + 1;
		if (k < tr.n && tr.entry[k] <= ret[i])
			lat[nlat++] = ret[i] - tr.entry[k];
		else
			no_irq++;
	}

	printf("period %u\nperiods %u\n", period, periods);
	cpu_print(&a, &b, irq_time(&tr, a.wall_us, b.wall_us));
	printf("trace_lost %ld\n", tr.lost);
	printf("stream_rate %.0f\n", frames / ((b.wall_us - first_trigger) / 1e6));
	settle_frames(&cont, 0);
	printf("xruns %lu\nbreaks %lu\nbreaks_xrun_next %lu\n", xruns, cont.breaks,
	       cont.breaks_xrun_next);
	printf("reads %lu\nwaited %zu\nready %lu\nno_irq %lu\nirqs %ld\n",
	       total - WARMUP, nrec, ready, no_irq, irqs_in_run);
	print_dist("latency", lat, nlat);
	free(call);
	free(ret);
	free(lat);
	trace_free(&tr);
	free(buf);
	return nlat >= count / 2 ? 0 : 1;
}

/*
 * The end of a capture or playback run begun at A: B taken, the stream
 * stopped and closed, the interrupt trace read; then the figures both
 * print (buffer, CPU time, the controller's interrupts). 0, or -1 when the
 * trace could not be read.
 */
static int finish_run(snd_pcm_t *pcm, const struct cpu_snap *a, struct cpu_snap *b,
		      unsigned int period, unsigned int periods)
{
	struct irq_trace tr;

	cpu_snap(b);
	snd_pcm_drop(pcm);
	snd_pcm_close(pcm);
	if (trace_stop(&tr))
		return -1;
	printf("period %u\nperiods %u\n", period, periods);
	cpu_print(a, b, irq_time(&tr, a->wall_us, b->wall_us));
	printf("irqs %ld\ntrace_lost %ld\n", irq_count(&tr, a->wall_us, b->wall_us), tr.lost);
	trace_free(&tr);
	return 0;
}

static int cmd_capture(const char *driver, const char *bdf, unsigned int period,
		       unsigned int periods, double secs)
{
	int16_t *buf = malloc(period * FRAME_BYTES);
	struct continuity cont = { .verbose = !!getenv("PCMBENCH_BREAKS") };
	unsigned long xruns = 0, stalls = 0, xruns_first = 0;
	unsigned long long frames = 0;
	int fresh = 1;	/* nothing read since the last start */
	double trigger, end;
	struct cpu_snap a, b;
	snd_pcm_sframes_t r;
	snd_pcm_t *pcm;

	if (!buf)
		return 1;
	pcm = open_pcm(driver, SND_PCM_STREAM_CAPTURE, period, periods);
	if (!pcm)
		return 1;
	if (trace_controller(bdf))
		return 1;
	if (start(pcm, &trigger))
		return 1;
	cpu_snap(&a);
	end = a.wall_us + secs * 1e6;
	while (now_us() < end) {
		r = snd_pcm_readi(pcm, buf, period);
		settle_frames(&cont, r == -EPIPE);
		if (r == -EPIPE || (r == -EIO && stalls < MAX_STALLS)) {
			/* -EIO: no period in ALSA's 10 s, a stuck stream */
			if (r == -EPIPE) {
				xruns++;
				xruns_first += fresh;
			} else {
				stalls++;
				snd_pcm_drop(pcm);	/* still running */
			}
			cont.restarted = 1;
			fresh = 1;
			if (start(pcm, &trigger))
				return 1;
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "pcmbench: read: %s\n", snd_strerror(r));
			return 1;
		}
		/* a short read: an overrun cut it, the next read says so */
		frames += r;
		fresh = 0;
		check_frames(&cont, buf, r);
	}
	if (finish_run(pcm, &a, &b, period, periods))
		return 1;
	printf("xruns %lu\nxruns_first %lu\nstalls %lu\nframes %llu\nframes_expected %.0f\n",
	       xruns, xruns_first, stalls, frames, (b.wall_us - a.wall_us) / 1e6 * RATE);
	settle_frames(&cont, 0);
	printf("breaks %lu\nlost %llu\nlost_silent %llu\n", cont.breaks, cont.lost,
	       cont.lost_silent);
	printf("breaks_xrun_next %lu\nlost_xrun_next %llu\n", cont.breaks_xrun_next,
	       cont.lost_xrun_next);
	free(buf);
	return 0;
}

/* ---- playback -------------------------------------------------------------- */

static int cmd_play(const char *driver, const char *bdf, unsigned int period,
		    unsigned int periods, double secs)
{
	int16_t *buf = calloc(period, FRAME_BYTES);	/* silence */
	unsigned long xruns = 0, stalls = 0;
	unsigned long long frames = 0;
	struct cpu_snap a, b;
	snd_pcm_sframes_t r;
	snd_pcm_t *pcm;
	double end;
	int err;

	if (!buf)
		return 1;
	pcm = open_pcm(driver, SND_PCM_STREAM_PLAYBACK, period, periods);
	if (!pcm)
		return 1;
	if (trace_controller(bdf))
		return 1;
	err = snd_pcm_prepare(pcm);
	if (err) {
		fprintf(stderr, "pcmbench: prepare: %s\n", snd_strerror(err));
		return 1;
	}
	cpu_snap(&a);
	end = a.wall_us + secs * 1e6;
	while (now_us() < end) {
		r = snd_pcm_writei(pcm, buf, period);
		if (r == -EPIPE || (r == -EIO && stalls < MAX_STALLS)) {
			/* -EIO: no period in ALSA's 10 s, a stuck stream */
			if (r == -EPIPE) {
				xruns++;
			} else {
				stalls++;
				snd_pcm_drop(pcm);	/* still running */
			}
			err = snd_pcm_prepare(pcm);
			if (err) {
				fprintf(stderr, "pcmbench: prepare: %s\n", snd_strerror(err));
				return 1;
			}
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "pcmbench: write: %s\n", snd_strerror(r));
			return 1;
		}
		frames += r;
	}
	if (finish_run(pcm, &a, &b, period, periods))
		return 1;
	printf("xruns %lu\nstalls %lu\nframes %llu\nframes_expected %.0f\n",
	       xruns, stalls, frames, (b.wall_us - a.wall_us) / 1e6 * RATE);
	free(buf);
	return 0;
}

static void bad_args(void)
{
	fputs("usage: pcmbench probe DRIVER MODULE.ko...\n"
		"       pcmbench bind DRIVER PCI-DRIVER-DIR BDF\n"
		"       pcmbench idle SECONDS\n"
		"       pcmbench latency DRIVER BDF PERIOD PERIODS COUNT\n"
		"       pcmbench capture DRIVER BDF PERIOD PERIODS SECONDS\n"
		"       pcmbench play DRIVER BDF PERIOD PERIODS SECONDS\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "probe"))
		return cmd_probe(argv[2], argc - 3, argv + 3);
	if (argc == 5 && !strcmp(argv[1], "bind"))
		return cmd_bind(argv[2], argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "idle"))
		return cmd_idle(atof(argv[2]));
	if (argc == 7 && !strcmp(argv[1], "latency"))
		return cmd_latency(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]),
				   strtoul(argv[6], NULL, 0));
	if (argc == 7 && !strcmp(argv[1], "capture"))
		return cmd_capture(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]),
				   atof(argv[6]));
	if (argc == 7 && !strcmp(argv[1], "play"))
		return cmd_play(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]),
				atof(argv[6]));
	bad_args();
	return 2;
}
