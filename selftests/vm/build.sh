#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build.sh ABI [MAKE ARGS...]
# Builds the modules for a guest kernel in a tree of their own
# (out/build/ABI), so that several kernel lines never share object files.
# Prints the build output; exits non-zero on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

abi=$1
shift
dst="$HDA_WDM_OUT/build/$abi"
mkdir -p "$dst/include"
# Mirror what Kbuild reads; copy only changed files so that an unchanged
# tree does not rebuild.
(cd "$HDA_WDM_TOP" && find Kbuild drivers include selftests -type f -name 'Kbuild' -o -type f -name '*.[ch]') | while read -r f; do
	cmp -s "$HDA_WDM_TOP/$f" "$dst/$f" && continue
	mkdir -p "$dst/$(dirname "$f")"
	cp -p "$HDA_WDM_TOP/$f" "$dst/$f"
done
# HDA_WDM_TEST=1: the test build (test modules, fault injection; Kbuild)
root=$(kernel_root "$abi")
if [ -n "$root" ]; then
	# a line built in its release's root (buildroot.sh), the tree mounted
	# into it
	HDA_WDM_BIND=$dst in_root "$root" make -j"$(nproc)" \
		-C "/usr/src/linux-headers-$abi" M=/mnt/hda-wdm HDA_WDM_TEST=1 "$@" modules
else
	make -j"$(nproc)" -C "$(kernel_headers "$abi")" M="$dst" HDA_WDM_TEST=1 "$@" modules
fi
