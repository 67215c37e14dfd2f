#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs everything the build, the checks and the emulated PC need on a
# Debian 12 machine (run as root), and fetches the guest kernels. Safe to run
# again: it only does what is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	build-essential perl gcc make bc kmod
	qemu-system-x86 busybox-static cpio xz-utils zstd
	alsa-utils libasound2-dev sox
	sparse linux-source-6.12
	dkms git			# packaging checks (selftests/packaging)
	debootstrap			# the 7.x line's build root (buildroot.sh)
	python3-sphinx			# make htmldocs
	flex bison libelf-dev libssl-dev	# the debug kernel (debug-kernel.sh)
	dpkg-dev meson ninja-build pkg-config	# our QEMU (qemu-build.sh)
	libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev
)

apt_updated=0
apt_update_once() {
	[ "$apt_updated" = 1 ] && return
	log "apt-get update"
	apt-get update -qq
	apt_updated=1
}

# ensure_suite TYPE SUITE FILE WHY: an apt source of TYPE (deb, deb-src)
# for SUITE in /etc/apt/sources.list.d/FILE.sources, from the same archive
# the machine's apt sources already use for the release itself: a machine
# behind a local mirror or proxy keeps using it, and no address is written
# here. Nothing is done when apt has such a source already.
ensure_suite() {
	local type=$1 suite=$2 file=$3 why=$4 uri keyring
	apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE)' |
		grep -qx "$type $suite" && return
	uri=$(release_uri "$CODENAME")
	[ -n "$uri" ] || die "apt has no source for $CODENAME: cannot add $type $suite"
	log "adding $type $suite ($why) from $uri"
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	{
		echo "Types: $type"
		echo "URIs: $uri"
		echo "Suites: $suite"
		echo "Components: main"
		[ -f "$keyring" ] && echo "Signed-By: $keyring"
	} > "/etc/apt/sources.list.d/$file.sources"
	apt_updated=0
	suite_added=1
}

missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || echo "$p"
	done
}

install_packages() {
	local missing
	missing=$(missing_packages "$@")
	[ -z "$missing" ] && return
	apt_update_once
	log "installing:" $missing
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null
}

[ "$(id -u)" = 0 ] || die "setup needs root (apt-get)"
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$CODENAME" ] || die "cannot tell the Debian release from /etc/os-release"
ensure_suite deb "$CODENAME-backports" hda-wdm-backports "kernel 6.12"
# Debian's source of the release, for our own QEMU build (qemu-build.sh)
ensure_suite deb-src "$CODENAME" hda-wdm-src "QEMU's source"
[ "${suite_added:-0}" = 0 ] || apt_update_once
# A kernel line apt does not know yet needs fresh lists first.
for line in $HDA_WDM_LINES; do
	[ -n "$(line_root_suite "$line")" ] && continue
	[ -n "$(kernel_abi "$line")" ] || { apt_update_once; break; }
done
install_packages "${PACKAGES[@]}"

# fetch_kernel ABI ROOT: the guest kernel and its modules, from the host's
# apt (ROOT empty) or the build root's, unpacked into kernel_dir ABI as
# boot/vmlinuz-ABI and lib/modules/ABI/. Debian 12 packs both in
# linux-image-ABI; from 7.x on they are linux-binary-ABI (the image, in
# /usr/lib/modules/ABI/vmlinuz) and linux-modules-ABI.
fetch_kernel() {
	local abi=$1 root=$2 tmp part pkgs
	part="$(kernel_dir "$abi").part"
	log "fetching guest kernel $abi"
	if [ -n "$root" ]; then
		tmp=$(mktemp -d "$root/tmp/dl.XXXXXX")
		chmod 755 "$tmp"
		pkgs="linux-binary-$abi linux-modules-$abi"
		chroot "$root" apt-cache show "linux-binary-$abi" >/dev/null 2>&1 ||
			pkgs="linux-image-$abi"
		# shellcheck disable=SC2086
		chroot "$root" sh -c "cd /tmp/${tmp##*/} &&
			apt-get download -qq -o APT::Sandbox::User=root $pkgs" ||
			die "cannot download $pkgs in $root"
	else
		tmp=$(mktemp -d)
		chmod 755 "$tmp"	# apt's download user writes here
		(cd "$tmp" && apt-get download -qq "linux-image-$abi" 2>/dev/null) ||
			{ apt_update_once; (cd "$tmp" && apt-get download -qq "linux-image-$abi"); }
	fi
	rm -rf "$part"
	mkdir -p "$part"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$part"
	done
	if [ -d "$part/usr/lib/modules/$abi" ] && [ ! -e "$part/lib/modules/$abi" ]; then
		mkdir -p "$part/lib/modules"
		mv "$part/usr/lib/modules/$abi" "$part/lib/modules/$abi"
	fi
	if [ ! -f "$part/boot/vmlinuz-$abi" ] && [ -f "$part/lib/modules/$abi/vmlinuz" ]; then
		mkdir -p "$part/boot"
		mv "$part/lib/modules/$abi/vmlinuz" "$part/boot/vmlinuz-$abi"
	fi
	[ -f "$part/boot/vmlinuz-$abi" ] || die "no kernel image in the packages of $abi"
	# (7.x packages ship no modules.order nor modules.builtin: depmod's
	# warnings about them say nothing)
	depmod -b "$part" "$abi" 2> "$part.depmod" ||
		{ cat "$part.depmod" >&2; die "depmod of $abi failed"; }
	grep -v 'could not open modules\.' "$part.depmod" >&2 || true
	rm -f "$part.depmod"
	rm -rf "$tmp" "$(kernel_dir "$abi")"
	mv "$part" "$(kernel_dir "$abi")"
}

for line in $HDA_WDM_LINES; do
	root= suite=$(line_root_suite "$line")
	if [ -n "$suite" ]; then
		# shellcheck disable=SC2086
		root=$("$HDA_WDM_TOP/selftests/vm/buildroot.sh" $suite) ||
			die "no build root for line $line"
		if [ -z "$(kernel_abi "$line")" ]; then
			chroot "$root" apt-get update -qq || die "apt-get update in $root failed"
		fi
	fi
	abi=$(kernel_abi "$line")
	[ -n "$abi" ] || die "no linux-image-amd64 of line $line in apt's lists"
	if [ -n "$root" ]; then
		if [ ! -d "$root/usr/src/linux-headers-$abi" ]; then
			log "installing linux-headers-$abi in $root"
			chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				-o Dpkg::Use-Pty=0 --no-install-recommends \
				"linux-headers-$abi" >/dev/null ||
				die "cannot install linux-headers-$abi in $root"
		fi
	else
		install_packages "linux-headers-$abi"
	fi
	[ -f "$(kernel_image "$abi")" ] || fetch_kernel "$abi" "$root"
done

# Tools taken from the kernel source package, for reading and checking only
# (checkpatch, kernel-doc and its Sphinx extension, the ALSA kselftests).
src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
src_dir="$HDA_WDM_CACHE/linux-source-$src_ver"
# (the .done of a cache made before kernel-doc was needed lacks it)
if [ ! -f "$src_dir/.done" ] || [ ! -f "$src_dir/scripts/kernel-doc" ]; then
	log "extracting checkpatch, kernel-doc and the ALSA selftests from linux-source-6.12 $src_ver"
	rm -rf "$src_dir"
	mkdir -p "$src_dir"
	tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$src_dir" --strip-components=1 \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch \
		linux-source-6.12/tools/testing/selftests/alsa \
		linux-source-6.12/tools/testing/selftests/kselftest.h \
		linux-source-6.12/scripts/kernel-doc \
		linux-source-6.12/Documentation/sphinx
	touch "$src_dir/.done"
fi
ln -sfn "$src_dir" "$HDA_WDM_CACHE/linux-source-6.12"

# The emulated PC's QEMU: Debian's source with our patches (qemu-build.sh),
# built once per source version and patch set, then cached.
qemu=$("$HDA_WDM_TOP/selftests/vm/qemu-build.sh" --path)
if [ -z "$qemu" ]; then
	t0=$(date +%s)
	log "building QEMU (selftests/vm/qemu-build.sh; about 20 minutes cold on 2 CPUs)"
	qemu=$("$HDA_WDM_TOP/selftests/vm/qemu-build.sh") || die "the QEMU build failed"
	log "QEMU built in $(($(date +%s) - t0))s: $qemu"
else
	log "QEMU: $qemu ($(cat "$(dirname "$(dirname "$qemu")")/build-time"))"
fi
log "setup complete"
