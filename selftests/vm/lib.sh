# SPDX-License-Identifier: GPL-2.0-only
# Shared settings and helpers of the emulated-PC harness (sourced, not run).

HDA_WDM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Downloaded kernels and extracted tools survive across clones on one machine.
HDA_WDM_CACHE=${HDA_WDM_CACHE:-/var/cache/hda-wdm}
# Per-run build products and logs, inside the working tree (git-ignored).
HDA_WDM_OUT=${HDA_WDM_OUT:-$HDA_WDM_TOP/out}
# Every entry point (make record, vm, bench, check) may be the first command
# in a fresh clone: the output tree exists before anything writes into it.
mkdir -p "$HDA_WDM_OUT"
# Kernel lines under test: Debian 12's own and bookworm-backports'.
HDA_WDM_LINES=${HDA_WDM_LINES:-"6.1 6.12"}

log() { printf '[hda-wdm] %s\n' "$*" >&2; }
die() { printf '[hda-wdm] error: %s\n' "$*" >&2; exit 1; }

# The Debian kernel ABI name (e.g. 6.1.0-56-amd64) of the newest
# linux-image-amd64 of a kernel line, as apt knows it. HDA_WDM_KERNEL_<line>
# (dots as underscores) pins one.
kernel_abi() {
	local line=$1 var="HDA_WDM_KERNEL_${1//./_}"
	# 6.12-debug: the debug kernel built from linux-source-6.12 by
	# debug-kernel.sh; empty until it is built.
	if [ "$line" = 6.12-debug ]; then
		"$HDA_WDM_TOP/selftests/vm/debug-kernel.sh" --release
		return
	fi
	if [ -n "${!var:-}" ]; then
		echo "${!var}"
		return
	fi
	apt-cache show linux-image-amd64 2>/dev/null |
		awk -v line="$line" '
			/^Version:/ { v = $2 }
			/^Depends:/ {
				split(v, a, /[.-]/)
				if (a[1] "." a[2] == line) {
					sub(/^linux-image-/, "", $2)
					print v, $2
				}
			}' |
		sort -V | tail -n 1 | cut -d' ' -f2
}

kernel_dir() { echo "$HDA_WDM_CACHE/kernels/$1"; }
kernel_image() { echo "$HDA_WDM_CACHE/kernels/$1/boot/vmlinuz-$1"; }
kernel_headers() {	# a kernel we built keeps its tree beside it
	if [ -d "$HDA_WDM_CACHE/kernels/$1/build" ]; then
		echo "$HDA_WDM_CACHE/kernels/$1/build"
	else
		echo "/usr/src/linux-headers-$1"
	fi
}
