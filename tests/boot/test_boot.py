# SPDX-License-Identifier: GPL-2.0-only
"""Boot KaaL in QEMU and check what it prints (Documentation/testing.rst).

The matrix is the full product GIC version x virtualization x CPUs x RAM x
CPU model (32 boots): one boot takes about a second and a half (most of it
the one-second tick test, kaal.ticktest=100), so covering every combination is cheaper than
arguing which subset suffices. Timing is never asserted on the host clock:
the tick test reports QEMU's virtual counter, checked within 50% without
icount and to the microsecond with icount.
"""
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import EXIT_KERNEL_PANIC, EXIT_LOADER_ERROR, kaal_version

# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

VERSION = kaal_version()

GIC = {
    "gicv2": ("qemu_virt_defconfig", 2),
    "gicv3": ("qemu_virt_gicv3_defconfig", 3),
}
MEMORY_MIB = {"128M": 128, "2G": 2048}

# The boot tick test is off by default (it waits in real time); the tests
# that check the tick ask for it on the kernel command line.
TICK_TEST = 100
TICK_TEST_ARG = "kaal.ticktest=%d" % TICK_TEST


def machine_for(gic_version, virtualization):
    return "virt,gic-version=%d,virtualization=%s" % (
        gic_version, "on" if virtualization else "off")


def find(pattern, log, what):
    """The match of @pattern in the log; fails naming @what if absent."""
    m = re.search(pattern, log, re.M)
    assert m, "no %s in the serial log (pattern %r)" % (what, pattern)
    return m


def check_clean_exit(res):
    assert not res.timed_out, "QEMU did not stop within the timeout"
    assert res.returncode == 0, \
        "QEMU exited with status %s, not 0 (PSCI SYSTEM_OFF)" % res.returncode
    assert not re.search("panic", res.log, re.I), "the log mentions a panic"
    assert "Unhandled" not in res.log
    assert not re.search(r"^TEST \S+ FAIL", res.log, re.M), \
        "a user-level test failed"
    find(r"powering off", res.log, "power-off message")


def check_banner(log, conf):
    find(r"^KaaL %s \(%s\)" % (re.escape(VERSION),
                               re.escape(conf["CONFIG_BOARD_NAME"])),
         log, "banner")
    return find(r"^config: .*$", log, "config line").group(0)


def tick_line(log):
    m = find(r"^timer: (\d+) ticks in (\d+) us \(expected (\d+) us at "
             r"(\d+) Hz", log, "timer line")
    return tuple(int(g) for g in m.groups())


def check_ticks(log, conf, tolerance):
    ticks, took, expected, hz = tick_line(log)
    want_ticks = TICK_TEST
    assert ticks == want_ticks
    assert hz == int(conf["CONFIG_HZ"])
    assert expected == want_ticks * 1000000 // hz
    assert abs(took - expected) <= tolerance * expected, \
        "%d ticks took %d us of QEMU time, expected %d us" % (ticks, took,
                                                             expected)


def check_normal_boot(res, build, gic_version=None, entry_el=1, smp=1,
                      memory_mib=128):
    log, conf = res.log, build.config
    check_clean_exit(res)
    find(r"^KaaL loader %s: entered at EL%d\b" % (re.escape(VERSION),
                                                   entry_el),
         log, "loader line for EL%d" % entry_el)
    config_line = check_banner(log, conf)
    if gic_version:
        assert "irqchip=GICv%d " % gic_version in config_line
    m = find(r"^boot: entered at EL(\d), (\d+) CPU\(s\) in the devicetree",
             log, "boot line")
    assert int(m.group(1)) == entry_el
    assert int(m.group(2)) == smp
    m = find(r"^memory: (\d+) MiB total", log, "memory total")
    assert int(m.group(1)) == memory_mib
    m = find(r"^irq: GICv(\d) with (\d+) lines, timer tick at (\d+) Hz", log,
             "irq line")
    if gic_version:
        assert int(m.group(1)) == gic_version
    lines = int(m.group(2))
    assert lines >= 64 and lines % 32 == 0 and lines <= 1020, \
        "implausible number of interrupt lines %d" % lines
    assert int(m.group(3)) == int(conf["CONFIG_HZ"])
    check_ticks(log, conf, tolerance=0.5)
    return config_line


# ---------------------------------------------------------------------------
# The matrix

@pytest.mark.parametrize("cpu", ["cortex-a53", "cortex-a72"])
@pytest.mark.parametrize("memory", ["128M", "2G"])
@pytest.mark.parametrize("smp", [1, 4], ids=["smp1", "smp4"])
@pytest.mark.parametrize("virt", [False, True], ids=["el1", "el2"])
@pytest.mark.parametrize("gic", sorted(GIC))
def test_boot_matrix(kaal_build, boot, gic, virt, smp, memory, cpu):
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig, ["demo.config"])
    res = boot(build, append=TICK_TEST_ARG,
               machine=machine_for(version, virt), cpu=cpu,
               memory=memory, smp=smp, timeout=90)
    check_normal_boot(res, build, gic_version=version,
                      entry_el=2 if virt else 1, smp=smp,
                      memory_mib=MEMORY_MIB[memory])


@pytest.mark.parametrize("gic", sorted(GIC))
def test_default_qemu_settings(kaal_build, boot, gic):
    """With no overrides, the board's CONFIG_QEMU_* settings boot."""
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig, ["demo.config"])
    res = boot(build, append=TICK_TEST_ARG)
    assert "gic-version=%d" % version in " ".join(res.cmd)
    check_normal_boot(res, build, gic_version=version)


@pytest.mark.parametrize("gic", sorted(GIC))
def test_icount_tick_is_exact_and_deterministic(kaal_build, boot, gic):
    """Under -icount QEMU's clock is instructions, not host time: the tick
    test must report the expected time, and two runs print the same."""
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig, ["demo.config"])
    first = boot(build, append=TICK_TEST_ARG, icount=True)
    check_normal_boot(first, build, gic_version=version)
    check_ticks(first.log, build.config, tolerance=0.00002)    # 20 us
    second = boot(build, append=TICK_TEST_ARG, icount=True)
    check_clean_exit(second)
    assert tick_line(first.log) == tick_line(second.log)
    assert first.log == second.log


# ---------------------------------------------------------------------------
# Kernel self-tests: deliberate faults that must end in a reported panic,
# after which QEMU exits with EXIT_KERNEL_PANIC (semihosting) at once

SELFTESTS = ["null", "write-text", "write-rodata", "exec-data", "undef",
             "stack-overflow"]
END_OF_PANIC = r"---\[ end Kernel panic \]---"
KERNEL_VBASE = 0xffffff8000000000
PAGE_SIZE = 4096

EC_UNKNOWN, EC_IABT_CUR, EC_DABT_CUR = 0x00, 0x21, 0x25


def check_registers(log):
    for i in range(0, 30, 2):
        find(r"^x%-2d: [0-9a-f]{16}  x%-2d: [0-9a-f]{16}$" % (i, i + 1), log,
             "registers x%d/x%d" % (i, i + 1))
    find(r"^x30: [0-9a-f]{16}  sp : [0-9a-f]{16}$", log, "x30 and sp")
    return int(find(r"^elr: ([0-9a-f]{16})  spsr: [0-9a-f]{16}$", log,
                    "elr line").group(1), 16)


def check_panic_ends_log(log, message):
    """The panic message, its end line, and nothing after them: a fault
    while stopping the machine is not reported again."""
    find(r"^Kernel panic: %s$" % message, log, "panic message")
    m = find(END_OF_PANIC, log, "end of panic")
    assert log[m.end():].strip() == "", \
        "output after the panic: %r" % log[m.end():]
    assert len(re.findall(r"^Kernel panic: ", log, re.M)) == 1


def check_fault_report(log):
    """The common part of every kernel fault report; returns ESR, FAR and
    ELR."""
    find(r"Unhandled kernel exception \(EL1h sync\)", log,
         "unhandled exception report")
    m = find(r"ESR=0x([0-9a-f]+) FAR=0x([0-9a-f]{16}) ELR=0x([0-9a-f]{16})",
             log, "ESR/FAR/ELR line")
    esr, far, elr = (int(g, 16) for g in m.groups())
    assert check_registers(log) == elr
    check_panic_ends_log(log, "fatal exception in the kernel")
    assert elr >= KERNEL_VBASE, "ELR 0x%x is not a kernel address" % elr
    return esr, far, elr


def check_stack_overflow_report(log):
    """The overflow is reported from the overflow stack: the SP it was
    taken at is near the stack's bottom, the fault address in the guard
    page right below it. Returns ESR, FAR, ELR."""
    guard = selftest_address(log)
    m = find(r"^Kernel stack overflow: SP=0x([0-9a-f]{16}), the stack is "
             r"0x([0-9a-f]{16})-0x([0-9a-f]{16}), guard page from "
             r"0x([0-9a-f]{16})$", log, "stack overflow report")
    sp, lo, hi, guard_reported = (int(g, 16) for g in m.groups())
    assert guard_reported == guard and lo == guard + PAGE_SIZE and hi > lo
    assert guard <= sp < lo + PAGE_SIZE, "SP 0x%x not at the stack's " \
        "bottom 0x%x" % (sp, lo)
    m = find(r"^data abort, translation fault: ESR=0x([0-9a-f]+) "
             r"FAR=0x([0-9a-f]{16}) ELR=0x([0-9a-f]{16})$", log,
             "fault line of the overflow")
    esr, far, elr = (int(g, 16) for g in m.groups())
    assert esr >> 26 == EC_DABT_CUR
    assert guard <= far < lo, "FAR 0x%x not in the guard page" % far
    assert check_registers(log) == elr
    assert "Unhandled kernel exception" not in log
    check_panic_ends_log(log, "kernel stack overflow")
    return esr, far, elr


def selftest_address(log):
    m = find(r"^selftest: .* at 0x([0-9a-f]{16})$", log,
             "self-test target address")
    return int(m.group(1), 16)


@pytest.mark.parametrize("name", SELFTESTS)
@pytest.mark.parametrize("gic", sorted(GIC))
def test_kernel_selftest(kaal_build, boot, gic, name):
    build = kaal_build(GIC[gic][0], ["demo.config"])
    assert build.config.get("CONFIG_DEBUG_KERNEL") == "y"
    assert build.config.get("CONFIG_SEMIHOSTING_EXIT") == "y"
    res = boot(build, append="kaal.selftest=%s" % name,
               expect_status=EXIT_KERNEL_PANIC)
    assert res.exited, "QEMU did not exit by itself after the panic"
    log = res.log
    assert 'command line "kaal.selftest=%s"' % name in log
    assert "FAIL (no exception)" not in log
    if name == "stack-overflow":
        check_stack_overflow_report(log)
        return
    esr, far, elr = check_fault_report(log)
    ec = esr >> 26
    if name == "null":
        assert ec == EC_DABT_CUR
        find(r"data abort, translation fault", log, "translation fault")
        assert far == 0
        find(r"^read access at 0x0{16}$", log, "read access line")
    elif name in ("write-text", "write-rodata"):
        target = selftest_address(log)
        assert target >= KERNEL_VBASE
        assert ec == EC_DABT_CUR
        assert esr & (1 << 6), "ESR.WnR clear: not a write"
        find(r"data abort, permission fault", log, "permission fault")
        assert far == target
        find(r"^write access at 0x%016x$" % target, log, "write access line")
    elif name == "exec-data":
        target = selftest_address(log)
        assert ec == EC_IABT_CUR
        find(r"instruction abort, permission fault", log,
             "instruction abort permission fault")
        assert far == target and elr == target
    elif name == "undef":
        assert ec == EC_UNKNOWN
        find(r"\(EL1h sync\): undefined instruction$", log,
             "undefined instruction")


# The IPI self-test of SMP kernels (Documentation/kernel-selftest.rst): the
# boot CPU sends itself IPI_RESCHEDULE with IRQs masked and finds it at its
# interrupt controller. On virt with one CPU the GICv2 is uniprocessor (no
# target registers: the driver uses TargetListFilter "self"), with two it
# uses the CPU's target list bit. The IPI's interrupt number: SGI 0, or
# mailbox 0 (local source 4) on the BCM2836.
IPI_SELFTEST = {
    "gicv2-smp1": ("qemu_virt_defconfig", 1, 0),
    "gicv2-smp2": ("qemu_virt_defconfig", 2, 0),
    "gicv3-smp1": ("qemu_virt_gicv3_defconfig", 1, 0),
    "gicv3-smp2": ("qemu_virt_gicv3_defconfig", 2, 0),
    "raspi3b": ("rpi3_defconfig", None, 4),
}


@pytest.mark.parametrize("board", sorted(IPI_SELFTEST))
def test_ipi_selftest(kaal_build, boot, board):
    defconfig, smp, irq = IPI_SELFTEST[board]
    build = kaal_build(defconfig, ["demo.config", "smp.config"])
    assert build.config.get("CONFIG_SMP") == "y"
    res = boot(build, smp=smp, append="kaal.selftest=ipi", timeout=120)
    check_clean_exit(res)
    m = find(r"^selftest: ipi: IPI 0 to CPU 0 acknowledged as interrupt "
             r"(\d+) after \d+ us$", res.log, "IPI delivery line")
    assert int(m.group(1)) == irq
    find(r"^selftest: ipi: PASS$", res.log, "IPI self-test result")
    assert not re.search(r"^selftest: .*FAIL", res.log, re.M)


@pytest.mark.parametrize("name", ["null", "stack-overflow"])
def test_panic_without_semihosting_powers_off(kaal_build, boot, name):
    """QEMU without semihosting, like real hardware: the exit call is an
    undefined instruction, which is not reported again; the kernel then
    powers off through PSCI (status 0) instead of spinning."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    res = boot(build, append="kaal.selftest=%s" % name, semihosting=False,
               timeout=90)
    assert "-semihosting-config" not in res.cmd
    assert res.exited, "QEMU did not power off after the panic"
    if name == "stack-overflow":
        check_stack_overflow_report(res.log)
    else:
        check_fault_report(res.log)
    assert len(re.findall("Unhandled kernel exception", res.log)) <= 1


@pytest.mark.parametrize("semihosting", [True, False],
                         ids=["semihosting", "watchdog"])
def test_panic_on_raspi3b(kaal_build, boot, semihosting):
    """The Raspberry Pi 3 on QEMU raspi3b has no PSCI: a stack overflow
    exits with the panic status through semihosting, or without it powers
    off through the PM watchdog."""
    build = kaal_build("rpi3_defconfig", ["demo.config"])
    res = boot(build, smp=None, append="kaal.selftest=stack-overflow",
               semihosting=semihosting, timeout=120,
               expect_status=EXIT_KERNEL_PANIC if semihosting else 0)
    assert res.exited, "QEMU did not exit by itself after the panic"
    check_stack_overflow_report(res.log)


@pytest.mark.parametrize("gic", sorted(GIC))
def test_wrong_gic_exits_with_loader_error(kaal_build, boot, gic):
    """An image booted on a machine with the other GIC version: the loader
    says so, naming this machine's controller and both ways out (the
    -machine the image was built for, or a build for this machine), and
    QEMU exits at once with EXIT_LOADER_ERROR, not after the timeout."""
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig, ["demo.config"])
    timeout = 90
    res = boot(build, machine=machine_for(5 - version, False),
               timeout=timeout, expect_status=EXIT_LOADER_ERROR)
    assert res.exited, "QEMU did not exit by itself"
    # Seconds at most, whatever the host: the timeout is never approached.
    assert res.elapsed < timeout / 3, "took %.1f s" % res.elapsed
    conf = build.config
    theirs = {2: "arm,gic-v3", 3: "arm,cortex-a15-gic"}[version]
    find(r'^loader: error: this image was built for an interrupt '
         r'controller "arm,[a-z0-9-]+" \(board qemu-virt, devicetree '
         r'%s\.dts\) but this machine\'s is "%s"\.$'
         % (re.escape(conf["CONFIG_BOARD_DTS"]), re.escape(theirs)),
         res.log, "loader error naming both controllers")
    find(r"^loader: Boot it on the machine it was built for \(QEMU: "
         r"-machine %s, as `make run` does\), or build it for this one: "
         r"pick the board and interrupt controller with `make menuconfig`"
         % re.escape(conf["CONFIG_QEMU_MACHINE"]), res.log,
         "advice on what to change")
    find(r"^loader: stopped\.$", res.log, "loader stop line")
    assert not re.search(r"^KaaL %s \(" % re.escape(VERSION), res.log, re.M), \
        "the kernel started"


def test_wrong_gic_without_semihosting_powers_off(kaal_build, boot):
    """Without semihosting the loader still stops QEMU, through PSCI
    (status 0), after its message."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    res = boot(build, machine=machine_for(3, True), semihosting=False,
               timeout=90)
    assert res.exited, "QEMU did not power off after the loader error"
    find(r"^loader: error: this image was built for .* but this "
         r"machine's is \"arm,gic-v3\"", res.log, "loader error")
    find(r"^loader: Boot it on the machine it was built for", res.log,
         "advice on what to change")
    assert res.log.rstrip().endswith("loader: stopped.")


def test_unknown_selftest_is_reported(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    res = boot(build, append="kaal.selftest=no-such-test")
    check_clean_exit(res)
    find(r'selftest: unknown test "no-such-test"', res.log,
         "unknown self-test message")


# ---------------------------------------------------------------------------
# Configuration fragments

def test_round_robin_fragment(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config", "rr.config"])
    assert build.config.get("CONFIG_SCHED_RR") == "y"
    res = boot(build, append=TICK_TEST_ARG)
    line = check_normal_boot(res, build, gic_version=2)
    assert "scheduler=round-robin" in line


def test_default_scheduler_is_fixed_priority(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    res = boot(build, append=TICK_TEST_ARG)
    line = check_normal_boot(res, build, gic_version=2)
    assert "scheduler=fixed-priority" in line
    assert "fastpath=y" in line and "debug=y" in line
    assert "fpu=lazy" in line


def test_nofastpath_fragment(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config", "nofastpath.config"])
    assert "CONFIG_IPC_FASTPATH" not in build.config
    res = boot(build, append=TICK_TEST_ARG)
    line = check_normal_boot(res, build, gic_version=2)
    assert "fastpath=n" in line


def test_eagerfp_fragment(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config", "eagerfp.config"])
    assert build.config.get("CONFIG_FPU_EAGER") == "y"
    assert "CONFIG_FPU_LAZY" not in build.config
    res = boot(build, append=TICK_TEST_ARG)
    line = check_normal_boot(res, build, gic_version=2)
    assert "fpu=eager" in line


def test_debug_fragment(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config", "debug.config"])
    res = boot(build, append=TICK_TEST_ARG)
    line = check_normal_boot(res, build, gic_version=2)
    assert "loglevel=7" in line and "debug=y" in line


def test_release_fragment(kaal_build, boot):
    """release.config: debug=n, and at log level 4 no informational
    messages. Without the debug system calls the root task cannot power
    the machine off; with CONFIG_POWEROFF_WHEN_DEAD the kernel does once
    no thread can run. Without it the boot is stopped after a while (under
    icount, idle time costs nothing); it must not panic meanwhile."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config", "release.config"])
    conf = build.config
    assert "CONFIG_DEBUG_KERNEL" not in conf
    assert "CONFIG_DEBUG_SYSCALLS" not in conf
    assert conf["CONFIG_KERNEL_LOG_LEVEL"] == "4"
    if conf.get("CONFIG_POWEROFF_WHEN_DEAD") == "y":
        res = boot(build, append="kaal.selftest=null")
        assert res.exited_cleanly, "QEMU did not power off (timed out: " \
            "%s, status %s)" % (res.timed_out, res.returncode)
    else:
        res = boot(build, append="kaal.selftest=null", icount=True,
                   timeout=10)
        assert res.timed_out or res.returncode == 0, \
            "QEMU failed with status %s" % res.returncode
    assert not re.search("panic", res.log, re.I)
    assert "Unhandled kernel exception" not in res.log
    find(r"^KaaL loader %s: entered at EL1" % re.escape(VERSION), res.log,
         "loader line")
    assert not re.search(r"^(KaaL %s|config|timer|irq|memory|selftest)[: ]"
                         % re.escape(VERSION), res.log, re.M), \
        "pr_info messages printed at CONFIG_KERNEL_LOG_LEVEL=4"


def test_release_fragment_verbose(kaal_build, boot):
    """release.config with the log level raised to 6, to see the banner:
    a debug=n kernel boots through the tick test to its root task, and
    ignores kaal.selftest= (the self-tests are not built in)."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config", "release.config"],
                       config={"CONFIG_KERNEL_LOG_LEVEL": "6"})
    res = boot(build, append="kaal.selftest=null " + TICK_TEST_ARG,
               until=r"boot: root task: entry|powering off")
    assert res.matched or res.exited_cleanly, \
        "the kernel did not start its root task"
    line = check_banner(res.log, build.config)
    assert "debug=n" in line and "debug-syscalls=n" in line
    assert "loglevel=6" in line
    check_ticks(res.log, build.config, tolerance=0.5)
    assert not re.search(r"^selftest:", res.log, re.M)
    assert not re.search("panic", res.log, re.I)


def test_hz_250(kaal_build, boot):
    """CONFIG_HZ changed in .config (make olddefconfig): the tick runs at
    250 Hz, so 100 ticks take 0.4 s of QEMU time."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config"], config={"CONFIG_HZ": "250"})
    res = boot(build, append=TICK_TEST_ARG)
    line = check_normal_boot(res, build, gic_version=2)
    assert "hz=250" in line
    find(r"timer tick at 250 Hz", res.log, "250 Hz tick")
    ticks, took, expected, hz = tick_line(res.log)
    assert (hz, expected) == (250, 400000)


def test_hz_250_icount(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config"], config={"CONFIG_HZ": "250"})
    res = boot(build, append=TICK_TEST_ARG, icount=True)
    check_normal_boot(res, build, gic_version=2)
    check_ticks(res.log, build.config, tolerance=0.00005)


def test_no_tick_test_by_default(kaal_build, boot):
    """The tick test waits a second: only kaal.ticktest= asks for it
    (CONFIG_BOOT_TICK_TEST is 0 unless a configuration sets it)."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    assert build.config.get("CONFIG_BOOT_TICK_TEST") == "0"
    res = boot(build)
    check_clean_exit(res)
    assert not re.search(r"^timer: ", res.log, re.M), \
        "a tick test without kaal.ticktest="


def test_bad_tick_test_value_is_reported(kaal_build, boot):
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    res = boot(build, append="kaal.ticktest=10001")
    check_clean_exit(res)
    find(r"^timer: kaal\.ticktest= takes a number of ticks from 0 to 10000; "
         r"counting 0$", res.log, "warning about the value")
    assert not re.search(r"^timer: \d+ ticks in ", res.log, re.M)



# ---------------------------------------------------------------------------
# Secure-world machines and entry at EL3 (Documentation/boot.rst, "What runs
# at which exception level"). The default system (the shell) boots to its
# prompt; the tests stop QEMU there. Under icount, so the tick test is
# exact whatever the host's load.

SHELL_PROMPT = r"kaal> "


def check_shell_boot(res, build, gic_version, entry_el):
    log = res.log
    assert res.matched, "no shell prompt (timed out: %s, exit status %s)" \
        % (res.timed_out, res.returncode)
    assert not re.search("panic|error", log, re.I), \
        "the log mentions a panic or an error"
    find(r"^KaaL loader %s: entered at EL%d\b" % (re.escape(VERSION),
                                                   entry_el),
         log, "loader line for EL%d" % entry_el)
    line = check_banner(log, build.config)
    assert "irqchip=GICv%d " % gic_version in line
    check_ticks(log, build.config, tolerance=0.00002)
    find(r"^console: PL011 at 0x9000000 ", log, "console driver on 0x9000000")
    # The secure RAM QEMU describes (disabled) is not RAM for us.
    for m in re.finditer(r"^memory: RAM +0x([0-9a-f]+)", log, re.M):
        assert int(m.group(1), 16) >= 0x40000000, \
            "secure or disabled memory used as RAM:\n" + m.group(0)


@pytest.mark.parametrize("virt", [False, True], ids=["el1", "el2"])
@pytest.mark.parametrize("gic", sorted(GIC))
def test_secure_world_machine(kaal_build, boot, gic, virt):
    """-M virt,secure=on: QEMU's devicetree lists a disabled secure UART
    and disabled secure RAM first. QEMU itself plays the firmware for a
    -kernel Image and enters it Non-secure at EL2 (virtualization=on) or
    EL1."""
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig)
    res = boot(build, append=TICK_TEST_ARG,
               machine=machine_for(version, virt) + ",secure=on",
               until=SHELL_PROMPT, icount=True)
    check_shell_boot(res, build, version, entry_el=2 if virt else 1)


@pytest.mark.parametrize("gic", sorted(GIC))
def test_secure_world_powers_off(kaal_build, boot, gic):
    """With secure=on QEMU offers no PSCI: a system that ends (the demo)
    still powers off, through semihosting, with status 0."""
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig, ["demo.config"])
    res = boot(build, machine=machine_for(version, False) + ",secure=on",
               icount=True)
    assert res.exited_cleanly, "QEMU did not power off (timed out: %s, " \
        "status %s)" % (res.timed_out, res.returncode)
    find(r"^root task: done", res.log, "the demo's end")


def el3_shim(build, ram_base=0x40000000):
    """tests/boot/el3_shim.S assembled for @build's Image into its object
    tree; returns the QEMU arguments that start it at EL3."""
    text_offset = int(build.config["CONFIG_LOADER_TEXT_OFFSET"], 0)
    shim_at = ram_base + (96 << 20)
    # Named after this process: pytest-xdist workers may boot the same
    # build at once (the shim is the same for both, but not half-written).
    obj = build.dir / ("el3-shim-%d.o" % os.getpid())
    out = obj.with_suffix(".bin")
    src = Path(__file__).with_name("el3_shim.S")
    defs = {"DTB_SRC": ram_base, "DTB_DST": ram_base + (64 << 20),
            "IMAGE_DST": ram_base + text_offset}
    args = ["aarch64-linux-gnu-as", "-I", str(build.dir), "-o", str(obj)]
    for k, v in defs.items():
        args += ["--defsym", "%s=%#x" % (k, v)]
    subprocess.run(args + [str(src)], check=True)
    subprocess.run(["aarch64-linux-gnu-objcopy", "-O", "binary", str(obj),
                    str(out)], check=True)
    return ["-device", "loader,file=%s,addr=%#x,cpu-num=0" % (out, shim_at)]


@pytest.mark.parametrize("virt", [False, True], ids=["noel2", "el2"])
@pytest.mark.parametrize("gic", sorted(GIC))
def test_el3_entry(kaal_build, boot, gic, virt):
    """Entered at EL3 in Secure state with nothing before us but a boot
    ROM (el3_shim.S): the loader configures the GIC and SCR_EL3 as
    firmware would, and drops to EL2 if there is one, else to EL1. The
    timer's interrupt must then reach the Non-secure world: without
    -kernel QEMU takes no -append, so the tick test is configured in
    (CONFIG_BOOT_TICK_TEST, the count when the command line is silent)."""
    defconfig, version = GIC[gic]
    build = kaal_build(defconfig,
                       config={"CONFIG_BOOT_TICK_TEST": str(TICK_TEST)})
    res = boot(build, machine=machine_for(version, virt) + ",secure=on",
               kernel=False, extra=el3_shim(build), until=SHELL_PROMPT,
               icount=True)
    check_shell_boot(res, build, version, entry_el=3)


def test_disabled_nodes_dts(kaal_build, boot):
    """tests/boot/disabled-nodes.dts: a disabled duplicate UART and
    disabled memory listed first, /reserved-memory in its own cells with
    one disabled region, stdout-path naming the console."""
    build = kaal_build("qemu_virt_defconfig")
    dtb = build.dir / "disabled-nodes.dtb"
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-i",
                    str(build.srctree / "arch" / "arm64" / "boot" / "dts"),
                    "-o", str(dtb),
                    str(Path(__file__).with_name("disabled-nodes.dts"))],
                   check=True)
    res = boot(build, append=TICK_TEST_ARG, extra=["-dtb", str(dtb)],
               until=SHELL_PROMPT, icount=True)
    check_shell_boot(res, build, 2, entry_el=1)
    log = res.log
    find(r"^loader: reserved 0x0047f00000-0x0047ffffff reserved-mem$", log,
         "the enabled /reserved-memory region")
    assert "0x0047e00000" not in log, "a disabled reserved region was kept"
    assert not re.search(r"^loader: RAM +0x000e000000", log, re.M)
