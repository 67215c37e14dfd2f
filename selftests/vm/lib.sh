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
# Kernel lines under test: Debian 12's own, bookworm-backports' and the
# newest Debian ships (trixie-backports' 7.x, built in a trixie root).
HDA_WDM_LINES=${HDA_WDM_LINES:-"6.1 6.12 7.x"}

log() { printf '[hda-wdm] %s\n' "$*" >&2; }
die() { printf '[hda-wdm] error: %s\n' "$*" >&2; exit 1; }

# line_root_suite LINE: "RELEASE SUITE" for a kernel line whose modules
# Debian 12 cannot build (its kbuild tools need a newer C library, its
# headers a newer compiler); apt and the build then run in a root of that
# release (buildroot.sh, root_dir SUITE). Nothing for the host's lines.
# A line named MAJOR.x follows the newest kernel of that major version.
line_root_suite() {
	case $1 in
	7.x) echo "trixie trixie-backports" ;;
	esac
}
root_dir() { echo "$HDA_WDM_CACHE/roots/$1"; }

# release_uri CODENAME: the archive the machine's apt sources use for that
# release's packages (no address is written into the project's files)
release_uri() {
	# shellcheck disable=SC2016
	apt-get indextargets --no-release-info --format '$(REPO_URI)' \
		"Release: $1" 'Target-Of: deb' | head -n 1
}

# in_root ROOT CMD...: CMD in the build root, with /proc (objtool reads it)
# and HDA_WDM_BIND (a host directory, if set) at /mnt/hda-wdm, mounted in a
# mount namespace of its own so that nothing stays mounted and concurrent
# builds of several clones do not see each other's trees.
in_root() {
	local root=$1
	shift
	# shellcheck disable=SC2016
	unshare -m sh -c '
		root=$1; shift
		mount --bind /proc "$root/proc" || exit 1
		if [ -n "${HDA_WDM_BIND:-}" ]; then
			mkdir -p "$root/mnt/hda-wdm"
			mount --bind "$HDA_WDM_BIND" "$root/mnt/hda-wdm" || exit 1
		fi
		exec chroot "$root" "$@"' sh "$root" "$@"
}

# kernel_root ABI: the build root holding the headers of ABI, if any
kernel_root() {
	local r
	for r in "$HDA_WDM_CACHE"/roots/*/; do
		[ -d "$r/usr/src/linux-headers-$1" ] && { echo "${r%/}"; return; }
	done
	return 0
}

# The Debian kernel ABI name (e.g. 6.1.0-56-amd64) of the newest
# linux-image-amd64 of a kernel line, as apt knows it (a root line's apt:
# line_root_suite). HDA_WDM_KERNEL_<line> (dots as underscores) pins one.
kernel_abi() {
	local line=$1 var="HDA_WDM_KERNEL_${1//./_}" suite root
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
	suite=$(line_root_suite "$line")
	if [ -n "$suite" ]; then
		root=$(root_dir "${suite#* }")
		[ -f "$root/.done" ] || return 0
		set -- chroot "$root" apt-cache
	else
		set -- apt-cache
	fi
	"$@" show linux-image-amd64 2>/dev/null |
		awk -v line="$line" '
			/^Version:/ { v = $2 }
			/^Depends:/ {
				split(v, a, /[.-]/)
				if (a[1] "." a[2] != line && a[1] ".x" != line)
					next
				# 7.x: linux-base-amd64 comes first
				for (i = 2; i <= NF; i++)
					if ($i ~ /^linux-image-/) {
						sub(/^linux-image-/, "", $i)
						sub(/,$/, "", $i)
						print v, $i
						next
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
