#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""TCP echo through the default system, in guest instructions per byte
(`make bench-net`, Documentation/networking.rst "Figures").

Boots the object tree's Image (the default system: CONFIG_NET and
CONFIG_DEBUG_SYSCALLS) under QEMU with -icount shift=0 (one instruction
is one nanosecond of guest time) and a host port forwarded to the
guest's echo port 7, waits for the shell and the network's address, then:

    cpu                        the counter and the kernel's idle ticks
    (host) N MiB over TCP      to port 7 while reading the echo back,
                               every byte checked
    cpu                        again

The guest's busy time between the two `cpu` lines (counter ticks not
spent in the kernel's wait for interrupts, debug_idle) is instructions
executed by every component and the kernel: the driver, lwIP, the
network component, the timer service, the shell's own two commands.
Idle time is skipped by -icount's sleep=off and counts for nothing. The
figure is instructions per byte echoed (each byte comes in and goes
out). It is not a timed test: nothing depends on the host's speed.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qemu  # noqa: E402

PROMPT = b"kaal> "
NET_LINE = re.compile(rb"net: (\d+\.\d+\.\d+\.\d+) netmask .* echo on TCP")
CPU_LINE = re.compile(rb"cpu: (\d+) ticks since boot, (\d+) idle, (\d+) "
                      rb"busy")
TIMER_LINE = re.compile(rb"timer: \d+ clients, \d+ deadlines set, \d+ "
                        rb"signals sent, (\d+) Hz counter")
TIMEOUT = 600


class Guest:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.out = b""
        os.set_blocking(self.p.stdout.fileno(), False)

    def expect(self, pattern, start=0):
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end:
            m = re.compile(pattern).search(self.out, start)
            if m:
                return m
            try:
                chunk = self.p.stdout.read()
            except BlockingIOError:
                chunk = None
            if chunk:
                self.out += chunk
            elif self.p.poll() is not None:
                break
            else:
                time.sleep(0.02)
        raise SystemExit("bench_net: no %r in the guest's output:\n%s"
                         % (pattern, self.out[-2000:].decode(errors="replace")))

    def run(self, line):
        start = len(self.out)
        self.p.stdin.write(line + b"\r")
        self.p.stdin.flush()
        m = self.expect(re.escape(line) + rb"\r?\n", start)
        return self.expect(re.escape(PROMPT), m.end()), m.end()

    def close(self):
        self.p.kill()
        self.p.wait()


def echo(port, data):
    s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    got = bytearray()

    def reader():
        while len(got) < len(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            got.extend(chunk)
    t = threading.Thread(target=reader)
    t.start()
    s.sendall(data)
    t.join(TIMEOUT)
    s.close()
    return bytes(got)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objtree", required=True)
    ap.add_argument("--mib", type=int, default=4)
    a = ap.parse_args()
    conf = qemu.read_config(os.path.join(a.objtree, "include", "config",
                                         "auto.conf"))
    for sym in ("CONFIG_NET", "CONFIG_DEBUG_SYSCALLS"):
        if conf.get(sym) != "y":
            raise SystemExit("bench_net: %s needs %s (the default system of "
                             "qemu_virt_defconfig has it)" % (a.objtree, sym))
    port = free_port()
    net = "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:7" % port
    cmd = qemu.qemu_command(conf, os.path.join(a.objtree, "Image"),
                            icount=True, net=net)
    g = Guest(cmd)
    try:
        g.expect(re.escape(PROMPT))
        g.expect(NET_LINE)
        m, at = g.run(b"timer")
        freq = int(TIMER_LINE.search(g.out, at).group(1))
        data = os.urandom(a.mib << 20)
        _, at = g.run(b"cpu")
        before = CPU_LINE.search(g.out, at)
        back = echo(port, data)
        _, at = g.run(b"cpu")
        after = CPU_LINE.search(g.out, at)
    finally:
        g.close()
    if back != data:
        raise SystemExit("bench_net: %d bytes came back of %d, or others"
                         % (len(back), len(data)))
    busy = int(after.group(3)) - int(before.group(3))
    insns = busy * 10**9 // freq  # shift=0: one instruction a nanosecond
    print("bench_net: TCP echo of %d MiB from the host: %d guest "
          "instructions busy, %.1f instructions per byte echoed"
          % (a.mib, insns, insns / len(data)))


if __name__ == "__main__":
    main()
