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
	/usr/share/alsa/pcm /usr/share/alsa/ctl "$stage/usr/share/alsa/" 2>/dev/null || true

# The sound core, in load order (dependencies first), decompressed: the
# guest's insmod is busybox's, which hands the file to the kernel as it is.
# add_module NAME copies NAME and what it depends on into $dest, appending
# to order; it fails when the kernel has no such module.
order=()
add_module() {
	local name=$1 path dep d
	for d in "${order[@]}"; do [ "$d" = "$name" ] && return 0; done
	path=$(awk -v m="/$name.ko" 'index($1, m) { sub(/:$/, "", $1); print $1; exit }' "$kmods/modules.dep")
	[ -n "$path" ] || { log "module $name not in $abi"; return 1; }
	for dep in $(awk -v p="$path:" '$1 == p { for (i = NF; i > 1; i--) print $i }' "$kmods/modules.dep"); do
		d=$(basename "$dep"); d=${d%%.ko*}
		add_module "$d" || return
	done
	case "$path" in
	*.xz) xz -dc "$kmods/$path" > "$dest/$name.ko" ;;
	*.zst) zstd -qdc "$kmods/$path" > "$dest/$name.ko" ;;
	*) cp "$kmods/$path" "$dest/$name.ko" ;;
	esac
	order+=("$name")
}
dest="$stage/lib/modules/core"
for m in snd-pcm snd-hwdep snd-timer; do add_module "$m" || die "no sound core in $abi"; done
printf '%s\n' "${order[@]}" > "$dest/order"

# The reference: Linux's own snd-hda-intel with the generic codec driver
# and everything they depend on, loaded instead of ours in the reference
# boot (guest/init, hdawdm.driver=snd_hda_intel). A kernel without them
# (the debug kernel's minimal configuration) gets no reference directory.
order=()
dest="$stage/lib/modules/reference"
mkdir -p "$dest"
if add_module snd-hda-codec-generic && add_module snd-hda-intel; then
	printf '%s\n' "${order[@]}" > "$dest/order"
else
	log "$abi: no snd-hda-intel, the reference boot is not possible with it"
	rm -rf "$dest"
fi

cp "$moddir"/*.ko "$stage/lib/modules/hda-wdm/"
# ALSA_KSFT: the upstream ALSA kselftests (pcm-test, mixer-test), built
# into the selftests/alsa suite from linux-source-6.12 (setup.sh extracts it).
make -s -C "$HDA_WDM_TOP/selftests" install INSTALL_PATH="$stage/selftests" \
	ALSA_KSFT="$HDA_WDM_CACHE/linux-source-6.12/tools/testing/selftests/alsa" >/dev/null
# Programs built against the host's libraries (the upstream ALSA tests,
# pcmbench) need them in the guest too.
for f in "$stage"/selftests/alsa/pcm-test "$stage"/selftests/alsa/mixer-test \
	"$stage"/selftests/bin/pcmbench "$stage"/selftests/bin/pcmcheck \
	"$stage"/selftests/bin/pcmrestart "$stage"/selftests/bin/ctlevents; do
	[ -x "$f" ] || continue
	for lib in $(ldd "$f" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
done
cp "$HDA_WDM_TOP/selftests/vm/guest/run_tests.sh" "$HDA_WDM_TOP/selftests/vm/guest/record.sh" \
	"$HDA_WDM_TOP/selftests/vm/guest/bench.sh" "$stage/selftests/"
install -m 755 "$HDA_WDM_TOP/tools/hda-wdm-ctl" "$stage/usr/bin/hda-wdm-ctl"
ln -s /selftests/bin/wavinfo "$stage/usr/bin/wavinfo"
ln -s /selftests/bin/pcmcheck "$stage/usr/bin/pcmcheck"
ln -s /selftests/bin/pcmrestart "$stage/usr/bin/pcmrestart"
ln -s /selftests/bin/ctlevents "$stage/usr/bin/ctlevents"

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
