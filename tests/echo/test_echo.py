# SPDX-License-Identifier: GPL-2.0-only
"""The user-space UART driver (user/root/echo, Documentation/user-drivers.rst).

Each configuration is built with `make <defconfig> echo.config` in
$KAAL_TEST_OUT/echo* (default /tmp/kaal-tests), booted in QEMU with
scripts/qemu.py's command line and driven through QEMU's standard input,
a pipe (never a terminal): the serial console reads what the test writes.
The root task prints its banner, the driver thread echoes every line the
test types, and "quit" or Ctrl-D powers the machine off, which must make
QEMU exit with status 0. A failure shows the whole serial log, which is
also kept in <build dir>/logs/.

Self-contained: it needs neither the fixtures of tests/conftest.py nor
anything else of the harness. Run it alone with

    python3 -m pytest tests/echo -v
"""
import fcntl
import re
import time
from pathlib import Path

import pytest

from conftest import JOBS, TEST_OUT, SerialConsole, run_make

# Generous: nothing here depends on the speed of the host.
BOOT_TIMEOUT = 120          # until the banner
ECHO_TIMEOUT = 60           # until an echo appears
EXIT_TIMEOUT = 60           # from "quit" until QEMU has exited

BANNER = re.compile(rb"echo: (?P<name>[^\r\n]+?) at 0x(?P<addr>[0-9a-f]+) "
                    rb"irq (?P<irq>\d+), type characters[^\r\n]*\r?\n")

# name -> (defconfig, fragments, build directory, expected banner:
# device, physical address, kernel interrupt number)
BOARDS = {
    "virt": ("qemu_virt_defconfig", ("echo.config",), "echo",
             ("PL011", 0x9000000, 33)),
    "virt-gicv3": ("qemu_virt_gicv3_defconfig", ("echo.config",),
                   "echo-gicv3", ("PL011", 0x9000000, 33)),
    # Without the debug system calls the driver cannot halt: it frees the
    # interrupt and ends, and the kernel powers off a dead system.
    "virt-release": ("qemu_virt_defconfig", ("echo.config", "release.config"),
                     "echo-release", ("PL011", 0x9000000, 33)),
    # The mini UART: raspi3b's second serial port, GPU IRQ 29 (bank 1).
    "rpi3": ("rpi3_defconfig", ("echo.config",), "echo-rpi3",
             ("BCM2835 mini UART", 0x3f215040, 61)),
}


# ---------------------------------------------------------------------------
# Building

def read_config(path):
    conf = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line.strip())
        if m:
            conf[m.group(1)] = m.group(2).strip('"')
    return conf


_built = {}


def build(board):
    """Configure and build @board once per session; its object tree."""
    defconfig, fragments, dirname, _ = BOARDS[board]
    if board not in _built:
        objdir = TEST_OUT / dirname
        objdir.mkdir(parents=True, exist_ok=True)
        # A lock, in case several pytest processes share KAAL_TEST_OUT.
        with open(TEST_OUT / (".%s.lock" % dirname), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            run_make(objdir, defconfig, *fragments)
            run_make(objdir, jobs=JOBS)
        conf = read_config(objdir / "include" / "config" / "auto.conf")
        assert conf.get("CONFIG_ROOT_TASK_ECHO") == "y", \
            "%s: echo.config did not select CONFIG_ROOT_TASK_ECHO" % objdir
        _built[board] = objdir
    return _built[board]


# ---------------------------------------------------------------------------
# QEMU with its serial console on a pipe

# The serial console of a boot (tests/conftest.py).
Console = SerialConsole


@pytest.fixture
def console(request):
    """console(board) -> a Console on a fresh boot of that board."""
    consoles = []

    def start(board):
        c = Console(build(board), request.node.name)
        consoles.append(c)
        return c
    yield start
    for c in consoles:
        c.close()


# ---------------------------------------------------------------------------
# Checks

def check_banner(con, board):
    """The root thread's banner, then the driver thread's line saying it
    has drained what was typed so far, unmasked the interrupt and waits:
    whatever the test types after it comes through the interrupt."""
    m = con.expect(BANNER, BOOT_TIMEOUT, "banner")
    name, addr, irq = BOARDS[board][3]
    got = (m.group("name").decode(), int(m.group("addr"), 16),
           int(m.group("irq")))
    if got != (name, addr, irq):
        con.fail("banner names %s at 0x%x irq %d, expected %s at 0x%x "
                 "irq %d" % (got + (name, addr, irq)))
    return irq


def wait_ready(con, irq):
    con.expect(rb"echo: driver thread waiting for interrupt %d\r\n" % irq,
               BOOT_TIMEOUT, "driver thread's ready line")


def type_line(con, text, echo=None):
    """Type @text and Enter; the driver must echo it and end the line."""
    con.send(text + b"\r")
    con.expect(re.escape(echo if echo is not None else text) + rb"\r\n",
               ECHO_TIMEOUT, "echo of %r" % text)


def check_powered_off(con):
    m = con.expect(rb"echo: (\d+) characters in (\d+) interrupts\r\n",
                   EXIT_TIMEOUT, "statistics line")
    interrupts = int(m.group(2))
    con.expect(rb"echo: bye\r\n", EXIT_TIMEOUT, "goodbye")
    status = con.wait_exit(EXIT_TIMEOUT)
    if status != 0:
        con.fail("QEMU exited with status %s, not 0 (power-off)" % status)
    for bad in (rb"panic", rb"fault: thread", rb"echo: stopped"):
        if re.search(bad, con.out, re.I):
            con.fail("the serial log mentions %r" % bad)
    return interrupts


# ---------------------------------------------------------------------------
# Tests

@pytest.mark.parametrize("board", sorted(BOARDS))
def test_echo(console, board):
    """Lines typed on the serial input come back; "quit" powers off."""
    con = console(board)
    wait_ready(con, check_banner(con, board))
    type_line(con, b"hello kaal")
    type_line(con, b"The quick brown fox jumps over the lazy dog 0123456789")
    # Backspace and DEL rub out the previous character.
    type_line(con, b"ab\x7fc\x08d", echo=b"ab\b \bc\b \bd")
    con.send(b"quit\r")
    interrupts = check_powered_off(con)
    # The driver counts its wake-ups on the notification. It drains all
    # that is there on each, so a fast typist may need only one; but the
    # first line was typed while it waited, so there was at least one.
    if interrupts < 1:
        con.fail("the driver was never woken by an interrupt")


def test_echo_ctrl_d(console):
    """Ctrl-D ends the echo too, in the middle of a line."""
    con = console("virt")
    wait_ready(con, check_banner(con, "virt"))
    type_line(con, b"one more line")
    con.send(b"abc\x04")
    con.expect(rb"abc", ECHO_TIMEOUT, "echo of 'abc'")
    check_powered_off(con)


def test_echo_typeahead(console):
    """What is typed before the driver runs is echoed once it does."""
    con = console("virt")
    con.send(b"early bird\r")
    irq = check_banner(con, "virt")
    start = con.pos
    wait_ready(con, irq)
    # The driver's first pass echoes what has arrived by then, the rest
    # comes through the interrupt: the ready line may split the echo.
    ready = re.compile(rb"echo: driver thread waiting[^\n]*\n")
    end = time.monotonic() + ECHO_TIMEOUT
    while b"early bird\r\n" not in ready.sub(b"", bytes(con.out[start:])):
        if time.monotonic() > end or not con._read(1.0):
            con.fail("no echo of the typeahead 'early bird'")
    con.pos = len(con.out)
    type_line(con, b"late bird")
    con.send(b"quit\n")
    check_powered_off(con)
