#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers shared by the hda-wdm selftests. In the emulated PC what the
# machine under test is expected to have comes from the kernel command line
# (hdawdm.*=), which the harness sets per variant. On a real PC (no
# hdawdm.mode= there, see hda_emulated) the programs read it from the
# hardware instead (GCAP from the controller's BAR, the codecs from the
# STATESTS mask the probe logged, the capture paths from debugfs) and skip
# the cases that need the emulated PC's signal; the same names as
# environment variables (HDAWDM_GCAP, HDAWDM_CODECS, HDAWDM_IRQ, HDAWDM_ICH)
# still override what they read.

HDA_MODDIR=${HDA_MODDIR:-/lib/modules/hda-wdm}
# The kernel's sound core modules, with an "order" file (the initramfs's).
HDA_COREDIR=${HDA_COREDIR:-/lib/modules/core}
HDA_DRIVER=snd_hda_wdm
# The ALSA function driver on top of the bus interface (issue 5).
HDA_ALSA=snd_hda_wdm_alsa
HDA_DEBUGFS=/sys/kernel/debug/hda-wdm

# hda_param NAME: the value of hdawdm.NAME= on the kernel command line.
hda_param() {
	for w in $(cat /proc/cmdline); do
		case "$w" in
		hdawdm."$1"=*) echo "${w#*=}"; return 0 ;;
		esac
	done
	return 1
}

# hda_emulated: true in the emulated PC, whose /init the harness starts
# with hdawdm.mode= on the kernel command line; false on a real PC, and
# when hdawdm.realpc=1 (a boot of the harness that hides its hints) or
# HDAWDM_REALPC=1 asks the programs to behave as on one.
hda_emulated() {
	[ "${HDAWDM_REALPC:-0}" != 1 ] && [ "$(hda_param realpc)" != 1 ] &&
		hda_param mode > /dev/null
}

# hda_hint NAME: the emulated PC's hdawdm.NAME= (what the harness says the
# machine has); fails on a real PC, where the hardware tells.
hda_hint() {
	hda_emulated && hda_param "$1"
}

# hda_say_where: on a real PC, says once per program that expectations are
# read from the hardware (ktap_print_header calls it); silent in the
# emulated PC.
hda_say_where() {
	[ -z "${HDA_WHERE_SAID:-}" ] || return 0
	HDA_WHERE_SAID=1
	hda_emulated ||
		echo "# real PC: expectations read from the hardware; cases that need the emulated PC's signal or its fault injection skip"
}

# HDA_NEEDS_SIGNAL: the reason given by the cases that skip on a real PC
# shellcheck disable=SC2034 # used by the programs
HDA_NEEDS_SIGNAL="needs the emulated PC's signal (real PC)"

# The PCI address of the HD Audio function under test: HDAWDM_BDF when set;
# else the first one handed to snd-hda-wdm (driver_override, as
# tools/hda-wdm-ctl take leaves it); else the first HD Audio function
# (class 0x0403, prog-if 0).
hda_find_bdf() {
	if [ -n "${HDAWDM_BDF:-}" ]; then
		echo "$HDAWDM_BDF"
		return 0
	fi
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/driver_override" 2>/dev/null)" = "$HDA_DRIVER" ] &&
		   [ "$(cat "$d/class")" = 0x040300 ]; then
			basename "$d"
			return 0
		fi
	done
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/class")" = 0x040300 ]; then
			basename "$d"
			return 0
		fi
	done
	return 1
}

hda_bound_driver() {
	if [ -L "/sys/bus/pci/devices/$1/driver" ]; then
		basename "$(readlink "/sys/bus/pci/devices/$1/driver")"
	fi
}

hda_is_loaded() {
	[ -d "/sys/module/$HDA_DRIVER" ]
}

# hda_load_order DIR: insmod the modules DIR/order lists, in that order,
# skipping those already loaded.
hda_load_order() {
	[ -f "$1/order" ] || return 0
	while read -r _hlo_m; do
		[ -d "/sys/module/$(echo "$_hlo_m" | tr - _)" ] && continue
		insmod "$1/$_hlo_m.ko" || return
	done < "$1/order"
}

hda_alsa_built() {
	[ -f "$HDA_MODDIR/snd-hda-wdm-alsa.ko" ]
}

# hda_claim: hand the controller to snd-hda-wdm (driver_override), as
# tools/hda-wdm-ctl take does; snd-hda-wdm binds no controller otherwise.
hda_claim() {
	_hc_bdf=$(hda_find_bdf) || return 0
	echo "$HDA_DRIVER" > "/sys/bus/pci/devices/$_hc_bdf/driver_override"
}

# snd-hda-wdm's parameters the machine variant asks for: hdawdm.dma32=1
# (the ich6-intx variant) drives the controller as if it had no 64-bit
# addressing.
hda_module_args() {
	[ "$(hda_hint dma32)" = 1 ] && echo force_dma32=1
	return 0
}

# snd-hda-wdm needs the DMA adapter layer below it; the ALSA function
# driver, when it is built, goes on top with the sound core under it.
# Arguments are snd-hda-wdm's parameters, after the variant's.
hda_load() {
	hda_claim
	[ -d /sys/module/wdmdma ] || insmod "$HDA_MODDIR/wdmdma.ko" || return
	# shellcheck disable=SC2046
	insmod "$HDA_MODDIR/snd-hda-wdm.ko" $(hda_module_args) "$@" || return
	if hda_alsa_built && [ ! -d "/sys/module/$HDA_ALSA" ]; then
		hda_load_order "$HDA_COREDIR" || return
		insmod "$HDA_MODDIR/snd-hda-wdm-alsa.ko"
	fi
}

hda_unload() {
	if [ -d "/sys/module/$HDA_ALSA" ]; then
		rmmod "$HDA_ALSA" || return
	fi
	rmmod snd_hda_wdm
}

# hda_card_index ERE: the number of the first card whose /proc/asound/cards
# line matches ERE (nothing when none does)
hda_card_index() {
	awk -v re="$1" '/^ *[0-9]+ \[/ && $0 ~ re { print $1; exit }' \
		/proc/asound/cards 2>/dev/null
}

# hda_wait_card ERE SECONDS: until such a card is there (snd-hda-intel
# probes from a work item, so its card may come after insmod or bind
# returned); its number is left in CARD
hda_wait_card() {
	_hw_i=0
	while [ "$_hw_i" -lt "$(($2 * 10))" ]; do
		CARD=$(hda_card_index "$1")
		[ -n "$CARD" ] && return 0
		sleep 0.1
		_hw_i=$((_hw_i + 1))
	done
	return 1
}

# Kernel log lines printed since hda_log_mark: after a marker line written
# to /dev/kmsg, not a line count, which goes wrong once the ring buffer is
# full (the debug lane fills it) and drops as many old lines as are added.
# All of the log when the marker could not be written or has been dropped.
hda_log_mark() {
	HDA_LOG_SEQ=$((${HDA_LOG_SEQ:-0} + 1))
	HDA_LOG_MARKER="hda-wdm selftest mark $$.$HDA_LOG_SEQ"
	echo "$HDA_LOG_MARKER" > /dev/kmsg 2>/dev/null || HDA_LOG_MARKER=""
}

hda_log_since() {
	dmesg > /tmp/hda_log.$$
	if [ -n "${HDA_LOG_MARKER:-}" ] && grep -qF "$HDA_LOG_MARKER" /tmp/hda_log.$$; then
		awk -v m="$HDA_LOG_MARKER" 'found { print } index($0, m) { found = 1 }' /tmp/hda_log.$$
	else
		cat /tmp/hda_log.$$
	fi
	rm -f /tmp/hda_log.$$
}

# hda_reg NAME: a global register's value from the debugfs dump.
hda_reg() {
	awk -v n="$2" '$1 == n { print $2; exit }' "$HDA_DEBUGFS/$1/registers"
}

# hda_field FILE KEY: the value of "KEY: value" in a debugfs file.
hda_field() {
	awk -v k="$2:" '$1 == k { print $2; exit }' "$1"
}

# hda_bar_gcap BDF: GCAP read from the controller's memory BAR through
# /dev/mem (busybox devmem), another way than the driver's; only while no
# driver holds the BAR (CONFIG_IO_STRICT_DEVMEM) and where /dev/mem is not
# locked down (Secure Boot). Fails when it cannot be read.
hda_bar_gcap() {
	_bg_base=$(awk 'NR == 1 { print $1 }' "/sys/bus/pci/devices/$1/resource" 2>/dev/null)
	[ -n "$_bg_base" ] && [ $((_bg_base)) -ne 0 ] || return 1
	# busybox's applet; Debian's busybox package installs no applet links
	_bg_v=$(devmem "$_bg_base" 16 2>/dev/null ||
		busybox devmem "$_bg_base" 16 2>/dev/null) || return 1
	# all ones: the function does not decode its BAR (off, or in D3)
	[ -n "$_bg_v" ] && [ $((_bg_v)) -ne 65535 ] || return 1
	printf '0x%04x\n' $((_bg_v))
}

# hda_probe_codecs BDF: the codec addresses (a,b,...) of the STATESTS mask
# that the last probe of BDF logged since hda_log_mark ("codecs 0x3").
hda_probe_codecs() {
	_pc_m=$(hda_log_since | sed -n "s/.*$1: .*HDA .* controller: .*, codecs \([0-9a-fx]*\), .*/\1/p" |
		tail -n 1)
	[ -n "$_pc_m" ] || return 1
	_pc_i=0
	_pc_l=
	while [ "$_pc_i" -lt 15 ]; do
		[ $(((_pc_m >> _pc_i) & 1)) = 1 ] && _pc_l="$_pc_l${_pc_l:+,}$_pc_i"
		_pc_i=$((_pc_i + 1))
	done
	echo "$_pc_l"
}

# hda_widget_codecs BDF: the codec addresses (a,b,...) with an entry in the
# debugfs widget tree (enumerated codecs)
hda_widget_codecs() {
	sed -n 's/^codec \([0-9]*\): .*/\1/p' "$HDA_DEBUGFS/$1/widgets" | tr '\n' , |
		sed 's/,$//'
}

# hda_capture_converters BDF: how many input converters have a capture
# path in the debugfs widget tree (the ALSA driver's capture devices)
hda_capture_converters() {
	awk '/^codec / { c = $2 } /^  capture path [0-9]*:/ { k[c " " $4] = 1 }
		END { for (i in k) n++; print n + 0 }' "$HDA_DEBUGFS/$1/widgets"
}

# hda_host CMD...: one command to the harness through the host control
# channel (the fourth serial port; selftests/vm/boot.sh, hostctl.py), e.g.
# "present 0 0x14:0x18"; prints the answer, true when it is "ok". Only in
# the emulated PC.
hda_host() {
	hda_emulated && [ -c /dev/ttyS3 ] || { echo "error no host channel"; return 1; }
	stty -F /dev/ttyS3 raw -echo 2>/dev/null
	exec 7<>/dev/ttyS3
	echo "$*" >&7
	_hh_ans=""
	# shellcheck disable=SC3045 # busybox ash (the guest's sh) has read -t
	IFS= read -r -t 10 _hh_ans <&7
	exec 7>&-
	_hh_ans=$(echo "$_hh_ans" | tr -d '\r')
	echo "${_hh_ans:-error no answer in 10 s}"
	[ "$_hh_ans" = ok ]
}

# hda_tracefs: where tracefs is mounted (mounted here when it is not, or
# debugfs's tracing); fails in a kernel without it
hda_tracefs() {
	for _ht_t in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -f "$_ht_t/trace" ] && { echo "$_ht_t"; return 0; }
	done
	[ -d /sys/kernel/tracing ] &&
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null &&
		[ -f /sys/kernel/tracing/trace ] &&
		{ echo /sys/kernel/tracing; return 0; }
	return 1
}

# hda_trace_start EVENT...: the trace emptied and these hda_wdm events
# (e.g. hda_wdm_jack) on; fails, doing nothing, when tracefs or one of the
# events is missing (a module not loaded, a kernel without tracepoints).
# hda_trace_stop: tracing as before, those events off, the trace they made
# on stdout.
hda_trace_start() {
	HDA_TRACE_T=$(hda_tracefs) || return 1
	for _ht_e in "$@"; do
		[ -w "$HDA_TRACE_T/events/hda_wdm/$_ht_e/enable" ] || return 1
	done
	HDA_TRACE_EVENTS="$*"
	echo 0 > "$HDA_TRACE_T/tracing_on"
	: > "$HDA_TRACE_T/trace"
	for _ht_e in "$@"; do
		echo 1 > "$HDA_TRACE_T/events/hda_wdm/$_ht_e/enable"
	done
	echo 1 > "$HDA_TRACE_T/tracing_on"
}
hda_trace_stop() {
	[ -n "${HDA_TRACE_EVENTS:-}" ] || return 1
	for _ht_e in $HDA_TRACE_EVENTS; do
		echo 0 > "$HDA_TRACE_T/events/hda_wdm/$_ht_e/enable"
	done
	cat "$HDA_TRACE_T/trace"
	: > "$HDA_TRACE_T/trace"
	HDA_TRACE_EVENTS=
}
