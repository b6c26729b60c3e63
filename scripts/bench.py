#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the KaaL benchmarks (`make bench`, Documentation/benchmarks.rst).

Builds the benchmark root task (user/root/bench) on a release kernel three
times, and the default system once, in <objtree>/bench-out/:

  fastpath   qemu_virt_defconfig bench.config
  slowpath   qemu_virt_defconfig bench.config nofastpath.config
  eagerfp    qemu_virt_defconfig bench.config eagerfp.config
  smp        qemu_virt_defconfig bench.config smp4.config (four CPUs)
  boot       qemu_virt_defconfig release.config bootbench.config (the shell)

boots each under QEMU with -icount (instructions are then exact and the
same on every run), collects the "BENCH" lines the benchmark root task
prints and the instruction counts at which the default system's root
task first prints and its shell first prompts, prints a table beside
seL4's figures and writes the merged results as JSON
(<objtree>/bench.json). Exits non-zero if a build, a boot or a benchmark
failed.

The smp build boots twice: under -icount, for the same figures on the
SMP kernel and the round trips within and across CPUs; and without it,
on QEMU's multi-threaded TCG with "bench.scale" on the command line, for
the scaling runs (N client/server pairs on N CPUs; wall-clock figures of
this host, not instruction counts, so never compared).

--compare BASELINE then prints each figure against BASELINE's
(scripts/bench_report.py; `make bench-compare`), --save-docs writes the
results to Documentation/bench/ (`make bench-save`).
"""
import argparse
import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import qemu  # noqa: E402  (scripts/qemu.py)
import bench_report  # noqa: E402  (scripts/bench_report.py)

QEMU_MACHINE = "virt,gic-version=2"
QEMU_CPU = "cortex-a53"
DEFCONFIG = "qemu_virt_defconfig"

BUILDS = {
    "fastpath": [DEFCONFIG, "bench.config"],
    "slowpath": [DEFCONFIG, "bench.config", "nofastpath.config"],
    "eagerfp": [DEFCONFIG, "bench.config", "eagerfp.config"],
    "smp": [DEFCONFIG, "bench.config", "smp4.config"],
    "boot": [DEFCONFIG, "release.config", "bootbench.config"],
}

# seL4's figures, measured with sel4bench the same way (QEMU 7.2, -cpu
# cortex-a53, -icount shift=0, release build): instructions, one way.
SEL4_SOURCE = ("sel4bench on seL4, QEMU 7.2 virt, -cpu cortex-a53, "
               "-icount shift=0,align=off,sleep=off, release build")

# The table: (figure, description, path, build, BENCH name, seL4).
FIGURES = [
    ("ipc_call_fastpath", "IPC call, one way, 0 words", "fast",
     "fastpath", "ipc_call", 191),
    ("ipc_reply_recv_fastpath", "IPC reply_recv, one way, 0 words", "fast",
     "fastpath", "ipc_reply_recv", 215),
    ("ipc_call_slowpath", "IPC call, one way, 0 words", "generic",
     "slowpath", "ipc_call", 630),
    ("ipc_reply_recv_slowpath", "IPC reply_recv, one way, 0 words",
     "generic", "slowpath", "ipc_reply_recv", 614),
    ("ipc_call_6", "IPC call, one way, 6 words", "fast",
     "fastpath", "ipc_call_6", None),
    ("ipc_reply_recv_6", "IPC reply_recv, one way, 6 words", "fast",
     "fastpath", "ipc_reply_recv_6", None),
    ("ipc_call_7", "IPC call, one way, 7 words", "generic",
     "fastpath", "ipc_call_7", None),
    ("ipc_reply_recv_7", "IPC reply_recv, one way, 7 words", "generic",
     "fastpath", "ipc_reply_recv_7", None),
    ("ipc_call_10", "IPC call, one way, 10 words", "generic",
     "fastpath", "ipc_call_10", 703),
    ("ipc_reply_recv_10", "IPC reply_recv, one way, 10 words", "generic",
     "fastpath", "ipc_reply_recv_10", 687),
    ("signal_high", "signal -> higher-priority waiter", "-",
     "fastpath", "signal_high", 659),
    ("yield", "yield to a thread, same space", "-",
     "fastpath", "yield", 329),
    ("yield_process", "yield to a thread, other space", "-",
     "fastpath", "yield_process", None),
    ("context_switch", "context switch (yield ping-pong)", "-",
     "fastpath", "context_switch", None),
    ("context_switch_fp", "context switch, both use FP", "-",
     "fastpath", "context_switch_fp", None),
    ("context_switch_fp_idle", "context switch, FP users idle", "-",
     "fastpath", "context_switch_fp_idle", None),
    ("null_syscall", "null system call (unknown number)", "-",
     "fastpath", "null_syscall", None),
    ("yield_self", "yield, no other thread", "-",
     "fastpath", "yield_self", None),
    ("foreign_syscall", "foreign system call: fault + reply", "-",
     "fastpath", "foreign_syscall", None),
    ("irq_delivery", "interrupt -> waiting thread", "-",
     "fastpath", "irq_delivery", None),
    ("map", "memory_map, 4 KiB page", "-", "fastpath", "map", 561),
    ("unmap", "memory_unmap, 4 KiB page", "-", "fastpath", "unmap", None),
    ("retype", "retype, one 4 KiB page", "-", "fastpath", "retype", None),
    # Bulk data: one ring-full through a shared-memory ring between two
    # address spaces, and the same bytes copied without a ring (ring.c).
    ("ring_256", "ring, 128 x 256 B slots (32256 B)", "-", "fastpath",
     "ring_256", None),
    ("ring_4096", "ring, 8 x 4 KiB slots (32736 B)", "-", "fastpath",
     "ring_4096", None),
    ("ring_copy", "memcpy, no ring (32256 B)", "-", "fastpath",
     "ring_copy", None),
    # The zero-copy queues (queue.c): 8 buffers of 4 KiB, filled by a
    # memcpy on one side and checksummed in place on the other.
    ("queue_4096", "queues, 8 x 4 KiB buffers (32768 B)", "-",
     "fastpath", "queue_4096", None),
    # FP/SIMD switched eagerly (eagerfp.config) instead of lazily.
    ("context_switch_eagerfp", "context switch (yield ping-pong)", "-",
     "eagerfp", "context_switch", None),
    ("context_switch_fp_eagerfp", "context switch, both use FP",
     "-", "eagerfp", "context_switch_fp", None),
    ("context_switch_fp_idle_eagerfp", "context switch, FP users idle",
     "-", "eagerfp", "context_switch_fp_idle", None),
    ("ipc_call_fastpath_eagerfp", "IPC call, one way, 0 words", "fast",
     "eagerfp", "ipc_call", None),
    ("ipc_reply_recv_fastpath_eagerfp", "IPC reply_recv, one way, 0 words",
     "fast", "eagerfp", "ipc_reply_recv", None),
    # The SMP kernel (smp4.config: four CPUs, the big kernel lock), the
    # operations above on one CPU, and round trips within and across CPUs
    # (user/root/bench/smp.c): under -icount QEMU runs the CPUs in turn,
    # so a cross-CPU figure is every instruction any CPU executed.
    ("null_syscall_smp", "null syscall", "-", "smp", "null_syscall", None),
    ("ipc_call_fastpath_smp", "IPC call, one way, 0 words", "fast", "smp",
     "ipc_call", None),
    ("ipc_reply_recv_fastpath_smp", "IPC reply_recv, one way, 0 words",
     "fast", "smp", "ipc_reply_recv", None),
    ("ipc_call_slowpath_smp", "IPC call, one way, 10 words", "generic",
     "smp", "ipc_call_10", None),
    ("signal_high_smp", "signal -> higher-priority waiter", "-", "smp",
     "signal_high", None),
    ("smp_ipc_rtt_same", "IPC call + reply, same CPU", "fast", "smp",
     "smp_ipc_rtt_same", None),
    ("smp_ipc_rtt_cross", "IPC call + reply, across CPUs", "generic",
     "smp", "smp_ipc_rtt_cross", None),
    ("smp_signal_rtt_same", "signal + signal back, same CPU", "-", "smp",
     "smp_signal_rtt_same", None),
    ("smp_signal_rtt_cross", "signal + signal back, across CPUs", "-",
     "smp", "smp_signal_rtt_cross", None),
]

# The scaling runs (user/root/bench/smp.c, bench_smp_scale): the smp
# build booted again without -icount, one host thread per CPU.
SCALE_APPEND = "bench.scale"
SCALE_ACCEL = ["-accel", "tcg,thread=multi"]
SCALE_LINE = re.compile(r"^BENCH_SCALE (.*)$", re.M)

# Figures of other systems that are not seL4's, shown beside ours as a
# reference: figure -> (system and call, instructions, where it is from).
REFERENCES = {
    "null_syscall": ("Linux getppid()", 511,
                     "Linux on the same QEMU command, as issue 14 of the "
                     "KaaL tracker quotes it"),
}

# The boot of the default system (the "boot" build): (figure,
# description, the root task's line that gives it, seL4's figure). Under
# -icount shift=0 the virtual counter advances one nanosecond per
# instruction, so the "t=<n> ns" a line carries is the number of
# instructions since QEMU started.
BOOT_FIGURES = [
    ("boot_first_output", "QEMU start -> first root-task output", "init",
     6400000),
    ("boot_prompt", "QEMU start -> shell prompt", "shell", None),
]
BOOT_PROMPT = "kaal> "

# Linux system calls through the personality (Documentation/linux.rst,
# "Cost"): in the boot build, once the shell prompts, the personality's
# test program /test/syscall-bench prints "BENCH <name> per_op=<n>", the
# virtual counter's nanoseconds per operation, which -icount shift=0
# makes instructions. (figure, description)
LINUX_BENCH = "linux /test/syscall-bench"
LINUX_FIGURES = [
    ("linux_getppid", "Linux getppid() via the personality"),
    ("linux_write_1", "Linux write(/dev/null, 1 byte)"),
    ("linux_page_fault", "Linux page fault, fresh anonymous page"),
    ("linux_fork_exit_wait", "Linux fork + exit + wait, 3-page process"),
    ("linux_pipe_trip_1", "Linux pipe round trip, 1 byte"),
    ("linux_pipe_trip_64k", "Linux pipe round trip, 64 KiB"),
    ("linux_signal", "Linux signal to itself, handler and return"),
]
# Variables a calling make exports; the nested builds must not see them.
MAKE_ENV_LEAKS = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
                  "MAKE_TERMOUT", "MAKE_TERMERR", "GNUMAKEFLAGS", "O", "V",
                  "srctree", "objtree", "KCONFIG_CONFIG", "KAAL_VERSION",
                  "KAAL_DEPS_CHECKED", "EXTRA_CFLAGS", "EXTRA_AFLAGS", "APP")

BENCH_LINE = re.compile(r"^BENCH (\S+) (.*)$", re.M)
FIELD = re.compile(r"(\w+)=(\S+)")


class BenchError(Exception):
    pass


def make(srctree, objdir, goals, jobs=None):
    env = {k: v for k, v in os.environ.items() if k not in MAKE_ENV_LEAKS}
    args = ["make", "--no-print-directory", "-C", str(srctree),
            "O=%s" % objdir]
    if jobs:
        args.append("-j%d" % jobs)
    args += goals
    if subprocess.run(args, env=env, stdin=subprocess.DEVNULL).returncode:
        raise BenchError("`%s` failed" % " ".join(args))


def build(srctree, objdir, label, goals, jobs, root_task="BENCH"):
    print("  BENCH   build %s: %s in %s" % (label, " ".join(goals), objdir),
          flush=True)
    objdir.mkdir(parents=True, exist_ok=True)
    make(srctree, objdir, goals)
    make(srctree, objdir, [], jobs)
    conf = qemu.read_config(str(objdir / "include" / "config" / "auto.conf"))
    if root_task and conf.get("CONFIG_ROOT_TASK_" + root_task) != "y":
        raise BenchError("%s: the configuration does not select the "
                         "benchmark root task" % objdir)
    return conf


def boot(objdir, conf, timeout, icount=True, append=None, extra=(),
         logname="bench.log"):
    """Run the build's Image under QEMU; returns (command, serial log)."""
    dtb = objdir / "arch" / "arm64" / "boot" / "dts" / (
        conf.get("CONFIG_BOARD_DTS", "") + ".dtb")
    cmd = qemu.qemu_command(conf, str(objdir / "Image"), str(dtb),
                            cpu=QEMU_CPU, machine=QEMU_MACHINE, icount=icount,
                            append=append, extra=extra)
    print("  QEMU    " + " ".join(cmd), flush=True)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, cwd=str(objdir))
        out, status = p.stdout, "exited with status %d" % p.returncode
        failed = p.returncode != 0
    except subprocess.TimeoutExpired as e:
        out, failed = e.output or b"", True
        status = "timed out after %ds" % timeout
    log = out.decode("utf-8", errors="replace").replace("\r\n", "\n")
    (objdir / logname).write_text("# %s\n# %s\n%s" % (" ".join(cmd),
                                                       status, log))
    if failed:
        raise BenchError("QEMU %s; serial log in %s" % (status,
                                                        objdir / logname))
    return cmd, log


def boot_to_prompt(objdir, conf, timeout, then=None):
    """Run the default system's Image under QEMU until the shell's first
    prompt (and, with @then, type that command and wait for the next
    prompt), then stop QEMU (the shell would wait for input forever);
    returns (command, serial log)."""
    dtb = objdir / "arch" / "arm64" / "boot" / "dts" / (
        conf.get("CONFIG_BOARD_DTS", "") + ".dtb")
    cmd = qemu.qemu_command(conf, str(objdir / "Image"), str(dtb),
                            cpu=QEMU_CPU, machine=QEMU_MACHINE, icount=True)
    print("  QEMU    " + " ".join(cmd), flush=True)
    out = b""
    status = None
    deadline = time.monotonic() + timeout
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if then else
                         subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         cwd=str(objdir))
    prompts = 2 if then else 1
    sent = False
    try:
        while status is None:
            left = deadline - time.monotonic()
            if left <= 0:
                status = "timed out after %ds" % timeout
            elif not select.select([p.stdout], [], [], left)[0]:
                continue
            else:
                chunk = os.read(p.stdout.fileno(), 65536)
                out += chunk
                if then and not sent and \
                        out.count(BOOT_PROMPT.encode()) == 1:
                    p.stdin.write(then.encode() + b"\r")
                    p.stdin.flush()
                    sent = True
                if out.count(BOOT_PROMPT.encode()) >= prompts:
                    status = "stopped at the %s prompt" % (
                        "second" if then else "first")
                elif not chunk:
                    status = "exited with status %d" % p.wait()
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        p.stdout.close()
        if p.stdin:
            p.stdin.close()
    log = out.decode("utf-8", errors="replace").replace("\r\n", "\n")
    (objdir / "bench.log").write_text("# %s\n# %s\n%s" % (" ".join(cmd),
                                                          status, log))
    return cmd, log


def parse_boot(log, where):
    """The boot figures of a serial log: {figure: (instructions, line)}.
    The first line of the root task's "init: " lines that carries
    "t=<n> ns", and the first such "shell: " line before the first prompt.
    """
    head, prompt, _ = log.partition(BOOT_PROMPT)
    found = {}
    for key, _, prefix, _ in BOOT_FIGURES:
        pattern = r"^%s: .*\bt=(\d+) ns\b" % prefix
        m = re.search(pattern, head, re.M)
        if not m:
            raise BenchError("%s: no line matching `%s`%s" % (
                where, pattern, " before the first `%s`" % BOOT_PROMPT
                if prompt else " (and no `%s` prompt)" % BOOT_PROMPT))
        line = head[m.start():].split("\n", 1)[0].rstrip()
        found[key] = (int(m.group(1)), line)
    if not prompt:
        raise BenchError("%s: no `%s` prompt" % (where, BOOT_PROMPT))
    return found


def parse(log, where):
    """The BENCH lines of a serial log: {name: {field: int}}, and the
    BENCH_BEGIN and BENCH_OVERHEAD fields."""
    if "BENCH_END" not in log:
        raise BenchError("%s: no BENCH_END line: the benchmarks did not "
                         "finish" % where)
    fails = re.findall(r"^BENCH_FAIL .*$", log, re.M)
    if fails:
        raise BenchError("%s:\n  %s" % (where, "\n  ".join(fails)))
    results = {}
    for name, fields in BENCH_LINE.findall(log):
        results[name] = {k: int(v) for k, v in FIELD.findall(fields)}
    begin = re.search(r"^BENCH_BEGIN (.*)$", log, re.M)
    over = re.search(r"^BENCH_OVERHEAD (.*)$", log, re.M)
    if not begin or not over:
        raise BenchError("%s: no BENCH_BEGIN or BENCH_OVERHEAD line" % where)
    info = {k: int(v) if v.isdigit() else v
            for k, v in FIELD.findall(begin.group(1))}
    info["overhead"] = {k: int(v) for k, v in FIELD.findall(over.group(1))}
    return info, results


def shape(r):
    """A BENCH line's fields as the JSON stores them. A throughput
    benchmark's line also says how many bytes (and ring slots) one sample
    moved; from the median follow bytes per 1000 instructions (and
    instructions per slot)."""
    d = {"median": r["median"], "min": r["min"], "max": r["max"],
         "iters": r["iters"],
         "cycles": {"median": r["cycles_median"], "min": r["cycles_min"],
                    "max": r["cycles_max"]},
         "cycles_agree": (r["cycles_median"], r["cycles_min"],
                          r["cycles_max"]) == (r["median"], r["min"],
                                               r["max"])}
    if "bytes" in r:
        d["bytes"] = r["bytes"]
        d["bytes_per_kinsn"] = round(r["bytes"] * 1000 / r["median"], 1)
    if "slots" in r:
        d["slots"] = r["slots"]
        d["insns_per_slot"] = round(r["median"] / r["slots"])
    return d


def parse_linux(log, where):
    """The personality's figures after the first prompt: {name: n}."""
    _, _, after = log.partition(BOOT_PROMPT)
    found = {m.group(1): int(m.group(2)) for m in
             re.finditer(r"^BENCH (\w+) per_op=(\d+)$", after, re.M)}
    missing = [k for k, _ in LINUX_FIGURES if k not in found]
    if missing or "[exit 0]" not in after:
        raise BenchError("%s: `%s` gave no %s" % (
            where, LINUX_BENCH, ", ".join(missing) or "[exit 0]"))
    return found


def run_boot(args, label, goals):
    objdir = args.objtree / "bench-out" / label
    conf = build(args.srctree, objdir, label, goals, args.jobs,
                 root_task=None)
    linux = conf.get("CONFIG_LINUX_PERSONALITY") == "y"
    cmd, log = boot_to_prompt(objdir, conf, args.timeout,
                              LINUX_BENCH if linux else None)
    found = parse_boot(log, objdir / "bench.log")
    doc = {"configs": goals, "objtree": str(objdir), "qemu": " ".join(cmd),
           "results": {k: {"instructions": n, "line": line}
                       for k, (n, line) in found.items()}}
    if linux:
        doc["linux"] = parse_linux(log, objdir / "bench.log")
    return doc


def run_build(args, label, goals):
    objdir = args.objtree / "bench-out" / label
    conf = build(args.srctree, objdir, label, goals, args.jobs)
    cmd, log = boot(objdir, conf, args.timeout)
    info, results = parse(log, objdir / "bench.log")
    want = {"fastpath": 0 if "nofastpath.config" in goals else 1,
            "fpu": "eager" if "eagerfp.config" in goals else "lazy"}
    for key, value in want.items():
        if info.get(key) != value:
            raise BenchError("%s: the kernel reports %s=%s"
                             % (label, key, info.get(key)))
    doc = {"configs": goals, "objtree": str(objdir), "qemu": " ".join(cmd),
           "kernel": info,
           "results": {k: shape(v) for k, v in results.items()}}
    if int(info.get("cpus", 1)) > 1:
        doc["scaling"] = run_scaling(objdir, conf, args.timeout)
    return doc


def parse_scaling(log, where):
    """The BENCH_SCALE lines: [{pairs, delay, round_trips, window_ms,
    late_ms}], each with its throughput against one pair's at the same
    delay."""
    if "BENCH_END" not in log:
        raise BenchError("%s: no BENCH_END line: the scaling runs did not "
                         "finish" % where)
    fails = re.findall(r"^BENCH_FAIL .*$", log, re.M)
    if fails:
        raise BenchError("%s:\n  %s" % (where, "\n  ".join(fails)))
    runs = [{k: int(v) for k, v in FIELD.findall(m)}
            for m in SCALE_LINE.findall(log)]
    if not runs:
        raise BenchError("%s: no BENCH_SCALE line" % where)
    one = {r["delay"]: r["round_trips"] for r in runs if r["pairs"] == 1}
    for r in runs:
        r["per_ms"] = round(r["round_trips"] / r["window_ms"], 1)
        base = one.get(r["delay"])
        r["speedup"] = round(r["round_trips"] / base, 2) if base else None
    return runs


def run_scaling(objdir, conf, timeout):
    """The smp build again, without -icount, on multi-threaded TCG."""
    cmd, log = boot(objdir, conf, timeout, icount=False, append=SCALE_APPEND,
                    extra=SCALE_ACCEL, logname="bench-scale.log")
    return {"qemu": " ".join(cmd), "host_cpus": os.cpu_count(),
            "method": "N client/server pairs, pair i on CPU i, each client "
                      "calling its own server for a window of the virtual "
                      "counter (wall-clock time without -icount); total "
                      "round trips. Not instruction counts: they vary "
                      "between runs and hosts, and N CPUs scale only as "
                      "far as the host has cores free for QEMU's threads.",
            "runs": parse_scaling(log, objdir / "bench-scale.log")}


def merge(builds, boot=None):
    """The figures of the builds that ran, each with seL4's figure (or
    None) and, where there is one, another system's as a reference."""
    figures = []
    for key, what, path, label, name, sel4 in FIGURES:
        b = builds.get(label)
        if b is None:
            continue
        r = b["results"].get(name)
        if r is None:
            raise BenchError("%s build: no figure for %s" % (label, name))
        f = dict(name=key, kind="operation", description=what, path=path,
                 build=label, bench=name, sel4=sel4, **r)
        if key in REFERENCES:
            system, value, source = REFERENCES[key]
            f["reference"] = {"what": system, "value": value,
                              "source": source}
        figures.append(f)
    for key, what in LINUX_FIGURES if boot and "linux" in boot else ():
        n = boot["linux"][key]
        figures.append(dict(name=key, kind="operation", description=what,
                            path="-", build="boot", bench="syscall-bench",
                            sel4=None, median=n, min=n, max=n, iters=1))
    for key, what, prefix, sel4 in BOOT_FIGURES if boot else ():
        n = boot["results"][key]["instructions"]
        figures.append(dict(name=key, kind="boot", description=what,
                            path="-", build="boot", bench=prefix, sel4=sel4,
                            median=n, min=n, max=n, iters=1))
    return figures


def qemu_version():
    try:
        out = subprocess.run(["qemu-system-aarch64", "--version"],
                             stdout=subprocess.PIPE, text=True).stdout
        return out.splitlines()[0]
    except (OSError, IndexError):
        return "?"


def git_describe(srctree):
    """The source tree's commit, as `git describe` gives it ('?' outside
    a git work tree)."""
    try:
        out = subprocess.run(["git", "-C", str(srctree), "describe",
                              "--always", "--dirty"], text=True,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    except OSError:
        return "?"
    return out.stdout.strip() if out.returncode == 0 else "?"


def compiler_version():
    cc = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-") + "gcc"
    try:
        out = subprocess.run([cc, "--version"], stdout=subprocess.PIPE,
                             text=True).stdout
        return out.splitlines()[0]
    except (OSError, IndexError):
        return "?"


def row(f):
    return "%-38s %-8s %-8s %9d %9d %9d %8s" % (
        f["description"], f["path"], f["build"], f["median"], f["min"],
        f["max"], f["sel4"] if f["sel4"] is not None else "-")


def table(doc):
    kernels = [b["kernel"] for b in doc["builds"].values()]
    ops = [f for f in doc["figures"] if f["kind"] == "operation"]
    lines = ["", "KaaL benchmarks: instructions per operation (PMU event "
             "0x08)", "%s, -machine %s -cpu %s, -icount shift=0" % (
                 doc["qemu_version"], QEMU_MACHINE, QEMU_CPU)]
    if kernels:
        lines += [
            "release kernel; %s iterations after %s warm-up; overhead of "
            "the counter reads (%d) subtracted" % (
                kernels[0]["iters"], kernels[0]["warmup"],
                kernels[0]["overhead"]["instructions"]),
            "",
            "%-38s %-8s %-8s %9s %9s %9s %8s" % (
                "operation", "path", "build", "median", "min", "max",
                "seL4")]
        lines += [row(f) for f in ops if f["build"] != "boot"]
    refs = [f for f in ops if "reference" in f]
    if refs:
        lines += ["", "Not seL4, for reference:"]
        lines += ["  %s: %s %d (%s)" % (
            f["description"], f["reference"]["what"],
            f["reference"]["value"], f["reference"]["source"])
            for f in refs]
    linux = [f for f in ops if f["build"] == "boot"]
    if linux:
        lines += ["", "Linux system calls through the personality (the boot "
                  "build's /test/syscall-bench): instructions per operation",
                  ""]
        lines += ["%-38s %9d" % (f["description"], f["median"])
                  for f in linux]
    boot = [f for f in doc["figures"] if f["kind"] == "boot"]
    if boot:
        lines += ["", "Boot of the default system (%s): instructions from "
                  "QEMU's start" % " ".join(doc["boot"]["configs"]), "",
                  "%-38s %12s %10s" % ("step", "instructions", "seL4")]
        lines += ["%-38s %12d %10s" % (
            f["description"], f["median"],
            f["sel4"] if f["sel4"] is not None else "-") for f in boot]
    moved = [f for f in ops if "bytes" in f]
    if moved:
        lines += ["", "Throughput: bytes one operation moves, per 1000 "
                  "instructions (median)", "",
                  "%-38s %-8s %7s %7s %11s %10s" % (
                      "operation", "build", "bytes", "slots",
                      "bytes/kinsn", "insns/slot")]
        for f in moved:
            lines.append("%-38s %-8s %7d %7s %11.1f %10s" % (
                f["description"], f["build"], f["bytes"],
                f.get("slots", "-"), f["bytes_per_kinsn"],
                f.get("insns_per_slot", "-")))
    for label, b in doc["builds"].items():
        sc = b.get("scaling")
        if not sc:
            continue
        lines += ["", "Scaling (the %s build without -icount, multi-threaded "
                  "TCG, on a host with %s CPUs): N pairs on N CPUs, round "
                  "trips in a window of guest time; wall-clock figures, "
                  "not compared" % (label, sc["host_cpus"]), "",
                  "%5s %6s %12s %9s %8s %8s" % (
                      "pairs", "delay", "round trips", "per ms", "x 1 pair",
                      "late ms")]
        lines += ["%5d %6d %12d %9.1f %8s %8d" % (
            r["pairs"], r["delay"], r["round_trips"], r["per_ms"],
            "%.2f" % r["speedup"] if r["speedup"] is not None else "-",
            r["late_ms"]) for r in sc["runs"]]
    if kernels:
        agree = all(f["cycles_agree"] for b in doc["builds"].values()
                    for f in b["results"].values())
        lines += ["", "cycles (PMCCNTR) agree with instructions for every "
                  "figure: %s" % ("yes" if agree else "NO (see bench.json)")]
    return "\n".join(lines + [""])


def portable(value, objtree):
    """@value with the object tree's path written "<objtree>", so that
    the committed results do not name one machine's directories."""
    if isinstance(value, str):
        return re.sub(re.escape(str(objtree)) + r"(?=/|\s|$)", "<objtree>",
                      value)
    if isinstance(value, list):
        return [portable(v, objtree) for v in value]
    if isinstance(value, dict):
        return {k: portable(v, objtree) for k, v in value.items()}
    return value


def save_docs(doc, objtree, docdir):
    """Documentation/bench/results.json and the rst tables made from it
    (`make bench-save`)."""
    saved = portable(doc, objtree)
    docdir.mkdir(parents=True, exist_ok=True)
    (docdir / "results.json").write_text(json.dumps(saved, indent=2) + "\n")
    (docdir / "results.rst").write_text(bench_report.results_rst(saved))
    print("  BENCH   %s, %s" % (docdir / "results.json",
                                docdir / "results.rst"))


def run(args, labels):
    """Every build of @labels, built and booted: the bench.json document."""
    builds = {b: run_build(args, b, BUILDS[b]) for b in labels
              if b != "boot"}
    boot = run_boot(args, "boot", BUILDS["boot"]) if "boot" in labels \
        else None
    doc = {"units": "instructions per operation (PMEVCNTR0_EL0, event "
                    "0x08 INST_RETIRED, EL0 and EL1); cycles from "
                    "PMCCNTR_EL0; boot figures: instructions from QEMU's "
                    "start (the virtual counter under -icount shift=0)",
           "qemu_version": qemu_version(),
           "compiler": compiler_version(),
           "kaal_source": git_describe(args.srctree),
           "sel4_source": SEL4_SOURCE,
           "builds": builds}
    if boot:
        doc["boot"] = boot
    doc["figures"] = merge(builds, boot)
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--srctree", type=Path,
                    default=Path(__file__).resolve().parents[1])
    ap.add_argument("--objtree", type=Path, required=True,
                    help="where bench-out/ and bench.json go")
    ap.add_argument("--out", type=Path,
                    help="the JSON file (default <objtree>/bench.json)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=int, default=600,
                    help="seconds each QEMU run may take")
    ap.add_argument("--builds", default=",".join(BUILDS),
                    help="comma-separated subset of: %s" % ", ".join(BUILDS))
    ap.add_argument("--compare", type=Path, metavar="BASELINE",
                    help="print every figure against BASELINE's (a "
                    "bench.json)")
    ap.add_argument("--fail-on-regression", action="store_true",
                    help="with --compare: exit 1 if a figure is higher "
                    "than the baseline's")
    ap.add_argument("--save-baseline", type=Path, metavar="FILE",
                    help="also write the results to FILE, a baseline for "
                    "--compare")
    ap.add_argument("--save-docs", action="store_true",
                    help="also write Documentation/bench/results.json and "
                    "results.rst")
    args = ap.parse_args()
    args.srctree = args.srctree.resolve()
    args.objtree = args.objtree.resolve()
    out = (args.out or args.objtree / "bench.json").resolve()
    labels = [b for b in args.builds.split(",") if b]
    unknown = [b for b in labels if b not in BUILDS]
    if unknown:
        ap.error("unknown build(s): %s" % ", ".join(unknown))
    start = time.time()
    try:
        # A baseline that cannot be read fails before the long run.
        base = bench_report.load(args.compare) if args.compare else None
        doc = run(args, labels)
    except (BenchError, bench_report.ReportError) as e:
        print("bench.py: %s" % e, file=sys.stderr)
        return 1
    out.write_text(json.dumps(doc, indent=2) + "\n")
    print(table(doc))
    print("  BENCH   %s (%.0f s)" % (out, time.time() - start))
    if args.save_baseline:
        args.save_baseline.write_text(json.dumps(doc, indent=2) + "\n")
        print("  BENCH   baseline %s" % args.save_baseline)
    if args.save_docs:
        save_docs(doc, args.objtree, args.srctree / "Documentation" / "bench")
    if base is None:
        return 0
    rows = bench_report.compare(base, doc)
    print(bench_report.compare_text(rows, args.compare))
    if args.fail_on_regression and bench_report.regressions(rows):
        print("bench.py: %d figure(s) higher than the baseline's "
              "(--fail-on-regression)" % len(bench_report.regressions(rows)),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
