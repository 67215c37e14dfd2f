#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The host half of selftests/alsa/alsa_playback.sh: did what the guest
played arrive at the emulated codecs' outputs?

usage: played.py OUTDIR SIGNAL

OUTDIR is a boot's directory (selftests/vm/boot.sh): its tap.log holds the
guest's "hda-wdm-played: cad=C frames=N" lines, one per play that aplay
finished, and OUTDIR/playC.raw what QEMU's codec C put out during the whole
boot (raw S16_LE stereo 48 kHz, through alsa-lib's file plugin). SIGNAL is
the signal file (selftests/tools/siggen), whose first N frames the guest
played each time.

For each codec with plays, one result line "ok|fail<TAB>alsa_playback:
codec C: ..." as check.sh's tap_results prints them: ok when the file holds
the played frames bit-exact and contiguous (the same bytes, in one piece)
at least as many times as the guest played them. Diagnostics go to stderr.
Prints nothing when the guest announced no play (the program did not run,
or skipped).
"""
import os
import re
import sys

FRAME = 4  # bytes: 2 channels of 16 bits


def longest_prefix(data, pattern):
    """The most frames of the pattern's beginning found in one piece."""
    lo, hi = 0, len(pattern) // FRAME
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pattern[:mid * FRAME] in data:
            lo = mid
        else:
            hi = mid - 1
    return lo


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    outdir, signal = sys.argv[1], sys.argv[2]
    try:
        with open(os.path.join(outdir, "tap.log"), errors="replace") as f:
            tap = f.read()
    except OSError:
        return
    plays = {}
    for cad, frames in re.findall(r"hda-wdm-played: cad=(\d+) frames=(\d+)", tap):
        plays.setdefault(int(cad), []).append(int(frames))
    for cad in sorted(plays):
        frames = plays[cad]
        n = frames[0]
        desc = ("alsa_playback: codec %d: the signal played %d time(s), %d frames "
                "each, arrived bit-exact and contiguous at the codec's output "
                "(host check of play%d.raw)" % (cad, len(frames), n, cad))
        if any(f != n for f in frames):
            print("fail\t%s" % desc)
            print("played.py: plays of different lengths: %s" % frames, file=sys.stderr)
            continue
        with open(signal, "rb") as f:
            pattern = f.read(n * FRAME)
        path = os.path.join(outdir, "play%d.raw" % cad)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            print("fail\t%s" % desc)
            print("played.py: %s" % e, file=sys.stderr)
            continue
        found = data.count(pattern) if len(pattern) == n * FRAME else 0
        print("%s\t%s" % ("ok" if found >= len(frames) else "fail", desc))
        print("played.py: codec %d: %s: %d bytes, the played frames found %d time(s)%s"
              % (cad, path, len(data), found,
                 "" if found else ", at most %d of %d frames in one piece"
                 % (longest_prefix(data, pattern), n)), file=sys.stderr)


if __name__ == "__main__":
    main()
