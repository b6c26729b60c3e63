# SPDX-License-Identifier: GPL-2.0-only
"""`make bench` (Documentation/benchmarks.rst): it builds the benchmark
root task three times (fast path, generic path, eager FP switching), runs
each under QEMU with -icount, prints the table and writes bench.json with
every figure.

These tests check that the benchmarks ran and reported everything, with
values that make sense as counts (positive, min <= median <= max, cycles
equal to instructions under -icount). They never compare a figure with a
threshold: how fast KaaL is is the benchmark's business, not the tests'.
"""
import importlib.util
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
    "irq_delivery": ("fastpath", "irq_delivery", None),
    "map": ("fastpath", "map", None),
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
}
# Throughput figures (user/root/bench/ring.c) -> (slot size, slots) of the ring
# of 16 pages, or None for the copy without a ring; each sample moves one
# ring-full, slot size less the 4-byte length per slot.
THROUGHPUT = {"ring_256": (256, 128), "ring_4096": (4096, 8),
              "ring_copy": None}
# Build -> (fastpath, fpu) as BENCH_BEGIN reports them.
BUILDS = {"fastpath": (1, "lazy"), "slowpath": (0, "lazy"),
          "eagerfp": (1, "eager")}
BENCH_NAMES = sorted({name for _, name, _ in FIGURES.values()})


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
    assert sorted(figures) == sorted(FIGURES)
    for name, (build, bench_name, sel4) in FIGURES.items():
        f = figures[name]
        assert (f["build"], f["bench"], f["sel4"]) == (build, bench_name,
                                                       sel4), name
        check_stats(name, f)


def test_every_build_ran_every_benchmark(bench):
    _, doc, _ = bench
    assert sorted(doc["builds"]) == sorted(BUILDS)
    for label, b in doc["builds"].items():
        k = b["kernel"]
        assert (k["fastpath"], k["fpu"]) == BUILDS[label], label
        assert k["debug_kernel"] == 0, label
        assert (k["iters"], k["warmup"]) == (ITERS, 100)
        assert k["overhead"]["instructions"] > 0
        assert sorted(b["results"]) == BENCH_NAMES, label
        for name, r in b["results"].items():
            check_stats("%s %s" % (label, name), r)


def test_qemu_ran_with_icount_and_the_reference_cpu(bench):
    _, doc, _ = bench
    for b in doc["builds"].values():
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
        row = r"^%s\s+%s\s+%s\s+%d\s+%d\s+%d\s+%s$" % (
            re.escape(f["description"]), re.escape(f["path"]), f["build"],
            f["median"], f["min"], f["max"],
            f["sel4"] if f["sel4"] is not None else "-")
        assert re.search(row, res.output, re.M), \
            "no table row for %s:\n%s" % (f["name"], res.output)


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


def test_serial_logs_are_kept(bench):
    _, doc, out = bench
    for label in doc["builds"]:
        log = (out / "bench-out" / label / "bench.log").read_text()
        assert "BENCH_BEGIN" in log and "BENCH_END" in log
        assert "BENCH_FAIL" not in log
        assert not re.search("panic|Unhandled", log, re.I)


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
