// SPDX-License-Identifier: GPL-2.0-only
/*
 * pcmrestart - a capture restarted after pause, pause release and an
 * overrun (or a drop), the restart made by the read itself
 * (start_threshold 1), as in issue 19: how soon does the restarted capture
 * deliver? What it reads afterwards goes to a WAV file for wavinfo -c.
 *
 * usage: pcmrestart -D DEVICE [-r RATE] [-p PERIOD] [-b BUFFER] [-s SEQ]
 *                   [-n FIRST] [-l LIMIT_MS] [-f FRAMES -o FILE.wav]
 *                   [-d FILE]...
 *   -r  rate (default 22050), -p period (default 64), -b buffer (default
 *       512 frames): exact, or the tool fails
 *   -s  what comes between the pause release and the prepare:
 *       xrun    (default) no read until the capture overruns (found by an
 *               interrupt, or by a sw_params that then answers -EPIPE)
 *       drop    snd_pcm_drop() instead of the overrun
 *       pause2  a second pause and release right after the first release,
 *               then the overrun
 *   -n  frames of the read that restarts the capture (default 252)
 *   -l  every blocking read must return within LIMIT_MS (default 60)
 *   -f, -o  read until FRAMES frames (the restarting read's included) are
 *       in, a period at a time, into FILE.wav; the reads from the first
 *       whose frames the controller may have written over while ALSA
 *       copied them (below) on are left out, and when that is the
 *       restarting read, no FILE.wav is written
 *   -d  a file (debugfs, procfs) to print when a read is LIMIT_MS late,
 *       while it still waits: the engine as it is during the stall; up to
 *       8 of them
 *
 * The steps, each checked: hw_params (RW interleaved, S16_LE, 2 channels),
 * start, a read of 11 frames, sw_params (avail_min one period,
 * start_threshold 1, stop_threshold the buffer), forward (what is
 * available), avail, pause push, pause release, SEQ, prepare, then the
 * restarting read, timed from the call to its return.
 *
 * An overrun before the pause (the emulated PC's first chunk after a start
 * is about 10 ms, and more after a stall), or a first read later than
 * LIMIT_MS, is not what is tested: the tool begins again, up to 8 times,
 * and counts them.
 *
 * Prints one line with the time the restarting read took. A restarting
 * read that returns after LIMIT_MS is judged by what the watchdog saw:
 * when its own timer had not fired yet, the guest's timers were as late as
 * the audio, i.e. the whole emulated PC stalled (the host did not run it);
 * when it fired and the PCM already held a period (or had overrun), the
 * capture delivered and only the reader was late. Only a read that was
 * still waiting for its first period when the watchdog looked is the
 * failure issue 19 describes.
 *
 * Exit status: 0 in time; 1 a step failed, or the restarting read found
 * nothing delivered after LIMIT_MS (or failed otherwise; the files are
 * printed again after it); 2 an overrun that is not part of the sequence:
 * 8 times before the pause, or in the restarting read (a start burst
 * longer than the ring); 3 the restarting read was late because the whole
 * emulated PC stalled or the reader was not scheduled. The caller may
 * retry on 2 and 3.
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wav.h"

#define CHANNELS	2
#define FRAME_BYTES	(CHANNELS * 2)
#define MAX_DUMPS	8
#define XRUN_WAIT_MS	2000
#define MAX_SETUPS	8	/* overruns before the pause tolerated */

static snd_pcm_t *the_pcm;
static const char *dumps[MAX_DUMPS];
static int ndumps;
static long limit_ms = 60;

/* a blocking read's watchdog */
static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cond;
static const char *wd_what;
static int wd_done;
static int wd_fired;
static int wd_delivered;	/* when it fired: a period or an overrun was there */
static snd_pcm_uframes_t the_period;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void dump_all(const char *why)
{
	snd_pcm_status_t *status;
	snd_output_t *o;
	char line[512];
	FILE *f;
	int i;

	printf("pcmrestart: %s:\n", why);
	snd_pcm_status_alloca(&status);
	if (the_pcm && !snd_pcm_status(the_pcm, status) &&
	    !snd_output_stdio_attach(&o, stdout, 0)) {
		snd_pcm_status_dump(status, o);
		snd_output_close(o);
	}
	for (i = 0; i < ndumps; i++) {
		f = fopen(dumps[i], "r");
		if (!f) {
			printf("pcmrestart: | %s: %s\n", dumps[i], strerror(errno));
			continue;
		}
		printf("pcmrestart: | %s:\n", dumps[i]);
		while (fgets(line, sizeof(line), f))
			printf("pcmrestart: |   %s", line);
		fclose(f);
	}
	fflush(stdout);
}

/*
 * LIMIT_MS after the read began: dump the files if it still waits. When
 * the read returns first, wd_woke says whether this thread's own timer had
 * fired by then: a read that returns late before the watchdog's timer
 * fired means the guest's timers stalled too (the whole emulated PC did).
 */
static void *watchdog(void *unused)
{
	struct timespec until;
	char why[128];
	int rc = 0;

	(void)unused;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += limit_ms / 1000;
	until.tv_nsec += (limit_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&wd_lock);
	while (!wd_done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&wd_cond, &wd_lock, &until);
	if (!wd_done) {
		snd_pcm_status_t *status;

		wd_fired = 1;
		snd_pcm_status_alloca(&status);
		rc = snd_pcm_status(the_pcm, status);
		if (!rc)
			wd_delivered = snd_pcm_status_get_state(status) ==
				       SND_PCM_STATE_XRUN ||
				       snd_pcm_status_get_avail(status) >= the_period;
		snprintf(why, sizeof(why), "%s still waits after %ld ms (%s, %s %ld)",
			 wd_what, limit_ms,
			 wd_delivered ? "a period or more is there" : "nothing delivered",
			 rc ? "status error" : "avail",
			 rc ? (long)rc : (long)snd_pcm_status_get_avail(status));
		dump_all(why);
	}
	pthread_mutex_unlock(&wd_lock);
	return NULL;
}

/*
 * A blocking read under the watchdog; its duration in *took. Returns what
 * snd_pcm_readi() returned, or -ETIME when it took longer than LIMIT_MS.
 */
static snd_pcm_sframes_t timed_read(snd_pcm_t *pcm, int16_t *buf,
				    snd_pcm_uframes_t frames, const char *what,
				    double *took)
{
	snd_pcm_sframes_t n;
	pthread_t wd;
	double t0;

	wd_what = what;
	wd_done = 0;
	wd_fired = 0;
	wd_delivered = 0;
	if (pthread_create(&wd, NULL, watchdog, NULL)) {
		fprintf(stderr, "pcmrestart: no watchdog thread\n");
		return -ENOMEM;
	}
	t0 = now_ms();
	n = snd_pcm_readi(pcm, buf, frames);
	*took = now_ms() - t0;
	pthread_mutex_lock(&wd_lock);
	wd_done = 1;
	pthread_cond_signal(&wd_cond);
	pthread_mutex_unlock(&wd_lock);
	pthread_join(wd, NULL);
	if (*took > limit_ms && !wd_fired)
		printf("pcmrestart: %s returned after %.1f ms, %s %ld ms timer fired: %s\n",
		       what, *took, "before the watchdog's", limit_ms,
		       "the guest's timers were late as well");
	if (n >= 0 && *took > limit_ms)
		return -ETIME;
	return n;
}

static int hw_setup(snd_pcm_t *pcm, unsigned int rate, snd_pcm_uframes_t period,
		    snd_pcm_uframes_t buffer)
{
	snd_pcm_hw_params_t *hw;
	int err;

	snd_pcm_hw_params_alloca(&hw);
	err = snd_pcm_hw_params_any(pcm, hw);
	if (err >= 0)
		err = snd_pcm_hw_params_set_access(pcm, hw,
						   SND_PCM_ACCESS_RW_INTERLEAVED);
	if (err >= 0)
		err = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE);
	if (err >= 0)
		err = snd_pcm_hw_params_set_channels(pcm, hw, CHANNELS);
	if (err >= 0)
		err = snd_pcm_hw_params_set_rate(pcm, hw, rate, 0);
	if (err >= 0)
		err = snd_pcm_hw_params_set_period_size(pcm, hw, period, 0);
	if (err >= 0)
		err = snd_pcm_hw_params_set_buffer_size(pcm, hw, buffer);
	if (err >= 0)
		err = snd_pcm_hw_params(pcm, hw);
	if (err < 0)
		fprintf(stderr, "pcmrestart: hw_params %u Hz, period %lu, buffer %lu: %s\n",
			rate, period, buffer, snd_strerror(err));
	return err;
}

static int sw_setup(snd_pcm_t *pcm, snd_pcm_uframes_t period,
		    snd_pcm_uframes_t buffer)
{
	snd_pcm_sw_params_t *sw;
	int err;

	snd_pcm_sw_params_alloca(&sw);
	err = snd_pcm_sw_params_current(pcm, sw);
	if (err >= 0)
		err = snd_pcm_sw_params_set_avail_min(pcm, sw, period);
	if (err >= 0)
		err = snd_pcm_sw_params_set_start_threshold(pcm, sw, 1);
	if (err >= 0)
		err = snd_pcm_sw_params_set_stop_threshold(pcm, sw, buffer);
	if (err >= 0)
		err = snd_pcm_sw_params(pcm, sw);
	return err;
}

/*
 * One step's result against what it must be: 0 when it is, 2 when the
 * step found the capture overrun before the sequence was done with it
 * (not what is tested: the caller may retry), 1 otherwise.
 */
static int step(const char *what, long got, long want)
{
	if (got == want)
		return 0;
	if (got == -EPIPE) {
		printf("pcmrestart: %s: overrun before the sequence got there\n",
		       what);
		return 2;
	}
	fprintf(stderr, "pcmrestart: %s: %ld%s%s, expected %ld\n", what, got,
		got < 0 ? " " : "", got < 0 ? snd_strerror(got) : "", want);
	return 1;
}

static int state_step(snd_pcm_t *pcm, const char *what, snd_pcm_state_t want)
{
	snd_pcm_state_t state = snd_pcm_state(pcm);

	if (state == want)
		return 0;
	if (state == SND_PCM_STATE_XRUN)
		return step(what, -EPIPE, 0);
	fprintf(stderr, "pcmrestart: %s: %s, expected %s\n", what,
		snd_pcm_state_name(state), snd_pcm_state_name(want));
	return 1;
}

static int pause_release(snd_pcm_t *pcm)
{
	int ret;

	ret = snd_pcm_pause(pcm, 1);
	/* a capture that overran just before is not in a state to pause */
	if (ret == -EBADFD && snd_pcm_state(pcm) == SND_PCM_STATE_XRUN)
		ret = -EPIPE;
	ret = step("pause push", ret, 0);
	if (!ret)
		ret = state_step(pcm, "state after pause push",
				 SND_PCM_STATE_PAUSED);
	if (!ret)
		ret = step("pause release", snd_pcm_pause(pcm, 0), 0);
	return ret;
}

/*
 * No read until the capture overruns: an interrupt that finds the buffer
 * full stops the stream (XRUN); otherwise sw_params (the same values)
 * updates the state and answers -EPIPE once it has, as in the issue. A
 * capture that does not overrun within 2 s is a failure of its own.
 */
static int wait_xrun(snd_pcm_t *pcm, snd_pcm_uframes_t period,
		     snd_pcm_uframes_t buffer, unsigned int rate)
{
	long nap_us = 3L * buffer * 1000000 / rate;
	double t0 = now_ms();
	int err;

	for (;;) {
		usleep(nap_us);
		if (snd_pcm_state(pcm) == SND_PCM_STATE_XRUN)
			return 0;
		err = sw_setup(pcm, period, buffer);
		if (err == -EPIPE)
			return state_step(pcm, "state after the overrun",
					  SND_PCM_STATE_XRUN);
		if (err < 0) {
			fprintf(stderr, "pcmrestart: sw_params while waiting for the overrun: %s\n",
				snd_strerror(err));
			return 1;
		}
		if (now_ms() - t0 > XRUN_WAIT_MS) {
			fprintf(stderr, "pcmrestart: no overrun in %d ms without reading\n",
				XRUN_WAIT_MS);
			dump_all("no overrun without reading");
			return 1;
		}
	}
}

/* everything up to the prepare that follows the overrun or the drop */
static int sequence(snd_pcm_t *pcm, const char *seq, unsigned int rate,
		    snd_pcm_uframes_t period, snd_pcm_uframes_t buffer,
		    int16_t *scratch)
{
	snd_pcm_sframes_t n, fwd;
	double took;
	int ret;

	if (hw_setup(pcm, rate, period, buffer) < 0)
		return 1;
	ret = step("start", snd_pcm_start(pcm), 0);
	if (ret)
		return ret;
	n = timed_read(pcm, scratch, 11, "the first read (11 frames)", &took);
	if (took > limit_ms) {
		/* a first start, not the restart: begin again */
		printf("pcmrestart: the first read took %.1f ms\n", took);
		return 2;
	}
	ret = step("read of 11 frames", n, 11);
	if (!ret)
		ret = step("sw_params", sw_setup(pcm, period, buffer), 0);
	if (ret)
		return ret;
	/* skip what is there: a 512-frame buffer at 48 kHz is 10.7 ms */
	fwd = snd_pcm_forwardable(pcm);
	if (fwd < 0)
		return step("forwardable", fwd, 0);
	ret = step("forward", snd_pcm_forward(pcm, fwd), fwd);
	if (!ret) {
		n = snd_pcm_avail(pcm);
		ret = step("avail", n < 0 ? n : 0, 0);
	}
	if (!ret)
		ret = pause_release(pcm);
	if (ret)
		return ret;
	if (!strcmp(seq, "drop"))
		return step("drop", snd_pcm_drop(pcm), 0);
	/* the second pause comes before QEMU's first chunk after the release */
	if (!strcmp(seq, "pause2")) {
		ret = pause_release(pcm);
		if (ret)
			return ret;
	}
	return wait_xrun(pcm, period, buffer, rate);
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *out = NULL, *seq = "xrun";
	snd_pcm_uframes_t period = 64, buffer = 512, first = 252, want = 0;
	unsigned int rate = 22050;
	snd_pcm_sframes_t n, avail;
	uint32_t got = 0;
	snd_pcm_t *pcm;
	pthread_condattr_t attr;
	int opt, ret, setups = 0;
	int16_t *data;
	double took;

	while ((opt = getopt(argc, argv, "D:r:p:b:s:n:l:f:o:d:")) != -1) {
		switch (opt) {
		case 'D':
			dev = optarg;
			break;
		case 'r':
			rate = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			period = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			buffer = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seq = optarg;
			break;
		case 'n':
			first = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			limit_ms = strtol(optarg, NULL, 0);
			break;
		case 'f':
			want = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			out = optarg;
			break;
		case 'd':
			if (ndumps == MAX_DUMPS)
				goto usage;
			dumps[ndumps++] = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!dev || !rate || !period || !buffer || !first || limit_ms <= 0 ||
	    (strcmp(seq, "xrun") && strcmp(seq, "drop") && strcmp(seq, "pause2")) ||
	    !out != !want)
		goto usage;
	if (want < first)
		want = first;
	data = calloc(want > 11 ? want : 11, FRAME_BYTES);
	if (!data)
		return 1;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wd_cond, &attr);
	/*
	 * An overrun before the pause is the emulated PC's start burst or a
	 * slow machine, not what is tested: begin again, a few times.
	 */
	for (;;) {
		ret = snd_pcm_open(&pcm, dev, SND_PCM_STREAM_CAPTURE, 0);
		if (ret < 0) {
			fprintf(stderr, "pcmrestart: open %s: %s\n", dev,
				snd_strerror(ret));
			return 1;
		}
		the_pcm = pcm;
		the_period = period;
		ret = sequence(pcm, seq, rate, period, buffer, data);
		if (ret != 2 || ++setups == MAX_SETUPS)
			break;
		snd_pcm_close(pcm);
	}
	if (!ret)
		ret = step("prepare", snd_pcm_prepare(pcm), 0);
	if (!ret)
		ret = state_step(pcm, "state after prepare", SND_PCM_STATE_PREPARED);
	if (ret) {
		snd_pcm_close(pcm);
		return ret;
	}

	/* the read starts the capture (start_threshold 1) */
	n = timed_read(pcm, data, first, "the restarting read", &took);
	printf("pcmrestart: %s: %u Hz, period %lu, buffer %lu, %s: ", dev, rate,
	       period, buffer, seq);
	printf("the restarting read of %lu frames: %ld after %.1f ms (limit %ld), ",
	       first, (long)n, took, limit_ms);
	printf("%d setups begun again\n", setups);
	if (took > limit_ms && (!wd_fired || wd_delivered)) {
		printf("pcmrestart: late, but %s\n", !wd_fired ?
		       "the guest's own timers were late as well: the emulated PC stalled" :
		       "the capture had delivered when the watchdog looked: the reader was not scheduled");
		dump_all("after the restarting read");
		snd_pcm_close(pcm);
		return 3;
	}
	if (n == -EPIPE && took <= limit_ms) {
		/* too much at once, not nothing: the start's burst filled the ring */
		dump_all("the restarting read overran");
		snd_pcm_close(pcm);
		return 2;
	}
	if (n != (snd_pcm_sframes_t)first) {
		fprintf(stderr, "pcmrestart: the restarting read: %s\n",
			n == -ETIME ? "late" : n < 0 ? snd_strerror(n) : "short");
		dump_all("after the restarting read");
		snd_pcm_close(pcm);
		return 1;
	}
	/*
	 * ALSA copies out of the ring without the stream lock and looks for
	 * an overrun only at its position updates, so a read's frames can be
	 * written over while they are copied with no overrun reported, or
	 * with one the next read finds. They certainly are what was captured
	 * when, after the read, what is available and what it copied fit in
	 * the buffer: the controller was never a buffer ahead of them. The
	 * check keeps the reads up to the first that this does not vouch
	 * for, reading a period at a time.
	 */
	while (out) {
		avail = snd_pcm_avail(pcm);
		if (avail < 0 || avail + n > (snd_pcm_sframes_t)buffer) {
			printf("pcmrestart: %s: %u frames %s: the next %ld %s %ld\n",
			       dev, got, "after the restart, those kept", (long)n, avail < 0 ?
			       "may have been written over: overrun, avail" :
			       "may have been written over: avail after them",
			       (long)avail);
			break;
		}
		got += n;
		if (got >= want)
			break;
		n = snd_pcm_readi(pcm, data + got * CHANNELS,
				  want - got < period ? want - got : period);
		if (n == -EPIPE) {
			printf("pcmrestart: %s: %u frames %s: the next read found an overrun\n",
			       dev, got, "after the restart, those kept");
			break;
		}
		if (n < 0) {
			fprintf(stderr, "pcmrestart: read: %s\n", snd_strerror(n));
			snd_pcm_close(pcm);
			return 1;
		}
	}
	snd_pcm_drop(pcm);
	snd_pcm_close(pcm);
	if (out && !got) {
		/* the restart was in time; nothing of it can be checked */
		printf("pcmrestart: %s: nothing kept after the restart, no %s\n",
		       dev, out);
		return 0;
	}
	if (out && wav_write(out, data, got, CHANNELS, rate))
		return 1;
	return 0;

usage:
	fprintf(stderr, "usage: pcmrestart -D DEVICE [-r RATE] [-p PERIOD] [-b BUFFER]");
	fprintf(stderr, " [-s xrun|drop|pause2] [-n FIRST] [-l LIMIT_MS]");
	fprintf(stderr, " [-f FRAMES -o FILE.wav] [-d FILE]...\n");
	return 1;
}
