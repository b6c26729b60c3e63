# SPDX-License-Identifier: GPL-2.0-only
"""The interactive shell of the default system (user/components/shell,
Documentation/shell.rst).

Each board's default configuration (CONFIG_ROOT_TASK_SYSTEM: system_init,
console, timer, ramfs, shell, intruder, virtio_blk) is built once per session with the
kaal_build fixture of tests/conftest.py, booted in QEMU with
scripts/qemu.py's command line, and driven through QEMU's standard input,
a pipe: the console service pushes what the test types into the shell's
input ring. One boot per board serves every test of this module that
takes the `shell` fixture; each such test uses names of its own, so the
order does not matter. A failure shows the whole serial log, which is
also kept in <build dir>/logs/shell-<board>.log.

The output formats matched here are those of Documentation/shell.rst;
change the two together.

    python3 -m pytest tests/system/test_shell.py -v
"""
import hashlib
import re
import time

import pytest

from conftest import SerialConsole

# Generous: nothing here depends on the speed of the host.
BOOT_TIMEOUT = 180          # until the first prompt
COMMAND_TIMEOUT = 60        # from Enter to the next prompt
BENCH_TIMEOUT = 300

PROMPT = b"kaal> "
BANNER = b"KaaL shell: type 'help' for commands"

# name -> defconfig. raspi3b's console is its second serial port, the
# mini UART: scripts/qemu.py connects that one to stdio.
BOARDS = {
    "virt": "qemu_virt_defconfig",
    "virt-gicv3": "qemu_virt_gicv3_defconfig",
    "rpi3": "rpi3_defconfig",
}

COMMANDS = ("help", "ps", "caps", "mem", "start", "kill", "ramfs", "ls",
            "cat", "write", "append", "rm", "blk", "bench", "sleep", "timer",
            "repeat", "linux", "echo", "net", "ping")
STATES = "stopped|running|crashed|exited|failed|killed"

# The keys, as a VT100/xterm sends them.
UP, DOWN, RIGHT, LEFT = b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D"
HOME, END, DELETE = b"\x1b[H", b"\x1b[F", b"\x1b[3~"
HOME_VT, END_VT = b"\x1b[1~", b"\x1b[4~"
HOME_SS3, END_SS3 = b"\x1bOH", b"\x1bOF"
CTRL_C, CTRL_E, CTRL_K, CTRL_L = b"\x03", b"\x05", b"\x0b", b"\x0c"
CTRL_U, CTRL_W, TAB = b"\x15", b"\x17", b"\t"
CTRL_Z = b"\x1a"
PS_LINE = re.compile(r"^\s*(?P<id>\d+) (?P<name>\S+)\s+(?P<state>%s)\s+"
                     r"(?P<cpu>\d+)\s+(?P<pages>\d+)(?:\s+fault at 0x(?P<fault>[0-9a-f]+))?$"
                     % STATES)
CAP_LINE = re.compile(r"^\s*(?P<slot>\d+) (?P<type>[a-z_?]+)\s+"
                      r"(?P<rights>[r-][w-][g-][G-][x-])\s+"
                      r"0x(?P<badge>[0-9a-f]+) (?P<bits>\d+)$")
UNIT = r"(?P<unit>instructions|ticks)"


class Shell(SerialConsole):
    """QEMU running @build's Image; its serial console on pipes."""

    def __init__(self, build, name, smp=None):
        super().__init__(build.dir, name, build.srctree, smp=smp)

    def prompt(self, timeout=COMMAND_TIMEOUT, what="prompt"):
        """Everything up to the next prompt, "\\r\\n" made "\\n"."""
        start = self.pos
        m = self.expect(re.escape(PROMPT), timeout, what)
        return bytes(self.out[start:m.start()]).replace(b"\r\n", b"\n")

    @property
    def ctrl_a(self):
        """Ctrl-A as typed: QEMU's -nographic console multiplexes the
        serial port and its monitor, Ctrl-A being its escape key, and
        passes a Ctrl-A on when it is typed twice. A console of its own
        (-serial stdio, raspi3b) passes it on as it is."""
        return b"\x01\x01" if "-nographic" in self.cmd else b"\x01"

    def run(self, line, timeout=COMMAND_TIMEOUT):
        """Type @line (str or bytes) and Enter: the lines the command
        printed, after the echo of what was typed, as a str."""
        if isinstance(line, str):
            line = line.encode()
        self.send(line + b"\r")
        text = self.prompt(timeout, "prompt after %r" % line)
        echoed, nl, output = text.partition(b"\n")
        if not nl:
            self.fail("no end of line after typing %r" % line)
        return output.decode("utf-8", errors="replace")


# The network component's line once it has an address
# (Documentation/networking.rst): it runs below the shell, so the line may
# come after the first prompt.
NET_LINE = rb"net: [0-9.]+ netmask [0-9.]+ gateway [0-9.]+ \(\w+\); echo " \
    rb"on TCP and UDP port 7\r?\n"


def wait_line(sh, pattern, what):
    """Wait for a line @pattern matches, unless one is in the log already
    (before or after the reading position)."""
    if not re.search(pattern, sh.out):
        sh.expect(pattern, BOOT_TIMEOUT, what)


def wait_network(sh, build):
    """With CONFIG_NET, wait until the network component has printed its
    address (asynchronously, below the shell's priority), so that no
    command's output is cut by it."""
    if build.config.get("CONFIG_NET") == "y":
        wait_line(sh, NET_LINE, "the network's address")


def wait_settled(sh, build):
    """Wait for the lines other components print once, as they come up or
    give up: on several CPUs (raspi3b runs its four, Documentation/
    smp.rst) they run beside the shell and may print after its first
    prompt, in the middle of a command's output. The network's address;
    the personality's "ready"; and, without a disk (this module's QEMU
    has none), the block driver's exit and its service withdrawn."""
    wait_network(sh, build)
    if build.config.get("CONFIG_LINUX_PERSONALITY") == "y":
        wait_line(sh, rb"linux: ready: [^\r\n]*\r?\n",
                  "the Linux personality's ready line")
    if "virtio_blk" in build.config.get("CONFIG_SYSTEM_COMPONENTS",
                                        "").split():
        wait_line(sh, rb"system_init: service blk withdrawn[^\r\n]*\r?\n",
                  "the block service withdrawn (no disk)")


def boot_shell(build, name, smp=None):
    """A fresh boot of @build (on @smp CPUs: None, the configuration's),
    at its first prompt, after the banner and the lines that come once
    (wait_settled)."""
    sh = Shell(build, name, smp)
    try:
        sh.expect(re.escape(BANNER) + rb"\r?\n", BOOT_TIMEOUT,
                  "shell banner")
        sh.prompt(BOOT_TIMEOUT, "first prompt")
        wait_settled(sh, build)
        for bad in (rb"Kernel panic", rb"fault: thread"):
            if re.search(bad, sh.out, re.I):
                sh.fail("the boot log mentions %r" % bad)
    except BaseException:
        sh.close()
        raise
    return sh


@pytest.fixture(scope="module", params=sorted(BOARDS))
def shell(request, kaal_build):
    """The shell of a booted board, one boot per board for the module."""
    build = kaal_build(BOARDS[request.param])
    sh = boot_shell(build, "shell-%s" % request.param)
    yield sh
    sh.close()


def ps(sh, strict=True):
    """{name: match} of `ps`, checking the format of every line (not
    @strict: lines that other components print meanwhile are skipped)."""
    out = sh.run("ps").splitlines()
    while out and not strict and not re.match(r"^\s*ID\s", out[0]):
        out.pop(0)
    if not out or not re.match(r"^\s*ID\s+NAME\s+STATE\s+CPU\s+PAGES$", out[0]):
        sh.fail("ps: no header line, got %r" % out)
    comps = {}
    for line in out[1:]:
        m = PS_LINE.match(line)
        if m:
            comps[m.group("name")] = m
        elif strict:
            sh.fail("ps: unexpected line %r" % line)
    for name in ("console", "timer", "ramfs", "shell", "intruder"):
        if name not in comps:
            sh.fail("ps: no line for %s: %r" % (name, out))
    return comps


def check_error(sh, out, cmd, what, text):
    """@out is exactly one error line "<cmd>: <what>: <text>"."""
    want = "%s: %s: %s" % (cmd, what, text)
    if out.strip() != want:
        sh.fail("expected %r, got %r" % (want, out))


# ---------------------------------------------------------------------------
# Tests on one boot per board

def test_help(shell):
    out = shell.run("help")
    listed = re.findall(r"^  (\w+)", out, re.M)
    for cmd in COMMANDS:
        if cmd not in listed:
            shell.fail("help does not list %r:\n%s" % (cmd, out))


def test_blk_without_disk(shell):
    """No virtio-blk device (QEMU without a disk; raspi3b has no virtio at
    all): the driver says so and exits, its service is withdrawn, and the
    command says why (tests/system/test_virtio_blk.py has the disk)."""
    out = shell.run("blk info")
    log = shell.log
    assert "virtio_blk: no block device\r\n" in log
    assert "component virtio_blk exited with status 0" in log
    assert out == "blk: blk: service not available: its server " \
        "virtio_blk is exited\n"


def test_echo(shell):
    assert shell.run("echo hello kaal") == "hello kaal\n"
    # The blanks after the command name go, the text is kept as typed.
    assert shell.run("echo   a  b   ") == "a  b   \n"
    assert shell.run("echo") == "\n"


def test_line_editing(shell):
    # Backspace and DEL rub out a character, on screen too.
    shell.send(b"echo abX\x7fc\x08d\r")
    text = shell.prompt()
    if text != b"echo abX\b \bc\b \bd\nabd\n":
        shell.fail("backspace and DEL: got %r" % text)
    # Ctrl-U kills the line typed so far.
    assert shell.run(b"echo wrong\x15echo right") == "right\n"
    # Other control characters are ignored, and so are bytes above 0x7e.
    assert shell.run(b"echo a\x07b\x00c\x1cd\xc3\xa9") == "abcd\n"
    # CR LF is one end of line, not two: one prompt, no empty command.
    shell.send(b"echo one\r\necho two\n")
    first = shell.prompt()
    second = shell.prompt()
    if first != b"echo one\none\n" or second != b"echo two\ntwo\n":
        shell.fail("CR LF: got %r then %r" % (first, second))
    # An empty line is no command.
    assert shell.run("") == ""
    assert shell.run("   ") == ""


def test_escape_sequences(shell):
    # Sequences of keys the editor does not use are read to their end and
    # ignored: F5 (ESC [ 15 ~), F1 (ESC O P), a private mode (ESC [ ? 25 h),
    # one longer than the editor keeps, Alt-x (ESC x), ESC ESC [ C (Right
    # at the end: nothing), and a lone ESC before Enter.
    line = (b"echo a\x1b[15~b\x1bOPc\x1b[?25hd\x1b[1234567890;123456me"
            b"\x1bxf\x1b\x1b[Cg\x1b")
    assert shell.run(line) == "abcdefg\n"
    # A sequence split over several writes (several bursts of input).
    for part in (b"echo sp", b"\x1b", b"[", b"D", b"X"):
        shell.send(part)
        time.sleep(0.2)
    assert shell.run(b"") == "sXp\n"
    # An interrupted sequence: the control character counts as itself.
    assert shell.run(b"echo cut\x1b[1") == "cut\n"


def test_cursor_editing(shell):
    # Left, then characters are inserted in the middle of the line.
    assert shell.run(b"echo acd" + LEFT + LEFT + b"b") == "abcd\n"
    # Home and End, in all three forms terminals send them.
    for home, end in ((HOME, END), (HOME_VT, END_VT), (HOME_SS3, END_SS3)):
        out = shell.run(b"cho ab" + home + b"e" + end + b"c")
        assert out == "abc\n", (home, end, out)
    # Right moves back over what is there.
    assert shell.run(b"echo xz" + HOME + RIGHT * 6 + b"y") == "xyz\n"
    # Backspace and Delete in the middle.
    assert shell.run(b"echo abXc" + LEFT + b"\x7f") == "abc\n"
    assert shell.run(b"echo abXc" + LEFT + LEFT + DELETE) == "abc\n"
    # Ctrl-B, Ctrl-F: left and right; Ctrl-D erases under the cursor.
    assert shell.run(b"echo acX" + b"\x02\x02b\x06\x04") == "abc\n"
    # Ctrl-A, Ctrl-E: start and end of the line.
    assert shell.run(b"cho xy" + shell.ctrl_a + b"e" + CTRL_E + b"z") == \
        "xyz\n"
    # Ctrl-K kills to the end, Ctrl-U to the start, Ctrl-W a word back.
    assert shell.run(b"echo keep drop" + LEFT * 5 + CTRL_K) == "keep\n"
    assert shell.run(b"wrongecho kept" + HOME + RIGHT * 5 + CTRL_U) == \
        "kept\n"
    assert shell.run(b"echo one two three" + CTRL_W) == "one two \n"
    assert shell.run(b"echo one two three  " + CTRL_W + CTRL_W) == \
        "one \n"
    # Ctrl-L clears the screen and draws the line again.
    shell.send(b"echo cls" + CTRL_L)
    shell.expect(re.escape(b"\x1b[H\x1b[2J" + PROMPT + b"echo cls"),
                 COMMAND_TIMEOUT, "the line after Ctrl-L")
    assert shell.run(b"") == "cls\n"


def test_history(shell):
    assert shell.run("echo hist-one") == "hist-one\n"
    assert shell.run("echo hist-two") == "hist-two\n"
    assert shell.run(UP) == "hist-two\n"
    # hist-two again was not stored twice: two Up reach hist-one.
    assert shell.run(UP + UP) == "hist-one\n"
    assert shell.run(UP + UP + DOWN) == "hist-one\n"
    # Ctrl-P and Ctrl-N are Up and Down.
    assert shell.run(b"\x10\x10\x0e") == "hist-one\n"
    # A recalled line can be edited; Down past the newest line gives back
    # what was being typed.
    assert shell.run(UP + b"\x7f\x7f\x7fONE") == "hist-ONE\n"
    assert shell.run(b"echo draft" + UP + UP + DOWN + DOWN) == "draft\n"
    # A bounded ring: of 20 lines the 16 newest are kept, and Up stops at
    # the oldest of them (with the bell).
    for i in range(20):
        assert shell.run("echo ring-%d" % i) == "ring-%d\n" % i
    assert shell.run(UP * 16) == "ring-4\n"
    shell.send(UP * 20 + b"\r")
    text = shell.prompt()
    if b"\a" not in text or not text.endswith(b"\nring-5\n"):
        shell.fail("Up beyond the oldest line: got %r" % text)


def test_tab_completion(shell):
    # One command matches: completed, with a blank after it.
    assert shell.run(b"ec" + TAB + b"done") == "done\n"
    # Several: listed, and the line redrawn with their common prefix.
    shell.send(b"ca" + TAB)
    shell.expect(rb"\r?\ncaps  cat  \r?\n" + re.escape(PROMPT + b"ca"),
                 COMMAND_TIMEOUT, "the commands starting with ca")
    assert shell.run(b"t" + TAB + b"--help") == \
        "usage: cat <file>\n  print a file\n"
    # A Tab on an empty line lists every command.
    shell.send(TAB)
    shell.expect(rb"\r?\nhelp  ps  caps  .*  echo  net  ping  nc  \r?\n" +
                 re.escape(PROMPT),
                 COMMAND_TIMEOUT, "every command")
    assert shell.run(b"") == ""
    # Subcommands, ramfs file names, component names.
    assert shell.run(b"ramfs wr" + TAB + b"tc_alpha first") == ""
    assert shell.run(b"write tc_beta second") == ""
    assert shell.run(b"cat tc_a" + TAB) == "first\n"
    assert shell.run(b"ramfs cat tc_b" + TAB) == "second\n"
    shell.send(b"rm tc" + TAB)
    shell.expect(rb"\r?\ntc_alpha  tc_beta  \r?\n" +
                 re.escape(PROMPT + b"rm tc_"), COMMAND_TIMEOUT,
                 "the files starting with tc")
    assert shell.run(b"alpha") == ""
    assert "tc_alpha" not in shell.run("ls")
    assert shell.run(b"rm tc_b" + TAB) == ""
    assert shell.run(b"caps she" + TAB).startswith("SLOT TYPE")
    # Tab inside a word: the bell, nothing changes.
    assert shell.run(b"echo abc" + LEFT + TAB) == "abc\n"
    # Nothing to complete: the bell, and the line is unchanged (a tab
    # never gets into it).
    shell.send(b"echo a" + TAB + b"b\r")
    text = shell.prompt()
    if text != b"echo a\ab\nab\n":
        shell.fail("Tab with nothing to complete: got %r" % text)


def test_ctrl_c(shell):
    # Ctrl-C drops the line: ^C, a fresh prompt, and Enter runs nothing.
    shell.send(b"echo never-run" + CTRL_C)
    shell.expect(re.escape(b"^C") + rb"\r?\n" + re.escape(PROMPT),
                 COMMAND_TIMEOUT, "^C and a prompt")
    assert shell.run(b"") == ""
    # A long command stops at Ctrl-C and the prompt comes back.
    shell.send(b"repeat 1000000 echo tick\r")
    shell.expect(rb"\ntick\r?\n", COMMAND_TIMEOUT, "the first tick")
    shell.send(CTRL_C)
    m = shell.expect(rb"\^C\r?\nrepeat: interrupted after (\d+) of "
                     rb"1000000\r?\n" + re.escape(PROMPT), COMMAND_TIMEOUT,
                     "repeat interrupted")
    assert 0 < int(m.group(1)) < 1000000
    assert shell.run("echo after") == "after\n"


def test_repeat(shell):
    assert shell.run("repeat 3 echo r") == "r\nr\nr\n"
    usage = "repeat: usage: repeat <count> <command...>\n"
    assert shell.run("repeat") == usage
    assert shell.run("repeat x echo") == usage
    assert shell.run("repeat 3") == usage
    assert shell.run("repeat 99999999 echo") == \
        "repeat: 99999999: at most 1000000 times\n"


def test_help_command(shell):
    cat = "usage: cat <file>\n  print a file\n"
    assert shell.run("help cat") == cat
    assert shell.run("cat --help") == cat
    assert shell.run("cat -h") == cat
    out = shell.run("help ramfs")
    assert out.startswith("usage: ramfs <ls|cat|write|append|rm> ...\n")
    for sub in ("ls", "cat <file>", "write <file> <text...>", "rm <file>"):
        if not re.search(r"^  ramfs %s " % re.escape(sub), out, re.M):
            shell.fail("help ramfs: no %r in %r" % (sub, out))
    assert shell.run("ramfs --help") == out
    assert shell.run("ramfs") == out
    assert shell.run("help ramfs cat") == \
        "usage: ramfs cat <file>\n  print a file\n"
    assert shell.run("ramfs cat -h") == shell.run("help ramfs cat")
    assert shell.run("ramfs nosuch").startswith(
        "ramfs: nosuch: unknown subcommand\nusage: ramfs ")
    assert shell.run("help nosuch") == \
        "help: nosuch: unknown command (type 'help')\n"
    assert shell.run("start --help").startswith("usage: start <component>")


def test_long_line(shell):
    # A line longer than the buffer is refused as a whole, not cut short.
    out = shell.run("echo " + "x" * 200)
    if not re.fullmatch(r"shell: line too long \(more than \d+ characters\)"
                        r", ignored\n", out):
        shell.fail("long line: got %r" % out)
    # Ctrl-U starts afresh; the shell still works.
    assert shell.run(b"echo " + b"y" * 200 + b"\x15echo fine") == "fine\n"
    assert shell.run("echo " + "z" * 120) == "z" * 120 + "\n"


def test_cpu(shell):
    """cpu: the counter since boot and the kernel's idle part of it
    (debug_idle); a sleep in between is mostly idle time."""
    line = re.compile(r"^cpu: (\d+) ticks since boot, (\d+) idle, (\d+) "
                      r"busy \((\d+)\.(\d)%\)\n$")
    first = shell.run("cpu")
    shell.run("sleep 200")
    second = shell.run("cpu")
    m0, m1 = line.match(first), line.match(second)
    if not m0 or not m1:
        shell.fail("cpu: got %r, %r" % (first, second))
    t0, i0, b0 = (int(m0.group(k)) for k in (1, 2, 3))
    t1, i1, b1 = (int(m1.group(k)) for k in (1, 2, 3))
    assert t0 == i0 + b0 and t1 == i1 + b1
    assert t1 > t0 and i1 > i0 and b1 > b0
    # 200 ms of sleep, most of it waiting for the timer.
    assert i1 - i0 >= (t1 - t0) // 2, "the sleep was not counted as idle"


def test_sleep_and_timer(shell):
    """sleep waits through the timer service (user/components/timer on
    the kernel's user timer) and reports the time the counter says it
    took, never less than asked; timer shows the service's counts."""
    before = shell.run("timer")
    for ms in (30, 120):
        out = shell.run("sleep %d" % ms)
        m = re.fullmatch(r"slept (\d+) ms\n", out)
        if not m:
            shell.fail("sleep %d: got %r" % (ms, out))
        assert int(m.group(1)) >= ms, "woken before the deadline"
    after = shell.run("timer")
    line = re.compile(r"^timer: (\d+) clients, (\d+) deadlines set, "
                      r"(\d+) signals sent, (\d+) Hz counter\n$")
    m0, m1 = line.match(before), line.match(after)
    if not m0 or not m1:
        shell.fail("timer: got %r, %r" % (before, after))
    # The shell's deadline is gone once it woke; the network component
    # (CONFIG_NET) keeps one set for lwIP's next timeout, except in the
    # moment between its firing and the network component's next turn.
    assert int(m1.group(1)) >= 1 and int(m1.group(2)) <= \
        (1 if "net: 10.0.2.15" in shell.log else 0)
    # 30 ms: one signal; 120 ms: two steps of at most 100 ms.
    assert int(m1.group(3)) >= int(m0.group(3)) + 3
    for bad in ("sleep", "sleep x", "sleep 3600001", "sleep 1 2"):
        assert shell.run(bad) == \
            "sleep: usage: sleep <milliseconds, at most 3600000>\n"
    # Ctrl-C ends a long sleep early.
    shell.send(b"sleep 60000\r")
    shell.expect(b"sleep 60000", COMMAND_TIMEOUT, "the echo of the command")
    time.sleep(0.5)
    shell.send(CTRL_C)
    m = shell.expect(rb"sleep: interrupted after (\d+) ms", COMMAND_TIMEOUT,
                     "the interrupted sleep")
    assert int(m.group(1)) < 60000
    shell.prompt()


def test_unknown_command(shell):
    out = shell.run("frobnicate now")
    assert out == "shell: frobnicate: unknown command (type 'help')\n"


def test_ps(shell):
    comps = ps(shell)
    for name in ("console", "timer", "ramfs", "shell"):
        if name not in comps or comps[name].group("state") != "running":
            shell.fail("ps: %s is not running: %r" % (name, sorted(comps)))
    if "intruder" not in comps or \
            comps["intruder"].group("state") != "stopped":
        shell.fail("ps: intruder should be stopped until started")
    ids = [int(m.group("id")) for m in comps.values()]
    assert len(set(ids)) == len(ids), "ids are unique"
    assert int(comps["shell"].group("pages")) > 0


def online_cpus(sh):
    """The kernel's "smp: N of M CPU(s) online" (1 without the line: the
    uniprocessor kernel)."""
    m = re.search(rb"smp: (\d+) of (\d+) CPU\(s\) online", sh.out)
    return int(m.group(1)) if m else 1


def test_ps_cpus(shell):
    """ps's CPU column: every component is on a CPU that is online, and
    with several, system_init's spread has put components on each."""
    n = online_cpus(shell)
    cpus = {int(m.group("cpu")) for m in ps(shell).values()}
    assert cpus <= set(range(n)), (cpus, n)
    if n > 1:
        assert cpus == set(range(n)), (cpus, n)


# The default system on several CPUs of QEMU virt (the module's boots
# have virt's one, raspi3b's four): GICv2 with two, GICv3 with four.
SMP_SYSTEMS = {"virt-smp2": ("virt", 2), "virt-gicv3-smp4": ("virt-gicv3", 4)}


@pytest.mark.parametrize("system", sorted(SMP_SYSTEMS))
def test_default_system_on_several_cpus(kaal_build, system):
    """`make run QEMU_SMP=n`: every CPU online, components on all of
    them (ps), and the services on other CPUs than the shell's answer:
    ramfs, the timer, and the Linux personality."""
    board, n = SMP_SYSTEMS[system]
    sh = boot_shell(kaal_build(BOARDS[board]), "shell-%s" % system, smp=n)
    try:
        assert ("smp: %d of %d CPU(s) online" % (n, n)).encode() in sh.out
        comps = ps(sh)
        assert {int(m.group("cpu")) for m in comps.values()} == \
            set(range(n))
        for name in ("console", "timer", "ramfs", "shell"):
            assert comps[name].group("state") == "running", name
        assert sh.run("write t_smp on %d cpus" % n) == ""
        assert sh.run("cat t_smp") == "on %d cpus\n" % n
        assert re.fullmatch(r"slept \d+ ms\n", sh.run("sleep 50"))
        assert linux(sh, "/bin/busybox echo hello") == ("hello\n",
                                                        "[exit 0]")
        for bad in (rb"Kernel panic", rb"fault: thread"):
            assert not re.search(bad, sh.out, re.I), bad
    finally:
        sh.close()


def test_mem(shell):
    out = shell.run("mem")
    m = re.search(r"^untyped: (\d+) bytes total, (\d+) bytes used, "
                  r"(\d+) bytes free$", out, re.M)
    if not m:
        shell.fail("mem: no untyped line in %r" % out)
    total, used, free = (int(x) for x in m.groups())
    assert total > 0 and 0 < used <= total and used + free == total
    m = re.search(r"^components: (\d+), faults: (\d+)$", out, re.M)
    if not m:
        shell.fail("mem: no components line in %r" % out)
    pages = dict(re.findall(r"^\s*\d+ (\S+)\s+(\d+) pages$", out, re.M))
    for name in ("console", "ramfs", "shell"):
        if name not in pages:
            shell.fail("mem: no pages line for %s in %r" % (name, out))


def test_caps(shell):
    out = shell.run("caps shell").splitlines()
    if not out or not re.match(r"^SLOT\s+TYPE\s+RIGHTS\s+BADGE\s+BITS$",
                               out[0]):
        shell.fail("caps: no header line in %r" % out)
    caps = {}
    for line in out[1:-1]:
        m = CAP_LINE.match(line)
        if not m:
            shell.fail("caps: unexpected line %r" % line)
        caps[int(m.group("slot"))] = m
    if out[-1] != "%d capabilities" % len(caps):
        shell.fail("caps: last line %r, %d listed" % (out[-1], len(caps)))
    # The fixed slots of <libsys/component.h>.
    for slot, kind in ((1, "tcb"), (2, "cnode"), (3, "vspace"),
                       (4, "endpoint"), (5, "page"), (6, "page")):
        if slot not in caps or caps[slot].group("type") != kind:
            shell.fail("caps shell: slot %d is not a %s" % (slot, kind))
    # The broker capability carries SYS_BADGE_SYSINFO (1 << 8).
    if not int(caps[4].group("badge"), 16) & 0x100:
        shell.fail("caps shell: the broker capability lacks the sysinfo "
                   "badge bit")
    # The resources: endpoints (console, ramfs), a notification, rings.
    types = [m.group("type") for s, m in caps.items() if s >= 8]
    assert "notification" in types and "endpoint" in types
    # By id as well as by name.
    shell_id = ps(shell)["shell"].group("id")
    assert shell.run("caps %s" % shell_id).splitlines() == out
    check_error(shell, shell.run("caps nosuch"), "caps", "nosuch",
                "not found")
    assert shell.run("caps") == "caps: usage: caps <component>\n"


def test_files(shell):
    # A file that does not exist.
    check_error(shell, shell.run("cat t_nofile"), "cat", "t_nofile",
                "not found")
    check_error(shell, shell.run("rm t_nofile"), "rm", "t_nofile",
                "not found")
    # write creates, cat shows, append adds, write replaces.
    assert shell.run("write t_one hello ramfs") == ""
    assert shell.run("cat t_one") == "hello ramfs\n"
    assert shell.run("append t_one second  line") == ""
    assert shell.run("cat t_one") == "hello ramfs\nsecond  line\n"
    assert shell.run("append t_two created by append") == ""
    assert shell.run("cat t_two") == "created by append\n"
    files = dict(line.split() for line in shell.run("ls").splitlines())
    assert files.get("t_one") == str(len("hello ramfs\nsecond  line\n"))
    assert files.get("t_two") == str(len("created by append\n"))
    assert shell.run("write t_one short") == ""
    assert shell.run("cat t_one") == "short\n"
    # No text: an empty file, which cat shows as nothing at all.
    assert shell.run("write t_empty") == ""
    assert shell.run("cat t_empty") == ""
    files = dict(line.split() for line in shell.run("ls").splitlines())
    assert files.get("t_one") == "6" and files.get("t_empty") == "0"
    # rm, then they are gone.
    for name in ("t_one", "t_two", "t_empty"):
        assert shell.run("rm %s" % name) == ""
    files = dict(line.split() for line in shell.run("ls").splitlines())
    for name in ("t_one", "t_two", "t_empty"):
        assert name not in files
    check_error(shell, shell.run("cat t_one"), "cat", "t_one", "not found")
    # Bad input: missing arguments, a name that is too long.
    assert shell.run("cat") == "cat: usage: cat <file>\n"
    assert shell.run("write") == "write: usage: write <file> <text...>\n"
    assert shell.run("rm") == "rm: usage: rm <file>\n"
    long_name = "n" * 60
    check_error(shell, shell.run("write %s x" % long_name), "write",
                long_name, "bad name (empty or too long)")


def test_bench(shell):
    out = shell.run("bench", timeout=BENCH_TIMEOUT)
    m = re.search(r"^bench: unit: (instructions \(PMU|ticks of the generic "
                  r"timer at (\d+) Hz)", out, re.M)
    if not m:
        shell.fail("bench: no unit line in %r" % out)
    unit = "instructions" if m.group(1).startswith("instr") else "ticks"
    m = re.search(r"^bench: broker ping: (\d+) calls, (\d+) %s, (\d+) %s "
                  r"per call" % (UNIT, unit), out, re.M)
    if not m or m.group("unit") != unit:
        shell.fail("bench: no broker ping figures in %r" % out)
    assert int(m.group(1)) > 0
    if unit == "instructions":
        assert int(m.group(3)) > 0
    for what in ("write", "read"):
        m = re.search(r"^bench: ramfs %s: 65536 bytes in (\d+) calls, "
                      r"(\d+) %s(?: \(\d+ ns\))?, (\d+) per call, "
                      r"(\d+)\.(\d{3}) bytes per (instruction|tick)$"
                      % (what, UNIT), out, re.M)
        if not m or m.group("unit") != unit:
            shell.fail("bench: no ramfs %s figures in %r" % (what, out))
    if not re.search(r"^bench: ramfs read: 65536 bytes verified$", out,
                     re.M):
        shell.fail("bench: the data read back was not verified: %r" % out)
    assert out.endswith("bench: done\n")
    # The benchmark leaves no file behind.
    assert "bench.dat" not in shell.run("ls")


# ---------------------------------------------------------------------------
# Tests with a boot of their own (they change the system's state)

@pytest.fixture(scope="module")
def spare(kaal_build):
    """A boot of QEMU virt of its own, for the tests that change the
    system's state (in this order: test_start, test_dead_service)."""
    sh = boot_shell(kaal_build(BOARDS["virt"]), "shell-start")
    yield sh
    sh.close()


def test_start(spare):
    """`start` runs a stopped component once; the shell carries on,
    whatever the intruder does."""
    sh = spare
    check_error(sh, sh.run("start nosuch"), "start", "nosuch", "not found")
    assert sh.run("start") == "start: usage: start <component>\n"
    # Started already: the refusal says which state and what to do.
    out = sh.run("start console")
    assert out == "start: console: already running (see 'ps')\n"
    # What the intruder prints may come in between.
    out = sh.run("start intruder")
    m = re.search(r"^started intruder \(id (\d+)\)$", out, re.M)
    if not m:
        sh.fail("start intruder: got %r" % out)
    # A component's messages may come between the prompt and what is
    # typed next; `echo` resynchronises on a line of our own.
    sh.send(b"echo sync-after-start\r")
    sh.expect(rb"\nsync-after-start\r?\n", COMMAND_TIMEOUT, "echo")
    sh.prompt()
    comps = ps(sh, strict=False)
    if comps["intruder"].group("state") == "stopped":
        sh.fail("intruder still stopped after start")
    assert comps["intruder"].group("id") == m.group(1)
    for name in ("console", "ramfs", "shell"):
        assert comps[name].group("state") == "running"
    # Not twice, and it says why.
    sh.send(b"start intruder\r")
    sh.expect(rb"\nstart: intruder: (already running \(see 'ps'\)|crashed "
              rb"\(fault at 0x0\); a component starts only once, restart "
              rb"the system to run it again)\r?\n", COMMAND_TIMEOUT,
              "the reason start refused")
    # The intruder ends in a crash (tests/system/test_isolation.py); after
    # that, nothing but the shell prints.
    if b"component intruder crashed" not in sh.out:
        sh.expect(rb"component intruder crashed", COMMAND_TIMEOUT,
                  "the intruder's crash")
    sh.send(b"echo still here\r")
    sh.expect(rb"\nstill here\r?\n", COMMAND_TIMEOUT, "echo")
    sh.prompt()


def test_dead_service(spare):
    """A service whose server is gone answers with an error at once,
    never a hang: the shell asks system_init whether the server runs,
    and system_init withdraws the service of a server that stopped."""
    sh = spare

    def endpoints():
        """The shell's endpoints among its resources (slots 8..)."""
        out = sh.run("caps shell").splitlines()
        return out, [line for line in out if CAP_LINE.match(line) and
                     CAP_LINE.match(line).group("type") == "endpoint" and
                     int(CAP_LINE.match(line).group("slot")) >= 8]

    _, before = endpoints()
    assert sh.run("write t_dead kept") == ""
    out = sh.run("kill ramfs")
    if not re.search(r"^killed ramfs \(id \d+\)$", out, re.M) or \
            "service ramfs withdrawn" not in out:
        sh.fail("kill ramfs: got %r" % out)
    start = time.monotonic()
    gone = "service not available: its server ramfs is killed"
    for cmd, what in (("ls", "ls"), ("cat t_dead", "cat"),
                      ("write t_dead x", "write"), ("rm t_dead", "rm"),
                      ("ramfs ls", "ls")):
        check_error(sh, sh.run(cmd, timeout=30), what, "ramfs", gone)
    out = sh.run("bench", timeout=30)
    assert "bench: ramfs: %s\n" % gone in out and \
        out.endswith("bench: done\n")
    # Completion of file names gives up too (the bell), and the prompt
    # comes back.
    sh.send(b"cat t_d" + TAB + b"\r")
    sh.expect(re.escape(b"cat t_d\a"), 30, "the bell")
    sh.prompt(30)
    assert time.monotonic() - start < 60
    # Withdrawn, not only refused by the shell: the endpoint the shell
    # held for ramfs is gone from its CSpace, those of the other services
    # it uses are left among its resources.
    out, eps = endpoints()
    if len(eps) != len(before) - 1 or not set(eps) < set(before):
        sh.fail("caps shell after kill ramfs: %r (before: %r)" % (out,
                                                                  before))
    comps = ps(sh, strict=False)
    assert comps["ramfs"].group("state") == "killed"
    # The reasons for what cannot be done.
    assert sh.run("kill ramfs") == "kill: ramfs: not running (killed)\n"
    assert sh.run("start ramfs") == (
        "start: ramfs: killed; a component starts only once, restart the "
        "system to run it again\n")
    assert sh.run("kill shell") == (
        "kill: shell: that is this shell; it would stop answering\n")
    check_error(sh, sh.run("kill nosuch"), "kill", "nosuch", "not found")
    assert sh.run("echo alive") == "alive\n"


# ---------------------------------------------------------------------------
# The Linux personality (Documentation/linux.rst): Debian's static arm64
# busybox and bash-static, and the personality's own test programs, run
# through the shell's `linux` command. On the default system only (the
# same boot as the tests above): one boot serves them all, about 30 s.

ENOSYS_LOG = re.compile(r"^linux: \S+ \(\d+\) is not implemented: -ENOSYS\n",
                        re.M)


@pytest.fixture
def lx(shell, request):
    """The shell of the default system (the Linux tests run there
    only)."""
    if request.node.callspec.params.get("shell") != "virt":
        pytest.skip("the Linux personality is tested on the default "
                    "system (virt)")
    return shell


def linux(sh, cmd, timeout=COMMAND_TIMEOUT):
    """Run `linux <cmd>`: (the program's output, the status line). The
    personality's log of a system call it does not serve (once per
    call per boot) is left out of the output."""
    out = ENOSYS_LOG.sub("", sh.run("linux " + cmd, timeout=timeout))
    lines = out.splitlines(keepends=True)
    if not lines or not re.fullmatch(r"\[(exit \d+|killed by signal \d+ "
                                     r"\(\w+\))\]\n", lines[-1]):
        sh.fail("linux %s: no status line at the end of %r" % (cmd, out))
    return "".join(lines[:-1]), lines[-1].strip()


def test_linux_echo(lx):
    assert linux(lx, "/bin/busybox echo hello") == ("hello\n", "[exit 0]")
    # A name without '/' is looked up in /bin, where each applet is a
    # link to busybox, which then runs as that applet.
    assert linux(lx, "echo two  words") == ("two words\n", "[exit 0]")
    # The command line is split as a shell would: quotes and escapes.
    assert linux(lx, "echo 'a  b' \"c\\\"d\" e\\ f") == \
        ('a  b c"d e f\n', "[exit 0]")


def test_linux_exit_status(lx):
    assert linux(lx, "/bin/busybox false") == ("", "[exit 1]")
    assert linux(lx, "/bin/busybox true") == ("", "[exit 0]")
    assert linux(lx, "/bin/busybox sh -c 'exit 7'") == ("", "[exit 7]")
    # A static PIE (ET_DYN), loaded at the personality's base.
    out, status = linux(lx, "/test/hello-pie")
    assert status == "[exit 7]"
    m = re.fullmatch(r"hello-pie: loaded at 0x([0-9a-f]+)\n", out)
    assert m and int(m.group(1), 16) >> 32 == 0xaaaa, out


def test_linux_bash(lx):
    assert linux(lx, "/bin/bash-static -c 'echo $((6*7))'") == \
        ("42\n", "[exit 0]")
    out, status = linux(lx, "bash-static -c 'echo $BASH_VERSION; "
                        "x=3; echo $((x*x)); exit $((x+1))'")
    assert status == "[exit 4]"
    assert re.fullmatch(r"5\.\d+\.\d+\(1\)-release\n9\n", out), out


def test_linux_ls(lx, kaal_build):
    build = kaal_build(BOARDS["virt"])
    busybox = build.dir / "linux" / "deb" / "busybox-static" / "root" / \
        "bin" / "busybox"
    bash = busybox.parents[3] / "bash-static" / "root" / "bin" / \
        "bash-static"
    out, status = linux(lx, "/bin/busybox ls /")
    assert status == "[exit 0]"
    for name in ("bin", "dev", "etc", "test", "tmp"):
        assert re.search(r"(^|\s)%s(\s|$)" % name, out), out
    out, status = linux(lx, "/bin/busybox ls -l /bin")
    assert status == "[exit 0]"
    sizes = {name: size for size, name in
             re.findall(r"^-r-xr-xr-x\s+1 root\s+root\s+(\d+) .* (\S+)$",
                        out, re.M)}
    assert sizes == {"busybox": str(busybox.stat().st_size),
                     "bash-static": str(bash.stat().st_size)}, out
    assert re.search(r"^lrwxrwxrwx .* ls -> busybox$", out, re.M), out
    # /etc has root's passwd: ls -l names the owner.
    out, status = linux(lx, "/bin/busybox ls -ln /etc/passwd")
    assert status == "[exit 0]" and re.search(r"\s0\s+0\s", out), out
    assert linux(lx, "/bin/busybox cat /etc/passwd") == \
        ("root:x:0:0:root:/:/bin/sh\n", "[exit 0]")


def test_linux_files_of_the_shell(lx):
    """Files the shell writes, read by busybox, and back."""
    text = "banana\napple\ncherry pie\n"
    assert lx.run("write lx_fruit banana") == ""
    assert lx.run("append lx_fruit apple") == ""
    assert lx.run("append lx_fruit cherry pie") == ""
    assert linux(lx, "/bin/busybox cat /lx_fruit") == (text, "[exit 0]")
    assert linux(lx, "wc -l /lx_fruit") == ("3 /lx_fruit\n", "[exit 0]")
    assert linux(lx, "md5sum /lx_fruit") == (
        "%s  /lx_fruit\n" % hashlib.md5(text.encode()).hexdigest(),
        "[exit 0]")
    assert linux(lx, "sort /lx_fruit") == \
        ("apple\nbanana\ncherry pie\n", "[exit 0]")
    assert linux(lx, "head -n 1 /lx_fruit") == ("banana\n", "[exit 0]")
    assert linux(lx, "grep an /lx_fruit") == ("banana\n", "[exit 0]")
    assert linux(lx, "grep -c zzz /lx_fruit") == ("0\n", "[exit 1]")
    assert linux(lx, "sed -e s/a/A/g -e /pie/d /lx_fruit") == \
        ("bAnAnA\nApple\n", "[exit 0]")
    # Written by busybox (a directory, a copy, an edit in place: rename),
    # read back by the shell.
    assert linux(lx, "mkdir /tmp/lx_dir") == ("", "[exit 0]")
    assert linux(lx, "cp /lx_fruit /tmp/lx_dir/copy") == ("", "[exit 0]")
    assert linux(lx, "mv /tmp/lx_dir/copy /lx_copy") == ("", "[exit 0]")
    assert linux(lx, "sed -i s/apple/kiwi/ /lx_copy") == ("", "[exit 0]")
    assert lx.run("cat lx_copy") == "banana\nkiwi\ncherry pie\n"
    files = dict(line.split() for line in lx.run("ls").splitlines())
    assert files.get("tmp/") == "0" and "lx_copy" in files
    assert linux(lx, "rmdir /tmp/lx_dir") == ("", "[exit 0]")
    assert linux(lx, "rm /lx_copy /lx_fruit") == ("", "[exit 0]")
    check_error(lx, lx.run("cat lx_copy"), "cat", "lx_copy", "not found")
    # The archive is read-only.
    out, status = linux(lx, "rm -f /bin/busybox")
    assert status == "[exit 1]" and "Read-only file system" in out, out


def test_linux_terminal(lx):
    """What is typed goes to the program while it runs: a terminal in
    canonical mode, echoing, with ^D and ^C."""
    lx.send(b"linux wc -l\r")
    lx.expect(rb"linux wc -l\r?\n", COMMAND_TIMEOUT, "the command's echo")
    for line in (b"one", b"two", b"three"):
        lx.send(line + b"\r")
        lx.expect(re.escape(line) + rb"\r?\n", COMMAND_TIMEOUT,
                  "the echo of %r" % line)
    lx.send(b"\x04")
    out = lx.prompt().decode()
    assert out == "3\n[exit 0]\n", out
    # Erase in the line, then Ctrl-C ends the program.
    lx.send(b"linux cat\r")
    lx.expect(rb"linux cat\r?\n", COMMAND_TIMEOUT, "the command's echo")
    lx.send(b"abX\x7fc\r")
    lx.expect(rb"abX\x08 \x08c\r?\nabc\r?\n", COMMAND_TIMEOUT,
              "the edited line and cat's copy of it")
    lx.send(CTRL_C)
    out = lx.prompt().decode()
    assert out.endswith("^C\n[killed by signal 2 (SIGINT)]\n"), out
    assert lx.run("echo shell again") == "shell again\n"


HOSTILE = [
    ("syscall 244", -38), ("syscall 258", -38), ("syscall 404", -38),
    ("syscall 9999", -38), ("syscall -1", -38),
    ("syscall 1099511627776", -38),
    ("write(NULL)", -14), ("write(kernel address)", -14),
    ("openat(bad path)", -14), ("uname(bad buffer)", -14),
    ("clock_gettime(bad buffer)", -14), ("writev(bad vector)", -14),
    ("writev(bad base)", -14), ("newfstatat(bad buffer)", -14),
    ("read(into our code)", -14), ("read(bad fd)", -9),
    ("getcwd(bad buffer)", -14), ("mmap(64 TiB)", -12),
    ("munmap(unaligned)", -22), ("openat(unterminated path)", -14),
    ("mprotect(W+X)", -13), ("pipe2(bad pointer)", -14),
    ("pipe2(bad flags)", -22), ("execve(bad path)", -14),
    ("execve(bad argv)", -14), ("execve(not a program)", -13),
    ("wait4(no child)", -10), ("wait4(bad options)", -22),
    ("kill(no such process)", -3), ("kill(bad signal)", -22),
    ("clone(a thread, no CLONE_SIGHAND)", -22),
    ("clone(a thread, own descriptors)", -38),
    ("clone(bad child tid)", -14),
    ("setpgid(no such process)", -3),
    ("brk(kernel address) moved brk", 0),
]


def test_linux_hostile_program(lx):
    """Unknown calls, pointers that are not its own, then a read of
    another component's address: each an error, then SIGSEGV reported
    like a crashed component, and the system goes on."""
    out = lx.run("linux /test/hostile")
    got = dict(re.findall(r"^hostile: (.+) = (-?\d+)$", out, re.M))
    for what, value in HOSTILE:
        if got.get(what) != str(value):
            lx.fail("hostile: %s = %s, expected %d" % (what, got.get(what),
                                                        value))
    # Unknown numbers are logged once each, with the call's name when
    # Linux has one.
    assert re.search(r"^linux: unknown system call \(244\) is not "
                     r"implemented: -ENOSYS$", out, re.M), out
    assert re.search(r"^linux: system call 9999 does not exist: -ENOSYS",
                     out, re.M), out
    m = re.search(r"^linux: process \d+ \(hostile\) crashed: read fault at "
                  r"0x2c00000 \(pc 0x[0-9a-f]+\), SIGSEGV; the system goes "
                  r"on\n\[killed by signal 11 \(SIGSEGV\)\]\n\Z", out, re.M)
    if not m:
        lx.fail("hostile: no crash report at the end of %r" % out)
    comps = ps(lx, strict=False)
    for name in ("console", "ramfs", "shell", "linux"):
        assert comps[name].group("state") == "running", name
    assert linux(lx, "echo still here") == ("still here\n", "[exit 0]")


BAD_ELF = {
    "magic": "not an ELF file (bad magic)",
    "class": "not a 64-bit ELF file",
    "machine": "not an AArch64 program",
    "phdrs": "program headers past the end of the file",
    "segment": "a segment lies past the end of the file",
    "wx": "a segment is writable and executable (KaaL never maps memory "
          "so)",
    "entry": "the entry point is in no executable segment",
    "overflow": "a segment lies outside the address space",
    "interp": "dynamically linked (it names a program interpreter): only "
              "static programs run",
}


def test_linux_bad_programs(lx):
    for name, why in BAD_ELF.items():
        out = lx.run("linux /test/bad-%s" % name)
        assert out == "linux: /test/bad-%s: exec format error: %s\n" % (
            name, why), out
    # A ramfs file is a program only if it is one.
    assert lx.run("write lx_text not a program") == ""
    assert lx.run("linux /lx_text") == \
        "linux: /lx_text: exec format error: shorter than an ELF header\n"
    assert lx.run("rm lx_text") == ""
    assert lx.run("linux /bin/nosuch") == "linux: /bin/nosuch: no such file\n"
    assert lx.run("linux /tmp") == "linux: /tmp: not a regular file\n"
    assert lx.run("linux 'open") == \
        "linux: unterminated quote or trailing \\\n"
    assert lx.run("linux") == "linux: usage: linux <program> [arguments...]\n"


# Processes and pipes (issue 17): the shells start their own processes.

def test_linux_pipelines(lx):
    """fork, exec, wait and pipes, through busybox sh and bash."""
    out, status = linux(lx, "ls -1 /bin")
    assert status == "[exit 0]" and "busybox\n" in out
    assert linux(lx, "busybox sh -c 'ls /bin | wc -l'") == \
        ("%d\n" % len(out.splitlines()), "[exit 0]")
    assert linux(lx, "busybox sh -c 'echo a > /tmp/f; cat /tmp/f | tr a b'") \
        == ("b\n", "[exit 0]")
    # A loop over a command substitution (a child whose output is read
    # to its end through a pipe).
    assert linux(lx, "busybox sh -c 'for w in $(echo x y; echo z); do "
                 "echo \"<$w>\"; done'") == ("<x>\n<y>\n<z>\n", "[exit 0]")
    assert linux(lx, "bash-static -c 'for i in 1 2 3; do echo $i; done | "
                 "sort -r'") == ("3\n2\n1\n", "[exit 0]")
    # A script file written by the shell, run by busybox sh.
    assert lx.run("write lx_s.sh echo one; echo two | tr o 0") == ""
    assert linux(lx, "busybox sh /lx_s.sh") == ("one\ntw0\n", "[exit 0]")
    assert lx.run("rm lx_s.sh") == ""
    # A reader that goes: the writer gets SIGPIPE and ends (else `yes`
    # would write for ever).
    assert linux(lx, "busybox sh -c 'yes | head -n 2; echo done'") == \
        ("y\ny\ndone\n", "[exit 0]")


def test_linux_processes(lx):
    """Per-process state: pids and parents, exit statuses and deaths by
    signal as wait4 reports them, a failed exec that leaves the caller."""
    out, status = linux(lx, "busybox sh -c 'echo $$ $PPID; "
                        "sh -c \"echo \\$PPID\"; true'")
    assert status == "[exit 0]"
    m = re.fullmatch(r"(\d+) 1\n(\d+)\n", out)
    assert m and m.group(1) == m.group(2), out
    assert linux(lx, "busybox sh -c 'sh -c \"exit 3\"; echo $?'") == \
        ("3\n", "[exit 0]")
    # A death by signal, which sh reports (and wait4 gave it).
    assert linux(lx, "busybox sh -c 'sh -c \"kill -9 \\$\\$\"; echo $?'") \
        == ("Killed\n137\n", "[exit 0]")
    # kill(2) with the default action, reported by wait4; bash's wait.
    assert linux(lx, "bash-static -c 'sleep 5 & kill $!; wait $!; "
                 "echo $?'") == ("143\n", "[exit 0]")
    assert linux(lx, "bash-static -c 'sleep 1 & wait; echo done'") == \
        ("done\n", "[exit 0]")
    # Close-on-exec and a failed exec: the shell goes on.
    out, status = linux(lx, "busybox sh -c '/bin/nosuch; echo $?'")
    assert status == "[exit 0]" and out.endswith("127\n"), out


def meminfo_free(sh):
    out, status = linux(sh, "cat /proc/meminfo")
    m = re.search(r"^MemFree: +(\d+) kB$", out, re.M)
    assert status == "[exit 0]" and m, out
    return int(m.group(1))


def test_linux_memory_returns(lx):
    """All memory of ended processes returns to the pool: the same
    MemFree before and after thirty fork, exec, exit and wait."""
    before = meminfo_free(lx)
    out, status = linux(lx, "busybox sh -c 'cat /proc/meminfo; true'")
    m = re.search(r"^MemFree: +(\d+) kB$", out, re.M)
    assert m and int(m.group(1)) < before, out  # the sh's own memory
    # bash forks and execs each /bin/true (busybox's sh would run the
    # applet in itself).
    assert linux(lx, "bash-static -c 'for ((i = 0; i < 30; i++)); do "
                 "/bin/true; done; echo $i'") == ("30\n", "[exit 0]")
    assert meminfo_free(lx) == before


def test_linux_fork_bomb(lx):
    """Past 16 processes fork fails (EAGAIN) in the Linux process; the
    shell, the personality and the rest go on, and the memory returns."""
    before = meminfo_free(lx)
    out, status = linux(lx, "busybox sh -c 'i=0; while [ $i -lt 40 ]; do "
                        "sleep 2 & i=$((i+1)); done; echo unreachable'")
    assert status != "[exit 0]" and "unreachable" not in out, out
    assert re.search(r"can't fork: Resource temporarily unavailable", out), \
        out
    assert lx.run("echo shell alive") == "shell alive\n"
    assert linux(lx, "busybox sleep 3") == ("", "[exit 0]")  # they end
    assert linux(lx, "echo still here") == ("still here\n", "[exit 0]")
    assert meminfo_free(lx) == before


def test_linux_signal_handlers(lx):
    """A caught signal runs its handler (a Linux rt_sigframe on the
    stack, rt_sigreturn back); busybox sh's wait sleeps in sigsuspend
    until its SIGCHLD handler ran."""
    assert linux(lx, "busybox sh -c 'trap \"echo caught\" USR1; "
                 "kill -USR1 $$; echo after'") == \
        ("caught\nafter\n", "[exit 0]")
    assert linux(lx, "bash-static -c 'trap \"echo term\" TERM; "
                 "kill $$; echo after'") == ("term\nafter\n", "[exit 0]")
    assert linux(lx, "busybox sh -c 'sleep 1 & wait; echo done'") == \
        ("done\n", "[exit 0]")


SIGNALS = [
    ("sigaction segv", 0),
    ("load from another's address", -7),
    ("segv handled", 1),
    ("segv si_code", 1),
    ("segv si_addr is the address", 1),
    ("segv fault_address is the address", 1),
    ("segv after a store to a read-only page", 2),
    ("segv si_code", 2),
    ("segv si_addr is the page", 1),
    ("kill a computing child", 0),
    ("computing child's status", 0),
    ("fork: parent's q16-q31 changed", 0),
    ("fork: child's status", 0),
]


def test_linux_signals_anywhere(lx):
    """user/components/linux/progs/signals.c: a SIGSEGV handler sees two
    real faults (SEGV_MAPERR at another component's address, SEGV_ACCERR
    on a read-only page, si_addr and fault_address right), steps over
    the load in its ucontext and the program goes on; a child computing
    without any system call is interrupted by SIGUSR1, whose handler
    clobbers q16-q31 and FPCR, and gets its own back from the frame's
    fpsimd_context (exit status 0; 99 if the signal never came); a fork
    in the middle of FP work keeps q16-q31 and FPCR on both sides."""
    out = lx.run("linux /test/signals")
    got = re.findall(r"^signals: (.+) = (-?\d+)$", out, re.M)
    assert got == [(what, str(v)) for what, v in SIGNALS], out
    assert out.rstrip().endswith("[exit 0]"), out
    assert "crashed" not in out, out


STOPS = [
    ("bytes while it runs > 0", 1),
    ("kill SIGSTOP", 0),
    ("waitid WSTOPPED", 0),
    ("si_signo", 17),
    ("si_code (CLD_STOPPED)", 5),
    ("si_pid is the child", 1),
    ("si_status", 19),
    ("bytes while it is stopped", 0),
    ("waitid WSTOPPED again, WNOHANG", 0),
    ("si_pid then", 0),
    ("kill SIGCONT", 0),
    ("waitid WCONTINUED", 0),
    ("si_code (CLD_CONTINUED)", 6),
    ("si_status", 18),
    ("bytes once continued > 0", 1),
    ("kill SIGTERM", 0),
    ("waitid WEXITED | WNOWAIT", 0),
    ("si_code (CLD_KILLED)", 2),
    ("si_status", 15),
    ("wait4 reaps it", 1),
    ("wait4 status", 15),
    ("waitid no options", -22),
    ("waitid bad idtype", -22),
    ("waitid no child", -10),
]


def test_linux_stop_continue_waitid(lx):
    """user/components/linux/progs/stops.c: a child writing a byte a
    millisecond is stopped by SIGSTOP (nothing comes while it is;
    waitid(WSTOPPED) reports it once), continued by SIGCONT (the bytes
    come again; WCONTINUED), killed, seen with WNOWAIT and reaped by
    wait4; waitid refuses what Linux refuses."""
    out = lx.run("linux /test/stops")
    got = re.findall(r"^stops: (.+) = (-?\d+)$", out, re.M)
    assert got == [(what, str(v)) for what, v in STOPS], out
    assert out.rstrip().endswith("[exit 0]"), out


def test_linux_job_control(lx):
    """Ctrl-Z stops the foreground sleep of an interactive busybox sh
    (SIGTSTP to its group; sh's wait4 with WUNTRACED sees it), jobs
    lists it, fg continues it and Ctrl-C ends it; kill -STOP of a
    background job is reported. Ctrl-Z to a program the KaaL shell
    started does nothing (an orphaned group, as Linux drops it), and
    Ctrl-C still ends it."""
    lx.send(b"linux busybox sh\r")
    lx.expect(rb"~ # ", COMMAND_TIMEOUT, "busybox sh's prompt")
    lx.send(b"sleep 100\r")
    time.sleep(1)
    lx.send(CTRL_Z)
    lx.expect(rb"\^Z\r?\n\[1\]\+ +Stopped +sleep 100\r?\n~ # ", 20,
              "sh's report of the stopped job")
    lx.send(b"jobs\r")
    lx.expect(rb"\n\[1\]\+ +Stopped +sleep 100\r?\n~ # ", COMMAND_TIMEOUT,
              "jobs")
    lx.send(b"fg\r")
    lx.expect(rb"\nsleep 100\r?\n", COMMAND_TIMEOUT, "fg")
    time.sleep(1)
    lx.send(CTRL_C)
    lx.expect(rb"\^C\r?\n(\r?\n)?~ # ", 20, "sh's prompt after ^C")
    lx.send(b"sleep 50 &\r")
    lx.expect(rb"\n~ # ", COMMAND_TIMEOUT, "the prompt")
    lx.send(b"kill -STOP %1\r")
    lx.expect(rb"\[1\]\+ +Stopped \(signal\) +sleep 50\r?\n~ # ",
              COMMAND_TIMEOUT, "the stopped background job")
    # SIGTERM waits, pending, while it is stopped (as in Linux).
    lx.send(b"kill -CONT %1\r")
    lx.expect(rb"~ # ", COMMAND_TIMEOUT, "the prompt")
    lx.send(b"kill %1\r")
    lx.expect(rb"\[1\]\+ +Terminated +sleep 50\r?\n~ # ",
              COMMAND_TIMEOUT, "the job's end")
    lx.send(b"jobs; echo none\r")
    lx.expect(rb"\nnone\r?\n~ # ", COMMAND_TIMEOUT, "no job left")
    lx.send(b"exit\r")
    out = lx.prompt().decode()
    assert out.endswith("[exit 0]\n"), out
    lx.send(b"linux busybox sleep 30\r")
    time.sleep(1)
    lx.send(CTRL_Z)
    time.sleep(1)
    lx.send(CTRL_C)
    out = lx.prompt(20).decode()
    assert "^Z" in out and out.endswith("[killed by signal 2 (SIGINT)]\n"), \
        out


POLLS = [
    ("empty pipe, ppoll 0", 0), ("revents", 0),
    ("its write end", 1), ("revents (POLLOUT)", 4),
    ("empty pipe, ppoll 50 ms", 0), ("it lasted 50 ms at least", 1),
    ("a byte in it", 1), ("revents (POLLIN)", 1),
    ("pselect6 on it", 1), ("its bit", 1),
    ("read again, pselect6 20 ms", 0), ("its bit", 0),
    ("ppoll without a timeout", 1), ("revents (POLLIN)", 1),
    ("it waited for the child", 1),
    ("no writer left", 1), ("revents (POLLHUP)", 16),
    ("a closed descriptor", 1), ("revents (POLLNVAL)", 32),
    ("a file", 1), ("revents (POLLIN | POLLOUT)", 5),
    ("pselect6 on the file", 1),
    ("the terminal, nothing typed", 0),
    ("the terminal's output", 1), ("revents (POLLOUT)", 4),
    ("ppoll bad pointer", -14), ("ppoll too many", -22),
    ("pselect6 too many", -22),
]


def test_linux_poll_and_select(lx):
    """user/components/linux/progs/polls.c: ppoll and pselect6 over a
    pipe (empty, a byte in it, its writer gone: POLLHUP alone, as
    Linux), a timeout that lasts, a wait that a child's write ends, a
    closed descriptor (POLLNVAL), a file, the terminal, and the
    refusals."""
    out = lx.run("linux /test/polls")
    got = re.findall(r"^polls: (.+) = (-?\d+)$", out, re.M)
    assert got == [(what, str(v)) for what, v in POLLS], out
    assert out.rstrip().endswith("[exit 0]"), out


def test_linux_threads(lx):
    """user/components/linux/progs/threads.c, a static program of
    Debian's glibc: pthreads made by clone(CLONE_THREAD), mutexes and a
    condition variable on futexes, thread-local storage, gettid, join
    (CLONE_CHILD_CLEARTID's futex wake); a thread's exit() or crash ends
    the process, the first thread may leave first; a signal to the
    process runs on the thread that does not block it; a thread forks;
    threads until no room is EAGAIN, never a hang or a crash."""
    assert linux(lx, "/test/threads") == (
        "threads: started = 4\n"
        "threads: counter = 8000\n"
        "threads: results = 812\n"
        "threads: thread ids distinct = 1\n"
        "threads: the same pid in each = 1\n"
        "threads: the first thread's own value = 0\n", "[exit 0]")
    assert linux(lx, "/test/threads exit") == ("", "[exit 3]")
    out, status = linux(lx, "/test/threads crash")
    assert status == "[killed by signal 11 (SIGSEGV)]", (out, status)
    assert re.match(r"linux: process \d+ \(threads\) crashed: write fault "
                    r"at 0x0 ", out), out
    assert linux(lx, "/test/threads main-exits") == (
        "threads: the last thread ends\n", "[exit 0]")
    assert linux(lx, "/test/threads signal") == (
        "threads: the handler ran = 1\n"
        "threads: on the thread that does not block it = 1\n", "[exit 0]")
    assert linux(lx, "/test/threads fork") == (
        "threads: the thread's child ended with = 5\n", "[exit 0]")
    assert linux(lx, "/test/threads many") == (
        "threads: made before the limit > 8 = 1\n"
        "threads: then pthread_create = Resource temporarily unavailable\n"
        "threads: all joined, counter = 30000\n", "[exit 0]")
    assert linux(lx, "echo still here") == ("still here\n", "[exit 0]")


def test_linux_interactive_sh(lx):
    """busybox sh on the terminal, with job control: Ctrl-C ends its
    foreground sleep (its own process group), not the shell, which
    prompts again; exit returns to the KaaL shell."""
    lx.send(b"linux busybox sh\r")
    lx.expect(rb"~ # ", COMMAND_TIMEOUT, "busybox sh's prompt")
    lx.send(b"echo go; sleep 100\r")
    lx.expect(rb"\ngo\r?\n", COMMAND_TIMEOUT, "echo's output")
    time.sleep(1)
    lx.send(CTRL_C)
    # Well before the 100 s: the sleep was interrupted.
    lx.expect(rb"\^C\r?\n(\r?\n)?~ # ", 20, "sh's prompt after ^C")
    lx.send(b"echo back\r")
    lx.expect(rb"\nback\r?\n~ # ", COMMAND_TIMEOUT, "echo's output")
    lx.send(b"exit\r")
    out = lx.prompt().decode()
    assert out.endswith("[exit 0]\n"), out
