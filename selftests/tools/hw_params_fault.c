// SPDX-License-Identifier: GPL-2.0-only
/*
 * hw_params_fault - one hw_params on a capture PCM with its Nth allocation
 * failing, for the debug kernel's fault-injection lane.
 *
 *   hw_params_fault [-n N] hw:CARD,DEV
 *
 * CARD is a card number or id (/proc/asound/<id> names the number). Opens
 * /dev/snd/pcmC<CARD>D<DEV>c, writes N to its own
 * /proc/thread-self/fail-nth right before SNDRV_PCM_IOCTL_HW_PARAMS
 * (48 kHz, S16_LE, 2 channels, 4 periods of 1024 frames, interleaved
 * read/write) and 0 right after, so that only the allocations of that call
 * (those the fault-injection filter passes) can fail, not open's or
 * close's. A failure must be a clean one: ENOMEM, after which the same
 * hw_params without a fault succeeds. Either way the stream must then
 * capture two periods. N = 0 (the default) injects nothing.
 *
 * Exit status: 0 hw_params succeeded, 1 it failed cleanly (ENOMEM, and the
 * PCM worked afterwards), 2 anything else (said on stderr).
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sound/asound.h>

#define RATE		48000
#define CHANNELS	2
#define PERIOD		1024
#define PERIODS		4

static void mask_only(struct snd_pcm_hw_params *p, int param, unsigned int bit)
{
	struct snd_mask *m = &p->masks[param - SNDRV_PCM_HW_PARAM_FIRST_MASK];

	memset(m, 0, sizeof(*m));
	m->bits[bit / 32] = 1U << (bit % 32);
}

static void interval_only(struct snd_pcm_hw_params *p, int param,
			  unsigned int val)
{
	struct snd_interval *i =
		&p->intervals[param - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL];

	memset(i, 0, sizeof(*i));
	i->min = val;
	i->max = val;
	i->integer = 1;
}

/* Everything allowed, then the one configuration this tool asks for. */
static void fill_params(struct snd_pcm_hw_params *p)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_MASK - SNDRV_PCM_HW_PARAM_FIRST_MASK; i++)
		memset(&p->masks[i], 0xff, sizeof(p->masks[i]));
	for (i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_INTERVAL - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL; i++)
		p->intervals[i].max = UINT_MAX;
	mask_only(p, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_RW_INTERLEAVED);
	mask_only(p, SNDRV_PCM_HW_PARAM_FORMAT, SNDRV_PCM_FORMAT_S16_LE);
	mask_only(p, SNDRV_PCM_HW_PARAM_SUBFORMAT, SNDRV_PCM_SUBFORMAT_STD);
	interval_only(p, SNDRV_PCM_HW_PARAM_CHANNELS, CHANNELS);
	interval_only(p, SNDRV_PCM_HW_PARAM_RATE, RATE);
	interval_only(p, SNDRV_PCM_HW_PARAM_PERIOD_SIZE, PERIOD);
	interval_only(p, SNDRV_PCM_HW_PARAM_PERIODS, PERIODS);
	p->rmask = ~0U;
}

/* fail-nth of this thread: set to @n, or read back (when @n < 0). */
static int fail_nth(int fd, int n)
{
	char buf[16];
	ssize_t len;

	if (n >= 0) {
		len = snprintf(buf, sizeof(buf), "%d", n);
		return pwrite(fd, buf, len, 0) == len ? 0 : -1;
	}
	len = pread(fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	return atoi(buf);
}

/* hw:CARD,DEV with CARD a number or a card id */
static int parse_device(const char *name, int *card, int *dev)
{
	char id[32], link[64];
	ssize_t len;

	if (sscanf(name, "hw:%d,%d", card, dev) == 2)
		return 0;
	if (sscanf(name, "hw:%31[^,],%d", id, dev) != 2)
		return -1;
	snprintf(link, sizeof(link), "/proc/asound/%s", id);
	len = readlink(link, id, sizeof(id) - 1);
	if (len <= 0)
		return -1;
	id[len] = '\0';
	return sscanf(id, "card%d", card) == 1 ? 0 : -1;
}

/*
 * ALSA ends a blocking read with EIO when no period came for 100 ms: a
 * stream that never moves, or an emulated PC that the host did not run
 * for that long (Documentation/testing.rst, "What the emulated PC cannot
 * show"). A second try tells the two apart.
 */
static int capture_two_periods(int pcm)
{
	static short frames[2 * PERIOD * CHANNELS];
	struct snd_xferi x = { .buf = frames, .frames = 2 * PERIOD };
	int tries = 0, ret, err;

	do {
		if (ioctl(pcm, SNDRV_PCM_IOCTL_PREPARE) < 0) {
			perror("hw_params_fault: prepare");
			return -1;
		}
		alarm(10);	/* a stream that never moves ends the tool */
		ret = ioctl(pcm, SNDRV_PCM_IOCTL_READI_FRAMES, &x);
		err = errno;
		alarm(0);
		if (ret < 0)
			fprintf(stderr, "hw_params_fault: read%s: %s\n",
				tries ? ", once more" : "", strerror(err));
	} while (ret < 0 && err == EIO && ++tries < 2);
	if (ret < 0)
		return -1;
	if (x.result != 2 * PERIOD) {
		fprintf(stderr, "hw_params_fault: read %ld of %d frames\n",
			(long)x.result, 2 * PERIOD);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct snd_pcm_hw_params params;
	int nth = 0, card, dev, pcm, fnth = -1, ret, err, left = -1, opt;
	char path[64];

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n')
			goto usage;
		nth = atoi(optarg);
	}
	if (optind + 1 != argc)
		goto usage;
	if (parse_device(argv[optind], &card, &dev)) {
		fprintf(stderr, "hw_params_fault: no such card: %s\n", argv[optind]);
		return 2;
	}
	signal(SIGALRM, SIG_DFL);

	snprintf(path, sizeof(path), "/dev/snd/pcmC%dD%dc", card, dev);
	pcm = open(path, O_RDWR);
	if (pcm < 0) {
		fprintf(stderr, "hw_params_fault: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (nth > 0) {
		fnth = open("/proc/thread-self/fail-nth", O_RDWR);
		if (fnth < 0) {
			perror("hw_params_fault: /proc/thread-self/fail-nth");
			return 2;
		}
	}

	fill_params(&params);
	if (fnth >= 0 && fail_nth(fnth, nth)) {
		perror("hw_params_fault: writing fail-nth");
		return 2;
	}
	ret = ioctl(pcm, SNDRV_PCM_IOCTL_HW_PARAMS, &params);
	err = errno;
	if (fnth >= 0) {
		left = fail_nth(fnth, -1);
		fail_nth(fnth, 0);
	}
	printf("hw_params with fail-nth %d: %s%s\n", nth,
	       ret < 0 ? strerror(err) : "ok",
	       nth > 0 && left == 0 ? " (the fault was injected)" : "");
	if (ret < 0 && err != ENOMEM) {
		fprintf(stderr, "hw_params_fault: hw:%d,%d: hw_params failed with %s, not ENOMEM\n",
			card, dev, strerror(err));
		return 2;
	}
	if (ret < 0) {
		/* clean: nothing of the failed call may stand in the way */
		fill_params(&params);
		if (ioctl(pcm, SNDRV_PCM_IOCTL_HW_PARAMS, &params) < 0) {
			fprintf(stderr, "hw_params_fault: hw:%d,%d: retry: %s\n",
				card, dev, strerror(errno));
			return 2;
		}
	}
	if (capture_two_periods(pcm))
		return 2;
	if (close(pcm)) {
		perror("hw_params_fault: close");
		return 2;
	}
	return ret < 0 ? 1 : 0;

usage:
	fprintf(stderr, "usage: hw_params_fault [-n N] hw:CARD,DEV\n");
	return 2;
}
