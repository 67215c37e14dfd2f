# SPDX-License-Identifier: GPL-2.0-only
#
# The hardware facts of a codec file in Linux's /proc/asound/cardN/codec#M
# format (ours, or a description file of ../shared/codecs), and their
# comparison. Lines that describe the hardware (IDs, function groups, PCM
# and amp capabilities, widgets and their caps, pin caps and defaults,
# supported power states, connection lists, delay, processing and volume
# knob caps, GPIO counts) become facts "KEY<TAB>VALUE", KEY naming the node;
# lines of current values and of the driver (Codec:, Address:, amp values,
# converter stream, SDI select, digital converter bits, pin controls, EAPD,
# unsolicited enable, power setting, GPIO pin states, the selected
# connection "*", Control:/ControlAmp:/Device: and Linux's In-driver
# Connection/Devices/coefficient lines) are left out: Documentation/testing.rst
# says why. Busybox awk runs it in the guest.
#
#   awk -f codec_facts.awk -v mode=parse FILE
#	prints FILE's facts; with strict=1 a line of no known kind is an
#	error (exit 1), which checks our file's grammar
#   awk -f codec_facts.awk -v mode=compare EXPECTED OURS
#	prints each difference: a fact of EXPECTED that OURS lacks or has
#	otherwise, a node of OURS that EXPECTED lacks; exit 1 if any.
#	Amp caps of a widget without the amp-override bit are expected to
#	be the function group's defaults (the ones the driver uses).

function hexval(s,	i, c, v) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (!c)
			break
		v = v * 16 + c - 1
	}
	return v
}

function hex(s) {		# as text: awk's numbers may not take 32 bits
	s = tolower(s)
	sub(/^0x/, "", s)
	sub(/[^0-9a-f].*$/, "", s)
	sub(/^0+/, "", s)
	return s == "" ? "0" : s
}

function rest(s) {		# what follows the first ": ", spaces squeezed
	sub(/^[^:]*: */, "", s)
	gsub(/[ \t]+/, " ", s)
	sub(/ $/, "", s)
	return s
}

function fact(key, val) {
	# a file edited by hand: "Pinx Default" keeps the old value, whose
	# decoding the lines under the new "Pin Default" still show
	if (fileno == 1 && mode == "compare" && (node in edited) &&
	    key ~ /^pin_(conn|assoc|misc)$/)
		return
	key = node "." key
	if (fileno == 1) {
		if (!(key in want))
			order[++nexp] = key
		want[key] = val
	} else {
		got[key] = val
	}
	if (mode == "parse")
		printf "%s\t%s\n", key, val
}

function bad(line) {
	if (strict && (mode == "parse" || fileno != 1)) {
		printf "unparsed line %d: %s\n", FNR, line > "/dev/stderr"
		errors++
	}
}

FNR == 1 { fileno++; node = "codec"; sect = ""; inconn = 0; wcaps = 0 }

# the connection list follows its count line
inconn && /^ *0x/ {
	if (inconn == 1) {
		v = $0
		gsub(/\*/, "", v)
		gsub(/[ \t]+/, " ", v)
		sub(/^ /, "", v)
		sub(/ $/, "", v)
		fact("conn.list", v)
	}
	inconn = 0
	next
}
{ inconn = 0 }

/^Codec: / || /^Address: / { next }
/^AFG Function Id: / { fact("afg_function", rest($0)); next }
/^MFG Function Id: / { fact("mfg_function", rest($0)); next }
/^Vendor Id: / { fact("vendor", hex($3)); next }
/^Subsystem Id: / { fact("subsystem", hex($3)); next }
/^Revision Id: / { fact("revision", hex($3)); next }
/^No Modem Function Group found/ { fact("modem", "none"); next }
/^Modem Function Group: / { fact("modem", hex($4)); next }
/^Default PCM:/ { sect = "default_pcm"; next }
/^Default Amp-In caps: / { dampin = rest($0); fact("amp_in_default", dampin); next }
/^Default Amp-Out caps: / { dampout = rest($0); fact("amp_out_default", dampout); next }
/^State of AFG node / { node = "afg"; next }
/^GPIO: / { node = "codec"; fact("gpio", rest($0)); next }
/^ *IO\[[0-9]+\]: / { next }
/^Node 0x[0-9a-fA-F]+ \[/ {
	node = "node" hex($2)
	sect = ""
	t = $0
	sub(/^[^[]*\[/, "", t)
	sub(/\].*/, "", t)
	match($0, /wcaps 0x[0-9a-fA-F]+/)
	w = substr($0, RSTART + 6, RLENGTH - 6)
	wcaps = hexval(w)
	seen[node] = 1
	fact("widget", t " " hex(w))
	next
}
/^ *rates \[/ || /^ *bits \[/ || /^ *formats \[/ {
	k = $1
	v = $2
	gsub(/[^0-9a-fA-Fx]/, "", v)
	fact(sect "." k, hex(v))
	next
}
/^ *PCM:/ { sect = "pcm"; next }
/^ *Amp-In caps: / {
	v = rest($0)
	if (fileno == 1 && mode == "compare" && int(wcaps / 8) % 2 == 0)
		v = dampin
	fact("amp_in", v)
	next
}
/^ *Amp-Out caps: / {
	v = rest($0)
	if (fileno == 1 && mode == "compare" && int(wcaps / 8) % 2 == 0)
		v = dampout
	fact("amp_out", v)
	next
}
/^ *Pincap 0x/ {
	v = $2
	sub(/:$/, "", v)
	# Linux before 2.6.26 printed "0x08%x": a leading "08" not its own
	if (length(v) != 10 && substr(v, 1, 4) == "0x08")
		v = "0x" substr(v, 5)
	fact("pincap", hex(v))
	next
}
/^ *Vref caps:/ { fact("vref_caps", rest($0)); next }
/^ *Pinx Default 0x/ { edited[node] = 1; next }
/^ *Pin Default 0x/ { fact("pin_default", hex($3)); next }
/^ *Conn = / { v = $0; sub(/^ +/, "", v); fact("pin_conn", v); next }
/^ *DefAssociation = / { v = $0; sub(/^ +/, "", v); fact("pin_assoc", v); next }
/^ *Misc = / { v = $0; sub(/^ +/, "", v); fact("pin_misc", v); next }
/^ *Power states: / || /^ *Power states:$/ { fact("power_states", rest($0)); next }
/^ +Delay: / { fact("delay", rest($0)); next }
/^ *Processing caps: / { fact("processing", rest($0)); next }
/^ *Volume-Knob: / {
	v = rest($0)
	sub(/, direct=.*/, "", v)
	fact("volume_knob", v)
	next
}
/^ *Connection: [0-9]+/ { fact("conn.count", $2); inconn = 1; next }
/^ *In-driver Connection: / { inconn = 2; next }
# current values, and what the driver made of the node
/^ *Amp-(In|Out) vals:/ || /^ *Converter: / || /^ *SDI-Select: / ||
/^ *Digital:/ || /^ *Digital category: / || /^ *IEC Coding Type: / ||
/^ *Pin-ctls: / || /^ *EAPD 0x/ || /^ *Unsolicited: / || /^ *Power: / ||
/^ *Control: / || /^ *ControlAmp: / || /^ *Device: / {
	next
}
{ bad($0) }

END {
	if (mode == "compare") {
		for (i = 1; i <= nexp; i++) {
			k = order[i]
			if (!(k in got)) {
				printf "%s: missing (file: %s)\n", k, want[k]
				errors++
			} else if (got[k] != want[k]) {
				printf "%s: ours \"%s\", file \"%s\"\n", k, got[k], want[k]
				errors++
			}
		}
		for (k in got) {
			if (k ~ /\.widget$/ && !(k in want)) {
				printf "%s: a node the file does not have\n", k
				errors++
			}
		}
	}
	exit errors ? 1 : 0
}
