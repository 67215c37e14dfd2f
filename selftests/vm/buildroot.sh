#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# buildroot.sh RELEASE SUITE
# Makes (once) and prints the build root of a kernel line that Debian 12
# cannot build modules for: a minimal RELEASE system made by debootstrap,
# with SUITE in its apt sources, in $HDA_WDM_CACHE/roots/SUITE. Kernel
# lines after 6.12 come from the next release's backports; their headers'
# kbuild tools need that release's C library and their headers its
# compiler (gcc 14 for trixie), so the modules are built in such a root
# (build.sh), as a user of that release builds them. Both apt sources use
# the archive the host's own apt sources use for its release (no address
# is written here). The kernel headers and guest kernels of a line are
# installed into the root by setup.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

release=$1 suite=$2
root=$(root_dir "$suite")
# make, the assembler and the C library's headers; the kernel headers
# bring their compiler. A root made with another list is made again.
include=make,binutils,libc6-dev
if [ "$(cat "$root/.done" 2>/dev/null)" = "$include" ]; then
	echo "$root"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "making the $release build root needs root (debootstrap)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (setup.sh installs it)"
host=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
uri=$(release_uri "$host")
[ -n "$uri" ] || die "apt has no source for $host: no archive to take $release from"

log "making the $release build root for $suite in $root (debootstrap from $uri)"
t0=$(date +%s)
rm -rf "$root.part"
mkdir -p "$(dirname "$root")"
debootstrap --variant=minbase --include="$include" "$release" "$root.part" "$uri" \
	> "$root.part.log" 2>&1 ||
	{ tail -n 20 "$root.part.log" >&2; die "debootstrap of $release failed (log: $root.part.log)"; }
{
	echo "Types: deb"
	echo "URIs: $uri"
	echo "Suites: $suite"
	echo "Components: main"
} > "$root.part/etc/apt/sources.list.d/$suite.sources"
chroot "$root.part" apt-get update -qq ||
	die "apt-get update in the $release build root failed"
mv "$root.part.log" "$root.part/debootstrap.log"
echo "made in $(($(date +%s) - t0))s, $(date +%F)" > "$root.part/build-time"
echo "$include" > "$root.part/.done"
rm -rf "$root"
mv "$root.part" "$root"
log "$release build root made in $(($(date +%s) - t0))s"
echo "$root"
