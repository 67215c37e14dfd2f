#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Real codec topologies (issue 14): the emulated PC carries up to 15 codecs
# that QEMU's hda-dump models from codec description files. The harness
# computes on the host what each file makes us expect and passes it as
# hdawdm.expect=CAD:ADCS:DACS,... where ADCS lists, split by "/", the
# input converters (node IDs in hex) that have a path from a connected
# input pin, each with "+" when it takes 48 kHz / 16 bit stereo, or "-"
# for none (HDMI / DisplayPort codecs), and DACS the output converters
# reached from a connected output pin, or "-". Per codec:
#  - it was enumerated: debugfs lists it, no enumeration error logged
#  - our ALSA driver made one capture PCM per expected input converter, and
#    no other (the PCM names carry the codec address and the ADC's node ID)
#  - and one playback PCM per expected output converter, and no other (the
#    DAC's node ID in the name; a device of the codec may carry both)
#  - each such PCM records the signal bit-exact (arecord, wavinfo -c); a
#    codec's PCMs record at once
#  - our /proc/asound/cardN/codec#CAD has the form of Linux's and tells the
#    hardware facts of the description file (boot.sh puts it in the guest
#    as /codecs/CAD.txt): codec_facts.awk compares them, leaving out the
#    lines of current values and of the driver (Documentation/testing.rst);
#    ours goes to the third serial port (the boot's data.log) as well
#  - a jack control ("... Jack", iface CARD) for exactly the pins that
#    hdawdm.jacks=CAD:NID+/NID-/... lists (those that detect presence; "+"
#    where the boot plugged something in), each on or off as the boot set
#    it; the names beside those snd-hda-intel gave the same pins on the
#    real machine (the file's Control: lines), as diagnostics
# then once: on the first codec with a jack, its first jack is unplugged
# and plugged in again at run time through the host control channel
# (hda_host present ...): the control changes, with exactly one event, and
# no other control changes; on the first codec with a headphone jack and
# speaker pins, automute: the speakers' pin control loses its output bit
# while headphones are in (a playback's path setup included), gets it back
# when they are out or "Auto-Mute Mode" is Disabled; no verb timed out, no
# kernel warning; the
# driver unloaded while that jack is unplugged and plugged in again and
# again, with no kernel warning.
# Skips unless hdawdm.expect= is on the kernel command line.

DIR=$(dirname "$0")
. "$DIR/ktap_helpers.sh"
. "$DIR/hda_lib.sh"

EXPECT=${HDAWDM_EXPECT:-$(hda_param expect || true)}
JACKS=${HDAWDM_JACKS:-$(hda_param jacks || true)}
FRAMES=${HDAWDM_CODEC_FRAMES:-9600}
TMP=${TMPDIR:-/tmp}/hda_codecs
mkdir -p "$TMP"

ktap_print_header
if [ -z "$EXPECT" ]; then
	ktap_set_plan 1
	ktap_test_skip "no hdawdm.expect= (not a codec boot)"
	exit "$KSFT_SKIP"
fi

# the plan: 7 cases a codec, one a bit-exact converter, 12 at the end
plan=12
for e in $(echo "$EXPECT" | tr , ' '); do
	adcs=${e#*:}
	adcs=${adcs%%:*}
	plan=$((plan + 7 + $(echo "$adcs" | tr / '\n' | grep -c '+$')))
done
ktap_set_plan "$plan"

# amps_once CAD: no two "... Volume" (or "... Switch") controls of our
# codec#CAD act on the same amp (node, direction, index: its ControlAmp
# line)
amps_once() {
	_ao_f="$TMP/codec$1.txt"
	[ -r "$_ao_f" ] || { ktap_print_msg "  no codec#$1 read"; return 1; }
	_ao_dup=$(awk '
	/^Node 0x/ { node = $2 }
	/^  Control: name=/ {
		kind = /Volume"/ ? "Volume" : /Switch"/ ? "Switch" : ""
		name = $0; sub(/^  Control: /, "", name)
	}
	/^    ControlAmp: / && kind != "" {
		dir = $0; sub(/.*dir=/, "", dir); sub(/,.*/, "", dir)
		idx = $0; sub(/.*idx=/, "", idx); sub(/,.*/, "", idx)
		k = node " " dir " " idx " " kind
		if (k in seen)
			print "node " node " " dir "-amp index " idx ": " seen[k] " and " name
		else
			seen[k] = name
		kind = ""
	}' "$_ao_f")
	[ -z "$_ao_dup" ] && return 0
	echo "$_ao_dup" | head -n 10 | while IFS= read -r l; do ktap_print_msg "  $l"; done
	return 1
}

# volumes_match CAD: every "... Volume" control that our codec#CAD names
# on a node has the range 0..nsteps and the dB scale of that node's caps
# for the amp its ControlAmp: line names (input or output) (amixer's "dBscale-min=...,step=..."): the offset's step is
# 0 dB, each step (stepsize + 1) x 0.25 dB (HDA 1.0a, 7.3.4.10)
volumes_match() {
	_vm_f="$TMP/codec$1.txt"
	[ -r "$_vm_f" ] || { ktap_print_msg "  no codec#$1 read"; return 1; }
	# a node's Control: lines come before its caps, as in Linux's file;
	# a control's ControlAmp: line says which amp (dir=In or Out)
	awk '
	function flush(i) {
		for (i = 0; i < nc; i++)
			print ctl[i] "|" (dir[i] == "Out" ? ocaps : icaps)
		nc = 0; icaps = ""; ocaps = ""
	}
	function caps(l) {
		sub(/.*ofs=/, "", l); gsub(/[a-z]*=/, "", l); gsub(/,/, " ", l)
		return l
	}
	/^Node 0x/ { flush() }
	/^  Amp-In caps: ofs=/ { icaps = caps($0) }
	/^  Amp-Out caps: ofs=/ { ocaps = caps($0) }
	/^  Control: name=".* Volume", index=/ {
		n = $0; sub(/^  Control: name="/, "", n); sub(/", index=.*/, "", n)
		i = $0; sub(/.*index=/, "", i); sub(/,.*/, "", i)
		d = $0; sub(/.*device=/, "", d)
		dir[nc] = ""
		ctl[nc++] = n "|" i "|" d
		next
	}
	/^    ControlAmp: / && nc && dir[nc - 1] == "" {
		x = $0; sub(/.*dir=/, "", x); sub(/,.*/, "", x)
		dir[nc - 1] = x
	}
	END { flush() }' "$_vm_f" > "$TMP/vol$1"
	_vm_n=0
	_vm_bad=0
	while IFS='|' read -r _vm_name _vm_idx _vm_dev _vm_caps; do
		_vm_n=$((_vm_n + 1))
		if [ -z "$_vm_caps" ]; then
			ktap_print_msg "  $_vm_name: on a node without caps for its amp"
			_vm_bad=1
			continue
		fi
		# shellcheck disable=SC2086
		set -- $_vm_caps
		_vm_want=$(awk -v o="$(($1))" -v n="$(($2))" -v s="$(($3))" 'BEGIN {
			if (o > n) o = n
			st = (s + 1) * 25; mn = o * st
			printf "min=0,max=%d %s%d.%02ddB,step=%d.%02ddB\n", n,
				mn ? "-" : "", mn / 100, mn % 100, st / 100, st % 100 }')
		_vm_out=$(amixer -c "$card" cget "iface=MIXER,name=$_vm_name,index=$_vm_idx,device=$_vm_dev" 2>&1)
		_vm_got="$(echo "$_vm_out" | sed -n 's/.*\(min=[0-9-]*,max=[0-9]*\).*/\1/p' | head -n 1) $(echo "$_vm_out" |
			sed -n 's/.*dBscale-min=\([^,]*\),step=\([^,]*\),.*/\1,step=\2/p' | head -n 1)"
		if [ "$_vm_got" != "$_vm_want" ]; then
			ktap_print_msg "  $_vm_name (index $_vm_idx): $_vm_got, the amp caps ($_vm_caps) say $_vm_want"
			_vm_bad=1
		fi
	done < "$TMP/vol$1"
	ktap_print_msg "  $_vm_n volume controls checked against their amp caps"
	[ "$_vm_bad" = 0 ]
}

# jacks_of CAD: hdawdm.jacks='s pins of the codec, "NID +" or "NID -" a line
jacks_of() {
	for _jo_e in $(echo "$JACKS" | tr , ' '); do
		[ "${_jo_e%%:*}" = "$1" ] || continue
		echo "${_jo_e#*:}" | tr / '\n' | sed -n 's/^\([0-9a-f]*\)\([+-]\)$/\1 \2/p'
	done
}

# pin_list NID...: the pins as the host channel's present command takes
# them, "0xNID:0xNID..." (nothing for none)
pin_list() {
	echo "$@" | awk '{ for (i = 1; i <= NF; i++) printf "%s0x%s", (i > 1 ? ":" : ""), $i }'
}

# jack_controls FILE: the jack controls a codec file names, "NID NAME|INDEX"
# a line (NID in hex without 0x)
jack_controls() {
	awk '/^Node 0x/ { nid = $2; sub(/^0x0*/, "", nid) }
	/^  Control: name=".* Jack", index=/ {
		n = $0; sub(/^  Control: name="/, "", n); sub(/", index=.*/, "", n)
		i = $0; sub(/.*index=/, "", i); sub(/,.*/, "", i)
		print nid " " n "|" i
	}' "$1" 2>/dev/null
}

# jack_value NAME INDEX: on or off
jack_value() {
	amixer -c "$card" cget "iface=CARD,name=$1,index=$2" 2>/dev/null |
		sed -n 's/.*: values=//p' | head -n 1
}

# jacks_match CAD: our jack controls are those of the pins jacks_of lists,
# each in the state the boot set
jacks_match() {
	_jm_f="$TMP/codec$1.txt"
	[ -r "$_jm_f" ] || { ktap_print_msg "  no codec#$1 read"; return 1; }
	jack_controls "$_jm_f" > "$TMP/jacks$1"
	_jm_want=$(jacks_of "$1" | awk '{ print $1 }' | sort | tr '\n' ' ')
	_jm_got=$(awk '{ print $1 }' "$TMP/jacks$1" | sort | tr '\n' ' ')
	ktap_print_msg "  jack pins: ours [$_jm_got] expected [$_jm_want]"
	[ "$_jm_want" = "$_jm_got" ] || return 1
	_jm_bad=0 _jm_same=0 _jm_n=0
	while read -r _jm_nid _jm_rest; do
		_jm_name=${_jm_rest%|*}
		_jm_idx=${_jm_rest##*|}
		_jm_n=$((_jm_n + 1))
		_jm_st=$(jacks_of "$1" | awk -v n="$_jm_nid" '$1 == n { print ($2 == "+") ? "on" : "off" }')
		_jm_v=$(jack_value "$_jm_name" "$_jm_idx")
		if [ "$_jm_v" != "$_jm_st" ]; then
			ktap_print_msg "  pin 0x$_jm_nid '$_jm_name' $_jm_idx: $_jm_v, the pin senses $_jm_st"
			_jm_bad=1
		fi
		_jm_real=$(jack_controls "/codecs/$1.txt" | awk -v n="$_jm_nid" '$1 == n { sub(/^[^ ]* /, ""); sub(/\|[0-9]*$/, ""); print; exit }')
		if [ "$_jm_real" = "$_jm_name" ]; then
			_jm_same=$((_jm_same + 1))
		else
			ktap_print_msg "  pin 0x$_jm_nid: ours '$_jm_name', the real machine's '${_jm_real:-none}'"
		fi
	done < "$TMP/jacks$1"
	ktap_print_msg "  jack names: $_jm_same of $_jm_n as snd-hda-intel named them on the real machine"
	[ "$_jm_bad" = 0 ]
}

# controls_now FILE: every control of the card and its values, a line each
# ("IFACE 'NAME' INDEX VALUE...")
controls_now() {
	ctlevents "$card" dump > "$1" 2>&1
}

# jack_event CAD NID WANT: the text of the hda_wdm_jack event that reports
# codec CAD's pin NID (hex) as WANT (on/off), after its card
jack_event() {
	echo "codec=$1 pin=$(printf '%#x' "0x$2") present=$([ "$3" = on ] && echo 1 || echo 0)"
}

# jack_traced TRACED CAD NID WANT FILE: with TRACED 1, the hda_wdm_jack
# events since hda_trace_start (kept in FILE) are exactly one, of codec
# CAD's pin NID, present as WANT (on/off); with TRACED 0 (no tracefs or
# no event), said and not held against the case
jack_traced() {
	if [ "$1" != 1 ]; then
		ktap_print_msg "  no hda_wdm_jack trace event to check (tracefs?)"
		return 0
	fi
	hda_trace_stop | grep ' hda_wdm_jack: ' > "$5"
	_jt_want=$(jack_event "$2" "$3" "$4")
	ktap_print_msg "  trace: [$(sed 's/.* hda_wdm_jack: //' "$5" | tr '\n' ';')] (want one: $_jt_want)"
	[ "$(grep -c . "$5")" = 1 ] && grep -q " hda_wdm_jack: card[0-9]* $_jt_want\$" "$5"
}

# jack_counts CAD: codec CAD's "UNSOL REPORTS" from the ALSA driver's
# debugfs (unsolicited responses its jacks' tag received, jack states
# reported); nothing without debugfs
jack_counts() {
	cat /sys/kernel/debug/snd_hda_wdm_alsa/*/streams 2>/dev/null |
		sed -n "s/^codec $1: jacks [0-9]*, unsolicited responses \([0-9]*\), jack reports \([0-9]*\)\$/\1 \2/p" |
		head -n 1
}

# jack_flip CAD NID NAME INDEX PRESENT WANT: the codec's present pins set to
# PRESENT through the host channel; the control goes to WANT with one
# event (and one hda_wdm_jack trace event, and in debugfs at least one
# unsolicited response and one report more), and no other control changes
jack_flip() {
	_jf_c0=$(jack_counts "$1")
	controls_now "$TMP/ctl.before"
	rm -f "$TMP/events"
	ctlevents "$card" 30 > "$TMP/events" 2>&1 &
	_jf_pid=$!
	_jf_i=0
	while ! grep -q '^ready' "$TMP/events" 2>/dev/null && [ $_jf_i -lt 50 ]; do
		sleep 0.1
		_jf_i=$((_jf_i + 1))
	done
	_jf_tr=0
	hda_trace_start hda_wdm_jack && _jf_tr=1
	_jf_ans=$(hda_host present "$1" "$5")
	_jf_i=0
	while [ "$(jack_value "$3" "$4")" != "$6" ] && [ $_jf_i -lt 50 ]; do
		sleep 0.1
		_jf_i=$((_jf_i + 1))
	done
	sleep 1	# room for an event that should not come
	kill "$_jf_pid" 2>/dev/null
	wait "$_jf_pid" 2>/dev/null
	jack_traced "$_jf_tr" "$1" "$2" "$6" "$TMP/jack.trace"
	_jf_trok=$?
	_jf_c1=$(jack_counts "$1")
	_jf_cok=0
	if [ -n "$_jf_c0" ] && [ -n "$_jf_c1" ]; then
		ktap_print_msg "  debugfs: unsolicited responses ${_jf_c0% *} -> ${_jf_c1% *}, jack reports ${_jf_c0#* } -> ${_jf_c1#* }"
		[ "${_jf_c1% *}" -gt "${_jf_c0% *}" ] &&
			[ "${_jf_c1#* }" = $((${_jf_c0#* } + 1)) ] || _jf_cok=1
	else
		ktap_print_msg "  no jack counts in debugfs to check"
	fi
	controls_now "$TMP/ctl.after"
	_jf_v=$(jack_value "$3" "$4")
	_jf_ev=$(grep -v '^ready' "$TMP/events")
	# what changed: the lines of each snapshot that the other lacks
	grep -vxF -f "$TMP/ctl.after" "$TMP/ctl.before" > "$TMP/ctl.gone"
	grep -vxF -f "$TMP/ctl.before" "$TMP/ctl.after" > "$TMP/ctl.new"
	_jf_diff=$(cat "$TMP/ctl.gone" "$TMP/ctl.new" | wc -l)
	ktap_print_msg "  host: $_jf_ans; '$3' $4: $_jf_v after $((_jf_i * 100)) ms; events: [$(echo "$_jf_ev" | tr '\n' ';')]; of $(wc -l < "$TMP/ctl.before") controls changed: $(wc -l < "$TMP/ctl.new")"
	[ "$_jf_diff" = 2 ] || cat "$TMP/ctl.gone" "$TMP/ctl.new" | head -n 6 |
		while IFS= read -r l; do ktap_print_msg "    $l"; done
	_jf_want="event 1 CARD '$3' $4 $([ "$6" = on ] && echo 1 || echo 0)"
	[ "$_jf_ans" = ok ] && [ "$_jf_v" = "$6" ] && [ "$_jf_ev" = "$_jf_want" ] &&
		[ "$_jf_diff" = 2 ] && [ "$_jf_trok" = 0 ] && [ "$_jf_cok" = 0 ] &&
		grep -qx "CARD '$3' $4 $([ "$6" = on ] && echo 1 || echo 0)" "$TMP/ctl.new"
}

# jack_sleep_flip CAD NID NAME INDEX PRESENT WANT: the harness sets the
# codec's present pins to PRESENT 2 s after the guest went to sleep (a
# suspend to RAM held 5 s at pm_test "core": the driver's suspend and
# resume run, the controller in reset meanwhile, so the codec's
# unsolicited response is lost): after the resume the control is WANT all
# the same, and every other control as before; the trace has the suspend,
# the resume and then that jack
jack_sleep_flip() {
	controls_now "$TMP/ctl.before"
	_js_tr=0
	hda_trace_start hda_wdm_suspend hda_wdm_resume hda_wdm_jack && _js_tr=1
	_js_ans=$(hda_host later 2 present "$1" "$5")
	echo core > /sys/power/pm_test
	echo mem > /sys/power/state
	_js_rc=$?
	echo none > /sys/power/pm_test
	_js_i=0
	while [ "$(jack_value "$3" "$4")" != "$6" ] && [ $_js_i -lt 30 ]; do
		sleep 0.1
		_js_i=$((_js_i + 1))
	done
	controls_now "$TMP/ctl.after"
	_js_v=$(jack_value "$3" "$4")
	# the trace: the suspend, the resume, then the jack read again
	_js_trok=0
	if [ "$_js_tr" = 1 ]; then
		hda_trace_stop > "$TMP/sleep.trace"
		_js_seq=$(sed -n 's/.* \(hda_wdm_[a-z]*\): .*/\1/p' "$TMP/sleep.trace" | tr '\n' ' ')
		ktap_print_msg "  trace: $_js_seq"
		[ "$_js_seq" = "hda_wdm_suspend hda_wdm_resume hda_wdm_jack " ] &&
			grep -q " hda_wdm_jack: card[0-9]* $(jack_event "$1" "$2" "$6")\$" \
				"$TMP/sleep.trace" || _js_trok=1
	else
		ktap_print_msg "  no hda_wdm trace events to check (tracefs?)"
	fi
	grep -vxF -f "$TMP/ctl.after" "$TMP/ctl.before" > "$TMP/ctl.gone"
	grep -vxF -f "$TMP/ctl.before" "$TMP/ctl.after" > "$TMP/ctl.new"
	_js_diff=$(cat "$TMP/ctl.gone" "$TMP/ctl.new" | wc -l)
	ktap_print_msg "  host: $_js_ans; sleep: exit $_js_rc; '$3' $4: $_js_v $((_js_i * 100)) ms after the resume; controls changed: $(wc -l < "$TMP/ctl.new")"
	[ "$_js_diff" = 2 ] || cat "$TMP/ctl.gone" "$TMP/ctl.new" | head -n 6 |
		while IFS= read -r l; do ktap_print_msg "    $l"; done
	[ "$_js_ans" = ok ] && [ "$_js_rc" = 0 ] && [ "$_js_v" = "$6" ] &&
		[ "$_js_diff" = 2 ] && [ "$_js_trok" = 0 ]
}

BDF=$(hda_find_bdf)
DBG=$HDA_DEBUGFS/$BDF
hda_is_loaded && hda_unload
hda_log_mark
hda_load || ktap_print_msg "loading the modules failed"

# The card: ours, found by its driver name in /proc/asound/cards.
card=""
i=0
while [ $i -lt 100 ]; do
	card=$(awk '/^ *[0-9]+ \[/ && /hda-wdm/ { print $1; exit }' /proc/asound/cards 2>/dev/null)
	[ -n "$card" ] && break
	sleep 0.1
	i=$((i + 1))
done
arecord -l 2>/dev/null > "$TMP/devices"
aplay -l 2>/dev/null > "$TMP/pdevices"
log=$(hda_log_since)

for e in $(echo "$EXPECT" | tr , ' '); do
	cad=${e%%:*}
	adcs=${e#*:}
	dacs=${adcs#*:}
	adcs=${adcs%%:*}
	[ "$adcs" = - ] && adcs=""
	[ "$dacs" = - ] && dacs=""
	want=$(echo "$adcs" | tr / '\n' | sed 's/+$//' | grep . | sort | tr '\n' ' ' | sed 's/ $//')
	# "device D: hda-wdm [Codec C <name> (ADC 0xNN)...]": ours of this codec
	ours=$(sed -n "s/^card $card: .*device \([0-9]*\): .*\[Codec $cad .*(ADC 0x\([0-9a-f]*\)).*/\2 \1/p" \
		"$TMP/devices" | sort)
	# "... (DAC 0xNN)]" in aplay -l: the playback streams
	wantp=$(echo "$dacs" | tr / '\n' | grep . | sort | tr '\n' ' ' | sed 's/ $//')
	gotp=$(sed -n "s/^card $card: .*device [0-9]*: .*\[Codec $cad .*(DAC 0x\([0-9a-f]*\))\].*/\1/p" \
		"$TMP/pdevices" | sort | tr '\n' ' ' | sed 's/ $//')
	got=$(echo "$ours" | awk 'NF { print $1 }' | tr '\n' ' ' | sed 's/ $//')
	vendor=$(echo "$log" | sed -n "s/.*codec $cad (\([0-9a-f]*\)).*/\1/p" | head -n 1)

	enumerated() {
		grep -qx "$cad" "$DBG/codecs" 2>/dev/null &&
			! echo "$log" | grep -q "codec $cad: enumeration failed"
	}
	ktap_check "codec $cad: enumerated" enumerated
	ktap_print_msg "codec $cad ${vendor:+($vendor) }capture PCMs: ours [$got] expected [$want]"
	ktap_expect_eq "codec $cad: one capture PCM per converter with a path" "$want" "$got"
	ktap_print_msg "codec $cad playback PCMs: ours [$gotp] expected [$wantp]"
	ktap_expect_eq "codec $cad: one playback PCM per output converter with a path" "$wantp" "$gotp"

	# our codec#CAD against the description file
	codec_matches() {
		proc="/proc/asound/card$card/codec#$cad"
		[ -r "$proc" ] || { ktap_print_msg "  no $proc"; return 1; }
		[ -r "/codecs/$cad.txt" ] || { ktap_print_msg "  no /codecs/$cad.txt"; return 1; }
		cat "$proc" > "$TMP/codec$cad.txt"
		# for the reader: ours in the boot's data.log (third serial port)
		{ echo "==== codec#$cad"; cat "$TMP/codec$cad.txt"; } > /dev/ttyS2 2>/dev/null
		facts=$(awk -f "$DIR/codec_facts.awk" -v mode=parse -v strict=1 \
			"$TMP/codec$cad.txt" 2> "$TMP/codec$cad.err" | wc -l)
		awk -f "$DIR/codec_facts.awk" -v mode=compare "/codecs/$cad.txt" \
			"$TMP/codec$cad.txt" > "$TMP/codec$cad.diff" 2>&1
		if [ -s "$TMP/codec$cad.err" ] || [ -s "$TMP/codec$cad.diff" ]; then
			ktap_print_msg "  $(cat "$TMP/codec$cad.err" "$TMP/codec$cad.diff" | wc -l) differences:"
			cat "$TMP/codec$cad.err" "$TMP/codec$cad.diff" | head -n 25 |
				while IFS= read -r l; do ktap_print_msg "    $l"; done
			return 1
		fi
		ktap_print_msg "  $proc: $facts hardware facts, as the file has them"
	}
	ktap_check "codec $cad: codec#$cad tells the file's hardware facts" codec_matches

	ktap_check "codec $cad: a jack control for each pin that detects presence, as the pin senses" \
		jacks_match "$cad"

	# a hardware amp shared by two converters' paths (a mixer before
	# both selectors) is one control, not one per PCM
	ktap_check "codec $cad: at most one volume and one switch control per amp" \
		amps_once "$cad"

	# each capture volume's dB scale, as the amp caps of its node say
	ktap_check "codec $cad: volumes' ranges and dB scales from the amp caps" \
		volumes_match "$cad"

	# the converters' captures at once (a codec has at most 4 with a path,
	# the controller 4 input engines), then each one's verdict
	for a in $(echo "$adcs" | tr / ' '); do
		case "$a" in *+) ;; *) continue ;; esac
		a=${a%+}
		dev=$(echo "$ours" | awk -v a="$a" '$1 == a { print $2; exit }')
		rm -f "$TMP/$a.wav" "$TMP/$a.rc"
		[ -n "$dev" ] || continue
		(timeout 60 arecord -q -D "hw:$card,$dev" -f S16_LE -r 48000 -c 2 \
			-s "$FRAMES" "$TMP/$a.wav" > "$TMP/$a.log" 2>&1
		 echo $? > "$TMP/$a.rc") &
	done
	wait
	for a in $(echo "$adcs" | tr / ' '); do
		case "$a" in *+) ;; *) continue ;; esac
		a=${a%+}
		desc="codec $cad ADC 0x$a: capture bit-exact at 48 kHz, 16 bit, stereo"
		if [ ! -f "$TMP/$a.rc" ]; then
			ktap_test_fail "$desc (no PCM)"
			continue
		fi
		info=$(wavinfo -c "$TMP/$a.wav" 2>&1)
		wrc=$?
		if [ "$(cat "$TMP/$a.rc")" = 0 ] && [ "$wrc" = 0 ]; then
			ktap_print_msg "  $info"
			ktap_test_pass "$desc"
		else
			ktap_print_msg "  arecord: $(head -n 3 "$TMP/$a.log" | tr '\n' ' ') wavinfo: $info"
			ktap_test_fail "$desc"
		fi
	done
done

# A jack unplugged and plugged in again at run time: the first jack of the
# first codec that has one (it starts plugged in)
flip=""
for e in $(echo "$EXPECT" | tr , ' '); do
	cad=${e%%:*}
	nid=$(jacks_of "$cad" | awk '$2 == "+" { print $1; exit }')
	line=$(awk -v n="$nid" '$1 == n { sub(/^[^ ]* /, ""); print; exit }' "$TMP/jacks$cad" 2>/dev/null)
	[ -n "$nid" ] && [ -n "$line" ] && { flip="$cad $nid"; break; }
done
if [ -n "$flip" ]; then
	# shellcheck disable=SC2086
	set -- $flip
	name=${line%|*}
	idx=${line##*|}
	# shellcheck disable=SC2046
	others=$(pin_list $(jacks_of "$1" | awk -v n="$2" '$2 == "+" && $1 != n { print $1 }'))
	# shellcheck disable=SC2046
	all=$(pin_list $(jacks_of "$1" | awk '$2 == "+" { print $1 }'))
	ktap_check "codec $1 pin 0x$2 unplugged at run time: '$name' off, one event (and one traced), no other control changed" \
		jack_flip "$1" "$2" "$name" "$idx" "$others" off
	ktap_check "codec $1 pin 0x$2 plugged in again: '$name' on, one event (and one traced), no other control changed" \
		jack_flip "$1" "$2" "$name" "$idx" "$all" on
	if [ -w /sys/power/pm_test ]; then
		ktap_check "codec $1 pin 0x$2 unplugged while the PC slept: '$name' off after the resume (traced after it), no other control changed" \
			jack_sleep_flip "$1" "$2" "$name" "$idx" "$others" off
		# plugged in again for what follows (its event is not checked)
		hda_host present "$1" "$all" > /dev/null
	else
		ktap_test_skip "a jack unplugged while the PC slept: no /sys/power/pm_test"
	fi
else
	ktap_test_skip "a jack unplugged at run time: no codec of this boot has one"
	ktap_test_skip "a jack plugged in at run time: no codec of this boot has one"
	ktap_test_skip "a jack unplugged while the PC slept: no codec of this boot has one"
fi

# Automute on the first codec that has it (the ALSA driver's debugfs names
# its speaker pins): "automute enabled, speaker pins [14 1b] off, ...".
# automute_line CAD: that line's text after "codec CAD: "
automute_line() {
	cat /sys/kernel/debug/snd_hda_wdm_alsa/*/streams 2>/dev/null |
		sed -n "s/^codec $1: automute //p" | head -n 1
}
# pinctl CAD NID: the pin control codec#CAD shows for node NID (hex, no 0x)
pinctl() {
	awk -v n="$2" '/^Node 0x/ { x = $2; sub(/^0x0*/, "", x); on = (x == n) }
		on && /^  Pin-ctls: / { sub(/:$/, "", $2); print $2; exit }' \
		"/proc/asound/card$card/codec#$1" 2>/dev/null
}
# speakers CAD PINS: "on" when every pin's control has OUT (0x40), "off"
# when none has, else "mixed: NID=CTL ..."
speakers() {
	_sp_on=0 _sp_off=0 _sp_all=""
	for _sp_p in $2; do
		_sp_v=$(pinctl "$1" "$_sp_p")
		_sp_all="$_sp_all $_sp_p=$_sp_v"
		if [ -n "$_sp_v" ] && [ $((_sp_v & 0x40)) != 0 ]; then
			_sp_on=$((_sp_on + 1))
		else
			_sp_off=$((_sp_off + 1))
		fi
	done
	if [ "$_sp_off" = 0 ]; then echo on
	elif [ "$_sp_on" = 0 ]; then echo off
	else echo "mixed:$_sp_all"
	fi
}
# automute_to CAD PINS WANT WHAT: WHAT (a command) succeeds, then the
# speakers go WANT within 5 s, and debugfs agrees
automute_to() {
	_at_cad=$1 _at_pins=$2 _at_want=$3
	shift 3
	_at_out=$("$@" 2>&1) || { ktap_print_msg "  $1 failed: $_at_out"; return 1; }
	_at_i=0
	while [ "$(speakers "$_at_cad" "$_at_pins")" != "$_at_want" ] && [ $_at_i -lt 50 ]; do
		sleep 0.1
		_at_i=$((_at_i + 1))
	done
	_at_got=$(speakers "$_at_cad" "$_at_pins")
	ktap_print_msg "  ${_at_out:+$_at_out; }speakers $_at_got after $((_at_i * 100)) ms; debugfs: $(automute_line "$_at_cad")"
	[ "$_at_got" = "$_at_want" ] && automute_line "$_at_cad" | grep -q " $_at_want, switched "
}
am=""
for e in $(echo "$EXPECT" | tr , ' '); do
	cad=${e%%:*}
	l=$(automute_line "$cad")
	hps=$(awk '/Headphone Jack\|/ { print $1 }' "$TMP/jacks$cad" 2>/dev/null | tr '\n' ' ')
	[ -n "$l" ] && [ -n "$hps" ] && { am=$cad; break; }
done
if [ -n "$am" ]; then
	spk=$(echo "$l" | sed 's/.*speaker pins \[\([0-9a-f ]*\)\].*/\1/' |
		awk '{ for (i = 1; i <= NF; i++) { sub(/^0+/, "", $i); printf "%s%s", (i > 1 ? " " : ""), $i } }')
	ktap_print_msg "automute: codec $am, speaker pins $spk, headphone jacks $hps"
	# the boot's plugged pins with and without the headphones
	base=$(jacks_of "$am" | awk '$2 == "+" { print $1 }')
	with="" without=""
	for p in $base $hps; do
		case " $with " in *" $p "*) ;; *) with="$with $p" ;; esac
	done
	for p in $base; do
		case " $hps " in *" $p "*) ;; *) without="$without $p" ;; esac
	done
	# shellcheck disable=SC2086
	with=$(pin_list $with)
	# shellcheck disable=SC2086
	without=$(pin_list $without)
	ktap_check "codec $am automute: headphones out, the speakers play" \
		automute_to "$am" "$spk" on hda_host present "$am" "$without"
	ktap_check "codec $am automute: headphones in, the speakers' pin control has no output" \
		automute_to "$am" "$spk" off hda_host present "$am" "$with"
	# the playback device of a converter that reaches the first speaker:
	# the bus's render paths (debugfs widgets, decimal node IDs, converter
	# first), then the Device line under that converter in codec#CAD
	conv=$(awk -v cad="$am" -v pin=$((0x${spk%% *})) '
		/^codec [0-9]+:/ { c = $2; sub(/:$/, "", c) }
		c == cad && /^  render path [0-9]+:/ {
			n = 0; for (i = 4; i <= NF && $i ~ /^[0-9]+$/; i++) v[++n] = $i
			if (v[n] == pin) { printf "%x\n", v[1]; exit }
		}' "$DBG/widgets")
	dev=$(awk -v n="$conv" '/^Node 0x/ { x = $2; sub(/^0x0*/, "", x); on = (x == n) }
		on && /^  Device: name=.*device=/ { d = $NF; sub(/device=/, "", d); print d; exit }' \
		"/proc/asound/card$card/codec#$am")
	ktap_print_msg "  speaker 0x${spk%% *}: converter 0x$conv, PCM device ${dev:-none}"
	ktap_check "codec $am automute: headphones in, a playback through the speakers' converter (its path setup) leaves them off" \
		automute_to "$am" "$spk" off \
		sh -c "head -c 19200 /dev/zero | aplay -q -D hw:$card,${dev:-none} -f S16_LE -r 48000 -c 2 -t raw"
	ctl="name=Auto-Mute Mode,index=$(automute_line "$am" | sed -n 's/.*control index \([0-9]*\).*/\1/p')"
	automute_mode() {
		automute_to "$am" "$spk" on amixer -q -c "$card" cset "$ctl" Disabled &&
			automute_to "$am" "$spk" off amixer -q -c "$card" cset "$ctl" Enabled
	}
	ktap_check "codec $am automute: Auto-Mute Mode Disabled, the speakers play with the headphones in; Enabled, off again" \
		automute_mode
else
	for w in "headphones out" "headphones in" "playback setup" "Auto-Mute Mode"; do
		ktap_test_skip "automute ($w): no codec of this boot has a headphone jack and speakers"
	done
fi

# The upstream mixer-test over the card's controls, those of every codec
# of the boot (ours is the only card); what it leaves is put back by the
# unload that follows.
mixer_test() {
	(cd "$DIR/../alsa" && timeout 600 ./mixer-test) > "$TMP/mixer-test.log" 2>&1
	_mt_rc=$?
	_mt_plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$TMP/mixer-test.log" | head -n 1)
	_mt_ok=$(grep -c '^ok ' "$TMP/mixer-test.log")
	_mt_bad=$(grep -c '^not ok ' "$TMP/mixer-test.log")
	ktap_print_msg "mixer-test: exit $_mt_rc, plan ${_mt_plan:-none}, ok $_mt_ok, not ok $_mt_bad"
	grep -B 3 '^not ok ' "$TMP/mixer-test.log" | head -n 40 |
		while IFS= read -r l; do ktap_print_msg "  $l"; done
	[ "$_mt_bad" = 0 ] && [ -n "$_mt_plan" ] && [ "$_mt_ok" = "$_mt_plan" ] &&
		[ "$_mt_rc" -lt 124 ]
}
if [ -x "$DIR/../alsa/mixer-test" ]; then
	ktap_check "mixer-test over the codecs' controls: no 'not ok'" mixer_test
else
	ktap_test_skip "mixer-test over the codecs' controls: not built"
fi

timeouts=$(hda_field "$DBG/verbs" timeouts 2>/dev/null)
ktap_expect_eq "no verb timed out" 0 "${timeouts:-0}"
faults=$(hda_log_since | grep -E 'WARNING:|BUG:|Oops|Call Trace:|general protection|KASAN')
ktap_expect_eq "no kernel warning" "" "$faults"
if [ -n "$flip" ]; then
	# the unload meets unsolicited responses and jack work on their way
	hda_log_mark
	(n=0
	 while [ $n -lt 15 ]; do
		hda_host present "$1" "$others" > /dev/null
		hda_host present "$1" "$all" > /dev/null
		n=$((n + 1))
	 done) &
	toggler=$!
	sleep 0.5
	hda_unload
	wait "$toggler"
	faults=$(hda_log_since | grep -E 'WARNING:|BUG:|Oops|Call Trace:|general protection|KASAN')
	ktap_expect_eq "unloaded while codec $1 pin 0x$2 is plugged and unplugged: no kernel warning" "" "$faults"
else
	hda_unload
	ktap_test_skip "unloaded during jack events: no codec of this boot has a jack"
fi

# The reference beside ours: snd-hda-intel (with its generic parser only:
# the vendor codec modules are not in the guest) takes the controller that
# ours let go, and makes a card of each of the same emulated codecs, one
# at a time (probe_mask=), those at addresses 0 to 3: it probes no more, as
# a PCH has 4 SDI lines at most, so the harness puts other codecs there on
# each kernel line. Per codec,
# on the third serial port and as diagnostics, what it made: its capture
# PCM devices with their substream counts (one substream a converter) and
# its capture controls, from its own codec#M, beside ours. The harness
# prints them in the codec table.
REF=/lib/modules/reference
reference() {
	echo > "/sys/bus/pci/devices/$BDF/driver_override"
	while read -r m; do
		[ "$m" = snd-hda-intel ] && continue
		[ -d "/sys/module/$(echo "$m" | tr - _)" ] && continue
		insmod "$REF/$m.ko" || { ktap_print_msg "insmod $m failed"; return 1; }
	done < "$REF/order"
	_rf_bad=0
	for e in $(echo "$EXPECT" | tr , ' '); do
		_rf_cad=${e%%:*}
		_rf_ours=$(sed -n 's/^  Control: name="\([^"]*\(Capture\|Input Source\)[^"]*\)", index=\([0-9]*\).*/\1#\3/p' "$TMP/codec$_rf_cad.txt" 2>/dev/null |
			sort -u | tr ' ' _ | tr '\n' ' ' | sed 's/ $//')
		ktap_print_msg "codec $_rf_cad ours: controls [$_rf_ours]"
		[ "$_rf_cad" -lt 4 ] || continue
		# one codec a card: its generic parser names every codec's
		# controls alike ("Capture Volume"), so a second codec on the
		# card fails with -EBUSY
		if ! insmod "$REF/snd-hda-intel.ko" probe_mask=$((1 << _rf_cad)); then
			ktap_print_msg "codec $_rf_cad: insmod snd-hda-intel probe_mask=$((1 << _rf_cad)) failed"
			_rf_bad=1
			continue
		fi
		_rf_f=""
		if hda_wait_card 'HDA-Intel' 30; then
			_rf_f="/proc/asound/card$CARD/codec#$_rf_cad"
		else
			ktap_print_msg "codec $_rf_cad: snd-hda-intel made no card in 30 s"
			_rf_bad=1
		fi
		if [ -n "$_rf_f" ] && [ -r "$_rf_f" ]; then
			# capture devices: Device: lines under an Audio Input node
			_rf_pcms=""
			for d in $(awk '/^Node 0x/ { in_adc = /\[Audio Input\]/ }
				in_adc && /^  Device: .*type="Audio"/ { sub(/.*device=/, ""); print }' "$_rf_f" | sort -un); do
				_rf_sub=$(sed -n 's/^subdevices_count: //p' "/proc/asound/card$CARD/pcm${d}c/info" 2>/dev/null)
				_rf_pcms="$_rf_pcms${_rf_pcms:+ }$d:${_rf_sub:-?}"
			done
			_rf_ctls=$(sed -n 's/^  Control: name="\([^"]*\(Capture\|Input Source\)[^"]*\)", index=\([0-9]*\).*/\1#\3/p' "$_rf_f" |
				sort -u | tr ' ' _ | tr '\n' ' ' | sed 's/ $//')
			ktap_print_msg "codec $_rf_cad snd-hda-intel here: capture PCMs [$_rf_pcms] controls [$_rf_ctls]"
			# its jack controls beside ours (its codec#M does not list
			# them: the card's, one codec on it): names in common
			amixer -c "$CARD" controls 2>/dev/null |
				sed -n "s/.*iface=CARD,name='\(.* Jack\)'.*/\1/p" | sort > "$TMP/refjacks"
			sed 's/^[^ ]* //; s/|[0-9]*$//' "$TMP/jacks$_rf_cad" 2>/dev/null | sort > "$TMP/ourjacks"
			_rf_same=$(awk 'NR == FNR { n[$0]++; next } n[$0]-- > 0 { c++ } END { print c + 0 }' \
				"$TMP/refjacks" "$TMP/ourjacks")
			ktap_print_msg "codec $_rf_cad jack names: $_rf_same of $(wc -l < "$TMP/ourjacks") as snd-hda-intel here names them; ours [$(tr ' ' _ < "$TMP/ourjacks" | tr '\n' ' ')] its [$(tr ' ' _ < "$TMP/refjacks" | tr '\n' ' ')]"
		elif [ -n "$_rf_f" ]; then
			ktap_print_msg "codec $_rf_cad snd-hda-intel here: no codec#$_rf_cad ($(hda_log_since | grep -i 'hdaudioC.D'"$_rf_cad" | tail -n 1))"
		fi
		rmmod snd_hda_intel || { _rf_bad=1; break; }
	done
	_rf_log=$(hda_log_since | grep -E 'WARNING:|BUG:|Oops|Call Trace:|general protection|KASAN')
	[ -z "$_rf_log" ] || { ktap_print_msg "$_rf_log"; return 1; }
	[ "$_rf_bad" = 0 ]
}
if [ -f "$REF/order" ] && grep -q snd-hda-intel "$REF/order"; then
	hda_log_mark
	_rf_new=""
	while read -r m; do
		[ -d "/sys/module/$(echo "$m" | tr - _)" ] || _rf_new="$m $_rf_new"
	done < "$REF/order"
	ktap_check "snd-hda-intel took the controller after ours and made a card of each codec at addresses 0-3" reference
	# back as it was: the modules it loaded unloaded, the device ours again
	for m in $_rf_new; do
		rmmod "$m" 2>/dev/null
	done
	hda_claim
else
	ktap_test_skip "snd-hda-intel took the controller after ours and made a card of each codec at addresses 0-3: not in this kernel's guest"
fi
ktap_finished
