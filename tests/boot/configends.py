# SPDX-License-Identifier: GPL-2.0-only
"""Where a configuration's boot must end, and the check that it got there
(Documentation/testing.rst, "Random configurations"; Documentation/
assurance.rst, "Every configuration built and booted").

Shared by tests/boot/test_randconfig.py (seeded random configurations)
and tests/boot/test_configcheck.py (every defconfig with every fragment,
allnoconfig, allyesconfig). Every configuration Kconfig allows must end
visibly:

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
"""
import re

import pytest

from conftest import kaal_version
from usercases import suite_problems

PRINTK_INFO = 6

# A fuzzer boot makes this many calls (a debug kernel checks its
# invariants after each, some hundreds a second).
FUZZ_CALLS = 2000

# How long a boot may take to reach its end. The test suite with the
# longest time slices Kconfig allows at a slow tick (randconfig seed
# 1003: 144 ticks at 10 Hz, stretched to 28.8 s by a second domain)
# needs about 130 s alone: its cases that must wait for a thread's slice
# to end (destroy_vspace, sched_registers) wait that long in real time.
BOOT_TIMEOUT = 300

# The most timer ticks a boot's tick test counts here (boot_append).
TICK_TEST_TICKS = 10


def boot_append(conf):
    """The kernel command line a configuration's boot needs here: the
    fuzzer's number of calls, and a boot tick test of at most
    TICK_TEST_TICKS ticks. The test waits for real timer ticks
    (BOOT_TICK_TEST=10000 at 305 Hz: 33 s of guest time); under -icount
    guest time runs only as fast as the CPUs execute, and with raspi3b's
    secondary CPUs spinning in the firmware's loop that was more than
    the boot's 180 s (randconfig seed 1019). A few ticks still go
    through the test's code."""
    args = []
    if conf.get("CONFIG_ROOT_TASK_FUZZ") == "y":
        args.append("fuzz.calls=%d" % FUZZ_CALLS)
    if int(conf.get("CONFIG_BOOT_TICK_TEST", "0")) > TICK_TEST_TICKS:
        args.append("kaal.ticktest=%d" % TICK_TEST_TICKS)
    return " ".join(args) or None


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


def rebuild_commands(build):
    """The commands that rebuild @build by hand, as its log recorded them
    (`make -C <srctree> O=<dir> <goals>`, one line each)."""
    return "\n".join("  " + line[2:] for line in build.log.splitlines()
                     if line.startswith("$ "))


def keeps_cpus_busy(conf):
    """Whether the configuration's root task computes rather than idles
    (the test suite, whose waits spin in a watchdog thread; the fuzzer;
    the benchmarks). Those boot without -icount: under it QEMU executes
    some ten times fewer instructions a second, and guest time runs that
    much slower than real time (on raspi3b, with its three parked CPUs
    spinning too, slower still: a test suite with 14.4 s time slices at
    10 Hz, randconfig seed 1003, did not get through two slices in 400
    s). The others idle once they reach their end, where -icount with
    sleep=off skips the idle time."""
    return any(conf.get(sym) == "y" for sym in (
        "CONFIG_ROOT_TASK_TESTS", "CONFIG_ROOT_TASK_FUZZ",
        "CONFIG_ROOT_TASK_BENCH"))


def parked_cpus_spin(conf):
    """Whether QEMU's machine keeps the CPUs the kernel does not start
    busy: raspi3b's firmware parks them in a spin loop, so its guest is
    never idle and -icount cannot skip anything; it only makes guest time
    (a tick test, a demo's timeouts) crawl. Randconfig seed 14, a demo on
    the Pi 3 at 10 Hz: 163 s under -icount, 2 s without."""
    return conf.get("CONFIG_QEMU_MACHINE", "").strip('"') == "raspi3b"


def boot_to_end(build, boot, how):
    """Boot @build to its expected end (build-only boards: check the
    Image); @how names the configuration in every failure message."""
    conf = build.config
    how = "%s; rebuild with:\n%s\n" % (how, rebuild_commands(build))
    if not conf.get("CONFIG_QEMU_MACHINE"):
        assert build.image.is_file(), "%s: no Image" % how
        return None
    pattern, powers_off = expected_end(conf)
    res = boot(build, smp=None, icount=not keeps_cpus_busy(conf)
               and not parked_cpus_spin(conf),
               timeout=BOOT_TIMEOUT,
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
    return res
