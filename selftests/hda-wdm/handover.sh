#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The hand-over of a controller with tools/hda-wdm-ctl, as a person does it
# on a PC (README.md, "On a real PC"), and the rule behind it: snd-hda-wdm
# binds only a controller whose driver_override names it.
#
# Where snd-hda-intel drives the controller (the emulated PC's reference
# boot): take it, record through our card, give it back, record through
# snd-hda-intel's card again. Where no driver holds it (our boots, in which
# snd-hda-intel cannot load): take it, give it back, and check that our
# loaded driver does not take it again by itself. Both: refusals (a device
# that is not HD Audio, a missing one, bad usage), persist / unpersist, and
# a device that is not HD Audio offered to snd-hda-wdm by driver_override
# is refused by its probe with a log line.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

CTL=${HDA_WDM_CTL:-hda-wdm-ctl}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ktap_print_header
BDF=$(hda_find_bdf)
if [ -z "$BDF" ] || ! command -v "$CTL" > /dev/null; then
	ktap_print_msg "no HD Audio controller or no $CTL here"
	exit "$KSFT_SKIP"
fi
OVR=/sys/bus/pci/devices/$BDF/driver_override
START=$(hda_bound_driver "$BDF")
ktap_print_msg "controller $BDF driven by '${START:-nobody}'"

if [ "$START" = snd_hda_intel ]; then
	ktap_set_plan 21
else
	ktap_set_plan 16
fi

ctl() {	# ctl NAME ARGS...: run the tool, output in $TMP/NAME, exit code in $TMP/NAME.rc
	_c_name=$1
	shift
	"$CTL" -m "$HDA_MODDIR" -r "$TMP/rules" "$@" > "$TMP/$_c_name" 2>&1
	echo $? > "$TMP/$_c_name.rc"
	sed "s/^/# $_c_name: /" "$TMP/$_c_name"
}
rc_of() { cat "$TMP/$1.rc"; }
said() { grep -q "$2" "$TMP/$1"; }
override() { o=$(cat "$OVR"); [ "$o" = "(null)" ] && o=; echo "$o"; }
card_of() {	# the number of the card whose /proc/asound/cards line matches $1
	awk -v p="$1" '$0 ~ p && $1 ~ /^[0-9]+$/ { print $1; exit }' /proc/asound/cards
}
wait_card() {	# wait_card PATTERN: snd-hda-intel makes its card in a work item
	_w=0
	while [ -z "$(card_of "$1")" ] && [ "$_w" -lt 50 ]; do
		sleep 0.1
		_w=$((_w + 1))
	done
	[ -n "$(card_of "$1")" ]
}
# capture_exact CARD: 2 s from device 0, bit-exact and contiguous (one retry:
# the emulated PC's first burst after a start can overrun, see testing.rst)
capture_exact() {
	for _try in 1 2; do
		rm -f "$TMP/c.wav" "$TMP/wavinfo"
		timeout 20 arecord -q -D "hw:$1,0" -f S16_LE -r 48000 -c 2 -d 2 "$TMP/c.wav" &&
			wavinfo -c "$TMP/c.wav" > "$TMP/wavinfo" 2>&1 && return 0
		sed 's/^/# /' "$TMP/wavinfo" 2>/dev/null
	done
	return 1
}

if [ "$START" = snd_hda_intel ]; then
	# 1-13: from snd-hda-intel to us and back
	ctl list list
	ktap_check "list shows $BDF driven by snd_hda_intel" \
		grep -q "^$BDF .* snd_hda_intel " "$TMP/list"
	ctl take take "$BDF"
	ktap_expect_eq "take exits 0" 0 "$(rc_of take)"
	ktap_expect_eq "take: bound to $HDA_DRIVER" "$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
	ktap_expect_eq "take: driver_override names $HDA_DRIVER" "$HDA_DRIVER" "$(override)"
	wait_card HDAWDM
	ktap_check "take: our card is there, snd-hda-intel's is gone" \
		test -n "$(card_of HDAWDM)" -a -z "$(card_of 'HDA Intel')"
	ktap_check "take: a capture through our card is bit-exact" capture_exact "$(card_of HDAWDM)"
	ctl take2 take "$BDF"
	ktap_check "take again: exits 0, says it is already ours" \
		test "$(rc_of take2)" = 0 -a -n "$(grep 'already' "$TMP/take2")"
	ctl give give-back "$BDF"
	ktap_expect_eq "give-back exits 0" 0 "$(rc_of give)"
	ktap_expect_eq "give-back: bound to snd_hda_intel" snd_hda_intel "$(hda_bound_driver "$BDF")"
	ktap_expect_eq "give-back: driver_override cleared" "" "$(override)"
	wait_card 'HDA Intel'
	ktap_check "give-back: snd-hda-intel's card is back, ours is gone" \
		test -n "$(card_of 'HDA Intel')" -a -z "$(card_of HDAWDM)"
	ktap_check "give-back: a capture through snd-hda-intel's card is bit-exact" \
		capture_exact "$(card_of 'HDA Intel')"
	ctl give2 give-back "$BDF"
	ktap_check "give-back of a controller that is not ours: exits 0, nothing done" \
		test "$(rc_of give2)" = 0 -a -n "$(grep 'nothing to give back' "$TMP/give2")" \
		-a "$(hda_bound_driver "$BDF")" = snd_hda_intel
else
	# 1-8: a free controller (snd-hda-intel cannot load in this boot)
	hda_is_loaded && hda_unload
	[ -n "$(hda_bound_driver "$BDF")" ] && echo "$BDF" > "/sys/bus/pci/devices/$BDF/driver/unbind"
	echo > "$OVR"
	ctl take take "$BDF"
	ktap_expect_eq "take of a free controller exits 0" 0 "$(rc_of take)"
	ktap_expect_eq "take: bound to $HDA_DRIVER" "$HDA_DRIVER" "$(hda_bound_driver "$BDF")"
	ktap_expect_eq "take: driver_override names $HDA_DRIVER" "$HDA_DRIVER" "$(override)"
	ctl give give-back "$BDF"
	ktap_expect_eq "give-back exits 0" 0 "$(rc_of give)"
	ktap_expect_eq "give-back: driver_override cleared" "" "$(override)"
	ktap_check "give-back: no driver took it, and the tool says so" \
		test -z "$(hda_bound_driver "$BDF")" -a -n "$(grep 'no driver took it' "$TMP/give")"
	echo "$BDF" > /sys/bus/pci/drivers_probe 2>/dev/null
	ktap_expect_eq "$HDA_DRIVER, loaded, does not bind a controller not handed to it" \
		"" "$(hda_bound_driver "$BDF")"
	hda_unload
	echo "$HDA_DRIVER" > "$OVR"
	ktap_check "insmod binds a controller handed over before the module loads" hda_load
fi

# refusals and persistence, both boots
other=
for d in /sys/bus/pci/devices/*; do
	case "$(cat "$d/class")" in
	0x0403??) continue ;;
	esac
	[ -L "$d/driver" ] && continue
	other=$(basename "$d")
	break
done
ctl nothda take "${other:-0000:00:00.0}"
ktap_check "take of a device that is not HD Audio fails, saying why" \
	test "$(rc_of nothda)" = 1 -a -n "$(grep 'not an HD Audio function' "$TMP/nothda")"
ctl missing take 0000:7f:1f.7
ktap_check "take of a missing device fails, saying so" \
	test "$(rc_of missing)" = 1 -a -n "$(grep 'no PCI device' "$TMP/missing")"
ctl usage frobnicate
ktap_expect_eq "unknown command: usage, exit 2" 2 "$(rc_of usage)"
ctl persist persist "$BDF"
ktap_check "persist writes a udev rule for $BDF" \
	grep -q "KERNEL==\"$BDF\", ATTR{driver_override}=\"$HDA_DRIVER\"" "$TMP/rules"
ctl persist2 persist "$BDF"
ktap_expect_eq "persist twice: one rule" 1 "$(grep -c "KERNEL==\"$BDF\"" "$TMP/rules")"
ctl unpersist unpersist "$BDF"
ktap_check "unpersist removes the rule (and the file it emptied)" test ! -e "$TMP/rules"

# a device that is not HD Audio, offered to snd-hda-wdm by driver_override
if [ -n "$other" ]; then
	hda_is_loaded || hda_load
	hda_log_mark
	echo "$HDA_DRIVER" > "/sys/bus/pci/devices/$other/driver_override"
	echo "$other" > /sys/bus/pci/drivers_probe 2>/dev/null
	ktap_expect_eq "a non-HD Audio device ($other) handed to $HDA_DRIVER is not bound" \
		"" "$(hda_bound_driver "$other")"
	if hda_log_since | grep -q "$other: .*not an HD Audio controller"; then
		ktap_test_pass "its probe says why"
	else
		ktap_print_msg "log: $(hda_log_since | grep "$other" | tail -n 3)"
		ktap_test_fail "its probe says why"
	fi
	echo > "/sys/bus/pci/devices/$other/driver_override"
else
	ktap_test_skip "a non-HD Audio device handed to $HDA_DRIVER: no free one here"
	ktap_test_skip "its probe says why: no free device"
fi

# leave the controller as it was found, our modules unloaded
if [ "$START" = snd_hda_intel ]; then
	hda_is_loaded && hda_unload
	[ -d /sys/module/wdmdma ] && rmmod wdmdma
	echo > "$OVR"
else
	hda_is_loaded && hda_unload
	echo "$HDA_DRIVER" > "$OVR"
fi
ktap_finished
