#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vm.sh LINE VARIANT MODE: build for one kernel line, boot one variant of
# the emulated PC and show what it printed. The quick loop while
# developing, e.g.
#   make vm LINE=6.12 VARIANT=iommu TESTS=hda_probe
#   make vm MODE=shell         (a busybox shell; Ctrl-A X quits QEMU)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

line=$1 variant=$2 mode=$3
abi=$(kernel_abi "$line")
[ -n "$abi" ] || die "no kernel for line $line"
dir="$HDA_WDM_OUT/vm/$abi/$variant"
initrd="$HDA_WDM_OUT/initrd-$abi.gz"

"$HDA_WDM_TOP/selftests/vm/build.sh" "$abi" W=1 | grep -E 'warning|error' >&2
[ -f "$HDA_WDM_OUT/build/$abi/snd-hda-wdm.ko" ] || die "build failed"
"$HDA_WDM_TOP/selftests/vm/initramfs.sh" "$abi" "$HDA_WDM_OUT/build/$abi" "$initrd" || die "initramfs failed"
HDA_WDM_APPEND="${TESTS:+hdawdm.tests=$TESTS} ${HDA_WDM_APPEND:-}" \
	"$HDA_WDM_TOP/selftests/vm/boot.sh" "$abi" "$variant" "$mode" "$initrd" "$dir"
rc=$?
case "$mode" in check | bench) cat "$dir/tap.log" ;; esac
log "logs in $dir"
! grep -q '^not ok' "$dir/tap.log" 2>/dev/null && exit $rc
exit 1
