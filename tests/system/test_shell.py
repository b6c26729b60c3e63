# SPDX-License-Identifier: GPL-2.0-only
"""The interactive shell of the default system (user/components/shell,
Documentation/shell.rst).

Each board's default configuration (CONFIG_ROOT_TASK_SYSTEM: system_init,
console, ramfs, shell, intruder) is built once per session with the
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
import re

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

COMMANDS = ("help", "ps", "caps", "mem", "start", "ls", "cat", "write",
            "append", "rm", "bench", "echo")
STATES = "stopped|running|crashed|exited|failed"
PS_LINE = re.compile(r"^\s*(?P<id>\d+) (?P<name>\S+)\s+(?P<state>%s)\s+"
                     r"(?P<pages>\d+)(?:\s+fault at 0x(?P<fault>[0-9a-f]+))?$"
                     % STATES)
CAP_LINE = re.compile(r"^\s*(?P<slot>\d+) (?P<type>[a-z_?]+)\s+"
                      r"(?P<rights>[r-][w-][g-][G-][x-])\s+"
                      r"0x(?P<badge>[0-9a-f]+) (?P<bits>\d+)$")
UNIT = r"(?P<unit>instructions|ticks)"


class Shell(SerialConsole):
    """QEMU running @build's Image; its serial console on pipes."""

    def __init__(self, build, name):
        super().__init__(build.dir, name, build.srctree)

    def prompt(self, timeout=COMMAND_TIMEOUT, what="prompt"):
        """Everything up to the next prompt, "\\r\\n" made "\\n"."""
        start = self.pos
        m = self.expect(re.escape(PROMPT), timeout, what)
        return bytes(self.out[start:m.start()]).replace(b"\r\n", b"\n")

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


def boot_shell(build, name):
    """A fresh boot of @build, at its first prompt, after the banner."""
    sh = Shell(build, name)
    try:
        sh.expect(re.escape(BANNER) + rb"\r?\n", BOOT_TIMEOUT,
                  "shell banner")
        sh.prompt(BOOT_TIMEOUT, "first prompt")
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
    if not out or not re.match(r"^\s*ID\s+NAME\s+STATE\s+PAGES$", out[0]):
        sh.fail("ps: no header line, got %r" % out)
    comps = {}
    for line in out[1:]:
        m = PS_LINE.match(line)
        if m:
            comps[m.group("name")] = m
        elif strict:
            sh.fail("ps: unexpected line %r" % line)
    for name in ("console", "ramfs", "shell", "intruder"):
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
    # Other control characters are ignored, and so are the escape
    # sequences of the cursor keys (ESC [ A) and function keys (ESC O P).
    # Not Ctrl-A: QEMU's -nographic console takes it as its escape key.
    assert shell.run(b"echo a\x02b\tc\x07d") == "abcd\n"
    assert shell.run(b"echo a\x1b[Ab\x1bOPc\x1b[1;5Dd") == "abcd\n"
    # CR LF is one end of line, not two: one prompt, no empty command.
    shell.send(b"echo one\r\necho two\n")
    first = shell.prompt()
    second = shell.prompt()
    if first != b"echo one\none\n" or second != b"echo two\ntwo\n":
        shell.fail("CR LF: got %r then %r" % (first, second))
    # An empty line is no command.
    assert shell.run("") == ""
    assert shell.run("   ") == ""


def test_long_line(shell):
    # A line longer than the buffer is refused as a whole, not cut short.
    out = shell.run("echo " + "x" * 200)
    if not re.fullmatch(r"shell: line too long \(more than \d+ characters\)"
                        r", ignored\n", out):
        shell.fail("long line: got %r" % out)
    # Ctrl-U starts afresh; the shell still works.
    assert shell.run(b"echo " + b"y" * 200 + b"\x15echo fine") == "fine\n"
    assert shell.run("echo " + "z" * 120) == "z" * 120 + "\n"


def test_unknown_command(shell):
    out = shell.run("frobnicate now")
    assert out == "shell: frobnicate: unknown command (type 'help')\n"


def test_ps(shell):
    comps = ps(shell)
    for name in ("console", "ramfs", "shell"):
        if name not in comps or comps[name].group("state") != "running":
            shell.fail("ps: %s is not running: %r" % (name, sorted(comps)))
    if "intruder" not in comps or \
            comps["intruder"].group("state") != "stopped":
        shell.fail("ps: intruder should be stopped until started")
    ids = [int(m.group("id")) for m in comps.values()]
    assert len(set(ids)) == len(ids), "ids are unique"
    assert int(comps["shell"].group("pages")) > 0


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

def test_start(kaal_build):
    """`start` runs a stopped component once; the shell carries on,
    whatever the intruder does."""
    build = kaal_build(BOARDS["virt"])
    sh = boot_shell(build, "shell-start")
    try:
        check_error(sh, sh.run("start nosuch"), "start", "nosuch",
                    "not found")
        assert sh.run("start") == "start: usage: start <component>\n"
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
        # Not twice.
        out = sh.run("start intruder")
        if not re.search(r"^start: intruder: ", out, re.M):
            sh.fail("second start intruder: got %r" % out)
        sh.send(b"echo still here\r")
        sh.expect(rb"\nstill here\r?\n", COMMAND_TIMEOUT, "echo")
    finally:
        sh.close()
