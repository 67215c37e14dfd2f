#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The host control channel of a boot: the guest asks, the harness acts on
the emulated PC.

usage: hostctl.py QMP-SOCKET SERIAL-SOCKET [LOG]

boot.sh starts QEMU with a QMP server on QMP-SOCKET and the guest's fourth
serial port (ttyS3) on a server socket SERIAL-SOCKET, and this relay beside
it. The relay connects to both (for at most 60 s, else it gives up), reads
command lines the guest writes to ttyS3 and answers each with one line,
"ok" or "error <why>":

  ping                   ok
  fault WHAT             a fault of the strict controller (its "fault"
                         property, our QEMU patch 0002): fifoe or dese (a
                         FIFO or descriptor error, once), crst-never (no
                         CRST handshake completes), silent-N (codec N
                         answers no verb), no-codecs (none announces
                         itself after the next link reset), clear (all
                         taken back);
                         "error ..." when the controller is not strict
  present CAD [NID:NID]  sets the "present" property of the hda-dump codec
                         at address CAD (its -device id "codecCAD") to the
                         pins listed (none when left out): the model sends
                         an unsolicited response for each pin that changed
  later SECONDS CMD...   ok at once; CMD is carried out SECONDS later (its
                         answer only logged), e.g. while the guest sleeps

It ends when QEMU closes the serial socket (QEMU exited); boot.sh kills it
after QEMU in any case. Each command and its answer go to LOG, after the
seconds since the relay started.
"""
import json
import os
import socket
import sys
import threading
import time

CONNECT_S = 60


def connect(path, deadline):
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)


class Qmp:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.recv()                       # the greeting
        self.call("qmp_capabilities")

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError("QMP closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, cmd, **args):
        msg = {"execute": cmd}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self.recv()
            if "return" in r:
                return r["return"]
            if "error" in r:
                raise RuntimeError(r["error"].get("desc", "error"))
            # events ("event": ...) are not answers


def handle(qmp, words):
    if words == ["ping"]:
        return "ok"
    if words and words[0] == "present" and len(words) in (2, 3):
        try:
            cad = int(words[1], 0)
        except ValueError:
            return "error bad codec address"
        pins = words[2] if len(words) == 3 else ""
        qmp.call("qom-set", path="/machine/peripheral/codec%d" % cad,
                 property="present", value=pins)
        return "ok"
    if len(words) == 2 and words[0] == "fault":
        qmp.call("qom-set", path="/machine/peripheral/hda",
                 property="fault", value=words[1])
        return "ok"
    return "error unknown command"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    log = open(sys.argv[3], "a", buffering=1) if len(sys.argv) == 4 else open(os.devnull, "w")
    start = time.monotonic()
    deadline = start + CONNECT_S
    qsock = connect(sys.argv[1], deadline)
    ssock = connect(sys.argv[2], deadline) if qsock else None
    if not ssock:
        log.write("hostctl: no QEMU sockets in %d s\n" % CONNECT_S)
        return
    qmp = Qmp(qsock)
    log.write("hostctl: connected\n")
    lock = threading.Lock()     # QMP and the log, for "later"

    def run(words, later=""):
        with lock:
            try:
                ans = handle(qmp, words)
            except (RuntimeError, OSError, EOFError, ValueError) as e:
                ans = "error %s" % e
            log.write("%.3f %s%s -> %s\n" % (time.monotonic() - start, later,
                                             " ".join(words), ans))
        return ans

    buf = b""
    while True:
        data = ssock.recv(4096)
        if not data:
            break
        buf += data.replace(b"\r", b"\n")
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            words = line.decode(errors="replace").split()
            if not words:
                continue
            if words[0] == "later" and len(words) > 2:
                try:
                    secs = float(words[1])
                    ans = "ok"
                except ValueError:
                    ans = "error bad delay"
                if ans == "ok":
                    t = threading.Timer(secs, run, [words[2:], "(later) "])
                    t.daemon = True
                    t.start()
                with lock:
                    log.write("%.3f %s -> %s\n" % (time.monotonic() - start,
                                                   " ".join(words), ans))
            else:
                ans = run(words)
            ssock.sendall(ans.encode() + b"\n")
    log.write("hostctl: QEMU closed the channel\n")


if __name__ == "__main__":
    main()
