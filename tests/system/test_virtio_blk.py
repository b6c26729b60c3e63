# SPDX-License-Identifier: GPL-2.0-only
"""The virtio devices of the default system: the virtio-blk driver and
the block service (Documentation/user-drivers.rst, "virtio"), the
virtio-net driver and the network component (Documentation/
networking.rst); issue 15.

One boot of the default system on QEMU virt with a disk image that the
test writes first, every sector a known pattern, and a network card on
QEMU's user-mode network with a free host port forwarded to the guest's
port 7 (one boot for both: a boot is the expensive part). Through the
shell's `blk` commands it reads a sector and compares it with the
pattern (the bytes came from the host file, through the driver), writes
sectors and reads them back, asks for sectors past the end and for
nonsense, and after QEMU is gone checks that the host file holds exactly
the pattern with the written sectors at their offsets and nothing else
changed. Through the forwarded port it sends real traffic to the echo
servers (tests/system/nettraffic.py: 1 MiB over TCP, UDP datagrams,
four TCP connections at once, each byte checked), then checks `net`'s
counters, the shell's `nc` on the network's sockets (a TCP client, UDP, a
TCP server the host connects to through a second forwarded port, and
their errors; nettraffic.check_sockets) and that the gateway answers
`ping`.

    python3 -m pytest tests/system/test_virtio_blk.py -v
"""
import re

import pytest

from conftest import TEST_OUT, SerialConsole
from nettraffic import MIB, NC_LISTEN_PORT, check_net_command, \
    check_sockets, check_traffic, free_port, netdev
from test_shell import BANNER, BOOT_TIMEOUT, COMMAND_TIMEOUT, PROMPT, \
    Shell, wait_network

SECTOR = 512
SECTORS = 256  # 128 KiB


def pattern(n):
    """Sector @n as the test writes it: a label, then bytes that differ
    from sector to sector and from offset to offset."""
    label = b"KAAL-SECTOR-%04d" % n
    return label + bytes((n * 7 + i) & 0xff
                         for i in range(len(label), SECTOR))


class DiskShell(Shell):
    """The shell of a boot with @disk attached as a virtio-blk device and
    a network card whose backend is @net (a -netdev)."""

    def __init__(self, build, name, disk, net=None):
        SerialConsole.__init__(self, build.dir, name, build.srctree,
                               disk=str(disk), net=net)


def dump(sh, out):
    """The 512 bytes of a `blk read` hex dump."""
    data = bytearray()
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]{3}):((?: [0-9a-f]{2}){16})  ", line)
        if not m or int(m.group(1), 16) != len(data):
            sh.fail("blk read: unexpected line %r" % line)
        data += bytes(int(b, 16) for b in m.group(2).split())
    if len(data) != SECTOR:
        sh.fail("blk read: %d bytes, not %d: %r" % (len(data), SECTOR, out))
    return bytes(data)


@pytest.fixture
def disk():
    path = TEST_OUT / "virtio-blk.img"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(pattern(n) for n in range(SECTORS)))
    return path


def test_virtio_blk(kaal_build, disk):
    build = kaal_build("qemu_virt_defconfig")
    port, listen = free_port(), free_port()
    while listen == port:
        listen = free_port()
    sh = DiskShell(build, "virtio-blk", disk,
                   netdev(port, (listen, NC_LISTEN_PORT)))
    written = {7: b"hello from the guest", SECTORS - 1: b"the last sector"}
    try:
        m = sh.expect(rb"virtio_blk: virtio-mmio at 0x([0-9a-f]+) irq (\d+): "
                      rb"(\d+) sectors \((\d+) KiB\), DMA at 0x[0-9a-f]+\r?\n",
                      BOOT_TIMEOUT, "virtio_blk's device line")
        assert int(m.group(3)) == SECTORS
        sh.expect(re.escape(BANNER) + rb"\r?\n", BOOT_TIMEOUT, "banner")
        sh.expect(re.escape(PROMPT), BOOT_TIMEOUT, "first prompt")
        wait_network(sh, build)

        assert sh.run("blk info") == \
            "blk: %d sectors of 512 bytes (%d KiB)\n" % (SECTORS, SECTORS // 2)
        # Read: what the host file holds.
        for n in (0, 5, SECTORS - 1):
            assert dump(sh, sh.run("blk read %d" % n)) == pattern(n)
        # Write, read back.
        for n, text in written.items():
            assert sh.run("blk write %d %s" % (n, text.decode())) == \
                "blk: wrote sector %d (%d bytes of text)\n" % (n, len(text))
            back = dump(sh, sh.run("blk read %d" % n))
            assert back == text + bytes(SECTOR - len(text))
        # Out of range and malformed: an error each, the driver lives on.
        for cmd in ("blk read %d" % SECTORS, "blk write %d x" % SECTORS,
                    "blk read 18446744073709551000"):
            assert sh.run(cmd) == "blk: sector %s: BLK_E_RANGE (past the " \
                "end of the disk)\n" % cmd.split()[2]
        assert sh.run("blk read 99999999999999999999") == \
            "blk: 99999999999999999999: not a sector number\n"
        assert sh.run("blk read -1") == "blk: -1: not a sector number\n"
        assert dump(sh, sh.run("blk read 6")) == pattern(6)

        # The network: the address comes by DHCP, before or after the
        # prompt (the network component runs below the shell).
        if not re.search(rb"virtio_net: virtio-mmio at 0x[0-9a-f]+ irq \d+: "
                         rb"MAC 52:54:00:12:34:56, link up, 64\+64 "
                         rb"buffers of 2048 bytes at 0x[0-9a-f]+\r\n",
                         sh.out):
            sh.fail("no virtio_net device line")
        if not re.search(rb"net: 10\.0\.2\.15 netmask 255\.255\.255\.0 "
                         rb"gateway 10\.0\.2\.2 \(DHCP\)", sh.out):
            sh.fail("no address by DHCP")
        check_traffic(sh, port)
        check_net_command(sh, MIB + sum(256 * 1024 + 977 * i
                                        for i in range(4)))
        check_sockets(sh, listen)
        out = sh.run("ping 10.0.2.2 2")
        if not re.fullmatch(r"(ping 10\.0\.2\.2: seq \d: answer in "
                            r"\d+\.\d{3} ms\n){2}ping 10\.0\.2\.2: 2 of 2 "
                            r"answered\n", out):
            sh.fail("ping: %r" % out)
        # Nobody at that address: no answer, said so; nonsense refused.
        assert sh.run("ping 10.0.2.99 1") == \
            "ping 10.0.2.99: seq 1: NET_E_TIMEOUT (no answer in time)\n" \
            "ping 10.0.2.99: 0 of 1 answered\n"
        for bad in ("ping 10.0.2.256", "ping 10.0.2", "ping 10.0.2.2 11",
                    "ping 10.0.2.2 0", "ping"):
            assert sh.run(bad) == "usage: ping <a.b.c.d> [count, 1 to " \
                "10]\n", bad
        for bad in (rb"Kernel panic", rb"fault: thread", rb"crashed"):
            if re.search(bad, sh.out, re.I):
                sh.fail("the log mentions %r" % bad)
    finally:
        sh.close()

    # The host file: the pattern, with the written sectors at their
    # offsets and nothing else changed.
    data = disk.read_bytes()
    assert len(data) == SECTORS * SECTOR
    for n in range(SECTORS):
        got = data[n * SECTOR:(n + 1) * SECTOR]
        want = pattern(n)
        if n in written:
            want = written[n] + bytes(SECTOR - len(written[n]))
        assert got == want, "sector %d of the image" % n
