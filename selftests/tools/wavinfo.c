// SPDX-License-Identifier: GPL-2.0-only
/*
 * wavinfo - describe a capture: format, length, level, dominant frequency,
 * and whether it is a bit-exact, contiguous piece of the siggen signal.
 *
 * usage: wavinfo FILE.wav          one summary line
 *        wavinfo -c FILE.wav       also exit 1 unless the capture is a
 *                                  contiguous, bit-exact run of the signal
 *
 * Reads RIFF/WAVE with 16-bit PCM (what the emulated codec delivers).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signal.h"

struct wav {
	unsigned int rate, channels, bits;
	uint32_t frames;
	int16_t *data;
};

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static int read_wav(const char *path, struct wav *w)
{
	unsigned char hdr[12], ck[8], fmt[16];
	FILE *f = fopen(path, "rb");
	uint32_t len;
	int have_fmt = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	if (fread(hdr, 1, 12, f) != 12 || memcmp(hdr, "RIFF", 4) ||
	    memcmp(hdr + 8, "WAVE", 4))
		goto bad;
	while (fread(ck, 1, 8, f) == 8) {
		len = le32(ck + 4);
		if (!memcmp(ck, "fmt ", 4)) {
			if (len < 16 || fread(fmt, 1, 16, f) != 16)
				goto bad;
			if (le16(fmt) != 1)
				goto bad;
			w->channels = le16(fmt + 2);
			w->rate = le32(fmt + 4);
			w->bits = le16(fmt + 14);
			fseek(f, len - 16 + (len & 1), SEEK_CUR);
			have_fmt = 1;
			continue;
		}
		if (!memcmp(ck, "data", 4)) {
			if (!have_fmt || w->bits != 16 || !w->channels)
				goto bad;
			/* arecord leaves the length at its maximum when cut short */
			w->data = malloc(len ? len : 1);
			if (!w->data)
				goto bad;
			len = fread(w->data, 1, len, f);
			w->frames = len / 2 / w->channels;
			fclose(f);
			return 0;
		}
		fseek(f, len + (len & 1), SEEK_CUR);
	}
bad:
	fprintf(stderr, "%s: not a 16-bit PCM WAV file\n", path);
	fclose(f);
	return -1;
}

static void fft(double *re, double *im, unsigned int n)
{
	unsigned int i, j, len;
	double t;

	for (i = 1, j = 0; i < n; i++) {
		unsigned int bit = n >> 1;

		for (; j & bit; bit >>= 1)
			j ^= bit;
		j ^= bit;
		if (i < j) {
			t = re[i], re[i] = re[j], re[j] = t;
			t = im[i], im[i] = im[j], im[j] = t;
		}
	}
	for (len = 2; len <= n; len <<= 1) {
		double a = -2.0 * M_PI / len;

		for (i = 0; i < n; i += len) {
			for (j = 0; j < len / 2; j++) {
				unsigned int p = i + j, q = p + len / 2;
				double wr = cos(a * j), wi = sin(a * j);
				double vr = re[q] * wr - im[q] * wi;
				double vi = re[q] * wi + im[q] * wr;

				re[q] = re[p] - vr;
				im[q] = im[p] - vi;
				re[p] += vr;
				im[p] += vi;
			}
		}
	}
}

/* Dominant frequency of channel 0, Hann window, parabolic peak refinement. */
static double dominant_hz(const struct wav *w)
{
	unsigned int n = 1, i, best = 1;
	double *re, *im, m[3];

	while (n * 2 <= w->frames && n < 65536)
		n *= 2;
	if (n < 64)
		return 0;
	re = calloc(n, sizeof(*re));
	im = calloc(n, sizeof(*im));
	if (!re || !im) {
		free(re);
		free(im);
		return 0;
	}
	for (i = 0; i < n; i++)
		re[i] = w->data[(size_t)i * w->channels] *
			(0.5 - 0.5 * cos(2 * M_PI * i / (n - 1)));
	fft(re, im, n);
	for (i = 0; i < n / 2; i++)
		re[i] = hypot(re[i], im[i]);
	for (i = 2; i < n / 2 - 1; i++)
		if (re[i] > re[best])
			best = i;
	for (i = 0; i < 3; i++)
		m[i] = log(re[best + i - 1] + DBL_MIN);
	free(re);
	free(im);
	return (best + 0.5 * (m[0] - m[2]) / (m[0] - 2 * m[1] + m[2])) *
	       w->rate / n;
}

/*
 * Checks every frame against the siggen definition: the right channel
 * counts up by one per frame, the left one is the sine at that count.
 * Returns the number of frames that break the pattern; *first_bad is the
 * first of them and *jump how far the count moved there beyond the one
 * frame expected (positive: frames missing; negative: frames repeated; 0:
 * the count went on but the sample did not match).
 */
static uint32_t check_signal(const struct wav *w, uint32_t *first_bad,
			     int *jump)
{
	uint32_t i, bad = 0;
	uint16_t expect = 0;

	*first_bad = UINT32_MAX;
	*jump = 0;
	for (i = 0; i < w->frames; i++) {
		const int16_t *f = w->data + (size_t)i * w->channels;
		uint16_t n = (uint16_t)f[1];

		if ((i && n != expect) || f[0] != sig_left(n)) {
			if (!bad++) {
				*first_bad = i;
				*jump = i ? (int16_t)(uint16_t)(n - expect) : 0;
			}
		}
		expect = n + 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	int check = argc > 2 && !strcmp(argv[1], "-c");
	const char *path = argv[argc - 1];
	uint32_t i, bad = 0, first_bad = 0;
	int jump = 0;
	double sum = 0, rms;
	int peak = 0;
	struct wav w = { 0 };

	if (argc < 2 || read_wav(path, &w))
		return 2;
	for (i = 0; i < w.frames; i++) {
		int v = w.data[(size_t)i * w.channels];

		sum += (double)v * v;
		if (abs(v) > peak)
			peak = abs(v);
	}
	rms = w.frames ? sqrt(sum / w.frames) : 0;
	printf("%s: %u Hz, %u ch, %u-bit, %u frames (%.2f s), ",
	       path, w.rate, w.channels, w.bits, w.frames,
	       w.rate ? (double)w.frames / w.rate : 0);
	printf("ch0 peak %d rms %.0f, dominant %.1f Hz", peak, rms,
	       dominant_hz(&w));
	if (w.channels == SIG_CHANNELS && w.rate == SIG_RATE && w.frames) {
		bad = check_signal(&w, &first_bad, &jump);
		if (bad)
			printf(", signal: %u frames off pattern (first at frame %u, count %+d)",
			       bad, first_bad, jump);
		else
			printf(", signal: bit-exact and contiguous");
	} else {
		bad = 1;
	}
	printf("\n");
	free(w.data);
	return check && bad ? 1 : 0;
}
