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


def netdev(port, listen=None):
    """QEMU's user-mode network, host port @port to the guest's port 7;
    @listen: (host port, guest port) of one more TCP forward."""
    spec = ("user,id=n0,hostfwd=tcp:127.0.0.1:%d-:7,"
            "hostfwd=udp:127.0.0.1:%d-:7" % (port, port))
    if listen:
        spec += ",hostfwd=tcp:127.0.0.1:%d-:%d" % listen
    return spec


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
                 r"datagrams, icmp \d+ requests\n"
                 r"sockets: \d+ clients, 0 open, 0 descriptors refused\n$",
                 out)
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


# The guest's port that `nc -l` listens on in check_sockets.
NC_LISTEN_PORT = 8000


def read_to_end(c):
    """Everything @c receives until the peer's end of data."""
    data = b""
    while True:
        chunk = c.recv(65536)
        if not chunk:
            return data
        data += chunk


def host_server(kind, answer):
    """A TCP or UDP server on the host (127.0.0.1, a free port) for one
    client: TCP reads until the client's end of data, UDP one datagram;
    each answers answer(data) (TCP then closes). (port, result): result
    ["data"] holds what it got once the thread ended."""
    result = {}
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == "tcp"
                      else socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(TRAFFIC_TIMEOUT)
    if kind == "tcp":
        s.listen(1)

    def serve():
        try:
            if kind == "udp":
                data, peer = s.recvfrom(4096)
                s.sendto(answer(data), peer)
            else:
                c, _ = s.accept()
                data = read_to_end(c)
                c.sendall(answer(data))
                c.close()
            result["data"] = data
        except OSError as e:
            result["error"] = e
        finally:
            s.close()
    result["thread"] = threading.Thread(target=serve, daemon=True)
    result["thread"].start()
    return s.getsockname()[1], result


def check_sockets(sh, listen_port):
    """The shell's nc on the network's sockets (<libsys/socket.h>): a TCP
    client, a UDP exchange and a TCP server reached from the host through
    @listen_port (forwarded to the guest's NC_LISTEN_PORT), each with the
    exact output; then the errors."""
    # TCP client: the host answers "hello ", what it got, and more than
    # a buffer of the socket channel (2 KiB) of numbered lines.
    lines = b"".join(b"line %04d of the host's answer\n" % i
                     for i in range(120))
    port, res = host_server("tcp", lambda d: b"hello " + d + lines)
    out = sh.run("nc 10.0.2.2 %d kaal says hi" % port)
    res["thread"].join(TRAFFIC_TIMEOUT)
    if res.get("data") != b"kaal says hi\n":
        sh.fail("nc: the host got %r" % res)
    want = "hello kaal says hi\n" + lines.decode() + \
        "nc: 13 bytes sent, %d received\n" % (19 + len(lines))
    if out != want:
        sh.fail("nc: %r" % out)
    # UDP.
    port, res = host_server("udp", lambda d: b"pong " + d)
    out = sh.run("nc -u 10.0.2.2 %d ping me" % port)
    if out != "nc: 12 bytes from 10.0.2.2:%d: pong ping me\n" % port:
        sh.fail("nc -u: %r" % out)
    # TCP server: the host connects through the forwarded port.
    sh.send(b"nc -l %d\r" % NC_LISTEN_PORT)
    sh.expect(rb"nc: listening on TCP port %d\r?\n" % NC_LISTEN_PORT,
              TRAFFIC_TIMEOUT, "nc -l")
    c = socket.create_connection(("127.0.0.1", listen_port),
                                 timeout=TRAFFIC_TIMEOUT)
    c.sendall(b"from the host\n")
    c.shutdown(socket.SHUT_WR)
    got = read_to_end(c)
    c.close()
    if got != b"received 14 bytes\n":
        sh.fail("nc -l: the host got %r" % got)
    out = sh.prompt(TRAFFIC_TIMEOUT, "nc -l's end")
    if not re.search(r"nc: connection from 10\.0\.2\.2:\d+\r?\nfrom the "
                     r"host\r?\nnc: 18 bytes sent, 14 received\r?\n",
                     out.decode("utf-8", errors="replace")):
        sh.fail("nc -l: %r" % out)
    # Errors: a port nobody listens on (the host's port 1: QEMU's user
    # network answers the guest with a reset), one taken, nonsense.
    out = sh.run("nc 10.0.2.2 1 x")
    if out != "nc: connect: NET_E_CONNECTION (refused, reset or aborted " \
            "by the peer)\nnc: 0 bytes sent, 0 received\n":
        sh.fail("nc to a closed port: %r" % out)
    out = sh.run("nc -l 7")
    if out != "nc: listen: NET_E_ADDR_IN_USE (the port is taken)\n" \
            "nc: 0 bytes sent, 0 received\n":
        sh.fail("nc -l 7: %r" % out)
    usage = "usage: nc <a.b.c.d> <port> [text...] | nc -l <port> | " \
        "nc -u <a.b.c.d> <port> <text...>\n"
    for bad in ("nc", "nc 10.0.2.2", "nc 10.0.2.2 0 x", "nc 10.0.2.2 65536",
                "nc -l", "nc -l 8000 x", "nc -u 10.0.2.2 9", "nc 10.0.2 9"):
        if sh.run(bad) != usage:
            sh.fail("%r: not refused with the usage" % bad)
    m = re.search(r"^sockets: 1 clients, 0 open, 0 descriptors refused$",
                  sh.run("net"), re.M)
    if not m:
        sh.fail("net: the shell's sockets are not all closed")
