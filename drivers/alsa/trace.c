// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: its tracepoints (trace.h), defined here once.
 */

#define CREATE_TRACE_POINTS
#include "trace.h"
