# SPDX-License-Identifier: GPL-2.0-only
"""Host tests of what is made of a bench.json, without QEMU (they run in
`make test` in a second): the results table of the documentation
(scripts/bench_report.py, Documentation/bench/), the comparison with a
baseline (`make bench-compare`), and how scripts/bench.py reads the boot
figures from a serial log.

The committed table must be the one the committed results give: a
results.json changed by hand, or a table edited without `make
bench-save`, fails test_committed_table_is_generated_from_the_results.
"""
import copy
import importlib.util
import json
import re

import pytest

from conftest import SRCTREE

# Its tests share nothing: pytest-xdist may spread them (tests/conftest.py).
pytestmark = pytest.mark.spread

DOCDIR = SRCTREE / "Documentation" / "bench"


def script(name):
    """scripts/<name>.py, imported by path (bench.py imports
    bench_report.py from its own directory)."""
    spec = importlib.util.spec_from_file_location(
        "kaal_" + name, SRCTREE / "scripts" / (name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


report = script("bench_report")


def figure(name, description, build, median, sel4=None, path="-", **kw):
    f = dict(name=name, kind="operation", description=description,
             path=path, build=build, bench=name, sel4=sel4, median=median,
             min=median, max=median + 5, iters=1000)
    f.update(kw)
    return f


def small_doc():
    """A bench.json of a few figures, shaped as bench.py writes it."""
    return {
        "qemu_version": "QEMU emulator version 7.2.0",
        "compiler": "aarch64-linux-gnu-gcc 12.2.0",
        "kaal_source": "abc1234",
        "sel4_source": "sel4bench, the same way",
        "builds": {"fastpath": {"kernel": {"iters": 1000, "warmup": 100}}},
        "figures": [
            figure("ipc_call_fastpath", "IPC call, 0 words", "fastpath", 182,
                   191, "fast"),
            figure("ipc_call_slowpath", "IPC call, 0 words", "slowpath", 390,
                   630, "generic"),
            figure("ipc_call_fastpath_eagerfp", "IPC call, 0 words",
                   "eagerfp", 180, None, "fast"),
            figure("null_syscall", "null system call", "fastpath", 141,
                   reference={"what": "Linux getppid()", "value": 511,
                              "source": "the same QEMU"}),
            figure("retype", "retype, one 4 KiB page", "fastpath", 1753),
            figure("ring_4096", "ring, 8 x 4 KiB slots", "fastpath", 351090,
                   bytes=32736, bytes_per_kinsn=93.2, slots=8,
                   insns_per_slot=43886),
            figure("ring_copy", "memcpy, no ring", "fastpath", 40365,
                   bytes=32256, bytes_per_kinsn=799.1),
            dict(name="boot_first_output", kind="boot",
                 description="QEMU start -> first root-task output",
                 path="-", build="boot", bench="init", sel4=6400000,
                 median=2950000, min=2950000, max=2950000, iters=1),
            dict(name="boot_prompt", kind="boot",
                 description="QEMU start -> shell prompt", path="-",
                 build="boot", bench="shell", sel4=None, median=4800000,
                 min=4800000, max=4800000, iters=1),
        ],
    }


def table_rows(text, first_cell):
    """The rows of the rst tables in @text whose first cell is
    @first_cell, split into cells at runs of two or more spaces."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()
            if line.startswith(first_cell + "  ")]


# ---------------------------------------------------------------------------
# The documentation's table

def test_one_row_per_operation_one_column_per_build():
    text = report.results_rst(small_doc())
    header = table_rows(text, "operation")[0]
    assert header == ["operation", "fastpath", "slowpath", "eagerfp", "seL4"]
    # The three builds' figures of one operation share a row, and the seL4
    # cell has the fast path's and the generic path's figure.
    assert table_rows(text, "IPC call, 0 words") == [
        ["IPC call, 0 words", "182", "390", "180", "191 / 630"]]
    assert table_rows(text, "retype, one 4 KiB page") == [
        ["retype, one 4 KiB page", "1,753", "-"]]


def test_a_reference_is_not_shown_as_seL4():
    text = report.results_rst(small_doc())
    assert table_rows(text, "null system call") == [
        ["null system call", "141", "-"]]
    assert "- null system call: Linux getppid(), 511 instructions " \
        "(the same QEMU)" in text


def test_boot_and_throughput_have_tables_of_their_own():
    text = report.results_rst(small_doc())
    assert table_rows(text, "QEMU start -> first root-task output") == [
        ["QEMU start -> first root-task output", "2,950,000", "6.40 M"]]
    assert table_rows(text, "QEMU start -> shell prompt") == [
        ["QEMU start -> shell prompt", "4,800,000", "-"]]
    assert table_rows(text, "ring, 8 x 4 KiB slots") == [
        ["ring, 8 x 4 KiB slots", "351,090", "8", "93.2", "43,886"]]
    assert table_rows(text, "memcpy, no ring") == [
        ["memcpy, no ring", "40,365", "799.1"]]
    # Neither appears in the operations table.
    assert not table_rows(text, "operation")[0][1:] == ["insns/op"]
    assert len(table_rows(text, "memcpy, no ring")) == 1


def test_the_table_says_where_it_comes_from():
    text = report.results_rst(small_doc())
    assert text.startswith(".. This file is generated")
    text = " ".join(text.split())
    for what in ("abc1234", "QEMU emulator version 7.2.0",
                 "aarch64-linux-gnu-gcc 12.2.0", "1000 iterations",
                 "sel4bench, the same way"):
        assert what in text


def test_rst_tables_are_well_formed():
    """Every rule of a table is as wide as its widest cell in each
    column, so docutils reads it as a simple table."""
    text = report.results_rst(small_doc())
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line.startswith("===")]
    assert len(rules) == 3 * 3       # three tables, three rules each
    for i in rules:
        cols = [(m.start(), m.end()) for m in re.finditer("=+", lines[i])]
        j = i + 1
        while j < len(lines) and lines[j] and not lines[j].startswith("="):
            for (a, b), (c, _) in zip(cols, cols[1:] + [(None, None)]):
                # Text in a column starts inside it and never crosses
                # the gap before the next one.
                assert lines[j][b:c].strip() == "" or c is None, lines[j]
            j += 1


def test_committed_table_is_generated_from_the_results():
    doc = json.loads((DOCDIR / "results.json").read_text())
    assert (DOCDIR / "results.rst").read_text() == report.results_rst(doc), \
        "Documentation/bench/results.rst is not the table of " \
        "results.json: run `make bench-save` (or regenerate it with " \
        "scripts/bench_report.py rst)"


def test_committed_results_are_complete():
    """The committed run had every benchmark build and every figure
    scripts/bench.py defines (the boot figures if it booted the default
    system, and the Linux personality's if that system had it), and names
    no machine's object tree."""
    bench = script("bench")
    text = (DOCDIR / "results.json").read_text()
    doc = json.loads(text)
    assert sorted(doc["builds"]) == sorted(b for b in bench.BUILDS
                                           if b != "boot")
    want = [f[0] for f in bench.FIGURES]
    if "boot" in doc and "linux" in doc["boot"]:
        want += [f[0] for f in bench.LINUX_FIGURES]
    if "boot" in doc:
        want += [f[0] for f in bench.BOOT_FIGURES]
    assert [f["name"] for f in doc["figures"]] == want
    assert "/tmp/" not in text


def test_benchmarks_rst_includes_the_table():
    text = (SRCTREE / "Documentation" / "benchmarks.rst").read_text()
    assert re.search(r"^\.\. include:: bench/results\.rst$", text, re.M)


# ---------------------------------------------------------------------------
# The comparison

def test_a_run_against_itself_differs_nowhere():
    doc = small_doc()
    rows = report.compare(doc, copy.deepcopy(doc))
    assert [r[5] for r in rows] == ["same"] * len(doc["figures"])
    text = report.compare_text(rows, "base.json")
    assert "0 regression(s), 0 improvement(s), %d unchanged" % len(rows) \
        in text
    assert len(re.findall(r"^IPC call, 0 words\s+\S+\s+(\d+)\s+\1\s+"
                          r"\+0 \(\+0\.0%\)$", text, re.M)) == 3
    assert "REGRESSION" not in text


def test_regressions_and_improvements_are_marked():
    base, new = small_doc(), small_doc()
    new["figures"][0]["median"] = 200          # 182 -> 200
    new["figures"][4]["median"] = 753          # retype 1753 -> 753
    rows = {r[0]: r for r in report.compare(base, new)}
    assert rows["ipc_call_fastpath"][3:] == (182, 200, "REGRESSION")
    assert rows["retype"][3:] == (1753, 753, "better")
    assert [r[0] for r in report.regressions(rows.values())] == [
        "ipc_call_fastpath"]
    text = report.compare_text(list(rows.values()), "base.json")
    assert re.search(r"^IPC call, 0 words\s+fastpath\s+182\s+200\s+"
                     r"\+18 \(\+9\.9%\)\s+REGRESSION$", text, re.M), text
    assert re.search(r"^retype, one 4 KiB page\s+fastpath\s+1753\s+753\s+"
                     r"-1000 \(-57\.0%\)\s+better$", text, re.M), text
    assert "1 regression(s), 1 improvement(s)" in text


def test_figures_in_one_run_only():
    base, new = small_doc(), small_doc()
    del base["figures"][3]                       # null_syscall: new
    new["figures"] = [f for f in new["figures"] if f["build"] != "slowpath"]
    rows = {r[0]: r for r in report.compare(base, new)}
    assert rows["null_syscall"][3:] == (None, 141, "new")
    assert rows["ipc_call_slowpath"][3:] == (390, None, "not run")
    assert not report.regressions(rows.values())
    text = report.compare_text(list(rows.values()), "base.json")
    assert re.search(r"^null system call\s+fastpath\s+-\s+141\s+new$", text,
                     re.M), text


@pytest.mark.parametrize("worse,flag,status", [
    (False, True, 0), (True, False, 0), (True, True, 1)],
    ids=["same-fail-flag", "regression-no-flag", "regression-fail-flag"])
def test_compare_command_fails_only_on_request(tmp_path, capsys, worse,
                                               flag, status):
    base, new = small_doc(), small_doc()
    if worse:
        new["figures"][-1]["median"] += 1
    (tmp_path / "base.json").write_text(json.dumps(base))
    (tmp_path / "new.json").write_text(json.dumps(new))
    argv = ["compare", str(tmp_path / "base.json"), str(tmp_path / "new.json")]
    assert report.main(argv + ["--fail-on-regression"] * flag) == status
    out = capsys.readouterr().out
    assert ("+1 (+0.0%)" in out) == worse


def test_compare_refuses_a_file_that_is_no_bench_json(tmp_path):
    (tmp_path / "x.json").write_text('{"builds": {}}')
    with pytest.raises(report.ReportError):
        report.load(tmp_path / "x.json")
    with pytest.raises(report.ReportError):
        report.load(tmp_path / "missing.json")


# ---------------------------------------------------------------------------
# The boot figures (scripts/bench.py)

BOOT_LOG = """\
KaaL loader 0.1.0: entered at EL1, devicetree at 0x44000000
init: 96 KiB boot archive, starting system_init with 3 untyped regions, \
t=2950000 ns
console: PL011 at 0x9000000 irq 33
init: again, t=7 ns
KaaL shell: type 'help' for commands
shell: ready, t=4800000 ns
kaal> """


def test_boot_figures_are_read_from_the_first_lines():
    bench = script("bench")
    found = bench.parse_boot(BOOT_LOG, "log")
    assert found == {
        "boot_first_output": (2950000, "init: 96 KiB boot archive, starting "
                              "system_init with 3 untyped regions, "
                              "t=2950000 ns"),
        "boot_prompt": (4800000, "shell: ready, t=4800000 ns")}


@pytest.mark.parametrize("log,waited_for", [
    (BOOT_LOG.replace("t=2950000 ns", "no stamp").replace("t=7", "x=7"),
     r"^init: .*\bt=(\d+) ns\b"),
    (BOOT_LOG.replace("shell: ready", "shell ready"),
     r"^shell: .*\bt=(\d+) ns\b"),
    # A stamp after the prompt is not the one before it.
    (BOOT_LOG.replace("shell: ready, t=4800000 ns\nkaal> ",
                      "kaal> \nshell: ready, t=4800000 ns\n"),
     r"^shell: .*\bt=(\d+) ns\b"),
    (BOOT_LOG.replace("kaal> ", ""), "`kaal> ` prompt"),
], ids=["no-init-stamp", "no-shell-stamp", "stamp-after-prompt",
        "no-prompt"])
def test_a_missing_boot_line_is_named(log, waited_for):
    bench = script("bench")
    with pytest.raises(bench.BenchError) as e:
        bench.parse_boot(log, "bench.log")
    assert waited_for in str(e.value)
    assert str(e.value).startswith("bench.log: ")


def test_saved_results_name_no_object_tree():
    bench = script("bench")
    doc = {"qemu": "qemu -kernel /tmp/o/bench-out/fastpath/Image",
           "builds": {"x": {"objtree": "/tmp/o/bench-out/x",
                            "configs": ["a", "/tmp/other"]}}, "n": 3}
    assert bench.portable(doc, "/tmp/o") == {
        "qemu": "qemu -kernel <objtree>/bench-out/fastpath/Image",
        "builds": {"x": {"objtree": "<objtree>/bench-out/x",
                         "configs": ["a", "/tmp/other"]}}, "n": 3}
