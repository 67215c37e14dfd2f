#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# initramfs.sh ABI MODDIR OUT.cpio.gz
# Builds the emulated PC's initramfs: busybox, alsa-utils with the libraries
# and configuration it needs, the guest kernel's sound core modules, our
# modules from MODDIR and the selftests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

abi=$1 moddir=$2 out=$3
kmods="$(kernel_dir "$abi")/lib/modules/$abi"
[ -f "$kmods/modules.dep" ] || die "no modules of $abi (run selftests/vm/setup.sh)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,etc,usr/bin,usr/share,lib/modules/core,lib/modules/hda-wdm,selftests}
mknod -m 600 "$stage/dev/console" c 5 1
cp /bin/busybox "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
# executable whatever mode the checkout gave it
install -m 755 "$HDA_WDM_TOP/selftests/vm/guest/init" "$stage/init"

# alsa-utils and every library they load, at the host's paths (same Debian).
copy_with_libs() {
	local f lib
	for f in "$@"; do
		cp -L "$f" "$stage$f"
		for lib in $(ldd "$f" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
			[ -e "$stage$lib" ] && continue
			mkdir -p "$stage$(dirname "$lib")"
			cp -L "$lib" "$stage$lib"
		done
	done
}
copy_with_libs /usr/bin/arecord /usr/bin/aplay /usr/bin/amixer
# libasound opens its plugins' libraries at run time
for lib in /usr/lib/x86_64-linux-gnu/libm.so.6 /usr/lib/x86_64-linux-gnu/libdl.so.2 \
	   /usr/lib/x86_64-linux-gnu/libpthread.so.0; do
	[ -e "$lib" ] && { mkdir -p "$stage$(dirname "$lib")"; cp -L "$lib" "$stage$lib"; }
done
# lib64 loader path as the binaries expect it
[ -e "$stage/lib64" ] || { [ -e /lib64 ] && cp -a /lib64 "$stage/lib64"; }
mkdir -p "$stage/usr/share/alsa"
cp -r /usr/share/alsa/alsa.conf /usr/share/alsa/alsa.conf.d /usr/share/alsa/cards \
	/usr/share/alsa/pcm "$stage/usr/share/alsa/" 2>/dev/null || true

# The sound core, in load order (dependencies first), decompressed: the
# guest's insmod is busybox's, which hands the file to the kernel as it is.
want="snd-pcm snd-hwdep snd-timer"
order=()
add_module() {
	local name=$1 path dep d
	for d in "${order[@]}"; do [ "$d" = "$name" ] && return; done
	path=$(awk -v m="/$name.ko" 'index($1, m) { sub(/:$/, "", $1); print $1; exit }' "$kmods/modules.dep")
	[ -n "$path" ] || die "module $name not in $abi"
	for dep in $(awk -v p="$path:" '$1 == p { for (i = NF; i > 1; i--) print $i }' "$kmods/modules.dep"); do
		d=$(basename "$dep"); d=${d%%.ko*}
		add_module "$d"
	done
	case "$path" in
	*.xz) xz -dc "$kmods/$path" > "$stage/lib/modules/core/$name.ko" ;;
	*.zst) zstd -qdc "$kmods/$path" > "$stage/lib/modules/core/$name.ko" ;;
	*) cp "$kmods/$path" "$stage/lib/modules/core/$name.ko" ;;
	esac
	order+=("$name")
}
for m in $want; do add_module "$m"; done
printf '%s\n' "${order[@]}" > "$stage/lib/modules/core/order"

cp "$moddir"/*.ko "$stage/lib/modules/hda-wdm/"
make -s -C "$HDA_WDM_TOP/selftests" install INSTALL_PATH="$stage/selftests" >/dev/null
cp "$HDA_WDM_TOP/selftests/vm/guest/run_tests.sh" "$HDA_WDM_TOP/selftests/vm/guest/record.sh" \
	"$stage/selftests/"
ln -s /selftests/bin/wavinfo "$stage/usr/bin/wavinfo"

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
