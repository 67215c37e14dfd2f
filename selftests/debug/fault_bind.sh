#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Allocation failures in our modules during a sysfs bind of each device our
# drivers own (the probe alone, no client of the bus loaded), then during
# the insmod of each client with the devices bound (its probe on each
# codec: the ALSA card): fault_inject.sh with those steps, as a program of
# its own so that each stays within the runner's time limit. Debug kernel
# only; skips elsewhere.

FAULT_STEPS="bind attach" exec "$(dirname "$0")/fault_inject.sh"
