#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# qemu-build.sh [--path]
# Builds the emulated PC's QEMU: Debian's own QEMU source (the version of
# the installed qemu-system-x86, fetched with apt-get source) with our
# patches, selftests/vm/qemu/*.patch, applied in file name order, configured
# for x86_64-softmmu with only what the harness uses (TCG; the pc and q35
# machines; intel-hda / ich9-intel-hda and the HDA codecs; the alsa and none
# audiodevs; intel-iommu; isa-debug-exit; serial ports; the monitor). The
# device list is selftests/vm/qemu/devices.mak.
#
# The result is cached in HDA_WDM_CACHE/qemu/<key>/bin/qemu-system-x86_64,
# <key> being <source version>-<hash of the patches, devices.mak and this
# script>: any change to them builds anew, an unchanged rerun reuses it.
# The source and build trees are kept per source version in
# HDA_WDM_CACHE/qemu/tree-<source version>/: a new key reverts the patches
# it had applied, applies the new ones and lets ninja rebuild only what they
# touch (a cold build happens once per source version, or when the
# configuration in this script changes). An interrupted build resumes.
# Firmware (SeaBIOS, the option ROMs) comes from Debian's qemu-system-data
# and seabios packages, as for Debian's own QEMU.
#
# Prints the binary's path on stdout. With --path only prints it when it is
# built (nothing otherwise) and builds nothing.
# HDA_WDM_QEMU_JOBS sets ninja's -j (default: the number of CPUs); the
# compiler runs under nice -n 10.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
patchdir=$here/qemu
devices=$patchdir/devices.mak

src_ver=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) ||
	die "qemu-system-x86 is not installed (run selftests/vm/setup.sh)"
ver=${src_ver#*:}	# no epoch in a directory name
patches=()
for p in "$patchdir"/*.patch; do
	[ -f "$p" ] && patches+=("$p")
done
key=$({ echo "$src_ver"; cat "$devices" "$here/qemu-build.sh"; \
	for p in "${patches[@]}"; do basename "$p"; cat "$p"; done; } | sha256sum | cut -c1-10)
dir=$HDA_WDM_CACHE/qemu/$ver-$key
bin=$dir/bin/qemu-system-x86_64
tree=$HDA_WDM_CACHE/qemu/tree-$ver

if [ "${1:-}" = --path ]; then
	[ -f "$dir/.done" ] && echo "$bin"
	exit 0
fi
if [ -f "$dir/.done" ]; then
	echo "$bin"
	exit 0
fi

# One builder at a time per machine; a second caller waits, then reuses.
mkdir -p "$HDA_WDM_CACHE/qemu"
exec 9> "$HDA_WDM_CACHE/qemu/.lock"
flock 9
if [ -f "$dir/.done" ]; then
	echo "$bin"
	exit 0
fi

t0=$(date +%s)
kind=incremental	# ... unless the source is extracted or configured anew
# The source, as Debian builds it (its own patches applied), once.
if [ ! -f "$tree/.extracted" ]; then
	log "qemu $src_ver: fetching and extracting Debian's source"
	kind=cold
	rm -rf "$tree"
	mkdir -p "$tree/dl"
	chmod 755 "$tree/dl"	# apt's download user writes here
	(cd "$tree/dl" && apt-get source -qq --download-only "qemu=$src_ver" >/dev/null 2>&1) ||
		(cd "$tree/dl" && apt-get source -qq --download-only "qemu=$src_ver" >/dev/null) ||
		die "apt-get source qemu=$src_ver failed (setup.sh adds the deb-src entry)"
	(cd "$tree/dl" && dpkg-source -x ./*.dsc ../src > /dev/null 2>&1) ||
		die "dpkg-source could not extract the QEMU source"
	rm -rf "$tree/dl"
	mkdir -p "$tree/applied"
	touch "$tree/.extracted"
fi

# Our patches: revert the set the tree has (newest first), apply this one.
# A tree a failed step left behind is extracted anew.
if [ -f "$tree/applied/.partial" ]; then
	log "qemu: the source tree was left half-patched; extracting it anew"
	rm -rf "$tree"
	exec "$0" "$@"
fi
applied=$(cd "$tree/applied" && ls -- *.patch 2>/dev/null | sort || true)
wanted=$(for p in "${patches[@]}"; do basename "$p"; done | sort)
same=1
[ "$applied" = "$wanted" ] || same=0
if [ "$same" = 1 ]; then
	for p in "${patches[@]}"; do
		cmp -s "$p" "$tree/applied/$(basename "$p")" || same=0
	done
fi
if [ "$same" = 0 ]; then
	touch "$tree/applied/.partial"
	for p in $(echo "$applied" | sort -r); do
		log "qemu: reverting $p"
		patch -d "$tree/src" -p1 -R -s < "$tree/applied/$p"
		rm "$tree/applied/$p"
	done
	for p in "${patches[@]}"; do
		log "qemu: applying $(basename "$p")"
		patch -d "$tree/src" -p1 -s --no-backup-if-mismatch < "$p"
		cp "$p" "$tree/applied/"
	done
	rm "$tree/applied/.partial"
fi
cmp -s "$devices" "$tree/src/configs/devices/x86_64-softmmu/hda-wdm.mak" ||
	cp "$devices" "$tree/src/configs/devices/x86_64-softmmu/hda-wdm.mak"

# Everything off that the harness does not use; a changed option list
# configures anew.
config=(
	--target-list=x86_64-softmmu
	--without-default-features --without-default-devices
	--with-devices-x86_64=hda-wdm
	--enable-tcg --disable-kvm
	--audio-drv-list=alsa --enable-alsa
	--disable-docs --disable-tools --disable-guest-agent
	--disable-install-blobs --disable-werror --disable-debug-info
	--enable-fdt=system
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu
	--with-pkgversion="hda-wdm $src_ver"
)
if ! [ -f "$tree/build/build.ninja" ] ||
   [ "$(cat "$tree/build/.hda-wdm-config" 2>/dev/null)" != "${config[*]}" ]; then
	log "qemu $src_ver: configuring"
	[ "$kind" = cold ] || kind="configured anew"
	rm -rf "$tree/build"
	mkdir -p "$tree/build"
	(cd "$tree/build" && nice -n 10 ../src/configure "${config[@]}" > configure.log 2>&1) || {
		tail -n 30 "$tree/build/configure.log" >&2
		die "qemu: configure failed (see $tree/build/configure.log)"
	}
	echo "${config[*]}" > "$tree/build/.hda-wdm-config"
fi
jobs=${HDA_WDM_QEMU_JOBS:-$(nproc)}
log "qemu $src_ver-$key: compiling with -j$jobs"
nice -n 10 ninja -C "$tree/build" -j"$jobs" qemu-system-x86_64 > "$tree/build/ninja.log" 2>&1 || {
	grep -E 'error|FAILED' "$tree/build/ninja.log" | head -n 30 >&2
	die "qemu: the build failed (see $tree/build/ninja.log)"
}
rm -rf "$dir"
mkdir -p "$dir/bin"
cp "$tree/build/qemu-system-x86_64" "$bin.tmp"
strip "$bin.tmp"
mv "$bin.tmp" "$bin"
"$bin" -device help > "$dir/devices.txt" 2>&1 || die "qemu: the built binary does not run"
for p in "${patches[@]}"; do basename "$p"; done > "$dir/patches"
echo "built in $(($(date +%s) - t0))s ($kind) on $(nproc) CPUs, $(date -u +%F)" > "$dir/build-time"
touch "$dir/.done"
log "qemu $src_ver-$key: $(cat "$dir/build-time")"
echo "$bin"
