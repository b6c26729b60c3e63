# SPDX-License-Identifier: GPL-2.0-only
"""Random configurations: build each seed of a fixed list and boot it to
its expected end (Documentation/testing.rst, "Random configurations").

This is the configuration matrix's random part, the one place that runs
`make randconfig`: each seed is built with -Werror (tests/build checks
alldefconfig, allnoconfig and allyesconfig) and, where QEMU has the
board, booted under icount so a slow tick or a long boot tick test costs
no real time. Every configuration Kconfig allows must end visibly:

  component system   the shell's prompt
  test suite         "TESTS: <n> passed, 0 failed", then power-off, with
                     exactly the cases tests/boot/user_cases.txt expects
                     in that configuration
  benchmarks         "BENCH_END", then power-off
  echo               the driver thread waiting for its interrupt
  fuzzer             "FUZZ DONE calls=2000" (fuzz.calls=2000 on the
                     kernel command line), then power-off
  demo               "root task: done" (with the debug system calls)
                     and power-off; without them the kernel powers off
                     once the demo's threads are done (Kconfig makes
                     POWEROFF_WHEN_DEAD a condition of that demo)

plus the kernel's banner when the log level shows pr_info. A board QEMU
7.2 cannot run (the Pi 4) is built only.

KAAL_RANDCONFIG_SEEDS overrides the list: "1-50" or "3,7,12".
"""
import os
import re

import pytest

from conftest import kaal_version
from usercases import suite_problems

# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

# A handful chosen to cover every root task, both GICs, the Pi 3, 1 to 7
# CPUs, tick rates from 10 to 1000 Hz and time slices of 1 to 162 ticks,
# as drawn by scripts/kconfig.py's randconfig:
#   4   component system, GICv3, round-robin, no debug system calls
#       (before the benchmark root task depended on them, a benchmark
#       system that stopped silently)
#   14  Pi 3 (raspi3b, 4 CPUs), demo without debug system calls
#   27  demo without debug system calls, GICv3, round-robin, 683 Hz
#   30  echo, GICv2, 2 CPUs, 1000 Hz, no boot tick test
#   187 test suite, GICv3, 7 CPUs, 1000 Hz
#   226 benchmarks, GICv3, 3 CPUs, 10 Hz, log level 0 (no banner)
SEEDS = (4, 14, 27, 30, 187, 226)
PRINTK_INFO = 6


def seeds():
    spec = os.environ.get("KAAL_RANDCONFIG_SEEDS")
    if not spec:
        return SEEDS
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    return tuple(out)


# A fuzzer boot in the list makes this many calls (a debug kernel checks
# its invariants after each, some hundreds a second).
FUZZ_CALLS = 2000


def boot_append(conf):
    """The kernel command line a configuration's root task needs here."""
    if conf.get("CONFIG_ROOT_TASK_FUZZ") == "y":
        return "fuzz.calls=%d" % FUZZ_CALLS
    return None


def expected_end(conf):
    """(pattern that ends the boot or None, QEMU must power off)."""
    if conf.get("CONFIG_ROOT_TASK_FUZZ") == "y":
        return r"FUZZ DONE calls=%d\b" % FUZZ_CALLS, True
    if conf.get("CONFIG_ROOT_TASK_SYSTEM") == "y":
        return r"kaal> ", False
    if conf.get("CONFIG_ROOT_TASK_TESTS") == "y":
        return r"TESTS: \d+ passed, 0 failed", True
    if conf.get("CONFIG_ROOT_TASK_BENCH") == "y":
        return r"BENCH_END", True
    if conf.get("CONFIG_ROOT_TASK_ECHO") == "y":
        return r"echo: driver thread waiting for interrupt", False
    if conf.get("CONFIG_ROOT_TASK_DEMO") == "y":
        if conf.get("CONFIG_DEBUG_SYSCALLS") == "y":
            return r"root task: done", True
        assert conf.get("CONFIG_POWEROFF_WHEN_DEAD") == "y", \
            "a silent demo that never powers off: Kconfig must forbid it"
        return None, True
    pytest.fail("no known root task in this configuration")


@pytest.mark.parametrize("seed", seeds())
def test_randconfig_boots_to_its_end(kaal_build, boot, seed):
    build = kaal_build("randconfig", ["KCONFIG_SEED=%d" % seed],
                       name="randconfig-%d" % seed)
    conf = build.config
    how = "seed %d (make randconfig KCONFIG_SEED=%d)" % (seed, seed)
    if not conf.get("CONFIG_QEMU_MACHINE"):
        assert build.image.is_file(), "%s: no Image" % how
        return
    pattern, powers_off = expected_end(conf)
    res = boot(build, smp=None, icount=True, timeout=180,
               append=boot_append(conf),
               until=None if powers_off else pattern)
    log = res.log
    assert not re.search(r"panic|Unhandled|BENCH_FAIL|^TEST \S+ FAIL", log,
                         re.I | re.M), "%s: the log shows a failure" % how
    if int(conf["CONFIG_KERNEL_LOG_LEVEL"]) >= PRINTK_INFO:
        assert re.search(r"^KaaL %s \(" % re.escape(kaal_version()), log,
                         re.M), "%s: no kernel banner" % how
    if powers_off:
        assert res.exited_cleanly, "%s: QEMU did not power off (timed out: " \
            "%s, status %s)" % (how, res.timed_out, res.returncode)
        if pattern:
            assert re.search(pattern, log), \
                "%s: powered off without %r" % (how, pattern)
        if conf.get("CONFIG_ROOT_TASK_TESTS") == "y":
            problems = suite_problems(log, conf)
            assert not problems, "%s:\n%s" % (how, "\n".join(problems))
    else:
        assert res.matched, "%s: no %r (timed out: %s, status %s)" % (
            how, pattern, res.timed_out, res.returncode)
