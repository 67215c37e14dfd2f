#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The card's name and number, keyed to the controller: snd-hda-wdm-alsa's
# index= and id= entries apply to the controller that the same entry of
# pci= names (README.md, "On a real PC"), whatever the probe order. Then
# the card's codec#0 and codec#1 (QEMU's hda-duplex and hda-micro): there,
# and in the line forms of Linux's codec proc file.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

ktap_print_header
BDF=$(hda_find_bdf)
if [ -z "$BDF" ] || ! hda_alsa_built || [ "$(hda_param driver)" = snd_hda_intel ]; then
	ktap_print_msg "no controller, no ALSA driver, or snd-hda-intel's boot"
	exit "$KSFT_SKIP"
fi
# the emulated PC's two codecs; on a real PC the codecs the driver found
# (debugfs codecs), once it is loaded
CADS="0 1"
hda_emulated && ktap_set_plan 9

# card_num ID: the number of the card with that id, from /proc/asound/cards
card_num() {
	awk -v id="$1" '$1 ~ /^[0-9]+$/ && $2 == "[" id { print $1; exit }' /proc/asound/cards
}
reload() {	# reload PARAMS...: snd-hda-wdm-alsa with these parameters
	[ -d "/sys/module/$HDA_ALSA" ] && rmmod "$HDA_ALSA"
	insmod "$HDA_MODDIR/snd-hda-wdm-alsa.ko" "$@"
}

hda_is_loaded || hda_load || { ktap_print_msg "cannot load the driver"; exit "$KSFT_FAIL"; }
if ! hda_emulated; then
	CADS=$(tr '\n' ' ' < "$HDA_DEBUGFS/$BDF/codecs" 2>/dev/null)
	# shellcheck disable=SC2086
	ktap_set_plan $((6 + $(echo $CADS | wc -w)))
fi

# The numbers asked for are the top ones of the 32 that Debian's kernels
# have (CONFIG_SND_MAX_CARDS): low numbers may be taken by cards that are
# gone. ALSA's snd_card_new() keeps the number it reserved when it fails
# part-way (6.12 read: its error path frees the card without releasing
# the number), which fault_inject.sh makes happen on the debug kernel, and
# such a number is not in /proc/asound/cards.
reload
ktap_check "no parameter: the card's id is HDAWDM" test -n "$(card_num HDAWDM)"
reload pci="$BDF" index=29 id=Mine
ktap_expect_eq "pci=$BDF index=29 id=Mine: card 29, id Mine" 29 "$(card_num Mine)"
ktap_check "  and no card HDAWDM" test -z "$(card_num HDAWDM)"
# entry 0 belongs to another controller: ours takes the first free entry
reload pci=0000:7f:1f.3 index=30,31 id=Other,Second
ktap_expect_eq "pci= names another controller first: ours takes entry 1 (card 31, id Second)" \
	31 "$(card_num Second)"
ktap_check "  and entry 0 stays unused" test -z "$(card_num Other)"
reload
ktap_check "without parameters again: HDAWDM" test -n "$(card_num HDAWDM)"

# codec_parses FILE: our codec#M is there and every line of it has one of
# the forms of Linux's codec proc file (hda-wdm/codec_facts.awk)
codec_parses() {
	[ -r "$1" ] || { ktap_print_msg "  no $1"; return 1; }
	head -n 1 "$1" | grep -q '^Codec: ' || { ktap_print_msg "  $1: no Codec: line"; return 1; }
	nodes=$(awk -f "$DIR/codec_facts.awk" -v mode=parse -v strict=1 "$1" 2> "$TMP_ERR" |
		grep -c '\.widget	')
	if [ -s "$TMP_ERR" ] || [ "$nodes" = 0 ]; then
		ktap_print_msg "  $1: $nodes nodes; $(head -n 3 "$TMP_ERR" | tr '\n' ' ')"
		return 1
	fi
	ktap_print_msg "  $1: $(head -n 1 "$1"), $nodes nodes"
}
TMP_ERR=${TMPDIR:-/tmp}/card_names.err
n=$(card_num HDAWDM)
for cad in $CADS; do
	ktap_check "/proc/asound/card$n/codec#$cad exists and parses" \
		codec_parses "/proc/asound/card$n/codec#$cad"
done
ktap_print_msg "$(head -n 4 /proc/asound/cards)"
if hda_emulated; then
	# hda-duplex and hda-micro: no pin has presence detect
	jacks=$(amixer -c "$n" controls 2>&1 | grep -c "iface=CARD,name='.* Jack'")
	ktap_print_msg "  $(amixer -c "$n" controls 2>&1 | wc -l) controls"
	ktap_expect_eq "codecs without presence detect: no jack control" 0 "$jacks"
fi
hda_unload
ktap_finished
