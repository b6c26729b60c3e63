# SPDX-License-Identifier: GPL-2.0-only
"""`make bench` (Documentation/benchmarks.rst): it builds the benchmark
root task three times (fast path, generic path, eager FP switching) and
the default system once, runs each under QEMU with -icount, prints the
table and writes bench.json with every figure; `make bench-compare`
prints each figure against a baseline.

These tests check that the benchmarks ran and reported everything, with
values that make sense as counts (positive, min <= median <= max, cycles
equal to instructions under -icount, the prompt after the first output).
They never compare a figure with a threshold: how fast KaaL is is the
benchmark's business, not the tests'. The tables and the comparison are
tested on small inputs in test_bench_report.py.
"""
import importlib.util
import copy
import json
import re

import pytest

from conftest import SRCTREE, TEST_OUT, run_make

ITERS = 1000

# Figure -> (build, BENCH name, seL4's figure), as Documentation/
# benchmarks.rst lists them.
FIGURES = {
    "ipc_call_fastpath": ("fastpath", "ipc_call", 191),
    "ipc_reply_recv_fastpath": ("fastpath", "ipc_reply_recv", 215),
    "ipc_call_slowpath": ("slowpath", "ipc_call", 630),
    "ipc_reply_recv_slowpath": ("slowpath", "ipc_reply_recv", 614),
    "ipc_call_6": ("fastpath", "ipc_call_6", None),
    "ipc_reply_recv_6": ("fastpath", "ipc_reply_recv_6", None),
    "ipc_call_7": ("fastpath", "ipc_call_7", None),
    "ipc_reply_recv_7": ("fastpath", "ipc_reply_recv_7", None),
    "ipc_call_10": ("fastpath", "ipc_call_10", 703),
    "ipc_reply_recv_10": ("fastpath", "ipc_reply_recv_10", 687),
    "signal_high": ("fastpath", "signal_high", 659),
    "yield": ("fastpath", "yield", 329),
    "yield_process": ("fastpath", "yield_process", None),
    "context_switch": ("fastpath", "context_switch", None),
    "context_switch_fp": ("fastpath", "context_switch_fp", None),
    "context_switch_fp_idle": ("fastpath", "context_switch_fp_idle", None),
    "null_syscall": ("fastpath", "null_syscall", None),
    "yield_self": ("fastpath", "yield_self", None),
    "foreign_syscall": ("fastpath", "foreign_syscall", None),
    "irq_delivery": ("fastpath", "irq_delivery", None),
    "map": ("fastpath", "map", 561),
    "unmap": ("fastpath", "unmap", None),
    "retype": ("fastpath", "retype", None),
    "context_switch_eagerfp": ("eagerfp", "context_switch", None),
    "context_switch_fp_eagerfp": ("eagerfp", "context_switch_fp", None),
    "context_switch_fp_idle_eagerfp": ("eagerfp", "context_switch_fp_idle",
                                       None),
    "ipc_call_fastpath_eagerfp": ("eagerfp", "ipc_call", None),
    "ipc_reply_recv_fastpath_eagerfp": ("eagerfp", "ipc_reply_recv", None),
    "ring_256": ("fastpath", "ring_256", None),
    "ring_4096": ("fastpath", "ring_4096", None),
    "ring_copy": ("fastpath", "ring_copy", None),
    "queue_4096": ("fastpath", "queue_4096", None),
    # The SMP kernel on four CPUs (user/root/bench/smp.c).
    "null_syscall_smp": ("smp", "null_syscall", None),
    "ipc_call_fastpath_smp": ("smp", "ipc_call", None),
    "ipc_reply_recv_fastpath_smp": ("smp", "ipc_reply_recv", None),
    "ipc_call_slowpath_smp": ("smp", "ipc_call_10", None),
    "signal_high_smp": ("smp", "signal_high", None),
    "smp_ipc_rtt_same": ("smp", "smp_ipc_rtt_same", None),
    "smp_ipc_rtt_cross": ("smp", "smp_ipc_rtt_cross", None),
    "smp_signal_rtt_same": ("smp", "smp_signal_rtt_same", None),
    "smp_signal_rtt_cross": ("smp", "smp_signal_rtt_cross", None),
}
# Boot figures of the default system -> (the root task's line that gives
# it, seL4's figure).
BOOT = {"boot_first_output": ("init", 6400000),
        "boot_prompt": ("shell", None)}
BOOT_CONFIGS = ["qemu_virt_defconfig", "release.config", "bootbench.config"]
# Linux system calls through the personality, measured in the boot build
# after its first prompt (`linux /test/syscall-bench`, scripts/bench.py).
LINUX = ("linux_getppid", "linux_write_1", "linux_page_fault",
         "linux_fork_exit_wait", "linux_pipe_trip_1", "linux_pipe_trip_64k",
         "linux_signal")
# Throughput figures (user/root/bench/ring.c) -> (slot size, slots) of the ring
# of 16 pages, or None for the copy without a ring; each sample moves one
# ring-full, slot size less the 4-byte length per slot.
THROUGHPUT = {"ring_256": (256, 128), "ring_4096": (4096, 8),
              "ring_copy": None}
# Build -> (fastpath, fpu) as BENCH_BEGIN reports them.
BUILDS = {"fastpath": (1, "lazy"), "slowpath": (0, "lazy"),
          "eagerfp": (1, "eager"), "smp": (1, "lazy")}
# What the benchmark root task reports on one CPU, and on several.
SMP_NAMES = ("smp_ipc_rtt_same", "smp_ipc_rtt_cross", "smp_signal_rtt_same",
             "smp_signal_rtt_cross")
BENCH_NAMES = sorted({name for _, name, _ in FIGURES.values()} -
                     set(SMP_NAMES))
CPUS = {"fastpath": 1, "slowpath": 1, "eagerfp": 1, "smp": 4}


@pytest.fixture(scope="module")
def bench():
    """`make O=<dir> bench` once for the module: (make output, JSON)."""
    out = TEST_OUT / "bench"
    json_path = out / "bench.json"
    if json_path.exists():
        json_path.unlink()
    res = run_make(out, "bench", timeout=1800)
    assert json_path.exists(), "no bench.json:\n" + res.output
    return res, json.loads(json_path.read_text()), out


def check_stats(what, r):
    for key in ("median", "min", "max"):
        assert isinstance(r[key], int) and r[key] > 0, \
            "%s: %s is %r" % (what, key, r[key])
    assert r["min"] <= r["median"] <= r["max"], what
    assert r["iters"] == ITERS, what


def test_every_figure_is_reported(bench):
    _, doc, _ = bench
    figures = {f["name"]: f for f in doc["figures"]}
    assert sorted(figures) == sorted(list(FIGURES) + list(BOOT) +
                                     list(LINUX))
    for name, (build, bench_name, sel4) in FIGURES.items():
        f = figures[name]
        assert (f["kind"], f["build"], f["bench"], f["sel4"]) == (
            "operation", build, bench_name, sel4), name
        check_stats(name, f)
    for name in LINUX:
        f = figures[name]
        assert (f["kind"], f["build"], f["bench"]) == (
            "operation", "boot", "syscall-bench"), name
        assert f["median"] == f["min"] == f["max"] == \
            doc["boot"]["linux"][name] > 0, name


def test_a_reference_that_is_not_sel4_says_where_it_is_from(bench):
    _, doc, _ = bench
    refs = {f["name"]: f["reference"] for f in doc["figures"]
            if "reference" in f}
    assert list(refs) == ["null_syscall"]
    assert refs["null_syscall"]["what"] == "Linux getppid()"
    assert refs["null_syscall"]["value"] == 511
    assert refs["null_syscall"]["source"]


def test_boot_figures_come_from_the_default_system(bench):
    """The release build of the default system (the shell) booted to its
    first prompt: the instruction count at the root task's first output
    and at the prompt, in that order, each from the line that gave it."""
    _, doc, out = bench
    boot = doc["boot"]
    assert boot["configs"] == BOOT_CONFIGS
    conf = (out / "bench-out" / "boot" / "include" / "config" /
            "auto.conf").read_text()
    assert "CONFIG_ROOT_TASK_BENCH=y" not in conf
    assert "CONFIG_DEBUG_KERNEL=y" not in conf
    figures = {f["name"]: f for f in doc["figures"]}
    for name, (prefix, sel4) in BOOT.items():
        f = figures[name]
        assert (f["kind"], f["build"], f["bench"], f["sel4"]) == (
            "boot", "boot", prefix, sel4), name
        n = boot["results"][name]["instructions"]
        assert isinstance(n, int) and n > 0, name
        assert f["median"] == f["min"] == f["max"] == n, name
        line = boot["results"][name]["line"]
        assert re.match(r"^%s: .*\bt=%d ns\b" % (prefix, n), line), line
    assert figures["boot_first_output"]["median"] < \
        figures["boot_prompt"]["median"]
    log = (out / "bench-out" / "boot" / "bench.log").read_text()
    # Stopped at the prompt after `linux /test/syscall-bench`, the
    # personality's figures: the boot figures come before it.
    assert "# stopped at the second prompt" in log
    assert log.rstrip().endswith("kaal>")
    first, _, after = log.partition("kaal> ")
    assert "linux /test/syscall-bench" in after and "[exit 0]" in after
    for name in BOOT:
        assert boot["results"][name]["line"] in log


def test_every_build_ran_every_benchmark(bench):
    _, doc, _ = bench
    assert sorted(doc["builds"]) == sorted(BUILDS)
    for label, b in doc["builds"].items():
        k = b["kernel"]
        assert (k["fastpath"], k["fpu"]) == BUILDS[label], label
        assert k["debug_kernel"] == 0, label
        assert (k["iters"], k["warmup"]) == (ITERS, 100)
        assert k["overhead"]["instructions"] > 0
        assert k["cpus"] == CPUS[label], label
        assert sorted(b["results"]) == sorted(
            BENCH_NAMES + (list(SMP_NAMES) if k["cpus"] > 1 else [])), label
        for name, r in b["results"].items():
            check_stats("%s %s" % (label, name), r)


def test_smp_build_reports_scaling_without_icount(bench):
    """The smp build's second boot (scripts/bench.py, run_scaling): N
    pairs on N CPUs for N = 1, 2, 4 at each delay, on multi-threaded TCG
    without -icount; each run made round trips, and its speed-up is
    against one pair at the same delay. No figure is compared with a
    threshold: they are this host's wall-clock figures."""
    res, doc, out = bench
    sc = doc["builds"]["smp"]["scaling"]
    assert "-icount" not in sc["qemu"]
    for opt in ("-accel tcg,thread=multi", "-append bench.scale",
                "-smp 4"):
        assert opt in sc["qemu"], (opt, sc["qemu"])
    assert sc["host_cpus"] >= 1 and sc["method"]
    runs = sc["runs"]
    delays = sorted({r["delay"] for r in runs})
    assert len(delays) == 3
    assert sorted((r["delay"], r["pairs"]) for r in runs) == \
        [(d, n) for d in delays for n in (1, 2, 4)]
    one = {r["delay"]: r["round_trips"] for r in runs if r["pairs"] == 1}
    for r in runs:
        assert r["round_trips"] > 0 and r["window_ms"] > 0, r
        assert r["speedup"] == round(r["round_trips"] / one[r["delay"]], 2)
        assert re.search(r"^\s+%d\s+%d\s+%d\s" % (
            r["pairs"], r["delay"], r["round_trips"]), res.output, re.M), r
    for label, b in doc["builds"].items():
        assert ("scaling" in b) == (label == "smp"), label
    assert (out / "bench-out" / "smp" / "bench-scale.log").exists()


def test_qemu_ran_with_icount_and_the_reference_cpu(bench):
    _, doc, _ = bench
    for b in list(doc["builds"].values()) + [doc["boot"]]:
        cmd = b["qemu"]
        for opt in ("-icount shift=0,align=off,sleep=off", "-seed 1",
                    "-rtc base=2024-01-01T00:00:00,clock=vm",
                    "-cpu cortex-a53", "-machine virt,gic-version=2"):
            assert opt in cmd, "%r not in %r" % (opt, cmd)


def test_cycles_equal_instructions_under_icount(bench):
    """With -icount shift=0 QEMU advances its clock one nanosecond per
    instruction and the PMU cycle counter with it."""
    _, doc, _ = bench
    for label, b in doc["builds"].items():
        for name, r in b["results"].items():
            assert r["cycles_agree"], (label, name, r)
            assert r["cycles"] == {"median": r["median"], "min": r["min"],
                                   "max": r["max"]}, (label, name)


def test_table_is_printed(bench):
    res, doc, _ = bench
    assert "KaaL benchmarks: instructions per operation" in res.output
    for f in doc["figures"]:
        sel4 = f["sel4"] if f["sel4"] is not None else "-"
        if f["kind"] == "boot":
            row = r"^%s\s+%d\s+%s$" % (re.escape(f["description"]),
                                       f["median"], sel4)
        elif f["build"] == "boot":
            row = r"^%s\s+%d$" % (re.escape(f["description"]), f["median"])
        else:
            row = r"^%s\s+%s\s+%s\s+%d\s+%d\s+%d\s+%s$" % (
                re.escape(f["description"]), re.escape(f["path"]),
                f["build"], f["median"], f["min"], f["max"], sel4)
        assert re.search(row, res.output, re.M), \
            "no table row for %s:\n%s" % (f["name"], res.output)
    assert re.search(r"^  null system call \(unknown number\): "
                     r"Linux getppid\(\) 511 \(.+\)$", res.output, re.M)


def test_throughput_figures_say_what_they_moved(bench):
    res, doc, _ = bench
    figures = {f["name"]: f for f in doc["figures"]}
    ring_bytes = None
    for name, ring in THROUGHPUT.items():
        f = figures[name]
        assert f["bytes_per_kinsn"] == round(f["bytes"] * 1000 / f["median"],
                                             1), name
        if ring:
            slot_size, slots = ring
            assert (f["slots"], f["bytes"]) == (slots,
                                                slots * (slot_size - 4)), name
            assert f["insns_per_slot"] == round(f["median"] / slots), name
            ring_bytes = ring_bytes or f["bytes"]
        else:
            assert "slots" not in f, name
            # The same bytes as the first ring's block.
            assert f["bytes"] == ring_bytes, name
        row = r"^%s\s+%s\s+%d\s+%s\s+%.1f\s+%s$" % (
            re.escape(f["description"]), f["build"], f["bytes"],
            f.get("slots", "-"), f["bytes_per_kinsn"],
            f.get("insns_per_slot", "-"))
        assert re.search(row, res.output, re.M), \
            "no throughput row for %s:\n%s" % (name, res.output)


def test_queues_meet_their_target(bench):
    """queue_4096 (user/root/bench/queue.c): eight whole 4 KiB buffers an
    operation, and at least half of memcpy's bytes per instruction
    (issue 15's target for the zero-copy queues)."""
    _, doc, _ = bench
    figures = {f["name"]: f for f in doc["figures"]}
    q, copy = figures["queue_4096"], figures["ring_copy"]
    assert (q["slots"], q["bytes"]) == (8, 8 * 4096)
    assert q["bytes_per_kinsn"] == round(q["bytes"] * 1000 / q["median"], 1)
    assert q["bytes_per_kinsn"] >= copy["bytes_per_kinsn"] / 2


def test_serial_logs_are_kept(bench):
    _, doc, out = bench
    for label in doc["builds"]:
        log = (out / "bench-out" / label / "bench.log").read_text()
        assert "BENCH_BEGIN" in log and "BENCH_END" in log
        assert "BENCH_FAIL" not in log
        assert not re.search("panic|Unhandled", log, re.I)


def compare_rows(output):
    """{description and build: (baseline, now, difference, mark)} of the
    rows `make bench-compare` prints."""
    rows = {}
    for m in re.finditer(r"^(.+?) +(fastpath|slowpath|eagerfp|smp|boot) +"
                         r"(-|\d+) +(-|\d+) *(\S+ \(\S+\))? *(\S.*)?$",
                         output, re.M):
        rows[(m.group(1), m.group(2))] = m.group(3, 4, 5, 6)
    return rows


def test_compare_with_itself_finds_no_difference(bench, tmp_path):
    """A second run against the first, as BASELINE: the same figures (the
    runs are deterministic), every difference 0, exit status 0."""
    _, doc, out = bench
    base = tmp_path / "base.json"
    base.write_text(json.dumps(doc))
    res = run_make(out, "bench-compare", "BASELINE=%s" % base,
                   "BENCH_FAIL_ON_REGRESSION=1", timeout=1800)
    assert "KaaL benchmarks against %s" % base in res.output
    rows = compare_rows(res.output)
    for f in doc["figures"]:
        assert rows[(f["description"], f["build"])] == (
            str(f["median"]), str(f["median"]), "+0 (+0.0%)", None), \
            f["name"]
    assert "0 regression(s), 0 improvement(s), %d unchanged" % len(
        doc["figures"]) in res.output


def test_compare_marks_a_regression_and_can_fail_on_it(bench, tmp_path):
    """A baseline whose fast-path call was 10 instructions cheaper: the
    difference and the mark are printed, and BENCH_FAIL_ON_REGRESSION=1
    fails. Only the fastpath build runs; the others' figures are listed
    as not run."""
    _, doc, out = bench
    base = copy.deepcopy(doc)
    call = next(f for f in base["figures"]
                if f["name"] == "ipc_call_fastpath")
    call["median"] -= 10
    (tmp_path / "base.json").write_text(json.dumps(base))
    goals = ["bench-compare", "BASELINE=%s" % (tmp_path / "base.json"),
             "BENCH_FLAGS=--builds fastpath"]
    res = run_make(out, *goals, "BENCH_FAIL_ON_REGRESSION=1", check=False,
                   timeout=1800)
    assert res.returncode != 0, res.output
    assert "1 figure(s) higher than the baseline's" in res.output
    rows = compare_rows(res.output)
    now = call["median"] + 10
    assert rows[(call["description"], "fastpath")] == (
        str(call["median"]), str(now),
        "+10 (%+.1f%%)" % (1000.0 / call["median"]), "REGRESSION")
    slow = next(f for f in doc["figures"] if f["build"] == "slowpath")
    assert rows[(slow["description"], "slowpath")] == (
        str(slow["median"]), "-", None, "not run")
    # Without the option the regression is reported, not fatal.
    res = run_make(out, *goals, timeout=1800)
    assert "REGRESSION" in res.output


def test_bench_baseline_saves_the_run_in_the_object_tree(bench):
    _, _, out = bench
    saved = out / "bench-baseline.json"
    if saved.exists():
        saved.unlink()
    run_make(out, "bench-baseline", "BENCH_FLAGS=--builds fastpath",
             timeout=1800)
    doc = json.loads(saved.read_text())
    assert doc == json.loads((out / "bench.json").read_text())
    assert sorted(doc["builds"]) == ["fastpath"]


def bench_script():
    """scripts/bench.py, imported by path."""
    spec = importlib.util.spec_from_file_location(
        "kaal_bench", SRCTREE / "scripts" / "bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GOOD_LOG = """\
BENCH_BEGIN fastpath=1 debug_kernel=0 hz=100 sched=fixed-priority \
fpu=lazy warmup=100 iters=1000 board=qemu-virt
BENCH_OVERHEAD instructions=3 cycles=3
BENCH null_syscall median=147 min=147 max=150 iters=1000 \
cycles_median=147 cycles_min=147 cycles_max=150
BENCH_END
"""


def test_parse_reads_the_bench_lines():
    info, results = bench_script().parse(GOOD_LOG, "log")
    assert info["fastpath"] == 1 and info["sched"] == "fixed-priority"
    assert info["fpu"] == "lazy"
    assert info["overhead"] == {"instructions": 3, "cycles": 3}
    assert results == {"null_syscall": {
        "median": 147, "min": 147, "max": 150, "iters": 1000,
        "cycles_median": 147, "cycles_min": 147, "cycles_max": 150}}


def test_throughput_fields_are_kept():
    """bytes= and slots= at the end of a BENCH line reach the JSON, with
    the figures derived from them."""
    mod = bench_script()
    log = GOOD_LOG.replace("BENCH_END", "BENCH ring_256 median=400000 "
                           "min=399000 max=401000 iters=1000 "
                           "cycles_median=400000 cycles_min=399000 "
                           "cycles_max=401000 bytes=32256 slots=128\n"
                           "BENCH_END")
    _, results = mod.parse(log, "log")
    r = mod.shape(results["ring_256"])
    assert (r["bytes"], r["slots"]) == (32256, 128)
    assert r["bytes_per_kinsn"] == 80.6 and r["insns_per_slot"] == 3125
    assert "bytes" not in mod.shape(results["null_syscall"])


@pytest.mark.parametrize("log", [
    GOOD_LOG.replace("BENCH_END\n", ""),
    GOOD_LOG.replace("BENCH_END", "BENCH_FAIL map system call failed: "
                     "KAAL_E_MAPPED\nBENCH_END"),
], ids=["unfinished", "failed"])
def test_parse_refuses_an_incomplete_run(log):
    mod = bench_script()
    with pytest.raises(mod.BenchError):
        mod.parse(log, "log")
