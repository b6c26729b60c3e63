# SPDX-License-Identifier: GPL-2.0-only
"""Least privilege and crash isolation in the default system
(Documentation/components.rst; issue 7).

The shell starts `intruder`, a component whose manifest grants it the
console and nothing else. It tries to reach what it was not given (a
server's endpoint, untyped memory, IRQControl, a re-badged broker
capability, a writable mapping of its info page, the UART, sysinfo, a
TCB, pages beyond its quota), prints one line per attempt, then writes
through a null pointer. The tests check that every attempt was refused
with the error the kernel or system_init defines for it, that its CSpace
holds exactly what the manifest grants, that system_init reports the
crash, and that the console, ramfs and shell keep working afterwards.

    python3 -m pytest tests/system/test_isolation.py -v
"""
import os
import re
import selectors
import signal
import subprocess
import time

import pytest

from conftest import SRCTREE, TEST_OUT, clean_env, run_make
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

# intruder's CSpace: its own thread, CNode, VSpace, broker endpoint, IPC
# buffer and info page (fixed slots 1-6), the console (slot 8) and the
# timer service (slot 9).
INTRUDER_CAPS = {1: "tcb", 2: "cnode", 3: "vspace", 4: "endpoint",
                 5: "page", 6: "page", 8: "endpoint", 9: "endpoint"}


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
        for what, answer in REFUSALS.items():
            line = "intruder: %s: refused (%s)" % (what, answer)
            if line not in log:
                sh.fail("missing or different: %r" % line)
        if "ALLOWED" in log:
            sh.fail("intruder was allowed something")
        assert int(done.group(1)) == int(done.group(2)) == len(REFUSALS)
        assert crash
        m = re.search(r"intruder: started with (\d+) capabilities", log)
        assert m and int(m.group(1)) == len(INTRUDER_CAPS)

        # Resynchronise on a line of our own: the intruder's output came
        # between our command and the prompt.
        sh.send(b"echo sync\r")
        sh.expect(rb"\nsync\r?\n", COMMAND_TIMEOUT, "echo")
        sh.prompt()

        # Its CSpace holds what the manifest grants, nothing more.
        held = caps(sh, "intruder")
        assert {s: m.group("type") for s, m in held.items()} == INTRUDER_CAPS
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
        sh.run("write after-crash still works")
        assert sh.run("cat after-crash") == "still works\n"
        assert re.search(r"^components: %d, faults: 1$" % len(comps),
                         sh.run("mem"), re.M)
    finally:
        sh.close()


def test_make_run_reaches_the_shell():
    """The README's `make qemu_virt_defconfig && make run` ends at the
    shell prompt, and the shell answers what is typed there."""
    objdir = TEST_OUT / "make-run"
    run_make(objdir, "qemu_virt_defconfig")
    run_make(objdir, jobs=2, timeout=900)
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
