# SPDX-License-Identifier: GPL-2.0-only
"""Tests of the build system itself (Documentation/testing.rst).

Each test builds in its own O= directory under $KAAL_TEST_OUT/kbuild.
Tests that need to change sources (touch a header, add a defconfig) work on
a copy of the source tree, never on the tree itself. Known bugs are marked
xfail(strict=True): they start failing the run once the bug is fixed, so
the marker goes away with the bug.
"""
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import (SRCTREE, TEST_OUT, Build, clean_env, copy_source_tree,
                      kaal_version, read_config, run_make, run_qemu)

# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

OUT = TEST_OUT / "kbuild"
CROSS_GCC = "aarch64-linux-gnu-gcc"

DEFCONFIGS = sorted(p.name for p in (SRCTREE / "configs").glob("*_defconfig"))
FRAGMENTS = sorted(p.name for p in (SRCTREE / "configs").glob("*.config"))

# Lines of the short output: "  CC      kernel/main.o".
KBUILD_LINE = re.compile(r"^  [A-Z]+ +\S+", re.M)


def slug(s):
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", s).strip("_")[:100]


@pytest.fixture
def outdir(request):
    """An empty O= directory of the test's own."""
    d = OUT / slug(request.node.name)
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


@pytest.fixture(scope="module")
def srccopy():
    """A copy of the source tree shared by the tests that only add files
    of their own to it (under unique names)."""
    return copy_source_tree(OUT / "src-copy")


@pytest.fixture
def private_copy(request):
    """A copy of the source tree that this test alone may modify."""
    return copy_source_tree(OUT / (slug(request.node.name) + "-src"))


def full_build(outdir, defconfig="qemu_virt_defconfig", srctree=SRCTREE):
    run_make(outdir, defconfig, srctree=srctree)
    return run_make(outdir, srctree=srctree, jobs=2)


def compiled(res):
    """Objects a make run compiled or assembled."""
    return set(res.lines("CC")) | set(res.lines("AS"))


# boot/payload.S .incbin's the kernel: it is reassembled whenever the kernel
# is relinked, whatever the kernel's change was.
PAYLOAD = "boot/payload.o"


def recompiled(res):
    """compiled(res) without the payload; checks that the payload follows
    the kernel."""
    objs = compiled(res)
    if "kaal.elf" in res.lines("LD"):
        assert PAYLOAD in objs, "kernel relinked, payload not rebuilt"
    return objs - {PAYLOAD}


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def object_files(outdir):
    """Objects in the build directory (not the unit tests' tests-out/)."""
    objs = {p.relative_to(outdir) for p in Path(outdir).rglob("*.o")}
    return {str(p) for p in objs if p.parts[0] != "tests-out"}


def compile_db(outdir):
    return json.loads((Path(outdir) / "compile_commands.json").read_text())


def dependencies(outdir):
    """{object: set of files it is built from}, from the compiler (-MM on
    each command of compile_commands.json), independent of the build's own
    dependency tracking. The forced autoconf.h is left out, as fixdep
    does (options are tracked one by one instead)."""
    deps = {}
    for entry in compile_db(outdir):
        args = shlex.split(entry["command"])
        keep, skip = [], False
        for a in args:
            if skip:
                skip = False
            elif a in ("-MF", "-o"):
                skip = True
            elif a not in ("-MMD", "-MP", "-c"):
                keep.append(a)
        out = subprocess.run(keep + ["-MM"], cwd=entry["directory"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             check=True, text=True).stdout
        files = out.replace("\\\n", " ").split(":", 1)[1].split()
        obj = os.path.relpath(entry["output"], entry["directory"])
        deps[obj] = {os.path.realpath(f if os.path.isabs(f) else
                                      os.path.join(entry["directory"], f))
                     for f in files
                     if not f.endswith("include/generated/autoconf.h")}
    return deps


def built_dependencies(built):
    """dependencies() of the shared tree's build (BuiltTree), once for
    each set of compiler commands and configuration: the header and the
    CONFIG_ tests both ask for those of the plain build."""
    key = tuple((built.out / f).read_text() for f in (
        "compile_commands.json", "include/generated/autoconf.h"))
    if key not in built.deps:
        built.deps = {key: dependencies(built.out)}
    return built.deps[key]


# ---------------------------------------------------------------------------
# Out-of-tree builds and incremental rebuilds

BUILD_OUTPUT = re.compile(
    r"(\.(o|a|d|cmd|dtb|lds|elf|map|bin|img)$)|"
    r"((^|/)(Image|\.config|\.config\.old|defconfig|compile_commands\.json)$)|"
    r"(^include/(generated|config)/)|(^tests-out/)")


def git_status(tree):
    out = subprocess.run(["git", "-C", str(tree), "status", "--porcelain",
                          "--ignored", "--untracked-files=all"],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    return set(out.splitlines())


def looks_generated(line):
    """A status line for a file a build would have written. Tracked files
    that colleagues edit meanwhile (" M") and new sources do not count;
    pytest's own caches are not the build's."""
    state, path = line[:2], line[3:]
    if Path(os.path.abspath(SRCTREE / path)).is_relative_to(TEST_OUT):
        return False        # the tests' own output (make test without O=)
    if "__pycache__" in path or ".pytest_cache" in path:
        return False
    return state == "!!" or (state == "??" and BUILD_OUTPUT.search(path))


def tree_snapshot(tree):
    snap = {}
    for p in Path(tree).rglob("*"):
        if p.is_file() and "__pycache__" not in p.parts:
            st = p.stat()
            snap[str(p.relative_to(tree))] = (st.st_size, st.st_mtime_ns,
                                              sha(p))
    return snap


# The defconfig the first O= build from the source tree itself is of, and
# where the defconfig walk of test_switching_defconfigs_... starts.
FIRST_DEFCONFIG = "qemu_virt_defconfig"


class SourceTreeBuild:
    """One O= build of FIRST_DEFCONFIG from the source tree itself, from
    scratch, with `git status` of the tree before and after it. Shared by
    test_out_of_tree_build_leaves_source_tree_unchanged, which checks the
    statuses, and test_switching_defconfigs_builds_what_a_clean_build_does,
    whose walk starts with this same build (each made it on its own: one
    full build of the default system)."""

    def __init__(self, objdir):
        self.defconfig = FIRST_DEFCONFIG
        self.dir = objdir
        self.before = git_status(SRCTREE)
        full_build(objdir, self.defconfig)
        self.after = git_status(SRCTREE)
        self.made_image = (objdir / "Image").is_file()


@pytest.fixture(scope="module")
def source_tree_build():
    objdir = OUT / "source-tree-build"
    if objdir.exists():
        shutil.rmtree(objdir)
    objdir.mkdir(parents=True)
    return SourceTreeBuild(objdir)


def written_into_source_tree(before, after):
    return sorted(line for line in after - before if looks_generated(line))


# Not in the module's group (tests/conftest.py): a group of its own for
# the two tests of the shared build, one after the other on one worker.
@pytest.mark.xdist_group("tests/build/test_kbuild.py-source-tree-build")
def test_out_of_tree_build_leaves_source_tree_unchanged(source_tree_build):
    new = written_into_source_tree(source_tree_build.before,
                                   source_tree_build.after)
    assert not new, "the O= build wrote into the source tree: %s" % new
    assert source_tree_build.made_image


class BuiltTree:
    """A private copy of the source tree and one full qemu_virt build of
    it, shared by the tests of incremental rebuilds (built once: each of
    them used to make its own full build). Each test starts with
    settle(), which brings the tree back to a plain, complete build, and
    may leave it changed; they run in order on one worker (a
    module-scoped fixture keeps them in one xdist group)."""

    def __init__(self, base):
        self.src = copy_source_tree(base / "src")
        self.out = base / "out"
        self.out.mkdir()
        self.before = tree_snapshot(self.src)
        self.first = full_build(self.out, srctree=self.src)
        self.after = tree_snapshot(self.src)
        self.verbose = None         # see verbose_rebuild()
        self.deps = {}              # see dependencies()

    def make(self, *goals, **kw):
        return run_make(self.out, *goals, srctree=self.src, **kw)

    def settle(self):
        """The plain build of the configuration, complete."""
        self.make(jobs=2)
        return self.out


@pytest.fixture(scope="module")
def built():
    base = OUT / "built-tree"
    if base.exists():
        shutil.rmtree(base)
    return BuiltTree(base)


def test_out_of_tree_build_writes_nothing_in_a_source_copy(built):
    """The same, exactly: not one file of a copy of the tree is added,
    removed or modified (content or mtime) by a build from it."""
    before, after = built.before, built.after
    assert sorted(set(after) - set(before)) == [], "files added"
    assert sorted(set(before) - set(after)) == [], "files removed"
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == [], "files modified"


def make_in_tree(tree, *goals, jobs=None):
    args = ["make", "-C", str(tree)] + (["-j%s" % jobs] if jobs else []) + \
        list(goals)
    p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=clean_env(),
                       timeout=600)
    return p.returncode, p.stdout


def test_in_tree_builds_leave_nothing_untracked(private_copy):
    """In a git repository of the tree's files: a mistyped target writes
    nothing; a Pi 3 build, a switch to QEMU virt (-j2, booted to the
    shell) and the editor indexes leave `git status` empty, so
    .gitignore names every output; mrproper leaves nothing ignored."""
    tree = private_copy
    git = ["git", "-C", str(tree), "-c", "user.name=t", "-c",
           "user.email=t@t"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "tree"], check=True)

    def status(ignored=False):
        out = subprocess.run(
            git + ["status", "--porcelain", "--untracked-files=all"] +
            (["--ignored"] if ignored else []),
            stdout=subprocess.PIPE, text=True, check=True).stdout
        return [ln for ln in out.splitlines() if "__pycache__" not in ln]

    rc, out = make_in_tree(tree, "htmldocz")
    assert rc != 0 and "no such target" in out
    assert status(ignored=True) == [], "a mistyped target wrote files"
    for goals in (["rpi3_defconfig"], [], ["qemu_virt_defconfig"], [],
                  ["tags", "cscope"]):
        rc, out = make_in_tree(tree, *goals, jobs=2)
        assert rc == 0, out
        assert status() == [], "untracked after make %s:\n%s" % (
            " ".join(goals), "\n".join(status()))
    build = Build("in-tree", tree, tree)
    res = run_qemu(build, until=r"kaal> ", timeout=60, log_name="in-tree")
    assert res.matched, "virt after an in-tree switch from the Pi 3 did " \
        "not reach the shell:\n" + res.log[-2000:]
    shutil.rmtree(tree / "logs")
    rc, out = make_in_tree(tree, "mrproper")
    assert rc == 0, out
    assert status(ignored=True) == [], "left after mrproper"


def test_in_tree_config_blocks_out_of_tree_builds(private_copy, outdir):
    (private_copy / ".config").write_text("CONFIG_HZ=100\n")
    # As a user would run it: without the exemption `make test` exports.
    res = run_make(outdir, "qemu_virt_defconfig", srctree=private_copy,
                   check=False, env={"KAAL_SRCTREE_SHARED": None})
    assert res.returncode != 0
    assert "not clean" in res.output and "mrproper" in res.output


def test_second_make_builds_nothing(built):
    outdir = built.settle()
    stamps = {p: (outdir / p).stat().st_mtime_ns
              for p in object_files(outdir) | {"Image", "kaal.elf",
                                               "loader.elf"}}
    res = built.make()
    assert not KBUILD_LINE.search(res.output), \
        "a second make did something:\n" + res.output
    after = {p: (outdir / p).stat().st_mtime_ns for p in stamps}
    assert after == stamps


def test_single_object_target_after_a_build_is_up_to_date(built):
    built.settle()
    res = built.make("kernel/main.o")
    assert not compiled(res), res.output
    res = built.make()
    assert not compiled(res), res.output


def test_touching_a_header_rebuilds_exactly_its_dependents(built):
    built.settle()
    header = built.src / "include" / "kaal" / "cmdline.h"
    users = {obj for obj, deps in built_dependencies(built).items()
             if str(header) in deps}
    assert {"kernel/cmdline.o", "kernel/main.o",
            "kernel/selftest.o"} <= users
    future = time.time() + 2
    os.utime(header, (future, future))
    res = built.make()
    assert recompiled(res) == users
    assert "lib/string.o" not in compiled(res)
    assert "kaal.elf" in res.lines("LD")


def set_hz(outdir, hz):
    """Change CONFIG_HZ in @outdir's .config; returns the old value."""
    config = outdir / ".config"
    text = config.read_text()
    old = re.search(r"^CONFIG_HZ=(\d+)$", text, re.M).group(1)
    config.write_text(text.replace("CONFIG_HZ=%s\n" % old,
                                   "CONFIG_HZ=%d\n" % hz))
    return old


def test_config_change_rebuilds_the_files_that_use_it(built):
    outdir = built.settle()
    users = {obj for obj, deps in built_dependencies(built).items()
             if any(re.search(r"\bCONFIG_HZ\b", Path(d).read_text(
                 errors="replace")) for d in deps)}
    assert {"kernel/irq.o", "kernel/main.o"} <= users
    assert set_hz(outdir, 250) == "100"
    try:
        res = built.make()
        assert read_config(outdir / "include/config/auto.conf")[
            "CONFIG_HZ"] == "250"
        assert recompiled(res) == users
        assert not {"lib/string.o", "boot/elf.o"} & compiled(res)
        assert "Image" in res.lines("IMAGE")
    finally:
        set_hz(outdir, 100)


def test_make_after_a_config_change_settles(built):
    """Generated files that are rewritten only when their content changes
    must not leave make regenerating them on every run."""
    outdir = built.settle()
    old = set_hz(outdir, 250)
    try:
        built.make()
        res = built.make()
        assert not KBUILD_LINE.search(res.output), res.output
    finally:
        set_hz(outdir, int(old))


def test_stale_auto_conf_is_regenerated_before_use(built):
    """An O= directory configured by an older tree (auto.conf without a
    symbol the tree now has, .config newer) builds after the update, as
    `git pull && make` does: no check may stop make while it parses the
    stale auto.conf, before it has regenerated it."""
    outdir = built.settle()
    auto = outdir / "include" / "config" / "auto.conf"
    auto.write_text("".join(ln for ln in auto.read_text().splitlines(True)
                            if not ln.startswith("CONFIG_ROOT_TASK_DIR=")))
    past = time.time() - 60
    os.utime(auto, (past, past))
    res = built.make(check=False)
    assert res.returncode == 0, res.output
    assert "CONFIG_ROOT_TASK_DIR=" in auto.read_text()


def test_per_file_cflags_rebuild_that_file_only(built):
    outdir = built.settle()
    res = built.make("CFLAGS_main.o=-DKAAL_TEST_ONE_FILE")
    # CFLAGS_<file> applies to the kernel side (user space has its own
    # flags): the main.o objects of compile_commands.json.
    mains = {o for o in (os.path.relpath(e["output"], outdir)
                         for e in compile_db(outdir))
             if o.endswith("/main.o") and not o.startswith(("user/", "app/"))}
    assert len(mains) >= 2
    assert recompiled(res) == mains
    cmds = {os.path.relpath(e["output"], outdir): e["command"]
            for e in compile_db(outdir)}
    for obj in mains:
        assert "-DKAAL_TEST_ONE_FILE" in cmds[obj]
    assert "-DKAAL_TEST_ONE_FILE" not in cmds["lib/string.o"]


# ---------------------------------------------------------------------------
# Output

def test_default_output_is_short(built):
    res = built.first
    assert re.search(r"^  CC      kernel/main\.o$", res.output, re.M)
    assert re.search(r"^  LD      kaal\.elf$", res.output, re.M)
    assert re.search(r"^  IMAGE   Image$", res.output, re.M)
    assert "-Werror" not in res.output, "full command lines without V=1"


# ---------------------------------------------------------------------------
# Configuration

def savedefconfig(srctree, objdir, defconfig):
    run_make(objdir, defconfig, srctree=srctree)
    run_make(objdir, "savedefconfig", srctree=srctree)
    return (objdir / "defconfig").read_text()


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_savedefconfig_round_trip(srccopy, outdir, defconfig):
    """The minimal config savedefconfig writes gives the same .config."""
    saved = savedefconfig(srccopy, outdir / "first", defconfig)
    name = "kaaltest_rt_%s" % defconfig
    (srccopy / "configs" / name).write_text(saved)
    run_make(outdir / "second", name, srctree=srccopy)
    assert (outdir / "second" / ".config").read_text() == \
        (outdir / "first" / ".config").read_text()


NOT_MINIMAL = {}


@pytest.mark.parametrize("defconfig", [
    pytest.param(d, marks=pytest.mark.xfail(strict=True,
                                            reason=NOT_MINIMAL[d]))
    if d in NOT_MINIMAL else d for d in DEFCONFIGS])
def test_defconfigs_are_minimal(srccopy, outdir, defconfig):
    """configs/*_defconfig are savedefconfig output, comments aside."""
    saved = savedefconfig(srccopy, outdir, defconfig)
    text = (srccopy / "configs" / defconfig).read_text()
    settings = [ln for ln in text.splitlines()
                if ln.strip() and not ln.startswith("# ") or
                re.match(r"^# CONFIG_\w+ is not set$", ln)]
    assert saved.splitlines() == settings


BAD_CONFIGS = {
    "unknown-symbol": ("CONFIG_IRQCHIP_GICV2=y\n"
                       "CONFIG_KAAL_NO_SUCH_SYMBOL=y\n", 2,
                       ["CONFIG_KAAL_NO_SUCH_SYMBOL", "unknown symbol"]),
    "int-not-a-number": ("CONFIG_HZ=abc\n", 1, ["CONFIG_HZ", "abc"]),
    "int-below-range": ("# comment\nCONFIG_HZ=5\n", 2,
                        ["CONFIG_HZ", "range"]),
    "int-above-range": ("CONFIG_HZ=1001\n", 1, ["CONFIG_HZ", "range"]),
    "bool-not-y-or-n": ("CONFIG_IPC_FASTPATH=maybe\n", 1,
                        ["CONFIG_IPC_FASTPATH", "maybe"]),
    "hex-not-hex": ("CONFIG_LOADER_TEXT_OFFSET=0xzz\n", 1,
                    ["CONFIG_LOADER_TEXT_OFFSET"]),
    "no-prompt": ('CONFIG_BOARD_NAME="other"\n', 1,
                  ["CONFIG_BOARD_NAME", "prompt"]),
    "not-an-assignment": ("CONFIG_HZ=100\nHZ 100\n", 2, ["HZ 100"]),
}


def assert_config_error(res, path, line, words):
    assert res.returncode != 0
    assert "Traceback" not in res.output
    assert "%s:%d" % (path, line) in res.output, res.output
    for w in words:
        assert w in res.output, res.output


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_defconfig_is_refused(srccopy, outdir, case):
    text, line, words = BAD_CONFIGS[case]
    name = "kaaltest_%s_defconfig" % case.replace("-", "_")
    path = srccopy / "configs" / name
    path.write_text(text)
    run_make(outdir, "qemu_virt_gicv3_defconfig", srctree=srccopy)
    before = (outdir / ".config").read_bytes()
    res = run_make(outdir, name, srctree=srccopy, check=False)
    assert_config_error(res, path, line, words)
    assert (outdir / ".config").read_bytes() == before, \
        ".config changed by a refused defconfig"


@pytest.mark.parametrize("case", ["unknown-symbol", "int-above-range",
                                  "no-prompt"])
def test_bad_fragment_is_refused(srccopy, outdir, case):
    text, line, words = BAD_CONFIGS[case]
    text = text.replace("CONFIG_IRQCHIP_GICV2=y\n", "# fragment\n")
    name = "kaaltest_%s.config" % case.replace("-", "_")
    path = srccopy / "configs" / name
    path.write_text(text)
    run_make(outdir, "qemu_virt_defconfig", srctree=srccopy)
    before = (outdir / ".config").read_bytes()
    res = run_make(outdir, name, srctree=srccopy, check=False)
    assert_config_error(res, path, line, words)
    assert (outdir / ".config").read_bytes() == before


def test_every_bad_line_is_reported_with_suggestions(srccopy, outdir):
    """All the errors of a defconfig at once, each with its line, and the
    nearest symbol names for a typo; .config stays as it was."""
    text = ("# typos\n"
            "CONFIG_SCHED_RRR=y\n"
            "CONFIG_IPC_FASTPAT=y\n"
            "HZ 250\n"
            "CONFIG_HZ=5000\n"
            "CONFIG_KAAL_NOTHING_LIKE_IT=y\n")
    path = srccopy / "configs" / "kaaltest_many_errors_defconfig"
    path.write_text(text)
    frag = srccopy / "configs" / "kaaltest_many_errors.config"
    frag.write_text(text)
    run_make(outdir, "qemu_virt_defconfig", srctree=srccopy)
    before = (outdir / ".config").read_bytes()
    for target, f in ((path.name, path), (frag.name, frag)):
        res = run_make(outdir, target, srctree=srccopy, check=False)
        assert res.returncode != 0 and "Traceback" not in res.output
        for line, words in (
                (2, ["unknown symbol CONFIG_SCHED_RRR",
                     "did you mean CONFIG_SCHED_RR?"]),
                (3, ["did you mean CONFIG_IPC_FASTPATH?"]),
                (4, ["not a Kconfig assignment", "CONFIG_HZ=250"]),
                (5, ["CONFIG_HZ=5000", "range"]),
                (6, ["unknown symbol CONFIG_KAAL_NOTHING_LIKE_IT"])):
            m = re.search(r"^\*\*\* %s:%d: (.*)$" % (re.escape(str(f)), line),
                          res.output, re.M)
            assert m, "line %d not reported:\n%s" % (line, res.output)
            for w in words:
                assert w in m.group(1), m.group(0)
        assert "did you mean" not in re.search(
            r"^.*NOTHING_LIKE_IT.*$", res.output, re.M).group(0)
        assert "5 errors" in res.output, res.output
        assert (outdir / ".config").read_bytes() == before


def test_missing_defconfig_lists_the_available_ones(outdir):
    res = run_make(outdir, "kaal_no_such_board_defconfig", check=False)
    assert res.returncode != 0
    for d in DEFCONFIGS:
        assert d in res.output


def test_fragments_are_merged_in_order(outdir):
    res = run_make(outdir, "qemu_virt_defconfig", "debug.config")
    assert "MERGE   configs/debug.config" in res.output
    conf = read_config(outdir / ".config")
    assert conf["CONFIG_KERNEL_LOG_LEVEL"] == "7"
    assert conf["CONFIG_DEBUG_KERNEL"] == "y"
    assert conf["CONFIG_DEBUG_SYSCALLS"] == "y"
    assert conf["CONFIG_IRQCHIP_GICV2"] == "y"
    run_make(outdir, "qemu_virt_gicv3_defconfig", "debug.config",
             "release.config", "rr.config")
    conf = read_config(outdir / ".config")
    assert conf["CONFIG_KERNEL_LOG_LEVEL"] == "4"    # the last one wins
    assert "CONFIG_DEBUG_KERNEL" not in conf
    assert conf["CONFIG_SCHED_RR"] == "y"
    assert conf["CONFIG_IRQCHIP_GICV3"] == "y"


def test_help_lists_defconfigs_fragments_and_targets(outdir):
    res = run_make(outdir, "help")
    for name in DEFCONFIGS + FRAGMENTS:
        assert re.search(r"^\s+%s\b" % re.escape(name), res.output, re.M), \
            "`make help` does not list %s" % name
    for target in ("all", "clean", "mrproper", "menuconfig", "oldconfig",
                   "olddefconfig", "savedefconfig", "listnewconfig",
                   "alldefconfig", "allnoconfig", "randconfig", "run",
                   "debug", "test", "unittest", "compile_commands.json",
                   "checkformat", "format"):
        assert re.search(r"(^|\s)%s(\s|$)" % re.escape(target), res.output,
                         re.M), "`make help` does not mention %s" % target
    for option in ("O=", "V=1", "CROSS_COMPILE", "KCONFIG_SEED"):
        assert option in res.output
    assert not (outdir / ".config").exists()


def kconfig(monkeypatch, srctree=SRCTREE):
    """The tree's Kconfig, loaded in this process as the menus load it."""
    import kconfiglib
    monkeypatch.setenv("srctree", str(srctree))
    monkeypatch.setenv("KAAL_VERSION", kaal_version(srctree))
    return kconfiglib.Kconfig(str(srctree / "Kconfig"), warn=False)


# The menus in which a user picks the board: everything else that differs
# between two boards must follow from these two choices.
BOARD_CHOICES = ("Board", "Interrupt controller")


def board_choices(kconf):
    return [c for c in kconf.unique_choices
            if any(n.prompt and n.prompt[0] in BOARD_CHOICES
                   for n in c.nodes)]


def test_switching_the_board_in_the_menus_leaves_nothing_stale(monkeypatch,
                                                                tmp_path):
    """menuconfig (Kconfiglib, as the menus drive it): start from A's
    .config, pick B's board and interrupt controller, save, and let make
    sync it; the result is B's .config exactly, for every ordered pair of
    defconfigs. Before, BOARD_DTS and QEMU_MACHINE kept the GICv2 values
    after a switch to GICv3, as did the memory and CPU count of raspi3b,
    a board's counter frequency and its semihosting default."""
    clean, picks = {}, {}
    for d in DEFCONFIGS:
        kconf = kconfig(monkeypatch)
        kconf.load_config(str(SRCTREE / "configs" / d))
        kconf.write_config(str(tmp_path / d))
        clean[d] = (tmp_path / d).read_text()
        picks[d] = [c.selection.name for c in board_choices(kconf)]
        assert len(picks[d]) == len(BOARD_CHOICES)
    saved = tmp_path / "saved"
    stale = []
    for a, b in every_pair(DEFCONFIGS):
        kconf = kconfig(monkeypatch)
        kconf.load_config(str(tmp_path / a))
        for name in picks[b]:
            kconf.syms[name].set_value(2)   # what selecting it in a menu does
        kconf.write_config(str(saved))
        kconf = kconfig(monkeypatch)        # syncconfig, on the next make
        kconf.load_config(str(saved))
        kconf.write_config(str(saved))
        if saved.read_text() != clean[b]:
            diff = set(saved.read_text().splitlines()) ^ \
                set(clean[b].splitlines())
            stale.append("%s -> %s: %s" % (a, b, sorted(diff)))
    assert not stale, "\n".join(stale)


def test_olddefconfig_follows_a_gic_switch(outdir):
    """The same through make: .config of QEMU virt with GICv3 picked in
    the menus, then `make olddefconfig`, is the GICv3 defconfig's."""
    run_make(outdir / "v3", "qemu_virt_gicv3_defconfig")
    run_make(outdir, "qemu_virt_defconfig")
    config = outdir / ".config"
    text = config.read_text()
    assert "CONFIG_IRQCHIP_GICV2=y\n" in text
    config.write_text(text.replace(
        "CONFIG_IRQCHIP_GICV2=y\n",
        "# CONFIG_IRQCHIP_GICV2 is not set\nCONFIG_IRQCHIP_GICV3=y\n"))
    run_make(outdir, "olddefconfig")
    conf = read_config(config)
    assert conf["CONFIG_BOARD_DTS"] == "qemu-virt-gicv3"
    assert conf["CONFIG_QEMU_MACHINE"] == "virt,gic-version=3"
    assert config.read_text() == (outdir / "v3" / ".config").read_text()


def test_listnewconfig(outdir):
    run_make(outdir, "qemu_virt_defconfig")
    res = run_make(outdir, "listnewconfig")
    assert not re.search(r"^CONFIG_", res.output, re.M), res.output
    config = outdir / ".config"
    config.write_text("".join(line for line in
                              config.read_text().splitlines(True)
                              if not line.startswith("CONFIG_HZ=")))
    res = run_make(outdir, "listnewconfig")
    assert re.findall(r"^CONFIG_\w+=.*$", res.output, re.M) == \
        ["CONFIG_HZ=100"]


def test_randconfig_is_reproducible(outdir):
    configs = []
    for d in ("a", "b"):
        res = run_make(outdir / d, "randconfig", "KCONFIG_SEED=1234")
        assert "KCONFIG_SEED=1234" in res.output
        configs.append((outdir / d / ".config").read_text())
    assert configs[0] == configs[1]
    others = set()
    for seed in range(1, 9):
        run_make(outdir / "c", "randconfig", "KCONFIG_SEED=%d" % seed)
        others.add((outdir / "c" / ".config").read_text())
    assert len(others) > 1, "randconfig ignores KCONFIG_SEED"


# Random configurations are built, and booted, by
# tests/boot/test_randconfig.py: one seed list for the whole matrix.
CONFIG_TARGETS = ["alldefconfig", "allnoconfig", "allyesconfig"]


@pytest.mark.parametrize("target", CONFIG_TARGETS,
                         ids=[t.split()[-1] for t in CONFIG_TARGETS])
def test_generated_configs_build_with_werror(kaal_build, outdir, target):
    """The build is the configuration matrix's (tests/boot/
    test_configcheck.py, which also boots allnoconfig in `make test`):
    built once, whichever test asks first; a failure shows the .config's
    make output. alldefconfig's .config is qemu_virt_defconfig's, byte
    for byte (that defconfig is every default): the session's plain build
    of it, which many tests boot, is then the alldefconfig build, and is
    not made a second time."""
    build = None
    if target == "alldefconfig":
        run_make(outdir, target)
        plain = kaal_build("qemu_virt_defconfig")
        if (outdir / ".config").read_bytes() == \
                (plain.dir / ".config").read_bytes():
            build = plain
    if build is None:
        build = kaal_build(target, name="cc-" + target)
    assert (build.dir / "kaal.elf").is_file()
    entries = [e for e in compile_db(build.dir) if e["file"].endswith(".c")]
    assert entries
    for e in entries:
        assert "-Werror" in shlex.split(e["command"]), e["file"]


# ---------------------------------------------------------------------------
# Targets

def test_compile_commands(built):
    outdir = built.settle()
    db = compile_db(outdir)
    main = [e for e in db if e["file"] == str(built.src / "kernel" / "main.c")]
    assert len(main) == 1
    assert main[0]["directory"] == str(outdir)
    args = shlex.split(main[0]["command"])
    assert "-Werror" in args and "-c" in args
    assert args[0].endswith("gcc")
    kernel_side = {o for o in object_files(outdir)
                   if not o.startswith(("user/", "app/"))}
    assert {os.path.relpath(e["output"], outdir) for e in db} >= kernel_side
    for e in db:
        assert Path(e["file"]).is_file()


def test_compile_commands_cover_user_space(built):
    outdir = built.settle()
    listed = {os.path.relpath(e["output"], outdir) for e in compile_db(outdir)}
    assert object_files(outdir) <= listed


def test_extra_cflags_rebuild_everything(built):
    outdir = built.settle()
    # EXTRA_CFLAGS is the kernel's (and loader's): user space, ours under
    # user/ and lwIP's fetched source in the object tree, has its own flags.
    c_objects = {os.path.relpath(e["output"], outdir)
                 for e in compile_db(outdir) if e["file"].endswith(".c")
                 and e["file"].startswith(str(built.src))
                 and not e["file"].startswith(str(built.src / "user"))}
    assert any(o.startswith("kernel/") for o in c_objects)
    res = built.make("EXTRA_CFLAGS=-DKAAL_TEST_FLAG", jobs=2)
    assert c_objects <= recompiled(res)
    for e in compile_db(outdir):
        if os.path.relpath(e["output"], outdir) in c_objects:
            assert "-DKAAL_TEST_FLAG" in e["command"], e["file"]
    res = built.make("EXTRA_CFLAGS=-DKAAL_TEST_FLAG")
    assert not compiled(res)


def clean_shared_tree(built):
    """`make clean` in the shared tree; the checks of
    test_clean_keeps_the_config."""
    outdir = built.out
    config = (outdir / ".config").read_bytes()
    built.make("clean")
    assert (outdir / ".config").read_bytes() == config
    assert object_files(outdir) == set()
    for f in ("Image", "kaal.elf", "loader.elf", "compile_commands.json"):
        assert not (outdir / f).exists(), f
    assert not list(outdir.rglob(".*.cmd"))


def verbose_rebuild(built):
    """A complete `make V=1` after `make clean`: the rebuild that
    test_clean_keeps_the_config checks is the whole build whose command
    lines test_verbose_output_shows_commands reads (each made a complete
    build of its own). Kept for the second."""
    built.verbose = built.make("V=1", jobs=2)
    return built.verbose


def test_clean_keeps_the_config(built):
    """(After the EXTRA_CFLAGS build: any complete build will do.) The
    build after the clean is verbose_rebuild()'s."""
    outdir = built.out
    clean_shared_tree(built)
    verbose_rebuild(built)
    assert (outdir / "Image").is_file()


def test_verbose_output_shows_commands(built):
    """V=1: every compiler command in full, no short lines, for a whole
    build (test_clean_keeps_the_config's rebuild after clean; alone, one
    of its own)."""
    res = built.verbose
    if res is None:
        built.settle()
        clean_shared_tree(built)
        res = verbose_rebuild(built)
    line = next((ln for ln in res.output.splitlines()
                 if "-o kernel/main.o" in ln), None)
    assert line, "no command line for kernel/main.o with V=1"
    assert CROSS_GCC in line and "-Werror" in line and " -c " in line
    assert line.rstrip().endswith("kernel/main.c")
    assert not re.search(r"^  CC      ", res.output, re.M)
    assert "kaal.elf" in res.output and "Image" in res.output


def test_mrproper_removes_the_config(built):
    """Last of the shared tree's tests: nothing is left of its build."""
    outdir = built.settle()
    built.make("mrproper")
    assert not (outdir / ".config").exists()
    assert not (outdir / "include" / "config").exists()
    assert not (outdir / "include" / "generated").exists()
    left = sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*")
                  if p.is_file())
    # The forwarding Makefile stays, as Linux's does.
    assert left == ["Makefile"], "files left after mrproper"


def test_single_object_target(outdir):
    run_make(outdir, "qemu_virt_defconfig")
    res = run_make(outdir, "kernel/main.o")
    assert compiled(res) == {"kernel/main.o"}
    assert object_files(outdir) == {"kernel/main.o"}
    assert not (outdir / "kaal.elf").exists()
    assert not (outdir / "Image").exists()


@pytest.mark.parametrize("goal", ["foo", "htmldocz", "foo all"])
def test_unknown_target_writes_nothing(outdir, goal):
    """A mistyped target in a clean object tree: make says there is no
    such target and writes no .config or include/config (the forwarding
    Makefile aside)."""
    res = run_make(outdir, *goal.split(), check=False)
    assert res.returncode != 0
    assert "no such target: %s" % goal.split()[0] in res.output, res.output
    assert "make help" in res.output
    left = sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*"))
    assert left == ["Makefile"], left


def test_object_tree_makefile_forwards_to_the_source_tree(outdir):
    """make O=dir leaves dir/Makefile, so that `make -C dir` (or `cd dir
    && make`) builds there, as in Linux."""
    run_make(outdir, "qemu_virt_defconfig")
    assert "include %s/Makefile" % SRCTREE in (outdir / "Makefile").read_text()
    p = subprocess.run(["make", "-C", str(outdir), "kernel/main.o"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=clean_env())
    assert p.returncode == 0, p.stdout
    assert re.search(r"^  CC      kernel/main\.o$", p.stdout, re.M), p.stdout
    assert (outdir / "kernel" / "main.o").is_file()
    assert not (SRCTREE / "kernel" / "main.o").exists()


def test_tags_and_cscope(outdir):
    """make tags / make cscope index the tree: a function is found where
    it is defined. Without the tool the message names the package."""
    res = run_make(outdir, "tags", "cscope")
    assert "TAGS    tags" in res.output and "CSCOPE  cscope.out" in res.output
    tags = (outdir / "tags").read_text()
    assert re.search(r"^dt_parse\t%s/boot/dt\.c\t" % re.escape(str(SRCTREE)),
                     tags, re.M)
    found = subprocess.run(["cscope", "-d", "-L", "-1", "dt_parse", "-f",
                            str(outdir / "cscope.out")], cwd=outdir,
                           capture_output=True, text=True, check=True).stdout
    assert "boot/dt.c dt_parse " in found, found
    assert not (outdir / ".config").exists()
    fakebin = outdir / "fakebin"
    fakebin.mkdir()
    (fakebin / "ctags").write_text("#!/bin/sh\necho 'Exuberant Ctags 5.8'\n")
    (fakebin / "ctags").chmod(0o755)
    res = run_make(outdir / "o", "tags", check=False,
                   env={"PATH": "%s:%s" % (fakebin, os.environ["PATH"])})
    assert res.returncode != 0
    assert "apt-get install universal-ctags" in res.output, res.output


def test_run_says_how_to_quit_qemu(kaal_build):
    """make run prints how to leave QEMU before QEMU starts."""
    build = kaal_build("qemu_virt_defconfig", ["demo.config"])
    res = run_make(build.dir, "run", timeout=180)
    quit_at = res.output.find("quit with Ctrl-A X")
    assert quit_at >= 0, res.output
    assert 0 <= quit_at < res.output.find("KaaL loader"), res.output


def test_unittest_target(outdir):
    """`make unittest` with UNIT_TESTS= builds and runs just those programs
    in <objtree>/tests-out/unit (`make test` runs all of them before
    pytest), and refuses a name with no program, listing the programs."""
    res = run_make(outdir, "unittest", "UNIT_TESTS=string vsprintf")
    assert re.search(r"^  HOSTCC  tests/unit/test_string$", res.output, re.M)
    assert re.search(r"^  UNIT    2 test programs passed$", res.output,
                     re.M)
    unit = outdir / "tests-out" / "unit"
    assert sorted(p.name for p in unit.glob("test_*")) == \
        ["test_string", "test_vsprintf"]
    res = run_make(outdir, "unittest", "UNIT_TESTS=string strnig",
                   check=False)
    assert res.returncode != 0
    assert "no unit test program strnig" in res.output
    assert "vsprintf" in res.output     # the list of programs
    assert not (unit / "test_strnig").exists()


# ---------------------------------------------------------------------------
# Host environment

def test_missing_cross_compiler_is_reported(outdir):
    res = run_make(outdir, "CROSS_COMPILE=kaal-nonexistent-", check=False)
    assert res.returncode != 0
    assert "kaal-nonexistent-gcc" in res.output
    assert "CROSS_COMPILE" in res.output
    assert "Traceback" not in res.output
    assert not compiled(res)
    assert not object_files(outdir)


@pytest.mark.parametrize("prefix", ["", "x86_64-linux-gnu-",
                                    "arm-linux-gnueabihf-"])
def test_cross_compiler_of_another_architecture_is_named(outdir, prefix):
    """CROSS_COMPILE= (the host's gcc) or a cross compiler for another
    architecture: make says which architecture it builds for before it
    configures or compiles anything, instead of the assembler's errors."""
    gcc = prefix + "gcc"
    if not shutil.which(gcc):
        pytest.skip("%s is not installed" % gcc)
    machine = subprocess.run([gcc, "-dumpmachine"], capture_output=True,
                             text=True, check=True).stdout.strip()
    res = run_make(outdir, "CROSS_COMPILE=" + prefix, check=False)
    assert res.returncode != 0
    assert "CROSS_COMPILE=%s builds for %s" % (
        prefix, machine.split("-")[0]) in res.output, res.output
    assert "KaaL needs an AArch64 compiler" in res.output
    assert not compiled(res) and not object_files(outdir)
    assert not (outdir / ".config").exists()


def test_guiconfig_without_tk_says_what_to_install(outdir):
    """A Python without Tk (python3-tk is a package of its own): the
    message names the package, with no traceback."""
    fake = outdir / "notk"
    fake.mkdir()
    (fake / "tkinter.py").write_text(
        "raise ImportError(\"No module named '_tkinter'\")\n")
    run_make(outdir / "o", "qemu_virt_defconfig")
    before = (outdir / "o" / ".config").read_bytes()
    res = run_make(outdir / "o", "guiconfig", check=False,
                   env={"PYTHONPATH": str(fake)})
    assert res.returncode != 0
    assert "Traceback" not in res.output, res.output
    assert "python3-tk" in res.output, res.output
    assert (outdir / "o" / ".config").read_bytes() == before


def test_python3_without_kconfiglib_first_on_path(outdir):
    """A python3 that cannot import kconfiglib (a venv, pyenv, conda) first
    on PATH: the build still finds one that can. Of the build's Python
    scripts only the configuration (kconfiglib) and the devicetree headers
    (libfdt) need more than the standard library, and the demo system
    runs both; the default system's other scripts (the boot archives)
    would run under the fake python3 too, so its full build (twice the
    time) could not fail here where the demo's passes."""
    fakebin = outdir / "fakebin"
    fakebin.mkdir()
    calls = outdir / "fake-python3-calls"
    fake = fakebin / "python3"
    # -I -S: no site-packages, so no kconfiglib, like a bare venv.
    fake.write_text('#!/bin/sh\necho "$*" >> %s\n'
                    'exec /usr/bin/python3 -I -S "$@"\n' % calls)
    fake.chmod(0o755)
    probe = subprocess.run([str(fake), "-c", "import kconfiglib"],
                           stderr=subprocess.DEVNULL)
    assert probe.returncode != 0, "the fake python3 can import kconfiglib"
    calls.unlink()
    env = {"PATH": "%s:%s" % (fakebin, os.environ["PATH"])}
    run_make(outdir / "o", "qemu_virt_defconfig", "demo.config", env=env)
    res = run_make(outdir / "o", env=env, jobs=2)
    assert "Image" in res.lines("IMAGE")
    assert calls.exists(), "the fake python3 was never tried"


def every_pair(nodes):
    """Every ordered pair (a, b) of @nodes, a != b."""
    return [(a, b) for a in nodes for b in nodes if a != b]


def every_ordered_pair(nodes):
    """A walk through @nodes that takes every step a -> b (a != b) exactly
    once: an Euler circuit of the complete directed graph (Hierholzer)."""
    left = {a: [b for b in nodes if b != a] for a in nodes}
    stack, walk = [nodes[0]], []
    while stack:
        if left[stack[-1]]:
            stack.append(left[stack[-1]].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


# Boards QEMU can boot to the shell, and the image each defconfig makes.
BOOTABLE = {"qemu_virt_defconfig", "qemu_virt_gicv3_defconfig",
            "rpi3_defconfig"}

# The switches `make test` walks (about 2 minutes on 2 cores): a board
# change each way between a GIC and a GIC-less board with another UART and
# RAM layout, and a GIC version change, the cases of issue 20. `make
# test-switching` (KAAL_TEST_SWITCHES=all) walks every ordered pair of
# defconfigs, 12 switches (Documentation/build.rst).
SHORT_WALK = ["qemu_virt_defconfig", "rpi3_defconfig",
              "qemu_virt_gicv3_defconfig", "qemu_virt_defconfig"]


def switch_walk():
    if os.environ.get("KAAL_TEST_SWITCHES") == "all":
        return every_ordered_pair(DEFCONFIGS)
    return SHORT_WALK


def images(objdir, names=("Image", "kernel8.img")):
    return {n: (objdir / n).read_bytes() for n in names
            if (objdir / n).exists()}


def test_every_ordered_pair_is_walked():
    walk = every_ordered_pair(DEFCONFIGS)
    assert len(walk) == len(DEFCONFIGS) * (len(DEFCONFIGS) - 1) + 1
    steps = list(zip(walk, walk[1:]))
    assert len(set(steps)) == len(steps)
    assert all(a != b for a, b in steps)


@pytest.mark.xdist_group("tests/build/test_kbuild.py-source-tree-build")
def test_switching_defconfigs_builds_what_a_clean_build_does(
        kaal_build, source_tree_build):
    """`make A_defconfig; make -j2; make B_defconfig; make -j2` in one O=
    directory along switch_walk(): each result is byte for byte the image
    a clean build of B makes (the session's plain build of B, which other
    tests boot too), and the QEMU boards boot it to the shell. (The
    compiler named generated headers by absolute path and make never
    connected them to the rules that regenerate them, so after a switch
    boot/dt.o, boot/mmu.o and the loader script stayed stale under
    -j2.) The walk's first build is source_tree_build's, made from
    scratch in a directory of its own; the whole walk writes nothing
    into the source tree either."""
    walk = switch_walk()
    assert walk[0] == source_tree_build.defconfig
    reference = {}
    for d in sorted(set(walk)):
        reference[d] = images(kaal_build(d).dir)
        assert reference[d], "a clean build of %s made no image" % d
    walker = source_tree_build.dir
    before = git_status(SRCTREE)
    for step, d in enumerate(walk):
        if step > 0:
            full_build(walker, d)
        # A Pi's kernel8.img stays behind when the next board has none.
        assert images(walker, reference[d]) == reference[d], \
            "after %s, %s built differently from a clean build" % (
                " -> ".join(walk[:step + 1]), d)
        if d in BOOTABLE and step > 0:
            build = Build("switch-%d" % step, walker, SRCTREE)
            res = run_qemu(build, until=r"kaal> ", timeout=60, smp=None,
                           log_name="switch-%d-%s" % (step, d))
            assert res.matched, "%s after a switch did not reach the " \
                "shell:\n%s" % (d, res.log[-2000:])
    new = written_into_source_tree(before, git_status(SRCTREE))
    assert not new, "the walk wrote into the source tree: %s" % new


@pytest.mark.parametrize("args,ok", [("1, 2, 3, 4", True), ("1, 2", False),
                                     ("1, 2, 3, 4, 5", False)])
def test_libkaal_calls_are_checked_against_the_syscall_table(outdir, args,
                                                              ok):
    """KAAL_SYSCALL(NAME, ...) compiles only with the argument count
    KAAL_SYSCALL_TABLE gives NAME (memory_map: 4), so libkaal's wrappers
    cannot drift from the kernel's table."""
    src = outdir / "call.c"
    src.write_text("#include <libkaal/syscalls.h>\n"
                   "kaal_word_t f(void)\n"
                   "{\n\treturn KAAL_SYSCALL(MEMORY_MAP, %s).x0;\n}\n"
                   % args)
    gcc_include = subprocess.run([CROSS_GCC, "-print-file-name=include"],
                                 capture_output=True, text=True,
                                 check=True).stdout.strip()
    p = subprocess.run([CROSS_GCC, "-std=gnu11", "-ffreestanding",
                        "-nostdinc", "-isystem", gcc_include,
                        "-I", str(SRCTREE / "include"),
                        "-I", str(SRCTREE / "user/lib/kaal/include"),
                        "-Wall", "-Werror", "-c", str(src),
                        "-o", str(outdir / "call.o")],
                       capture_output=True, text=True)
    if ok:
        assert p.returncode == 0, p.stderr
    else:
        assert p.returncode != 0
        assert "not the argument count of KAAL_SYSCALL_TABLE" in p.stderr
