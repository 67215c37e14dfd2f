#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# packaging.sh ABI: the two ways to install hda-wdm on a PC, tried on a
# copy of the working tree against kernel ABI's headers, on the host (DKMS
# and depmod are host tools; the emulated PC's reference boot tries the
# hand-over tool, selftests/hda-wdm/handover.sh).
#   make install / uninstall  into a staging DESTDIR
#   dkms add / build / install / remove  in private DKMS trees
# Each installs exactly the three driver modules, built for ABI, never the
# test modules, and takes them away again. Prints one "ok|fail<TAB>case"
# line per case (check.sh counts them); the logs stay in OUT/packaging/.
set -uo pipefail
. "$(dirname "$0")/../vm/lib.sh"

abi=$1
kdir=$(kernel_headers "$abi")
work="$HDA_WDM_OUT/packaging/$abi"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$HDA_WDM_TOP/dkms.conf")
drivers="snd-hda-wdm-alsa.ko snd-hda-wdm.ko wdmdma.ko"

case_() {	# case_ DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@" >> "$work/cases.log" 2>&1; then
		printf 'ok\tpackaging %s: %s\n' "$abi" "$d"
	else
		printf 'fail\tpackaging %s: %s\n' "$abi" "$d"
	fi
}

# the .ko files below DIR, sorted, as one line
kos() { (cd "$1" 2>/dev/null && find . -name '*.ko' -printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//'); }
same() { [ "$1" = "$2" ] || { echo "expected '$1', got '$2'"; return 1; }; }
# modinfo_is FIELD VALUE DIR: every module in DIR has VALUE as the first
# word of its modinfo FIELD
modinfo_is() {
	local f
	for f in "$3"/*.ko; do
		same "$2" "$(modinfo -F "$1" "$f" | cut -d' ' -f1)" || return
	done
}

rm -rf "$work"
mkdir -p "$work"
# a copy of what a clone holds: tracked files and new ones git does not ignore
src="$work/hda-wdm-$version"
(cd "$HDA_WDM_TOP" && git ls-files -co --exclude-standard | cpio -pdm --quiet "$src")

# make install / uninstall
stage="$work/stage"
moddest="$stage/lib/modules/$abi/updates/hda-wdm"
case_ "make install builds and installs" make -C "$src" -s install KDIR="$kdir" DESTDIR="$stage"
case_ "make install: the three driver modules, no test module" same "$drivers" "$(kos "$moddest")"
case_ "make install: modules built for $abi" modinfo_is vermagic "$abi" "$moddest"
case_ "make install: every module's version is dkms.conf's $version" modinfo_is version "$version" "$moddest"
case_ "make install: depmod knows snd-hda-wdm-alsa's dependencies" \
	grep -q '^updates/hda-wdm/snd-hda-wdm-alsa.ko: .*snd-hda-wdm.ko' "$stage/lib/modules/$abi/modules.dep"
case_ "make install: hda-wdm-ctl installed" test -x "$stage/usr/local/sbin/hda-wdm-ctl"
case_ "make uninstall removes them" make -C "$src" -s uninstall KDIR="$kdir" DESTDIR="$stage"
case_ "make uninstall: no module and no tool left" \
	same "" "$(kos "$stage/lib/modules/$abi"; ls "$stage/usr/local/sbin")"

# DKMS, in trees of its own (the host's /var/lib/dkms is not touched)
dkms_args=(--dkmstree "$work/dkms" --sourcetree "$work/src" --installtree "$work/lib")
mkdir -p "$work/dkms" "$work/src" "$work/lib/$abi"
k=(-k "$abi" --kernelsourcedir "$kdir")
case_ "dkms add" dkms add "${dkms_args[@]}" "$src"
case_ "dkms build" dkms build "${dkms_args[@]}" "hda-wdm/$version" "${k[@]}"
case_ "dkms install" dkms install "${dkms_args[@]}" "hda-wdm/$version" "${k[@]}"
case_ "dkms install: the three driver modules, no test module" \
	same "$drivers" "$(kos "$work/lib/$abi")"
case_ "dkms install: modules built for $abi" modinfo_is vermagic "$abi" "$work/lib/$abi/updates/dkms"
case_ "dkms status: installed" \
	grep -q "^hda-wdm/$version, $abi, .*: installed" <(dkms status "${dkms_args[@]}")
case_ "dkms remove" dkms remove "${dkms_args[@]}" "hda-wdm/$version" --all
case_ "dkms remove: no module left" same "" "$(kos "$work/lib/$abi")"
