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

--linux DIR does the same with a Linux guest on the same QEMU (virt,
cortex-a53, -icount shift=0): DIR holds Debian's arm64 kernel package
unpacked (boot/vmlinuz-*, lib/modules/*: scripts/fetch-deb.sh) and
--busybox names Debian's static arm64 busybox. An initramfs made here
loads virtio-mmio and virtio-net, sets 10.0.2.15/24 on eth0 and runs
busybox's `nc -l -p 7 -e cat` in a loop; the busy time is the cpu line
of /proc/stat (every field but idle and iowait) before and after, in
USER_HZ (100 Hz) ticks: 10 ms of guest time, ten million instructions,
so the transfer must be large (64 MiB gives about 1 %).
"""
import argparse
import glob
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

    def run(self, line, prompt=None):
        start = len(self.out)
        self.p.stdin.write(line + b"\r")
        self.p.stdin.flush()
        m = self.expect(re.escape(line) + rb"\r?\n", start)
        return self.expect(re.escape(prompt or PROMPT), m.end()), m.end()

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


def cpio_newc(entries):
    """A newc cpio archive of (name, mode, data) entries."""
    out = bytearray()
    for ino, (name, mode, data) in enumerate(entries + [("TRAILER!!!", 0,
                                                          b"")], 1):
        name_b = name.encode() + b"\0"
        out += b"070701" + b"".join(b"%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0))
        out += name_b + b"\0" * (-(110 + len(name_b)) % 4)
        out += data + b"\0" * (-len(data) % 4)
    return bytes(out)


LINUX_MODULES = ("kernel/drivers/virtio/virtio_mmio.ko",
                 "kernel/net/core/failover.ko",
                 "kernel/drivers/net/net_failover.ko",
                 "kernel/drivers/net/virtio_net.ko")
LINUX_INIT = b"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /usr/bin /sbin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in /lib/*.ko; do insmod $m; done
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
(while true; do nc -l -p 7 -e /bin/cat; done) &
PS1='linux# ' exec sh
"""
LINUX_PROMPT = b"linux# "
STAT_LINE = re.compile(rb"^cpu +(\d+(?: \d+)+)\r?$", re.M)


def linux_busy(out, at):
    """USER_HZ ticks busy in the /proc/stat cpu line after @at."""
    f = [int(x) for x in STAT_LINE.search(out, at).group(1).split()]
    return sum(f) - f[3] - f[4]  # all but idle and iowait


def linux_guest(a, port):
    kernel = sorted(glob.glob(os.path.join(a.linux, "boot", "vmlinuz-*")))
    mods = sorted(glob.glob(os.path.join(a.linux, "lib", "modules", "*")))
    if not kernel or not mods:
        raise SystemExit("bench_net: %s has no boot/vmlinuz-* and "
                         "lib/modules/*: Debian's linux-image-*-arm64 "
                         "unpacked" % a.linux)
    entries = [("bin", 0o40755, b""), ("lib", 0o40755, b""),
               ("init", 0o100755, LINUX_INIT)]
    with open(a.busybox, "rb") as f:
        entries.append(("bin/busybox", 0o100755, f.read()))
    for i, m in enumerate(LINUX_MODULES):
        with open(os.path.join(mods[-1], m), "rb") as f:
            entries.append(("lib/%d-%s" % (i, os.path.basename(m)),
                            0o100644, f.read()))
    initrd = os.path.join(a.workdir, "bench-net-initrd.cpio")
    with open(initrd, "wb") as f:
        f.write(cpio_newc(entries))
    return ["qemu-system-aarch64", "-machine", "virt,gic-version=2",
            "-cpu", "cortex-a53", "-m", "512M", "-nographic",
            "-no-reboot", "-kernel", kernel[-1], "-initrd", initrd,
            "-append", "console=ttyAMA0 quiet rdinit=/init",
            "-icount", "shift=0,align=off,sleep=off",
            "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:7" % port,
            "-device", "virtio-net-device,netdev=n0"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objtree")
    ap.add_argument("--mib", type=int, default=4)
    ap.add_argument("--linux", help="Debian's arm64 kernel, unpacked")
    ap.add_argument("--busybox", help="a static arm64 busybox")
    ap.add_argument("--workdir", default=".")
    a = ap.parse_args()
    if a.linux:
        return main_linux(a)
    if not a.objtree:
        ap.error("--objtree or --linux")
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


def main_linux(a):
    port = free_port()
    g = Guest(linux_guest(a, port))
    try:
        g.expect(re.escape(LINUX_PROMPT))
        data = os.urandom(a.mib << 20)
        _, at = g.run(b"head -n 1 /proc/stat", LINUX_PROMPT)
        before = linux_busy(g.out, at)
        back = echo(port, data)
        _, at = g.run(b"head -n 1 /proc/stat", LINUX_PROMPT)
        after = linux_busy(g.out, at)
    finally:
        g.close()
    if back != data:
        raise SystemExit("bench_net: %d bytes came back of %d, or others"
                         % (len(back), len(data)))
    insns = (after - before) * 10**7  # USER_HZ 100: 10 ms a tick
    print("bench_net: Linux guest: TCP echo of %d MiB from the host: %d "
          "guest instructions busy (+- 10000000), %.1f instructions per "
          "byte echoed" % (a.mib, insns, insns / len(data)))


if __name__ == "__main__":
    main()
