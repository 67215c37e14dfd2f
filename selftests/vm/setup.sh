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
	uri=$(apt-get indextargets --no-release-info --format '$(REPO_URI)' \
		"Release: $CODENAME" 'Target-Of: deb' | head -n 1)
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
	[ -n "$(kernel_abi "$line")" ] || { apt_update_once; break; }
done
install_packages "${PACKAGES[@]}"

for line in $HDA_WDM_LINES; do
	abi=$(kernel_abi "$line")
	[ -n "$abi" ] || die "no linux-image-amd64 of line $line in apt's lists"
	install_packages "linux-headers-$abi"
	if [ ! -f "$(kernel_image "$abi")" ]; then
		log "fetching guest kernel $abi"
		tmp=$(mktemp -d)
		chmod 755 "$tmp"	# apt's download user writes here
		(cd "$tmp" && apt-get download -qq "linux-image-$abi" 2>/dev/null) ||
			{ apt_update_once; (cd "$tmp" && apt-get download -qq "linux-image-$abi"); }
		rm -rf "$(kernel_dir "$abi").part"
		mkdir -p "$(kernel_dir "$abi").part"
		dpkg-deb -x "$tmp"/linux-image-*.deb "$(kernel_dir "$abi").part"
		depmod -b "$(kernel_dir "$abi").part" "$abi"
		rm -rf "$tmp" "$(kernel_dir "$abi")"
		mv "$(kernel_dir "$abi").part" "$(kernel_dir "$abi")"
	fi
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
