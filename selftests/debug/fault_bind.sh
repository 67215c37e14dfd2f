#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Allocation failures in our modules during a sysfs bind of each device our
# drivers own (the probe alone, the modules already loaded): fault_inject.sh
# with that step, as a program of its own so that each stays within the
# runner's time limit. Debug kernel only; skips elsewhere.

FAULT_STEPS=bind exec "$(dirname "$0")/fault_inject.sh"
