# SPDX-License-Identifier: GPL-2.0-only
"""The test machinery itself (Documentation/testing.rst): what a failing
test's report carries, how `make test`/`make pytest` select tests, and
the JUnit XML they write.

Each check runs an inner pytest or make on a small selection, so the
module takes seconds and boots no KaaL image: the QEMU of the inner tests
is started with an Image that does not exist, which QEMU reports on its
output before it exits with status 1: a serial log and a command line
to look for in the report.

    python3 -m pytest tests/harness -v
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import SRCTREE, TEST_OUT, clean_env, run_make

pytestmark = pytest.mark.spread

# Runs inside the inner pytest, which loads tests/conftest.py as a plugin
# (-p conftest): the three ways a test runs QEMU.
INNER_TESTS = '''
import os
from pathlib import Path

import pytest

from conftest import Build, SerialConsole

OBJDIR = Path(os.environ["INNER_OBJDIR"])


@pytest.fixture(scope="module")
def shared():
    """A console for the whole module, as tests/system's shell fixture."""
    sh = SerialConsole(OBJDIR, "shared-console")
    sh.wait_exit(60)
    yield sh
    sh.close()


def test_passes_with_shared(shared):
    pass


def test_fails_with_shared(shared):
    assert shared.log == "something else", "deliberate failure A"


def test_fails_with_own_console():
    sh = SerialConsole(OBJDIR, "own-console")
    try:
        sh.expect(rb"never printed", 60, "a line that never comes")
    finally:
        sh.close()


def test_fails_in_boot(boot):
    boot(Build("fake", OBJDIR, Path(os.environ["INNER_SRCTREE"]), ""),
         timeout=60, append="kaal.selftest=null two words")


def test_passes_without_qemu():
    pass
'''

AUTO_CONF = """CONFIG_BOARD_DTS="none"
CONFIG_QEMU_MACHINE="virt"
CONFIG_QEMU_CPU="cortex-a53"
CONFIG_QEMU_MEMORY="128M"
"""


def inner_env(extra=None):
    """A clean environment for a nested pytest or make: nothing of the
    outer pytest-xdist worker (its run id would make the inner session
    share the outer one's builds)."""
    env = {k: None for k in os.environ if k.startswith("PYTEST_")}
    env.update(extra or {})
    return clean_env(env)


@pytest.fixture(scope="module", params=["one-process", "xdist"])
def inner_run(request):
    """The inner pytest's JUnit XML root and terminal output; once in one
    process, once with pytest-xdist as `make test` runs it (the reports
    then travel from a worker to the main process)."""
    if request.param == "xdist" and not has_xdist():
        pytest.skip("python3-pytest-xdist is not installed")
    work = TEST_OUT / "harness" / ("inner-" + request.param)
    objdir = work / "objdir"
    (objdir / "include" / "config").mkdir(parents=True, exist_ok=True)
    (objdir / "include" / "config" / "auto.conf").write_text(AUTO_CONF)
    (objdir / "Image").unlink(missing_ok=True)  # QEMU: "could not load"
    (work / "test_inner.py").write_text(INNER_TESTS)
    xml = work / "junit.xml"
    xml.unlink(missing_ok=True)
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p",
         "no:cacheprovider", "-q", *(
             ["-n", "2", "--dist", "loadgroup"] if request.param == "xdist"
             else ["-n0"] if has_xdist() else []),
         "--rootdir", str(work), "--junitxml", str(xml),
         str(work / "test_inner.py")],
        cwd=str(work), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, timeout=300, env=inner_env({
            "PYTHONPATH": str(SRCTREE / "tests"),
            "KAAL_TEST_OUT": str(work / "out"),
            "INNER_OBJDIR": str(objdir),
            "INNER_SRCTREE": str(SRCTREE)}))
    out = res.stdout.decode("utf-8", errors="replace")
    assert res.returncode == 1, "inner pytest:\n" + out
    return ET.parse(xml).getroot(), out, objdir


def has_xdist():
    try:
        import xdist  # noqa: F401
        return True
    except ImportError:
        return False


def cases(root):
    """{test name: testcase element} of a JUnit XML file's root (under
    --dist loadgroup, xdist appends "@<group>" to the names)."""
    return {tc.get("name").split("@")[0]: tc for tc in root.iter("testcase")}


def failure_text(tc):
    f = tc.find("failure")
    if f is None:
        f = tc.find("error")
    assert f is not None, "%s did not fail" % tc.get("name")
    return (f.get("message") or "") + "\n" + (f.text or "")


# The start of the command scripts/qemu.py gives for AUTO_CONF.
QEMU_COMMAND = "$ qemu-system-aarch64 -machine virt -cpu cortex-a53 -m 128M"


def test_failures_carry_the_qemu_command_and_serial_log(inner_run):
    root, out, objdir = inner_run
    tcs = cases(root)
    assert set(tcs) == {"test_passes_with_shared", "test_fails_with_shared",
                        "test_fails_with_own_console", "test_fails_in_boot",
                        "test_passes_without_qemu"}, out
    for name, log in (("test_fails_with_shared", "shared-console"),
                      ("test_fails_with_own_console", "own-console"),
                      ("test_fails_in_boot", "test_fails_in_boot-1")):
        text = failure_text(tcs[name])
        # In the JUnit XML and on the terminal: the section, the exact
        # command and what QEMU printed.
        for where in (text, out):
            assert "QEMU %s" % log in where, (name, where)
        assert QEMU_COMMAND in text, text
        assert "-kernel %s" % (objdir / "Image") in text, text
        assert "could not load kernel" in text, text
        assert "exit status 1 (QEMU error)" in text, text
        if name == "test_fails_in_boot":
            # A command to paste into a shell: quoted where it must be.
            assert " -append 'kaal.selftest=null two words'" in text, text
        assert str(objdir / "logs" / (log + ".log")) in text, text
    # Only the QEMU that ran during the test.
    assert "own-console" not in failure_text(tcs["test_fails_with_shared"])
    assert "shared-console" not in failure_text(
        tcs["test_fails_with_own_console"])
    for name in ("test_passes_with_shared", "test_passes_without_qemu"):
        assert tcs[name].find("failure") is None, out
    # The saved logs name the command too.
    for log in ("shared-console", "own-console", "test_fails_in_boot-1"):
        text = (objdir / "logs" / (log + ".log")).read_text()
        assert text.startswith("# qemu-system-aarch64 "), text
        assert "could not load kernel" in text, text


def make_pytest(objdir, *args):
    """`make O=objdir pytest args...` in one process (the host tools are
    not what is tested here: KAAL_SKIP_DEPS=1); make's result."""
    return run_make(objdir, "pytest", "PYTEST_WORKERS=0", *args,
                    check=False, timeout=600,
                    env=inner_env({"KAAL_SKIP_DEPS": "1"}))


ONE_FILE = "tests/bench/test_bench_report.py"
ONE_NAME = "test_saved_results_name_no_object_tree"


@pytest.mark.parametrize("selection, junit", [
    (["TESTS=%s::%s" % (ONE_FILE, ONE_NAME)], "default"),
    # The older way: a path in PYTEST_FLAGS is not added to `tests`.
    (["PYTEST_FLAGS=%s -k %s" % (ONE_FILE, ONE_NAME)], "elsewhere"),
    (["TESTS=%s" % ONE_FILE, "PYTEST_FLAGS=-k %s" % ONE_NAME], "none"),
], ids=["TESTS", "PYTEST_FLAGS-path", "TESTS-no-junit"])
def test_make_selects_tests_once_and_writes_junit(selection, junit):
    objdir = TEST_OUT / "harness" / ("make-pytest-" + junit)
    default = objdir / "tests-out" / "junit.xml"
    elsewhere = objdir / "ci" / "results.xml"
    for f in (default, elsewhere):
        if f.exists():
            f.unlink()
    args = {"default": [], "elsewhere": ["JUNIT_XML=%s" % elsewhere],
            "none": ["JUNIT_XML="]}[junit]
    res = make_pytest(objdir, *selection, *args)
    assert res.returncode == 0, res.output
    assert "1 passed" in res.output, res.output
    written = [f for f in (default, elsewhere) if f.exists()]
    if junit == "none":
        assert written == [], res.output
        return
    assert written == [default if junit == "default" else elsewhere], \
        res.output
    names = [tc.get("classname") + "::" + tc.get("name")
             for tc in ET.parse(written[0]).getroot().iter("testcase")]
    # Once: not again as a part of the default `tests`.
    assert names == ["tests.bench.test_bench_report::" + ONE_NAME], names


def test_make_help_documents_test_selection():
    res = run_make(TEST_OUT / "harness" / "help", "help", env=inner_env())
    for text in ("TESTS=", "PYTEST_FLAGS=", "JUNIT_XML=", "  pytest ",
                 "  htmldocs "):
        assert text in res.output, res.output
