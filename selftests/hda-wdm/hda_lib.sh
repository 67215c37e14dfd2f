#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers shared by the hda-wdm selftests. What the machine under test is
# expected to have comes from the kernel command line (hdawdm.*=), which the
# emulated-PC harness sets per variant; on a real PC export the same names
# as environment variables (HDAWDM_GCAP, HDAWDM_CODECS, HDAWDM_IRQ,
# HDAWDM_ICH).

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

# The PCI address of the first HD Audio function (class 0x0403, prog-if 0).
hda_find_bdf() {
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
	[ "$(hda_param dma32)" = 1 ] && echo force_dma32=1
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
