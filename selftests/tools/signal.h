/* SPDX-License-Identifier: GPL-2.0-only */
/* The test signal's definition, shared by siggen and the capture checkers. */
#ifndef HDA_WDM_SIGNAL_H
#define HDA_WDM_SIGNAL_H

#include <math.h>
#include <stdint.h>

#define SIG_RATE	48000
#define SIG_CHANNELS	2
#define SIG_PERIOD	64	/* frames per sine cycle: 750 Hz at 48 kHz */
#define SIG_AMPLITUDE	16384.0
#define SIG_TONE_HZ	(SIG_RATE / SIG_PERIOD)

static inline int16_t sig_left(uint32_t n)
{
	return (int16_t)lrint(SIG_AMPLITUDE *
			      sin(2.0 * M_PI * (double)(n % SIG_PERIOD) /
				  SIG_PERIOD));
}

static inline int16_t sig_right(uint32_t n)
{
	return (int16_t)(uint16_t)(n & 0xffff);
}

#endif
