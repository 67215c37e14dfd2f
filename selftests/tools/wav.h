/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing a capture to a WAV file (16-bit PCM, interleaved), for wavinfo
 * -c: shared by the capture tools that write what they read.
 */
#ifndef HDA_WDM_WAV_H
#define HDA_WDM_WAV_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline void wav_put_le(unsigned char *p, uint32_t v, int n)
{
	while (n--) {
		*p++ = v & 0xff;
		v >>= 8;
	}
}

/* wav_write - FRAMES frames of CHANNELS 16-bit samples at RATE; 0 or -1 */
static inline int wav_write(const char *path, const int16_t *data,
			    uint32_t frames, unsigned int channels,
			    unsigned int rate)
{
	uint32_t frame_bytes = channels * 2;
	uint32_t bytes = frames * frame_bytes;
	unsigned char h[44];
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return -1;
	}
	memcpy(h, "RIFF", 4);
	wav_put_le(h + 4, 36 + bytes, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	wav_put_le(h + 16, 16, 4);		/* fmt chunk size */
	wav_put_le(h + 20, 1, 2);		/* PCM */
	wav_put_le(h + 22, channels, 2);
	wav_put_le(h + 24, rate, 4);
	wav_put_le(h + 28, rate * frame_bytes, 4);
	wav_put_le(h + 32, frame_bytes, 2);
	wav_put_le(h + 34, 16, 2);		/* bits per sample */
	memcpy(h + 36, "data", 4);
	wav_put_le(h + 40, bytes, 4);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) ||
	    fwrite(data, frame_bytes, frames, f) != frames) {
		fclose(f);
		return -1;
	}
	return fclose(f) ? -1 : 0;
}

#endif
