# SPDX-License-Identifier: GPL-2.0-only
"""Real traffic from the host to the default system's echo servers
(Documentation/networking.rst, "Tests"), for a boot whose QEMU forwards a
host port to the guest's port 7 with user-mode networking
(tests/system/test_virtio_blk.py makes that boot: one boot for the disk
and the network).

Everything is checked byte for byte: a TCP stream of 1 MiB of random
bytes must come back exactly, so must each UDP datagram, and several TCP
connections at once must each get their own bytes back. Timeouts are
generous (minutes); nothing is timed.
"""
import os
import re
import socket
import threading

TRAFFIC_TIMEOUT = 120
MIB = 1 << 20


def free_port():
    """A TCP and UDP port on 127.0.0.1 that nothing uses now."""
    for _ in range(20):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            u.close()
            t.close()
    raise RuntimeError("no free port for the network test")


def netdev(port):
    """QEMU's user-mode network, host port @port to the guest's port 7."""
    return ("user,id=n0,hostfwd=tcp:127.0.0.1:%d-:7,"
            "hostfwd=udp:127.0.0.1:%d-:7" % (port, port))


def tcp_echo(port, data):
    """Send @data on one connection while reading what comes back; the
    bytes received (until as many as sent, or the peer closed)."""
    s = socket.create_connection(("127.0.0.1", port),
                                 timeout=TRAFFIC_TIMEOUT)
    got = bytearray()
    errors = []

    def reader():
        try:
            while len(got) < len(data):
                chunk = s.recv(65536)
                if not chunk:
                    break
                got.extend(chunk)
        except OSError as e:
            errors.append(e)

    t = threading.Thread(target=reader)
    t.start()
    try:
        s.sendall(data)
        t.join(TRAFFIC_TIMEOUT)
    finally:
        s.close()
    if errors:
        raise errors[0]
    return bytes(got)


def udp_echo(port, payloads):
    """Each datagram sent and what came back for it."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(10)
    back = []
    try:
        for p in payloads:
            # QEMU's user network may drop a datagram: up to 5 tries.
            for _ in range(5):
                u.sendto(p, ("127.0.0.1", port))
                try:
                    back.append(u.recvfrom(65536)[0])
                    break
                except socket.timeout:
                    continue
            else:
                back.append(None)
    finally:
        u.close()
    return back


def check_traffic(sh, port):
    """The echo servers of the booted system @sh, through host port @port;
    fails the test on any difference."""
    # 1 MiB over one connection.
    data = os.urandom(MIB)
    back = tcp_echo(port, data)
    if back != data:
        first = next((i for i, (a, b) in enumerate(zip(back, data))
                      if a != b), min(len(back), len(data)))
        sh.fail("TCP echo: %d bytes back of %d, first difference at %d"
                % (len(back), len(data), first))
    # UDP: sizes up to a full Ethernet frame's payload.
    payloads = [b"x", os.urandom(1000), os.urandom(1472), b"kaal udp"]
    for p, b in zip(payloads, udp_echo(port, payloads)):
        if b != p:
            sh.fail("UDP echo of %d bytes: got %r" % (len(p), b and b[:32]))
    # Several connections at once, each with its own bytes.
    streams = [os.urandom(256 * 1024 + 977 * i) for i in range(4)]
    results = [None] * len(streams)

    def one(i):
        try:
            results[i] = tcp_echo(port, streams[i])
        except OSError as e:
            results[i] = e

    threads = [threading.Thread(target=one, args=(i,))
               for i in range(len(streams))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TRAFFIC_TIMEOUT)
    for i, (want, got) in enumerate(zip(streams, results)):
        if got != want:
            sh.fail("concurrent TCP echo %d: %s" % (
                i, got if isinstance(got, Exception) else
                "%d bytes back of %d" % (len(got or b""), len(want))))


def check_net_command(sh, sent_bytes):
    """`net` after the traffic: the address, and counters that saw it."""
    out = sh.run("net")
    m = re.match(r"net: 10\.0\.2\.15 netmask 255\.255\.255\.0 gateway "
                 r"10\.0\.2\.2 \(DHCP\), link up, MAC "
                 r"52:54:00:12:34:56\n"
                 r"queues: rx\.free (\d+) rx\.active (\d+) tx\.active (\d+) "
                 r"tx\.free (\d+) refused 0 tx-full \d+\n"
                 r"driver: received (\d+) sent (\d+) dropped 0 "
                 r"interrupts \d+\n"
                 r"echo: tcp (\d+) connections (\d+) bytes, udp (\d+) "
                 r"datagrams, icmp \d+ requests\n$", out)
    if not m:
        sh.fail("net: unexpected output %r" % out)
    rx_free, rx_active, tx_active, tx_free, received, sent, conns, \
        tcp_bytes, udp = (int(x) for x in m.groups())
    # Every frame the driver received went up; the stack gave each
    # receive buffer back (64 lent at the start).
    if rx_active != received or rx_free < received or \
            tx_active < sent or conns != 5 or udp < 4 or \
            tcp_bytes != sent_bytes:
        sh.fail("net: counters do not add up: %r" % out)
