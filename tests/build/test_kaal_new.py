# SPDX-License-Identifier: GPL-2.0-only
"""scripts/kaal new and make newproject (Documentation/tutorial.rst): an
out-of-tree project that builds against this tree and boots with its
greeting. The full test costs one build of the project's system
(system_init, the console and its component; about two minutes on two
busy cores) and a boot of a few seconds; the refusals cost nothing."""
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import SRCTREE, TEST_OUT, Build, clean_env, run_qemu


# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

# A project lives outside the KaaL tree (scripts/kaal refuses one inside):
# an in-tree `make test` has its test output inside the tree, so there the
# project goes to a directory of its own under the system's temporary one.
OUT_IN_TREE = TEST_OUT == SRCTREE or SRCTREE in TEST_OUT.parents
KAAL = SRCTREE / "scripts" / "kaal"


def kaal_new(path, cwd=None):
    return subprocess.run([str(KAAL), "new", str(path)], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=clean_env())


def make(project, *goals, timeout=1200):
    return subprocess.run(["make", "-C", str(project), *goals],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          env=clean_env(), timeout=timeout)


@pytest.fixture(scope="module")
def project():
    if OUT_IN_TREE:
        out = Path(tempfile.mkdtemp(prefix="kaal-new-"))
    else:
        out = TEST_OUT / "kaal-new"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
    res = kaal_new(out / "hello")
    assert res.returncode == 0, res.stdout
    assert "cd %s && make run" % (out / "hello") in res.stdout
    yield out / "hello"
    if OUT_IN_TREE:
        shutil.rmtree(out, ignore_errors=True)


def test_new_project_builds_boots_and_passes_its_test(project):
    res = make(project, "-j2")
    assert res.returncode == 0, res.stdout
    build = project / "build"
    # Its component, linked at a slot of its own, in the boot archive.
    assert (build / "components" / "hello.elf").exists()
    assert (build / "project" / "hello" / "main.o").exists()
    assert not (build / "components" / "shell.elf").exists()
    # Its sources are in compile_commands.json (linked from the project).
    db = json.loads((project / "compile_commands.json").read_text())
    files = {e["file"] for e in db}
    assert str(project / "components" / "hello" / "main.c") in files
    assert str(project / "manifest.c") in files
    assert str(SRCTREE / "kernel" / "main.c") in files

    # Its own test: `make run` shows the greeting.
    res = make(project, "test", timeout=600)
    assert res.returncode == 0, res.stdout
    assert "1 passed" in res.stdout, res.stdout

    # The greeting comes from the project's component: changed there, the
    # boot says so.
    main_c = project / "components" / "hello" / "main.c"
    text = main_c.read_text()
    main_c.write_text(text.replace("Welcome to hello!", "Bye from hello!"))
    try:
        res = make(project, "-j2")
        assert res.returncode == 0, res.stdout
        boot = run_qemu(Build("kaal-new-hello", build, SRCTREE),
                        until=r"Bye from hello!", timeout=120,
                        log_name="kaal-new-bye")
        assert boot.matched, boot.log
        assert "Welcome to hello!" not in boot.log
    finally:
        main_c.write_text(text)


def test_make_newproject(tmp_path):
    res = subprocess.run(["make", "-C", str(SRCTREE), "newproject",
                          "DIR=%s" % (tmp_path / "demo_app")],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, env=clean_env())
    assert res.returncode == 0, res.stdout
    d = tmp_path / "demo_app"
    for f in ["Makefile", "demo_app.config", "manifest.c",
              "components/demo_app/Kbuild", "components/demo_app/main.c",
              "tests/test_demo_app.py"]:
        assert (d / f).is_file(), f
    assert "KAAL_TREE := %s\n" % SRCTREE in (d / "Makefile").read_text()
    assert 'CONFIG_SYSTEM_COMPONENTS="system_init console demo_app"' in \
        (d / "demo_app.config").read_text()
    assert '.name = "demo_app"' in (d / "manifest.c").read_text()
    assert 'printf("Welcome to demo_app!\\n");' in \
        (d / "components" / "demo_app" / "main.c").read_text()


@pytest.mark.parametrize("name,message", [
    ("1abc", "is not a usable C identifier"),
    ("my-app", "is not a usable C identifier"),
    ("int", "is not a usable C identifier"),
    ("a_name_far_too_long", "is longer than 15 characters"),
    ("shell", "is already the name of a component of the tree"),
])
def test_kaal_new_refuses_bad_names(tmp_path, name, message):
    res = kaal_new(tmp_path / name)
    assert res.returncode != 0
    assert message in res.stdout, res.stdout
    assert not (tmp_path / name).exists()


def test_kaal_new_refuses_a_non_empty_directory(tmp_path):
    d = tmp_path / "busy"
    d.mkdir()
    (d / "notes.txt").write_text("mine\n")
    res = kaal_new(d)
    assert res.returncode != 0
    assert "exists and is not an empty directory; nothing changed" \
        in res.stdout, res.stdout
    assert sorted(os.listdir(d)) == ["notes.txt"]
    # An empty one is fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert kaal_new(empty).returncode == 0
    assert (empty / "Makefile").exists()
