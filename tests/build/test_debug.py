# SPDX-License-Identifier: GPL-2.0-only
"""Debugging user code (Documentation/debugging.rst): every user program
linked at addresses of its own, and the generated kaal.gdb that loads the
symbols of all of them into one gdb.

The tests use the default system's build (shared with tests/system) and
the test suite's; the one that attaches gdb to a halted QEMU costs about
a second."""
import re
import shutil
import socket
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import qemu_module


# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

GDB = "gdb-multiarch"
PT_LOAD = 1
PAGE = 4096

needs_gdb = pytest.mark.skipif(
    shutil.which(GDB) is None,
    reason="%s is not installed (scripts/check-deps.sh installs it for "
    "`make debug` and `make test`)" % GDB)


def load_ranges(path):
    """[start, end) of each PT_LOAD segment of an ELF64 file, page-rounded
    as the loaders map them."""
    data = Path(path).read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2, path
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    ranges = []
    for i in range(phnum):
        p_type, _, _, vaddr, _, _, memsz, _ = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == PT_LOAD and memsz:
            ranges.append((vaddr & ~(PAGE - 1),
                           (vaddr + memsz + PAGE - 1) & ~(PAGE - 1)))
    return ranges


def user_elfs(build):
    elfs = [build.dir / "rootserver.elf"]
    elfs += sorted((build.dir / "components").glob("*.elf"))
    return elfs


def symbol(elf, name):
    """The address of the global function @name in @elf."""
    out = subprocess.run(["aarch64-linux-gnu-nm", str(elf)], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    m = re.search(r"^([0-9a-f]+) T %s$" % re.escape(name), out, re.M)
    assert m, "%s has no function %s" % (elf, name)
    return int(m.group(1), 16)


def gdb(build, *commands, timeout=60):
    args = [GDB, "-nx", "-batch", "-x", str(build.dir / "kaal.gdb")]
    for c in commands:
        args += ["-ex", c]
    p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return p.stdout


@pytest.fixture(scope="module")
def system(kaal_build):
    return kaal_build("qemu_virt_defconfig")


@pytest.mark.parametrize("fragments", [(), ("tests.config",)],
                         ids=["system", "tests"])
def test_user_programs_have_disjoint_addresses(kaal_build, fragments):
    """No two user programs of a build (the root task and every component
    of the boot archive) share an address, so a breakpoint set in one
    cannot fire in another."""
    build = kaal_build("qemu_virt_defconfig", fragments)
    elfs = user_elfs(build)
    if not fragments:
        assert len(elfs) >= 6, elfs     # the root task and 5 components
    seen = []
    for elf in elfs:
        for lo, hi in load_ranges(elf):
            for other, olo, ohi in seen:
                assert hi <= olo or lo >= ohi, \
                    "%s [%#x, %#x) overlaps %s [%#x, %#x)" % (
                        elf.name, lo, hi, other.name, olo, ohi)
        seen += [(elf, lo, hi) for lo, hi in load_ranges(elf)]


def test_user_program_outgrowing_its_slot_fails_to_link(system, tmp_path):
    """user.lds refuses a program larger than the slot it was given."""
    lds = system.srctree / "user" / "user.lds"
    crt0 = system.dir / "user" / "lib" / "kaal" / "crt0.o"
    big = tmp_path / "big.o"
    (tmp_path / "big.S").write_text(
        ".globl main\nmain: ret\n.bss\n.globl __bss_start\n.space 0x3000\n")
    subprocess.run(["aarch64-linux-gnu-gcc", "-c", "-o", str(big),
                    str(tmp_path / "big.S")], check=True)

    def link(slot):
        return subprocess.run(
            ["aarch64-linux-gnu-ld", "-nostdlib", "-static", "-T", str(lds),
             "--defsym=__kaal_user_base=0x400000",
             "--defsym=__kaal_user_slot=%#x" % slot, "-o",
             str(tmp_path / "big.elf"), str(crt0), str(big),
             "--unresolved-symbols=ignore-all"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    fits = link(0x100000)
    assert fits.returncode == 0, fits.stdout
    p = link(0x2000)
    assert p.returncode != 0
    assert "outgrows its link slot" in p.stdout, p.stdout


@needs_gdb
def test_gdb_script_loads_every_program(system):
    """kaal.gdb names the kernel, the loader and every user program, and
    an address of each component's main() resolves to that component."""
    script = (system.dir / "kaal.gdb").read_text()
    assert "file %s" % (system.dir / "kaal.elf") in script
    for elf in [system.dir / "loader.elf"] + user_elfs(system):
        assert "add-symbol-file %s\n" % elf in script
    commands = ["info symbol %#x" % symbol(elf, "main")
                for elf in user_elfs(system)]
    commands.append("info symbol %#x" % symbol(system.dir / "kaal.elf",
                                               "kernel_main"))
    out = gdb(system, *commands)
    for elf in user_elfs(system):
        assert "main in section .text of %s\n" % elf in out, out
    assert "kernel_main in section .text of %s\n" % (
        system.dir / "kaal.elf") in out, out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_gdb
def test_breakpoint_in_a_component_fires_there(system):
    """QEMU halted with its gdb stub (what `make debug` runs); gdb with
    kaal.gdb breaks in the shell's main(): the stop is in the shell, with
    a backtrace through the shell's own crt0, not in whichever program
    happened to run the same address first."""
    qemu = qemu_module(system.srctree)
    conf = qemu.read_config(str(system.dir / "include" / "config" /
                                "auto.conf"))
    port = free_port()
    cmd = qemu.qemu_command(conf, str(system.image), str(system.dtb),
                            extra=["-S", "-gdb", "tcp:127.0.0.1:%d" % port])
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=str(system.dir))
    try:
        shell = system.dir / "components" / "shell.elf"
        out = gdb(system, "target remote 127.0.0.1:%d" % port,
                  "break -source components/shell/main.c -function main",
                  "continue", "info symbol $pc", "bt", "kill")
    finally:
        proc.kill()
        log = proc.communicate()[0].decode("utf-8", "replace")
    assert "Breakpoint 1, main (" in out, out + log
    assert "main in section .text of %s\n" % shell in out, out
    assert re.search(r"#1 .* in _start \(\) at .*crt0\.S", out), out
    # The console started before the shell: the system really ran.
    assert "console: " in log, log


def optimisation(build, obj):
    """The -O option of the command line that compiled @obj."""
    p = Path(obj)
    cmd = (build.dir / p.parent / (".%s.cmd" % p.name)).read_text()
    return re.findall(r"(?<=\s)-O\w*", cmd)


@pytest.mark.parametrize("fragments,level", [
    ((), "-O2"),
    (("tests.config", "debug.config"), "-Og"),      # test_user.py's build
], ids=["default", "debug"])
def test_debug_config_compiles_for_the_debugger(kaal_build, fragments, level):
    """debug.config selects CONFIG_CC_OPTIMIZE_FOR_DEBUGGING: the kernel,
    the loader and the user programs are compiled with -Og (and
    tests/boot/test_user.py runs the user suite on that build); the
    default stays at -O2."""
    build = kaal_build("qemu_virt_defconfig", fragments)
    objs = ["kernel/main.o", "boot/main.o", "user/lib/kaal/thread.o"]
    objs.append("user/root/tests/main.o" if fragments else
                "user/components/shell/main.o")
    for obj in objs:
        assert optimisation(build, obj) == [level], obj
