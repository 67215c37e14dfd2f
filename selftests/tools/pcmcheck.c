// SPDX-License-Identifier: GPL-2.0-only
/*
 * pcmcheck - capture from an ALSA device the ways arecord does not: with
 * period wakeups disabled, through mmap, and watching the delay the driver
 * reports. Writes the frames to a WAV file for wavinfo -c.
 *
 * usage: pcmcheck -D DEVICE -o FILE.wav [-f FRAMES] [-p PERIOD] [-b BUFFER]
 *                 [-w] [-m]
 *   -f  frames to capture (default 96000)
 *   -p  period size in frames (default 1024), -b buffer size (default 4 periods)
 *   -w  no period wakeups: the reader polls every 5 ms
 *   -m  mmap access instead of read
 *
 * Prints one line: frames read, reads, the smallest and largest
 * (delay - avail) seen (the driver's own delay), and whether period
 * wakeups were really off. Exit status: 0 done, 2 overrun (EPIPE, the
 * caller may retry; the frames read before it are in FILE), 1 any other
 * failure.
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wav.h"

#define RATE		48000
#define CHANNELS	2
#define FRAME_BYTES	(CHANNELS * 2)

static int setup(snd_pcm_t *pcm, int mmap, int nowake, snd_pcm_uframes_t *period,
		 snd_pcm_uframes_t *buffer)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	unsigned int rate = RATE;
	int err;

	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	err = snd_pcm_hw_params_any(pcm, hw);
	if (err >= 0)
		err = snd_pcm_hw_params_set_access(pcm, hw, mmap ?
						   SND_PCM_ACCESS_MMAP_INTERLEAVED :
						   SND_PCM_ACCESS_RW_INTERLEAVED);
	if (err >= 0)
		err = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE);
	if (err >= 0)
		err = snd_pcm_hw_params_set_channels(pcm, hw, CHANNELS);
	if (err >= 0)
		err = snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, NULL);
	if (err >= 0)
		err = snd_pcm_hw_params_set_period_size_near(pcm, hw, period, NULL);
	if (err >= 0)
		err = snd_pcm_hw_params_set_buffer_size_near(pcm, hw, buffer);
	if (err < 0) {
		fprintf(stderr, "pcmcheck: hw_params: %s\n", snd_strerror(err));
		return err;
	}
	if (rate != RATE) {
		fprintf(stderr, "pcmcheck: rate %u instead of %u\n", rate, RATE);
		return -EINVAL;
	}
	if (nowake) {
		if (!snd_pcm_hw_params_can_disable_period_wakeup(hw)) {
			fprintf(stderr, "pcmcheck: the device cannot disable period wakeups\n");
			return -ENOTSUP;
		}
		err = snd_pcm_hw_params_set_period_wakeup(pcm, hw, 0);
		if (err < 0) {
			fprintf(stderr, "pcmcheck: period wakeup off: %s\n", snd_strerror(err));
			return err;
		}
	}
	err = snd_pcm_hw_params(pcm, hw);
	if (err < 0) {
		fprintf(stderr, "pcmcheck: hw_params: %s\n", snd_strerror(err));
		return err;
	}
	snd_pcm_hw_params_get_period_size(hw, period, NULL);
	snd_pcm_hw_params_get_buffer_size(hw, buffer);
	err = snd_pcm_sw_params_current(pcm, sw);
	if (err >= 0)
		err = snd_pcm_sw_params_set_avail_min(pcm, sw, *period);
	if (err >= 0)
		err = snd_pcm_sw_params_set_start_threshold(pcm, sw, 1);
	if (err >= 0)
		err = snd_pcm_sw_params(pcm, sw);
	if (err < 0) {
		fprintf(stderr, "pcmcheck: sw_params: %s\n", snd_strerror(err));
		return err;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *out = NULL;
	snd_pcm_uframes_t period = 1024, buffer = 0;
	long dmin = LONG_MAX, dmax = LONG_MIN;
	unsigned long reads = 0;
	uint32_t want = 96000, got = 0;
	int mmap = 0, nowake = 0, opt, err;
	snd_pcm_t *pcm;
	int16_t *data;

	while ((opt = getopt(argc, argv, "D:o:f:p:b:wm")) != -1) {
		switch (opt) {
		case 'D':
			dev = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
			want = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			period = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			buffer = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			nowake = 1;
			break;
		case 'm':
			mmap = 1;
			break;
		default:
			goto usage;
		}
	}
	if (!dev || !out || !want || !period)
		goto usage;
	if (!buffer)
		buffer = 4 * period;
	data = calloc(want, FRAME_BYTES);
	if (!data)
		return 1;
	/* alsa-lib lets only non-blocking streams turn period wakeups off */
	err = snd_pcm_open(&pcm, dev, SND_PCM_STREAM_CAPTURE,
			   nowake ? SND_PCM_NONBLOCK : 0);
	if (err < 0) {
		fprintf(stderr, "pcmcheck: open %s: %s\n", dev, snd_strerror(err));
		return 1;
	}
	if (setup(pcm, mmap, nowake, &period, &buffer) < 0)
		return 1;
	err = snd_pcm_start(pcm);
	if (err < 0) {
		fprintf(stderr, "pcmcheck: start: %s\n", snd_strerror(err));
		return 1;
	}
	while (got < want) {
		snd_pcm_sframes_t avail, delay, n;

		if (nowake) {
			struct timespec ts = { 0, 5 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		} else {
			err = snd_pcm_wait(pcm, 2000);
			if (err == 0) {
				fprintf(stderr, "pcmcheck: no period in 2 s\n");
				return 1;
			}
		}
		err = snd_pcm_avail_delay(pcm, &avail, &delay);
		if (err == -EPIPE)
			goto xrun;
		if (err < 0) {
			fprintf(stderr, "pcmcheck: avail/delay: %s\n", snd_strerror(err));
			return 1;
		}
		if (delay - avail < dmin)
			dmin = delay - avail;
		if (delay - avail > dmax)
			dmax = delay - avail;
		if (!avail)
			continue;
		if (avail > (snd_pcm_sframes_t)(want - got))
			avail = want - got;
		if (mmap)
			n = snd_pcm_mmap_readi(pcm, data + got * CHANNELS, avail);
		else
			n = snd_pcm_readi(pcm, data + got * CHANNELS, avail);
		if (n == -EPIPE)
			goto xrun;
		if (n == -EAGAIN)
			continue;
		if (n < 0) {
			fprintf(stderr, "pcmcheck: read: %s\n", snd_strerror(n));
			return 1;
		}
		got += n;
		reads++;
	}
	snd_pcm_drop(pcm);
	snd_pcm_close(pcm);
	printf("pcmcheck: %s: %u frames in %lu reads, period %lu buffer %lu",
	       dev, got, reads, period, buffer);
	printf("%s%s, delay-avail %ld..%ld frames\n",
	       nowake ? ", no period wakeups" : "", mmap ? ", mmap" : "", dmin, dmax);
	return wav_write(out, data, got, CHANNELS, RATE) ? 1 : 0;

xrun:
	printf("pcmcheck: %s: overrun after %u frames\n", dev, got);
	snd_pcm_close(pcm);
	/* what was read before the overrun, for a check of its content */
	if (got && wav_write(out, data, got, CHANNELS, RATE))
		return 1;
	return 2;

usage:
	fprintf(stderr, "usage: pcmcheck -D DEVICE -o FILE.wav [-f FRAMES] [-p PERIOD]");
	fprintf(stderr, " [-b BUFFER] [-w] [-m]\n");
	return 1;
}
