# SPDX-License-Identifier: GPL-2.0-only
"""Least privilege and crash isolation in the default system
(Documentation/components.rst; issue 7).

The shell starts `intruder`, a component whose manifest grants it the
console, the timer and (with CONFIG_NET) sockets, nothing else. It tries
to reach what it was not given (a server's endpoint, untyped memory,
IRQControl, a re-badged broker capability, a writable mapping of its info
page, the UART, sysinfo, a TCB, pages beyond its quota), misuses the
timer and the network's sockets (bad requests, sockets not its own, a
taken port, descriptors outside its buffers written straight into its
queue), prints one line per attempt, then writes through a null pointer.
The tests check that every attempt was refused with the error the kernel
or the server defines for it, that its CSpace holds exactly what the
manifest grants, that system_init reports the crash, and that the
console, ramfs, timer, the shell and its sockets keep working afterwards.

    python3 -m pytest tests/system/test_isolation.py -v
"""
import os
import re
import selectors
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import SRCTREE, clean_env
from test_shell import BOARDS, COMMAND_TIMEOUT, CAP_LINE, boot_shell, ps

# What intruder tries, and the answer each must get (sys_strerror text or
# the kernel's error name).
REFUSALS = {
    "call an endpoint it was not given": "KAAL_E_MISSING_CAP",
    "retype untyped memory it was not given": "KAAL_E_MISSING_CAP",
    "address a slot outside its CNode": "KAAL_E_GUARD",
    "claim an interrupt without IRQControl": "KAAL_E_WRONG_TYPE",
    "re-badge its broker capability for sysinfo": "KAAL_E_ILLEGAL_OP",
    "map its read-only info page writable": "KAAL_E_NO_RIGHTS",
    "claim the UART (arm,pl011)":
        "permission denied (not granted by the manifest)",
    "claim the mini UART": "permission denied (not granted by the manifest)",
    "list the components (sysinfo)":
        "permission denied (not granted by the manifest)",
    "start a component": "permission denied (not granted by the manifest)",
    "allocate a TCB": "permission denied (not granted by the manifest)",
    "allocate more pages than its quota": "KAAL_E_RANGE",
    "set a timer deadline before opening": "not possible in this state",
    "open the timer without a notification": "unknown or malformed request",
    "open the timer with an endpoint": "unknown or malformed request",
    "send the timer an unknown request": "unknown or malformed request",
}
# With CONFIG_NET (virt), its sockets (<libsys/socket.h>), misused.
NET_REFUSALS = {
    "use a socket before opening": "not possible in this state",
    "open sockets without a notification": "unknown or malformed request",
    "open sockets with an endpoint": "unknown or malformed request",
    "use a socket it does not have": "bad file descriptor",
    "name a socket far out of range": "bad file descriptor",
    "take the echo server's TCP port 7":
        "NET_E_ADDR_IN_USE (the port is taken)",
    "listen on a UDP socket": "not possible in this state",
    "open more sockets than a client may": "no space left",
    "send the network an unknown request": "unknown or malformed request",
    "hand the network buffers it may not":
        "QUEUE_E_PEER (the peer wrote an impossible index or descriptor)",
}

# intruder's CSpace: its own thread, CNode, VSpace, broker endpoint, IPC
# buffer and info page (fixed slots 1-6), the console (slot 8) and the
# timer service (slot 9).
INTRUDER_CAPS = {1: "tcb", 2: "cnode", 3: "vspace", 4: "endpoint",
                 5: "page", 6: "page", 8: "endpoint", 9: "endpoint"}
# With CONFIG_NET: the network service (slot 10), its own notification
# (11), and the network's, which its socket channel signals (12).
INTRUDER_NET_CAPS = {10: "endpoint", 11: "notification", 12: "notification"}


def udp_answerer():
    """A UDP server on the host (127.0.0.1, a free port) that answers one
    datagram with "pong " and the datagram; (socket, thread)."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    u.settimeout(COMMAND_TIMEOUT)

    def serve():
        try:
            data, peer = u.recvfrom(2048)
            u.sendto(b"pong " + data, peer)
        except OSError:
            pass
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    return u, t


def caps(sh, name):
    """{slot: type} of `caps <name>`."""
    out = sh.run("caps %s" % name).splitlines()
    found = {}
    for line in out:
        m = CAP_LINE.match(line)
        if m:
            found[int(m.group("slot"))] = m
    m = re.search(r"^(\d+) capabilities$", "\n".join(out), re.M)
    if not m or int(m.group(1)) != len(found):
        sh.fail("caps %s: no or wrong count line: %r" % (name, out))
    return found


@pytest.mark.parametrize("board", ["virt", "rpi3"])
def test_intruder_refused_and_crash_isolated(kaal_build, board):
    build = kaal_build(BOARDS[board])
    net = build.config.get("CONFIG_NET") == "y"
    refusals = {**REFUSALS, **(NET_REFUSALS if net else {})}
    expected_caps = {**INTRUDER_CAPS, **(INTRUDER_NET_CAPS if net else {})}
    sh = boot_shell(build, "isolation-%s" % board)
    try:
        sh.run("write before-crash kept")
        sh.send(b"start intruder\r")
        done = sh.expect(rb"intruder: (\d+) of (\d+) attempts refused",
                         COMMAND_TIMEOUT, "intruder's summary")
        crash = sh.expect(rb"system_init: component intruder crashed: "
                          rb"write fault at 0x0 \(pc 0x[0-9a-f]+\); stopped, "
                          rb"the others keep running", COMMAND_TIMEOUT,
                          "system_init's crash report")
        log = sh.log
        for what, answer in refusals.items():
            line = "intruder: %s: refused (%s)" % (what, answer)
            if line not in log:
                sh.fail("missing or different: %r" % line)
        if "ALLOWED" in log:
            sh.fail("intruder was allowed something")
        assert int(done.group(1)) == int(done.group(2)) == len(refusals)
        assert crash
        m = re.search(r"intruder: started with (\d+) capabilities", log)
        assert m and int(m.group(1)) == len(expected_caps)

        # Resynchronise on a line of our own: the intruder's output came
        # between our command and the prompt.
        sh.send(b"echo sync\r")
        sh.expect(rb"\nsync\r?\n", COMMAND_TIMEOUT, "echo")
        sh.prompt()

        # Its CSpace holds what the manifest grants, nothing more.
        held = caps(sh, "intruder")
        assert {s: m.group("type") for s, m in held.items()} == \
            expected_caps
        # The broker capability carries its id, not the sysinfo bit.
        comps = ps(sh)
        assert int(held[4].group("badge"), 16) == \
            int(comps["intruder"].group("id"))

        # Reported, and the rest keeps running.
        comps = ps(sh)
        assert comps["intruder"].group("state") == "crashed"
        assert comps["intruder"].group("fault") == "0"
        for name in ("console", "timer", "ramfs", "shell"):
            assert comps[name].group("state") == "running"
        assert sh.run("cat before-crash") == "kept\n"
        # The timer, which the intruder misused, still serves the shell.
        assert re.fullmatch(r"slept \d+ ms\n", sh.run("sleep 10"))
        if net:
            # So do the network's sockets (QEMU's user network: the
            # host is 10.0.2.2), and it counted the bad descriptors.
            u, t = udp_answerer()
            port = u.getsockname()[1]
            try:
                out = sh.run("nc -u 10.0.2.2 %d after the intruder" % port)
            finally:
                t.join(COMMAND_TIMEOUT)
                u.close()
            assert out == "nc: 23 bytes from 10.0.2.2:%d: pong after the " \
                "intruder\n" % port
            # The socket the intruder left open, bound to port 9000, was
            # closed when system_init told the network it is gone: one
            # client left (the shell), nothing open.
            m = re.search(r"^sockets: (\d+) clients, (\d+) open, (\d+) "
                          r"descriptors refused$", sh.run("net"), re.M)
            assert m and m.groups() == ("1", "0", "3"), m and m.groups()
        sh.run("write after-crash still works")
        assert sh.run("cat after-crash") == "still works\n"
        assert re.search(r"^components: %d, faults: 1$" % len(comps),
                         sh.run("mem"), re.M)
    finally:
        sh.close()


def test_make_run_reaches_the_shell(kaal_build):
    """The README's `make qemu_virt_defconfig && make run` ends at the
    shell prompt, and the shell answers what is typed there. The first two
    steps are the session's plain build (kaal_build() runs exactly those
    two makes; this test built its own copy); `make run` finds it up to
    date."""
    objdir = kaal_build("qemu_virt_defconfig").dir
    proc = subprocess.Popen(["make", "-s", "-C", str(SRCTREE),
                             "O=%s" % objdir, "run"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=clean_env(),
                            start_new_session=True)
    out = b""
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        end = time.monotonic() + 180
        sent = False
        while time.monotonic() < end:
            if sel.select(1.0):
                chunk = proc.stdout.read1(65536)
                if not chunk:
                    break
                out += chunk
            if not sent and out.endswith(b"kaal> "):
                proc.stdin.write(b"echo made-it\r")
                proc.stdin.flush()
                sent = True
            if sent and re.search(rb"\nmade-it\r?\n", out):
                break
        assert sent, "no prompt from make run:\n%s" % out.decode(errors="replace")
        assert re.search(rb"\nmade-it\r?\n", out), out.decode(errors="replace")
    finally:
        # make and the QEMU it started: the whole process group.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
