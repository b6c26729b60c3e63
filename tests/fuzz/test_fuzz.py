# SPDX-License-Identifier: GPL-2.0-only
"""The system-call fuzzer (user/root/fuzz, Documentation/testing.rst) in short
runs: on the debug configuration, whose kernel checks its invariants
after every system call, and on a release one. A long run is `make fuzz`.

A run passes when the fuzzer reaches "FUZZ DONE calls=N" with exactly
the calls asked for, the kernel neither panicked nor broke an invariant,
the fuzzer itself never faulted, and the fuzzer really exercised the
kernel: every family of calls succeeded sometimes and failed sometimes,
with a spread of error codes (a fuzzer whose calls all fail the same way
tests nothing). Runs are under QEMU -icount: a seed gives one run, traced
or not.
"""
import importlib.util
import re

import pytest

from conftest import SRCTREE

SEED = 0x5eed
# About 20 s on the debug kernel (whose invariant checks after every
# call dominate: they now cover every object kind and queue; 10000
# calls took 45 s, and 123 s against 50 s for 5000 on a loaded host), a
# few seconds on the release one. 5000 debug calls still exercise every
# family both ways, with 19 error codes (check_exercised); `make fuzz`
# makes 100000 on each configuration, debug included.
CALLS = {"debug": 5000, "release": 100000, "smp": 5000}
PROGRESS = 5000
FAMILIES = ("retype", "cap", "vm", "tcb", "ipc", "ntfn", "irq", "domain")
CONFIGS = {
    "debug": ("qemu_virt_defconfig", ["debug.config", "fuzz.config"]),
    "release": ("qemu_virt_defconfig", ["release.config", "fuzz.config"]),
    "smp": ("qemu_virt_defconfig", ["debug.config", "fuzz.config",
                                    "smp4.config"]),
}


_script = []


def load_script():
    """scripts/fuzz.py, the command line's format and the failure checks
    of `make fuzz`."""
    if _script:
        return _script[0]
    spec = importlib.util.spec_from_file_location(
        "kaal_fuzz_py", SRCTREE / "scripts" / "fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    _script.append(mod)
    return mod


@pytest.fixture(scope="module")
def builds(kaal_build):
    return {name: kaal_build(d, f, name="fuzz-" + name)
            for name, (d, f) in CONFIGS.items()}


def fuzz(boot, build, seed, calls, trace=None, timeout=600):
    append = load_script().command_line(seed, calls, PROGRESS, trace)
    return boot(build, append=append, icount=True, timeout=timeout)


def fuzz_lines(log):
    """What the fuzzer reports (not the kernel's fault messages)."""
    return [line for line in log.splitlines()
            if re.match(r"FUZZ (BEGIN|PROGRESS|FAMILY|DONE)", line)]


def check_run(res, calls):
    log = res.log
    assert "Kernel panic" not in log
    assert "invariant violated" not in log
    assert not re.search(r"fault: thread 1: ", log), \
        "the fuzzer itself faulted"
    assert re.search(r"^FUZZ BEGIN seed=%#x calls=%d " % (SEED, calls), log,
                     re.M)
    assert re.search(r"^FUZZ DONE calls=%d " % calls, log, re.M), \
        "no FUZZ DONE calls=%d" % calls
    assert res.exited_cleanly
    progress = re.findall(r"^FUZZ PROGRESS calls=(\d+) ", log, re.M)
    assert [int(p) for p in progress] == \
        list(range(PROGRESS, calls + 1, PROGRESS))


def check_exercised(log):
    fam = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in
           re.finditer(r"^FUZZ FAMILY (\w+) ok=(\d+) err=(\d+)$", log, re.M)}
    assert sorted(fam) == sorted(FAMILIES)
    for name, (ok, err) in fam.items():
        assert ok > 0, "no %s call succeeded" % name
        assert err > 0, "no %s call failed" % name
    ok = sum(o for o, _ in fam.values())
    total = sum(o + e for o, e in fam.values())
    assert ok * 5 > total, "fewer than a fifth of the calls succeeded"
    last = re.findall(r"^FUZZ PROGRESS .* errors=(\S*)$", log, re.M)[-1]
    codes = {int(c.split(":")[0]) for c in last.split(",") if c}
    assert len(codes) >= 10, "only error codes %s" % sorted(codes)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_fuzz_short(builds, boot, name):
    res = fuzz(boot, builds[name], SEED, CALLS[name])
    check_run(res, CALLS[name])
    check_exercised(res.log)


def test_fuzz_same_seed_same_run(builds, boot):
    a = fuzz(boot, builds["release"], SEED, 20000)
    b = fuzz(boot, builds["release"], SEED, 20000)
    c = fuzz(boot, builds["release"], SEED + 1, 20000)
    assert fuzz_lines(a.log) == fuzz_lines(b.log)
    assert fuzz_lines(a.log)[1:] != fuzz_lines(c.log)[1:]


def test_fuzz_trace_replays_the_run(builds, boot):
    """fuzz.trace=N prints every call from N on and changes nothing before
    it: the progress lines up to N are those of the untraced run, to the
    guest nanosecond. After N the UART accesses cost QEMU a few virtual
    nanoseconds (Documentation/testing.rst); the counts stay the same."""
    calls = 20000
    plain = fuzz(boot, builds["release"], SEED, calls)
    traced = fuzz(boot, builds["release"], SEED, calls, trace=calls - 50)
    check_run(traced, calls)
    a, b = fuzz_lines(plain.log), fuzz_lines(traced.log)
    assert a[:-len(FAMILIES) - 2] == b[:-len(FAMILIES) - 2]
    assert [re.sub(r" vt\S*", "", x) for x in a] == \
        [re.sub(r" vt\S*", "", x) for x in b]
    trace = re.findall(r"^FUZZ CALL ([0-9a-f]{16}) (\w+) .* = ([0-9a-f]{16})$",
                       traced.log, re.M)
    assert [int(t[0], 16) for t in trace] == list(range(calls - 50, calls))


@pytest.mark.parametrize("text,what", [
    ("\nKernel panic: invariant violated at slot 0x1 (type 3): x\n",
     "kernel panic"),
    ("fault: thread 1: read fault at 0x0 (pc 0x4)\n",
     "the fuzzer itself faulted"),
    ("fault: thread 12: read fault at 0xdead0000\nFUZZ DONE calls=5\n",
     None),
])
def test_fuzz_script_failures(text, what):
    """make fuzz tells a failed run from a worker faulting on purpose."""
    run = object.__new__(load_script().Run)
    run.failure = None
    run.check(text)
    assert (run.failure or "").startswith(what or "") and \
        bool(run.failure) == bool(what)
