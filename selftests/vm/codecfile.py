#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What a codec description file (../shared/codecs/*.txt, the "Codec:"
section of a Linux /proc/asound/cardN/codec#M file) leads us to expect of
our driver, computed on the host from the file alone.

usage: codecfile.py expect FILE...
         one line per file: FILE, the vendor ID, whether the codec has an
         input converter (needs a capture audiodev), and the input
         converters our driver must make a capture PCM of: every one with a
         path, through mixers and selectors, from an input pin whose
         configuration default does not say "no physical connection";
         each as NID in hex, with "+" when the converter takes 48 kHz / 16 bit
         stereo (a capture of it is checked bit-exact), e.g. "8+/9+";
         then the output converters it must make a playback stream of:
         every one reached from an output pin whose configuration default
         does not say "no physical connection", through at most four mixers
         and selectors (the bus's path length), e.g. "2/3"; then the pins
         that must have a jack control (a jack by their configuration
         default, without its "jack detect override" misc bit, with presence
         detect and unsolicited responses), each with "+" when the boot
         starts with something plugged in (every other one, from the first)
         or "-", e.g. "14+/15-/18+", or "-" for none
       codecfile.py reference FILE...
         one line per file: FILE, the capture PCM devices and the capture
         controls snd-hda-intel made on the machine the file comes from
         (its "Device:" and "Control:" lines; "n/a" when the file has no
         Device: line at all, as older kernels' files do not)
"""
import re
import sys

WT_OUT, WT_IN, WT_MIX, WT_SEL, WT_PIN = 0, 1, 2, 3, 4
PATH_LEN = 6  # pin, mixers and selectors, converter: the bus's longest path


def parse(path):
    codec = {"vendor": 0, "pcm": 0, "nodes": {}}
    node = None
    conn_left = 0
    pcm_to = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.strip()
            if conn_left and line.startswith("0x"):
                for tok in line.split():
                    if conn_left and node is not None and not node.get("skip"):
                        node["conn"].append(int(tok.rstrip("*"), 16))
                    conn_left -= 1
                continue
            conn_left = 0
            m = re.match(r"Node (0x[0-9a-f]+) \[([^\]]*)\] wcaps (0x[0-9a-f]+)", line)
            if m:
                nid = int(m.group(1), 16)
                wcaps = int(m.group(3), 16)
                node = {"nid": nid, "wcaps": wcaps, "type": (wcaps >> 20) & 0xf,
                        "conn": [], "pincap": 0, "config": 0, "pcm": None,
                        "devices": [], "controls": []}
                codec["nodes"][nid] = node
                pcm_to = None
                continue
            if line.startswith("Vendor Id:"):
                codec["vendor"] = int(line.split()[-1], 16)
            elif line.startswith("Default PCM:"):
                pcm_to = codec
            elif line.startswith("PCM:") and node is not None:
                pcm_to = node
                node["pcm"] = 0
            elif line.startswith(("rates [", "bits [")) and pcm_to is not None:
                v = int(re.search(r"\[(0x[0-9a-f]+)\]", line).group(1), 16)
                shift = 0 if line.startswith("rates") else 16
                pcm_to["pcm"] = (pcm_to["pcm"] or 0) | v << shift
            elif node is None:
                continue
            elif line.startswith("Pincap "):
                node["pincap"] = int(line.split()[1].rstrip(":"), 16)
            elif line.startswith("Pin Default "):
                node["config"] = int(line.split()[2].rstrip(":"), 16)
            elif line.startswith("Connection:"):
                conn_left = int(line.split()[1])
                node["conn"] = []
                node["skip"] = False
            elif line.startswith("In-driver Connection:"):
                conn_left = int(line.split()[2])
                node["skip"] = True
            elif line.startswith("Device:"):
                node["devices"].append(line)
            elif line.startswith("Control:"):
                node["controls"].append(line)
    return codec


def input_pin(n):
    return (n["type"] == WT_PIN and n["pincap"] & (1 << 5)
            and (n["config"] >> 30) != 1)


def has_path(codec, nid, seen):
    for c in codec["nodes"][nid]["conn"]:
        n = codec["nodes"].get(c)
        if n is None or c in seen:
            continue
        if input_pin(n):
            return True
        if n["type"] in (WT_MIX, WT_SEL) and has_path(codec, c, seen | {c}):
            return True
    return False


def output_pin(n):
    return (n["type"] == WT_PIN and n["pincap"] & (1 << 4)
            and (n["config"] >> 30) != 1)


def dacs_from(codec, nid, seen, found):
    """Output converters reached from node nid (a pin or a mixer/selector on
    a path of len(seen) nodes) through mixers and selectors."""
    if len(seen) >= PATH_LEN:
        return
    for c in codec["nodes"][nid]["conn"]:
        n = codec["nodes"].get(c)
        if n is None or c in seen:
            continue
        if n["type"] == WT_OUT:
            found.add(c)
        elif n["type"] in (WT_MIX, WT_SEL):
            dacs_from(codec, c, seen | {c}, found)


def render_dacs(codec):
    found = set()
    for nid, n in sorted(codec["nodes"].items()):
        if output_pin(n):
            dacs_from(codec, nid, {nid}, found)
    return sorted(found)


def jack_pins(codec):
    return [nid for nid, n in sorted(codec["nodes"].items())
            if n["type"] == WT_PIN and (n["config"] >> 30) == 0
            and not n["config"] & 0x100 and n["pincap"] & (1 << 2)
            and n["wcaps"] & (1 << 7)]


def bit_exact_ok(codec, n):
    pcm = n["pcm"] if (n["wcaps"] & (1 << 4)) and n["pcm"] is not None else codec["pcm"]
    return bool(pcm & (1 << 6)) and bool(pcm & (1 << 17)) and bool(n["wcaps"] & 1)


def expect(path):
    codec = parse(path)
    adcs = [n for _, n in sorted(codec["nodes"].items()) if n["type"] == WT_IN]
    want = []
    for n in adcs:
        if has_path(codec, n["nid"], {n["nid"]}):
            want.append("%x%s" % (n["nid"], "+" if bit_exact_ok(codec, n) else ""))
    dacs = "/".join("%x" % d for d in render_dacs(codec)) or "-"
    jacks = "/".join("%x%s" % (nid, "-" if i % 2 else "+")
                     for i, nid in enumerate(jack_pins(codec))) or "-"
    return "%s\t0x%08x\t%d\t%s\t%s\t%s" % (path, codec["vendor"], 1 if adcs else 0,
                                            "/".join(want) or "-", dacs, jacks)


def reference(path):
    codec = parse(path)
    devs, ctls = set(), []
    for _, n in sorted(codec["nodes"].items()):
        if n["type"] == WT_IN:
            for d in n["devices"]:
                m = re.search(r'name="([^"]*)".*device=(\d+)', d)
                if m:
                    devs.add((int(m.group(2)), m.group(1)))
        for c in n["controls"]:
            m = re.search(r'name="([^"]*)"', c)
            if m and ("Capture" in m.group(1) or "Input Source" in m.group(1)):
                ctls.append(m.group(1))
    if not any(n["devices"] for n in codec["nodes"].values()):
        return "%s\tn/a\t-\t%d" % (path, len(set(ctls)))
    return "%s\t%d\t%s\t%d" % (path, len(devs),
                               "/".join("%d" % d for d, _ in sorted(devs)) or "-",
                               len(set(ctls)))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("expect", "reference"):
        sys.exit(__doc__)
    fn = expect if sys.argv[1] == "expect" else reference
    for path in sys.argv[2:]:
        print(fn(path))


if __name__ == "__main__":
    main()
