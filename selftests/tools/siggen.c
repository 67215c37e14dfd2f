// SPDX-License-Identifier: GPL-2.0-only
/*
 * siggen - the known signal fed into the emulated PC's capture input.
 *
 * Raw S16_LE, 2 channels, 48 kHz. Frame n carries
 *   left:  a 750 Hz sine, round(16384 * sin(2 * pi * n / 64))
 *   right: n modulo 65536, as a signed 16-bit number
 * A 64-frame period divides 65536, so the left sample of any frame follows
 * from its right sample: a check can find its place anywhere in the signal
 * and tell lost, repeated or altered frames apart.
 *
 * usage: siggen SECONDS > signal.raw
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "signal.h"

int main(int argc, char **argv)
{
	long seconds = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	int16_t frame[SIG_CHANNELS];
	uint32_t n, frames;

	if (seconds <= 0 || seconds > 3600) {
		fprintf(stderr, "usage: %s SECONDS (1..3600) > signal.raw\n",
			argv[0]);
		return 2;
	}
	frames = (uint32_t)seconds * SIG_RATE;
	for (n = 0; n < frames; n++) {
		frame[0] = sig_left(n);
		frame[1] = sig_right(n);
		/* x86 is little-endian, as S16_LE wants */
		if (fwrite(frame, sizeof(frame), 1, stdout) != 1) {
			perror("siggen: write");
			return 1;
		}
	}
	return fflush(stdout) ? 1 : 0;
}
