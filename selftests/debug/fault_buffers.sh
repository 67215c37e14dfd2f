#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Allocation failures in our modules during the HD Audio bus interface's
# buffer allocation (every style, through hdaudio-test's debugfs alloc) and
# during hw_params on every capture PCM of our ALSA cards: fault_inject.sh
# with those steps, as a program of its own so that each stays within the
# runner's time limit. Debug kernel only; skips elsewhere.

FAULT_STEPS="buffer hw_params" exec "$(dirname "$0")/fault_inject.sh"
