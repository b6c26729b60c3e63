# SPDX-License-Identifier: GPL-2.0-only
"""User space on the booted kernel: the demo root task (issue 3), the
user-level test suite in every emulatable configuration (issues 3, 4, 5,
8: syscall errors, capabilities, IPC with and without the fast path,
scheduler variants, domains, kernel invariant checks, lazy and eager
FP/SIMD switching, GICv3, raspi3b), and an out-of-tree root task built
with APP=."""
import json
import re
from pathlib import Path

import pytest

from conftest import SRCTREE, TEST_OUT, Build, run_make
from usercases import CASES_FILE, expected_cases, load_cases, suite_problems

# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread


PANIC = re.compile(r"Kernel panic|invariant violated|Unhandled kernel exception")


def assert_no_kernel_trouble(res):
    m = PANIC.search(res.log)
    assert not m, "kernel trouble: %r" % m.group(0)
    assert not res.timed_out, "QEMU did not power off by itself"
    assert res.exited_cleanly, "QEMU exit status %s" % res.returncode


@pytest.mark.parametrize("defconfig", ["qemu_virt_defconfig",
                                       "qemu_virt_gicv3_defconfig"])
def test_demo_root_task(kaal_build, boot, defconfig):
    """The demo root task greets, summarises bootinfo, maps a page from
    untyped memory and catches its children's faults; a child without a
    fault handler is stopped by the kernel while the root task runs on."""
    build = kaal_build(defconfig, ["demo.config"])
    res = boot(build, timeout=120)
    log = res.log
    assert "KaaL root task: hello from user space" in log
    m = re.search(r"root task: (\d+) untyped regions: (\d+) KiB of memory", log)
    assert m and int(m.group(1)) > 0 and int(m.group(2)) > 100000
    assert re.search(r"root task: empty slots \[(\d+), 4096\): (\d+) free", log)
    assert "mapped page at 0x10000000, wrote and read back OK" in log
    assert re.search(r"caught fault from child: type=2 \(write\) "
                     r"addr=0xdead0000 pc=0x[0-9a-f]+ badge=0x42", log)
    assert re.search(r"caught fault from child: type=3 \(exec\) .*badge=0x43", log)
    # Reading kernel memory from user space is a fault, not a leak.
    assert re.search(r"caught fault from child: type=1 \(read\) "
                     r"addr=0xffff000040000000 .*badge=0x44", log)
    assert re.search(r"caught fault from child: type=2 \(write\) .*badge=0x45", log)
    assert re.search(r"fault: thread \d+: write fault at 0xdead1000 .* "
                     r"no fault handler: thread suspended", log)
    assert "root task: the kernel stopped it" in log
    assert "root task: done" in log
    assert_no_kernel_trouble(res)


# The suite on virt with tests.config alone, and with nofastpath.config,
# is test_suite_is_identical_with_and_without_fastpath's (the same checks,
# and one boot each).
SUITE_CONFIGS = [
    ("qemu_virt_defconfig", ("tests.config", "rr.config")),
    ("qemu_virt_defconfig", ("tests.config", "domains.config")),
    ("qemu_virt_defconfig", ("tests.config", "debug.config")),
    ("qemu_virt_defconfig", ("tests.config", "nofastpath.config",
                             "eagerfp.config", "debug.config")),
    ("qemu_virt_gicv3_defconfig", ("tests.config",)),
    ("qemu_virt_gicv3_defconfig", ("tests.config", "rr.config")),
    ("qemu_virt_gicv3_defconfig", ("tests.config", "nofastpath.config",
                                   "debug.config")),
    # Several CPUs (Documentation/smp.rst): CONFIG_SMP is on by default,
    # so every configuration above is the SMP kernel on QEMU virt's one
    # CPU, and raspi3b runs its four. Virt's four on GICv2 and GICv3, two
    # with eager FP switching (a thread moved while its FP registers are
    # live; the fuzzer's smp configuration runs the invariant checks on
    # four CPUs: tests/fuzz); and the uniprocessor kernel, which the
    # benchmarks measure.
    ("rpi3_defconfig", ("tests.config",)),
    ("qemu_virt_defconfig", ("tests.config", "smp4.config")),
    ("qemu_virt_gicv3_defconfig", ("tests.config", "smp4.config")),
    ("qemu_virt_defconfig", ("tests.config", "eagerfp.config",
                             "smp2.config")),
    ("qemu_virt_defconfig", ("tests.config", "up.config")),
]


@pytest.mark.parametrize("defconfig,fragments", SUITE_CONFIGS,
                         ids=lambda v: v if isinstance(v, str) else
                         "+".join(f.replace(".config", "") for f in v))
def test_user_suite(kaal_build, boot, defconfig, fragments):
    """Exactly the cases tests/boot/user_cases.txt lists for this
    configuration pass, the others it lists report themselves as not
    run, and nothing else is printed; the kernel never panics (with
    debug.config it checks its invariants after every system call)."""
    build = kaal_build(defconfig, fragments)
    res = boot(build, timeout=300, smp=None)
    problems = suite_problems(res.log, build.config)
    assert not problems, "\n".join(problems)
    assert_no_kernel_trouble(res)


def test_suite_is_identical_with_and_without_fastpath(kaal_build, boot):
    """The fast path changes instruction counts, nothing else: the same
    cases (those user_cases.txt lists) pass in the same order; each run is
    also a whole suite run, checked as test_user_suite checks one."""
    names = []
    for frags in (("tests.config",), ("tests.config", "nofastpath.config")):
        build = kaal_build("qemu_virt_defconfig", frags)
        res = boot(build, timeout=300)
        problems = suite_problems(res.log, build.config)
        assert not problems, "%s:\n%s" % (build.name, "\n".join(problems))
        assert_no_kernel_trouble(res)
        names.append(re.findall(r"^TEST (\S+) (PASS|FAIL)", res.log, re.M))
    assert names[0] == names[1]


def test_app_build_out_of_tree(boot):
    """make APP=dir builds the root task from another directory against
    libkaal and the uapi headers, and it runs."""
    objdir = TEST_OUT / "app-hello"
    run_make(objdir, "qemu_virt_defconfig")
    out = run_make(objdir, "APP=%s" % (SRCTREE / "examples" / "hello")).output
    assert "app/hello/hello.o" in out
    assert not (SRCTREE / "examples" / "hello" / "hello.o").exists()
    # Its sources are in compile_commands.json, for clangd and friends.
    db = json.loads((objdir / "compile_commands.json").read_text())
    assert str(SRCTREE / "examples" / "hello" / "hello.c") in \
        {e["file"] for e in db}
    res = boot(Build("app-hello", objdir, SRCTREE), timeout=60)
    assert "hello, world from a KaaL root task on qemu-virt" in res.log
    assert re.search(r"hello: \d+ untyped regions, slots \[\d+, 4096\) are free",
                     res.log)
    assert_no_kernel_trouble(res)


def test_bad_app_directory_is_reported():
    objdir = TEST_OUT / "app-missing"
    run_make(objdir, "qemu_virt_defconfig")
    res = run_make(objdir, "APP=/nonexistent/app", check=False)
    assert res.returncode != 0
    assert "/nonexistent/app" in res.output


def source_case_names(srctree=SRCTREE):
    """{name: file} of the case tables of the user-level test suite: the
    test_*.c files under user/ with a `struct test_case cases[]`."""
    names = {}
    for path in sorted((Path(srctree) / "user").rglob("test_*.c")):
        text = path.read_text()
        m = re.search(r"struct test_case cases\[\] = \{(.*?)^\};", text,
                      re.S | re.M)
        if m:
            for name in re.findall(r'\{\s*"(\w+)"\s*,', m.group(1)):
                names[name] = path.relative_to(srctree)
    return names


def test_case_list_matches_sources():
    """user_cases.txt names exactly the cases the suite's sources define
    (no boot needed: a case added without its line fails here first)."""
    listed = [name for name, _ in load_cases()]
    found = source_case_names()
    assert found, "no case tables found under user/"
    missing = sorted(set(found) - set(listed))
    extra = sorted(set(listed) - set(found))
    assert not missing and not extra, \
        "%s: add %s; remove %s" % (CASES_FILE, ", ".join(
            "%s (%s)" % (n, found[n]) for n in missing) or "nothing",
            ", ".join(extra) or "nothing")


def test_expected_cases_are_checked_exactly(tmp_path):
    """The comparison itself: conditions, and each kind of mismatch."""
    cases = tmp_path / "cases.txt"
    cases.write_text("# comment\na\nb runs-if CONFIG_SCHED_DOMAINS\n"
                     "c runs-if CONFIG_BOARD_NAME=qemu-virt|rpi3\n"
                     "d built-if !CONFIG_SCHED_RR\n")
    conf = {"CONFIG_BOARD_NAME": "rpi4", "CONFIG_SCHED_RR": "y"}
    assert expected_cases(conf, cases) == (["a"], ["b", "c"])
    conf = {"CONFIG_BOARD_NAME": "rpi3", "CONFIG_SCHED_DOMAINS": "y"}
    assert expected_cases(conf, cases) == (["a", "b", "c", "d"], [])

    def log(*lines):
        return "\n".join(lines + ("TESTS: %d passed, 0 failed" % sum(
            1 for ln in lines if ln.endswith(" PASS")),)) + "\n"
    conf = {"CONFIG_BOARD_NAME": "qemu-virt"}
    good = ("TEST a PASS", "tests: b not run: needs scheduling domains",
            "TEST c PASS", "TEST d PASS")
    assert suite_problems(log(*good), conf, cases) == []
    for lines, want in [
            (good[:3], "missing cases: d"),
            (good + ("TEST e PASS",), "unexpected cases"),
            (good[:1] + ("TEST b PASS",) + good[2:], "ran but expected"),
            (good[:2] + ("tests: c not run: x",) + good[3:],
             "not run but expected to run here: c"),
            (good[:3] + ("TEST d FAIL line 3: x",), "FAIL d: line 3: x"),
            (good + ("TEST a PASS",), "reported more than once: a")]:
        problems = suite_problems(log(*lines), conf, cases)
        assert any(p.startswith(want) for p in problems), (lines, problems)
    assert "no summary line: the suite did not finish" in \
        suite_problems("TEST a PASS\n", conf, cases)


def test_slice_conditions_follow_the_configuration(tmp_path):
    """KAAL_SLICES_FIT and `&`: the default slice (5 ticks at 100 Hz, 50
    ms: 200 fit in 10 s) runs every case; 100 ticks at 10 Hz behind a
    domain 0 that has half of each round (20 s a slice) runs none of the
    slice cases; a bad condition is an error."""
    cases = tmp_path / "cases.txt"
    cases.write_text("rr runs-if KAAL_SLICES_FIT>=12\n"
                     "pre runs-if KAAL_SLICES_FIT>=2\n"
                     "dom runs-if CONFIG_SCHED_DOMAINS&KAAL_SLICES_FIT>=12\n")
    conf = {"CONFIG_HZ": "100", "CONFIG_SCHED_TIMESLICE_TICKS": "5"}
    assert expected_cases(conf, cases) == (["rr", "pre"], ["dom"])
    conf = dict(conf, CONFIG_SCHED_DOMAINS="y",
                CONFIG_SCHED_DOMAIN_SCHEDULE='"0:10,1:10"')
    assert expected_cases(conf, cases) == (["rr", "pre", "dom"], [])
    # 100 ms slices stretched to 200 ms: 50 fit.
    conf["CONFIG_SCHED_TIMESLICE_TICKS"] = "10"
    conf["CONFIG_HZ"] = "100"
    assert expected_cases(conf, cases) == (["rr", "pre", "dom"], [])
    conf["CONFIG_HZ"] = "10"    # 2 s: 5 fit
    assert expected_cases(conf, cases) == (["pre"], ["rr", "dom"])
    conf["CONFIG_SCHED_TIMESLICE_TICKS"] = "100"    # 20 s: none
    assert expected_cases(conf, cases) == ([], ["rr", "pre", "dom"])
    for bad in ("KAAL_SLICES_FIT>=x", "!KAAL_SLICES_FIT>=2", "CONFIG_A&"):
        cases.write_text("x runs-if %s\n" % bad)
        with pytest.raises(ValueError):
            load_cases(cases)
