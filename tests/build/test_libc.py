# SPDX-License-Identifier: GPL-2.0-only
"""User programs link Debian's picolibc, not a libc of our own
(Documentation/user-space.rst, "The C library")."""
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import SRCTREE, TEST_OUT, run_make

NM = "aarch64-linux-gnu-nm"
PICOLIBC = Path("/usr/lib/picolibc/aarch64-linux-gnu")


def user_elfs(build):
    elfs = [build.dir / "rootserver.elf"]
    elfs += sorted((build.dir / "components").glob("*.elf"))
    return elfs


def defined(elf):
    """{name: type letter} of the symbols elf defines."""
    out = subprocess.run([NM, str(elf)], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = parts[1]
    return syms


def members(elf):
    """The archive members the link map says the program pulled in, as
    (archive, member) pairs."""
    text = elf.with_suffix(".map").read_text()
    return set(re.findall(r"^(\S+\.a)\(([^)]+)\)", text, re.M))


@pytest.mark.parametrize("fragments", [(), ("tests.config",)],
                         ids=["default", "tests"])
def test_user_programs_link_picolibc(kaal_build, fragments):
    build = kaal_build("qemu_virt_defconfig", fragments)
    for elf in user_elfs(build):
        syms = defined(elf)
        pulled = members(elf)
        archives = {a for a, _ in pulled}
        # Not the kernel's lib/ (its vsnprintf and string functions),
        # which user programs linked before.
        assert not any(a.endswith("lib/lib.a") for a in archives), elf
        assert "kaal_vsnprintf" not in syms, elf
        # picolibc's printf (tinystdio) and the thread-local storage
        # crt0 sets up for it.
        libc = str(PICOLIBC / "lib" / "release" / "libc.a")
        for member in ("libc_tinystdio_printf.c.o",
                       "libc_tinystdio_vfprintf.c.o",
                       "libc_picolib_inittls.c.o"):
            assert (libc, member) in pulled, (elf, member)
        assert syms.get("printf") == "T" and syms.get("__d_vfprintf") == "T"
        # libkaal's part: the console stream and the ways out.
        for name in ("stdout", "_exit", "abort", "__wrap_vfprintf"):
            assert name in syms, (elf, name)


def addresses(elf):
    """{name: value} of the symbols elf defines."""
    out = subprocess.run([NM, str(elf)], check=True, capture_output=True,
                         text=True).stdout
    return {f[2]: int(f[0], 16) for f in map(str.split, out.splitlines())
            if len(f) == 3}


def test_malloc_heap_only_where_malloc_is_used(kaal_build):
    """user.lds reserves the heap in programs that link sbrk only."""
    tests = kaal_build("qemu_virt_defconfig", ["tests.config"])
    addr = addresses(tests.dir / "rootserver.elf")
    assert "malloc" in addr and "sbrk" in addr
    assert addr["__heap_end"] - addr["__heap_start"] == 64 * 1024
    for elf in user_elfs(kaal_build("qemu_virt_defconfig")):
        addr = addresses(elf)
        if "sbrk" not in addr:
            assert addr["__heap_end"] == addr["__heap_start"], elf


def test_missing_picolibc_is_reported(tmp_path):
    objdir = TEST_OUT / "kbuild" / "missing-picolibc"
    objdir.mkdir(parents=True, exist_ok=True)
    run_make(objdir, "qemu_virt_defconfig")
    res = run_make(objdir, "PICOLIBC_DIR=%s" % tmp_path, check=False)
    assert res.returncode != 0
    assert "picolibc-aarch64-linux-gnu" in res.output
    assert "Traceback" not in res.output


def test_check_deps_names_picolibc(tmp_path):
    """Without picolibc, check-deps.sh names its package (as a user who
    is not root: a fake `id` says so, so that nothing is installed)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "id").chmod(0o755)
    env = dict(os.environ, PATH="%s:%s" % (fake, os.environ["PATH"]),
               PICOLIBC_DIR=str(tmp_path / "none"))
    p = subprocess.run(["sh", str(SRCTREE / "scripts" / "check-deps.sh"),
                        "aarch64-linux-gnu-"], env=env, capture_output=True,
                       text=True)
    assert p.returncode != 0
    assert re.search(r"apt-get install -y.* picolibc-aarch64-linux-gnu",
                     p.stderr), p.stderr
    env["PICOLIBC_DIR"] = str(PICOLIBC)
    p = subprocess.run(["sh", str(SRCTREE / "scripts" / "check-deps.sh"),
                        "aarch64-linux-gnu-"], env=env, capture_output=True,
                       text=True)
    assert "picolibc" not in p.stderr
