// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the bus driver's tracepoints (trace.h), defined here once.
 */

#define CREATE_TRACE_POINTS
#include "trace.h"
