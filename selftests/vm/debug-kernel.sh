#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# debug-kernel.sh [--release]
# Builds the debug kernel of the emulated PC from Debian's linux-source-6.12
# (unmodified; only the configuration is ours): x86_64 tinyconfig plus
# selftests/vm/debug-kernel.config (KASAN, lockdep, kmemleak, DMA-API debug,
# debug objects, failslab / fail_page_alloc, the sound core as modules).
#
# The result is cached in HDA_WDM_CACHE/kernels/<release>/, laid out like the
# Debian guest kernels (boot/vmlinuz-<release>, lib/modules/<release>/) plus
# build/, the built tree, which is the KDIR for our modules. <release> is
# <version>-hdawdm-debug-<key>, the key hashing the source package version,
# the config fragment and this script, so any change to them builds anew and
# an unchanged rerun reuses the cache. lib.sh resolves the pseudo kernel line
# "6.12-debug" to that release.
#
# Prints the release on stdout. With --release only prints it when it is
# built (nothing otherwise) and builds nothing.
# HDA_WDM_DEBUG_JOBS sets make's -j (default: the number of CPUs); the
# compiler runs under nice -n 10.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug-kernel.config
tarball=/usr/src/linux-source-6.12.tar.xz

src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
	die "linux-source-6.12 is not installed (run selftests/vm/setup.sh)"
key=$({ echo "$src_ver"; cat "$fragment" "$here/debug-kernel.sh"; } | sha256sum | cut -c1-10)
release="${src_ver%%-*}-hdawdm-debug-$key"
dir=$(kernel_dir "$release")
tree=$dir/build

if [ "${1:-}" = --release ]; then
	[ -f "$dir/.done" ] && echo "$release"
	exit 0
fi
if [ -f "$dir/.done" ]; then
	log "debug kernel $release: cached ($(cat "$dir/build-time" 2>/dev/null || echo '?'))"
	echo "$release"
	exit 0
fi

# One builder at a time per machine; a second caller waits, then reuses.
mkdir -p "$HDA_WDM_CACHE/kernels"
exec 9> "$HDA_WDM_CACHE/kernels/.debug-kernel.lock"
flock 9
if [ -f "$dir/.done" ]; then
	echo "$release"
	exit 0
fi

t0=$(date +%s)
# An interrupted build resumes (make is incremental) once the source is whole.
if [ ! -f "$tree/.extracted" ]; then
	log "debug kernel $release: extracting linux-source-6.12 $src_ver"
	rm -rf "$dir"
	mkdir -p "$tree"
	tar -xJf "$tarball" -C "$tree" --strip-components=1
	touch "$tree/.extracted"
fi

kmake() { nice -n 10 make -C "$tree" LOCALVERSION= "$@"; }

log "debug kernel $release: configuring (tinyconfig + $(basename "$fragment"))"
kmake -s tinyconfig > /dev/null
{ cat "$fragment"; echo "CONFIG_LOCALVERSION=\"-hdawdm-debug-$key\""; } > "$tree/.hdawdm.config"
(cd "$tree" && KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -m -Q .config .hdawdm.config > /dev/null)
kmake -s olddefconfig > /dev/null
# Kconfig drops what it cannot satisfy without a word: check every line.
bad=0
while IFS= read -r l; do
	case "$l" in
	CONFIG_*=n) grep -qx "# ${l%=n} is not set" "$tree/.config" ||
		! grep -q "^${l%=n}=" "$tree/.config" || { log "not in .config: $l"; bad=1; } ;;
	CONFIG_*) grep -qxF "$l" "$tree/.config" || { log "not in .config: $l"; bad=1; } ;;
	esac
done < "$fragment"
[ "$bad" = 0 ] || die "the debug kernel's configuration lost options (see above)"
jobs=${HDA_WDM_DEBUG_JOBS:-$(nproc)}
log "debug kernel $release: compiling with -j$jobs (takes a while)"
kmake -j"$jobs" bzImage modules
got=$(cat "$tree/include/config/kernel.release")
[ "$got" = "$release" ] || die "kernel release is '$got', expected '$release'"
kmake -s modules_install INSTALL_MOD_PATH="$dir" > /dev/null
mkdir -p "$dir/boot"
cp "$tree/arch/x86/boot/bzImage" "$dir/boot/vmlinuz-$release"
[ -f "$dir/lib/modules/$release/modules.dep" ] || die "modules_install left no modules.dep"
echo "built in $(($(date +%s) - t0))s on $(nproc) CPUs, $(date -u +%F)" > "$dir/build-time"
touch "$dir/.done"
log "debug kernel $release: $(cat "$dir/build-time")"
echo "$release"
