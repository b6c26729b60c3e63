# SPDX-License-Identifier: GPL-2.0-only
"""Shared pytest machinery for the KaaL tests (see Documentation/testing.rst).

Fixtures:
  kaal_build  session-scoped factory: kaal_build(defconfig, fragments=(),
              config=None, name=None) builds that configuration once per
              session in $KAAL_TEST_OUT/<name> and returns a Build.
  boot        boot(build, machine=None, cpu=None, memory=None, smp=1,
              append=None, timeout=60, until=None, icount=False,
              semihosting=None, expect_status=0, extra=(), kernel=True)
              runs the build's Image in QEMU (scripts/qemu.py decides the
              command line) and returns a BootResult. QEMU exiting by
              itself with any status but @expect_status fails the test (a
              loader error exits with EXIT_LOADER_ERROR, a kernel panic
              with EXIT_KERNEL_PANIC). @extra: more QEMU arguments;
              kernel=False: no -kernel (something in @extra starts the
              Image). Every serial log is written under <build dir>/logs/
              and attached to the report of a test that fails.
  make        run(dir, *goals, srctree=..., env=..., check=True): GNU make
              on the KaaL tree with O=dir, in a clean environment.

Everything is written under $KAAL_TEST_OUT (`make test` sets it to
<objtree>/tests-out; default /tmp/kaal-tests), never into the source tree.
"""
import fcntl
import importlib.util
import json
import os
import re
import selectors
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.dont_write_bytecode = True     # no __pycache__ next to the tests

SRCTREE = Path(__file__).resolve().parents[1]
TEST_OUT = Path(os.environ.get("KAAL_TEST_OUT", "/tmp/kaal-tests")).resolve()


def _default_jobs():
    """make -j of the test builds: 2, or with pytest-xdist the CPUs shared
    out among the workers, so that builds do not starve the QEMUs of the
    other workers (several user-suite cases measure guest time slices
    without -icount, and a host that is much too busy shows in them)."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0") or 0)
    if workers < 2:
        return "2"
    return str(max(1, (os.cpu_count() or 1) // workers))


JOBS = os.environ.get("KAAL_TEST_JOBS") or _default_jobs()

_SESSION = uuid.uuid4().hex


def session_id():
    """The same string in every process of one pytest run: the workers of
    pytest-xdist share its test run id; a run without xdist has its own."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or _SESSION


# Variables a calling make (`make test`) exports; a nested make must not
# inherit them, or it would build with the caller's O=, goals and flags.
MAKE_ENV_LEAKS = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
                  "MAKE_TERMOUT", "MAKE_TERMERR", "GNUMAKEFLAGS", "O", "V",
                  "srctree", "objtree", "KBUILD_OUTPUT_DIR", "KCONFIG_CONFIG",
                  "KAAL_VERSION", "KAAL_DEPS_CHECKED", "CROSS_COMPILE",
                  "EXTRA_CFLAGS", "EXTRA_AFLAGS", "KCONFIG_SEED")


def exit_codes(srctree=SRCTREE):
    """{name: status} of include/kaal/exitcode.h, the one definition of
    the statuses QEMU exits with."""
    text = (Path(srctree) / "include" / "kaal" / "exitcode.h").read_text()
    return {m.group(1): int(m.group(2), 0) for m in
            re.finditer(r"^#define\s+KAAL_(EXIT_\w+)\s+(\w+)", text, re.M)}


EXIT_CODES = exit_codes()
EXIT_LOADER_ERROR = EXIT_CODES["EXIT_LOADER_ERROR"]
EXIT_KERNEL_PANIC = EXIT_CODES["EXIT_KERNEL_PANIC"]


def exit_status_name(status):
    """What a QEMU exit status means, for messages."""
    names = {v: k.replace("EXIT_", "").replace("_", " ").lower()
             for k, v in EXIT_CODES.items()}
    if status is not None and status < 0:
        return "killed by signal %d" % -status
    return names.get(status, "QEMU error" if status == 1 else "unknown")


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in MAKE_ENV_LEAKS}
    env["LC_ALL"] = "C"
    for k, v in (extra or {}).items():
        if v is None:
            env.pop(k, None)    # None: unset it
        else:
            env[k] = v
    return env


def kaal_version(srctree=SRCTREE):
    """VERSION.PATCHLEVEL.SUBLEVEL from the top Makefile."""
    text = (Path(srctree) / "Makefile").read_text()
    parts = [re.search(r"^%s\s*=\s*(\S+)" % k, text, re.M).group(1)
             for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL")]
    return ".".join(parts)


def read_config(path):
    """CONFIG_* values of an auto.conf or .config (strings unquoted)."""
    conf = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line.strip())
        if m:
            val = m.group(2)
            if len(val) >= 2 and val[0] == val[-1] == '"':
                val = val[1:-1]
            conf[m.group(1)] = val
    return conf


# ---------------------------------------------------------------------------
# make

@dataclass
class MakeResult:
    args: list
    returncode: int
    output: str

    def lines(self, tag):
        """Targets of the kbuild short lines '  TAG     target'."""
        return [m.group(1) for m in
                re.finditer(r"^  %s\s+(\S+)$" % re.escape(tag), self.output,
                            re.M)]


def run_make(objdir, *goals, srctree=SRCTREE, env=None, check=True,
             jobs=None, timeout=600):
    """`make -C srctree O=objdir goals...`; output is stdout+stderr."""
    args = ["make", "-C", str(srctree), "O=%s" % objdir]
    if jobs:
        args.append("-j%s" % jobs)
    args += [str(g) for g in goals]
    p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, env=clean_env(env),
                       timeout=timeout)
    res = MakeResult(args, p.returncode,
                     p.stdout.decode("utf-8", errors="replace"))
    if check and res.returncode != 0:
        pytest.fail("`%s` failed with status %d:\n%s"
                    % (" ".join(args), res.returncode, res.output),
                    pytrace=False)
    return res


@pytest.fixture(scope="session")
def make():
    return run_make


# ---------------------------------------------------------------------------
# Builds, once per configuration per session

@dataclass
class Build:
    name: str
    dir: Path
    srctree: Path
    log: str = ""

    @property
    def config(self):
        return read_config(self.dir / "include" / "config" / "auto.conf")

    @property
    def image(self):
        return self.dir / "Image"

    @property
    def dtb(self):
        dts = self.config.get("CONFIG_BOARD_DTS", "")
        return self.dir / "arch" / "arm64" / "boot" / "dts" / (dts + ".dtb")


class Builder:
    def __init__(self):
        self.done = {}

    def build(self, defconfig, fragments=(), config=None, name=None,
              srctree=SRCTREE):
        """Configure with `make <defconfig> <fragments...>`, apply the
        CONFIG_ values in @config (appended to .config, then
        `make olddefconfig`), and build. Once per session per name; a
        failed build fails every test that asks for it, with the output."""
        fragments = tuple(fragments)
        config = dict(config or {})
        if name is None:
            name = "-".join([defconfig.replace("_defconfig", "")] +
                            [f.replace(".config", "") for f in fragments] +
                            ["%s=%s" % (k.replace("CONFIG_", "").lower(), v)
                             for k, v in sorted(config.items())])
        key = (name, defconfig, fragments, tuple(sorted(config.items())),
               str(srctree))
        if key not in self.done:
            self.done[key] = self._build(name, defconfig, fragments, config,
                                         Path(srctree))
        build, error = self.done[key]
        if error:
            pytest.fail(error, pytrace=False)
        return build

    def _build(self, name, defconfig, fragments, config, srctree):
        """(Build, None) or (None, error). A lock per object directory
        serialises the pytest processes that share KAAL_TEST_OUT (the
        workers of `pytest -n`, or separate runs); a stamp next to it
        says which session built what there, so the other workers of the
        same session use that build (or report its error) instead of
        building it again under the feet of the tests booting it."""
        objdir = TEST_OUT / name
        stamp_path = TEST_OUT / (".%s.stamp" % name)
        stamp = {"session": session_id(), "name": name,
                 "defconfig": defconfig, "fragments": list(fragments),
                 "config": {k: str(v) for k, v in sorted(config.items())},
                 "srctree": str(srctree)}
        with open(TEST_OUT / (".%s.lock" % name), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                done = json.loads(stamp_path.read_text())
            except (OSError, ValueError):
                done = {}
            if done and {k: done.get(k) for k in stamp} == stamp:
                error = done.get("error")
                if error:
                    return None, error
                return Build(name, objdir, srctree, done.get("log", "")), None
            if stamp_path.exists():
                stamp_path.unlink()
            build, error = self._make(objdir, name, defconfig, fragments,
                                      config, srctree)
            stamp["error"] = error
            stamp["log"] = build.log if build else ""
            tmp = stamp_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(stamp))
            tmp.replace(stamp_path)
        return build, error

    def _make(self, objdir, name, defconfig, fragments, config, srctree):
        log = []
        # From scratch: what a session tests must not depend on what an
        # earlier session (of an older tree) left behind.
        if objdir.exists():
            shutil.rmtree(objdir)
        objdir.mkdir(parents=True)
        steps = [[defconfig, *fragments]]
        if config:
            steps.append(None)      # edit .config, then olddefconfig
            steps.append(["olddefconfig"])
        steps.append([])
        for goals in steps:
            if goals is None:
                with open(objdir / ".config", "a") as f:
                    for k, v in config.items():
                        f.write("%s=%s\n" % (k, v))
                continue
            res = run_make(objdir, *goals, srctree=srctree, check=False,
                           jobs=JOBS if not goals else None)
            log.append("$ %s\n%s" % (" ".join(res.args), res.output))
            if res.returncode != 0:
                return None, ("build of %s failed:\n%s"
                              % (name, "\n".join(log)))
        build = Build(name, objdir, srctree, "\n".join(log))
        conf = build.config
        for k, v in config.items():
            if conf.get(k) != str(v).strip('"'):
                return None, ("%s: asked for %s=%s, auto.conf has %s"
                              % (name, k, v, conf.get(k)))
        return build, None


_builder = Builder()


@pytest.fixture(scope="session")
def kaal_build():
    TEST_OUT.mkdir(parents=True, exist_ok=True)
    return _builder.build


# ---------------------------------------------------------------------------
# QEMU

_qemu_py = {}


def qemu_module(srctree=SRCTREE):
    """scripts/qemu.py of @srctree, imported by path."""
    path = Path(srctree) / "scripts" / "qemu.py"
    if path not in _qemu_py:
        spec = importlib.util.spec_from_file_location("kaal_qemu_%d"
                                                      % len(_qemu_py), path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _qemu_py[path] = mod
    return _qemu_py[path]


# The SerialConsoles of this process that are still running, and the test
# item being run: a failing test's report gets the log and command of
# every QEMU it started or that its fixtures hold (a module-scoped
# fixture's), see pytest_runtest_makereport().
_open_consoles = []
_current_item = None


class SerialConsole:
    """QEMU booting the Image of the object tree @objdir (built from
    @srctree), its serial console on pipes: what the tests type goes to
    the board's UART, what it prints is searched with expect(). The log
    is kept in <objdir>/logs/<name>.log, and attached to the report of a
    test that fails while it runs."""

    def __init__(self, objdir, name, srctree=SRCTREE, disk=None, net=None,
                 smp=None):
        objdir = Path(objdir)
        qemu = qemu_module(srctree)
        conf = qemu.read_config(str(objdir / "include" / "config" /
                                    "auto.conf"))
        dtb = objdir / "arch" / "arm64" / "boot" / "dts" / (
            conf.get("CONFIG_BOARD_DTS", "") + ".dtb")
        self.cmd = qemu.qemu_command(conf, str(objdir / "Image"), str(dtb),
                                     disk=disk, net=net, smp=smp)
        self.logpath = objdir / "logs" / ("%s.log" % name)
        self.logpath.parent.mkdir(exist_ok=True)
        self.out = bytearray()
        self.pos = 0            # expect() searches from here on
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     cwd=str(objdir))
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        _open_consoles.append(self)
        if _current_item is not None:
            _current_item.__dict__.setdefault("kaal_consoles",
                                              []).append(self)

    @property
    def log(self):
        return self.out.decode("utf-8", errors="replace")

    def fail(self, what):
        pytest.fail("%s (QEMU's command and serial log are attached below, "
                    "under \"QEMU %s\")" % (what, self.logpath.stem),
                    pytrace=False)

    def status(self):
        code = self.proc.poll()
        if code is None:
            return "still running"
        return "exit status %s (%s)" % (code, exit_status_name(code))

    def save(self):
        """Write the log so far to logpath, with the command on top."""
        self.logpath.write_text("# %s\n# %s\n%s" % (shlex.join(self.cmd),
                                                   self.status(), self.log))

    def _read(self, timeout):
        """Wait up to @timeout for output; False once QEMU closed it."""
        if not self.sel.select(timeout):
            return True
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        self.out += chunk
        return bool(chunk)

    def expect(self, pattern, timeout, what):
        """The match of @pattern (bytes regex) in the output after the
        previous match, waiting up to @timeout seconds."""
        regex = re.compile(pattern)
        end = time.monotonic() + timeout
        while True:
            m = regex.search(self.out, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = end - time.monotonic()
            if left <= 0:
                self.fail("no %s within %ss (pattern %r)"
                          % (what, timeout, pattern))
            if not self._read(min(left, 1.0)):
                self.fail("QEMU exited (status %s) before the %s (pattern "
                          "%r)" % (self.proc.wait(), what, pattern))

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait_exit(self, timeout):
        """QEMU's exit status, once it has closed its output."""
        end = time.monotonic() + timeout
        while self._read(1.0):
            if time.monotonic() > end:
                self.fail("QEMU did not exit within %ss" % timeout)
        try:
            return self.proc.wait(timeout=max(end - time.monotonic(), 5))
        except subprocess.TimeoutExpired:
            self.fail("QEMU closed its output but did not exit")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.sel.close()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass        # stdin: QEMU is gone, the pipe is broken
        if self in _open_consoles:
            _open_consoles.remove(self)
        self.save()


@dataclass
class BootResult:
    cmd: list
    log: str                 # the serial output, "\r\n" turned into "\n"
    returncode: int          # QEMU's status (negative: killed by a signal)
    timed_out: bool          # killed after `timeout` seconds
    matched: bool            # `until` appeared (QEMU was then stopped)
    path: Path               # the log file
    elapsed: float = 0.0     # informational only: never assert on it

    @property
    def exited(self):
        """QEMU stopped by itself (not killed by the harness)."""
        return not self.timed_out and not self.matched

    @property
    def exited_cleanly(self):
        """QEMU stopped by itself with status 0 (PSCI SYSTEM_OFF)."""
        return not self.timed_out and not self.matched and \
            self.returncode == 0


def _slug(s):
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", s).strip("_")[:120]


def run_qemu(build, machine=None, cpu=None, memory=None, smp=1, append=None,
             timeout=60, until=None, icount=False, semihosting=None,
             log_name="boot", extra=(), kernel=True):
    """@extra: more QEMU arguments; kernel=False: no -kernel (something
    in @extra, such as tests/boot/el3_shim.S, starts the Image)."""
    qemu = qemu_module(build.srctree)
    conf = qemu.read_config(str(build.dir / "include" / "config" /
                                "auto.conf"))
    cmd = qemu.qemu_command(conf, str(build.image), str(build.dtb), smp=smp,
                            memory=memory, cpu=cpu, machine=machine,
                            append=append, icount=icount,
                            semihosting=semihosting, extra=extra)
    if not kernel:
        i = cmd.index("-kernel")
        del cmd[i:i + 2]
    until_re = re.compile(until) if until else None
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=str(build.dir))
    raw = bytearray()
    timed_out = matched = False
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not sel.select(min(left, 1.0)):
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break           # QEMU closed its output: it is exiting
            raw += chunk
            if until_re and until_re.search(
                    raw.decode("utf-8", errors="replace")):
                matched = True
                break
    finally:
        sel.close()
        if proc.poll() is None and (timed_out or matched):
            proc.kill()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raw += proc.stdout.read() or b""
        proc.stdout.close()
    log = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
    logdir = build.dir / "logs"
    logdir.mkdir(exist_ok=True)
    path = logdir / (_slug(log_name) + ".log")
    status = ("timed out after %ss" % timeout if timed_out else
              "stopped after matching %r" % until if matched else
              "exited with status %s (%s)" % (proc.returncode,
                                              exit_status_name(proc.returncode)))
    path.write_text("# %s\n# %s\n%s" % (shlex.join(cmd), status, log))
    return BootResult(cmd, log, proc.returncode, timed_out, matched, path,
                      time.monotonic() - start)


@pytest.fixture
def boot(request):
    """boot(build, ...) -> BootResult; see run_qemu()."""
    boots = request.node.__dict__.setdefault("kaal_boots", [])

    def _boot(build, expect_status=0, **kw):
        name = "%s-%d" % (request.node.name, len(boots) + 1)
        res = run_qemu(build, log_name=name, **kw)
        boots.append(res)
        if res.exited and res.returncode != expect_status:
            pytest.fail("QEMU exited with status %s (%s), expected %s (%s)"
                        % (res.returncode, exit_status_name(res.returncode),
                           expect_status, exit_status_name(expect_status)),
                        pytrace=False)
        return res
    return _boot


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Note the running test, and where the output of the consoles that
    are already running (a module-scoped fixture's) stands."""
    global _current_item
    _current_item = item
    item.kaal_console_start = {id(c): len(c.out) for c in _open_consoles}
    try:
        yield
    finally:
        _current_item = None


def _attach(report, title, text):
    """Add a section to the failure's description itself, so that it is
    shown under the traceback and is also in the JUnit XML's <failure>
    (which pytest fills from the description, not from report.sections)."""
    if isinstance(report.longrepr, str):
        report.longrepr += "\n%s %s %s\n%s" % ("-" * 10, title, "-" * 10,
                                               text)
    elif hasattr(report.longrepr, "addsection"):
        report.longrepr.addsection(title, text)
    else:
        report.sections.append((title, text))


def _console_text(console, start):
    """@console's command, status and output; @start: how much of the
    output came before the test, which a line then marks off."""
    def text(raw):
        return bytes(raw).decode("utf-8", errors="replace").replace(
            "\r\n", "\n")
    before, during = text(console.out[:start]), text(console.out[start:])
    if start:
        before += "\n# (QEMU was running before this test; its output " \
                  "from here on came during the test)\n"
    return "$ %s\n# %s; the log is in %s\n%s%s" % (
        shlex.join(console.cmd), console.status(), console.logpath, before,
        during)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failure (of the test, or of its fixtures' setup or teardown)
    carries the QEMU command and serial log of every boot() the test
    made, of every SerialConsole it started, and of those its fixtures
    hold (a module-scoped shell) (Documentation/testing.rst, "Logs")."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for res in item.__dict__.get("kaal_boots", []):
        status = ("timed out" if res.timed_out else
                  "stopped on match" if res.matched else
                  "exit status %s (%s)" % (res.returncode,
                                           exit_status_name(res.returncode)))
        _attach(report, "QEMU %s" % res.path.stem,
                "$ %s\n# %s; the log is in %s\n%s"
                % (shlex.join(res.cmd), status, res.path, res.log))
    consoles = list(item.__dict__.get("kaal_consoles", []))
    fixtures = getattr(item, "funcargs", {}).values()
    consoles += [c for c in _open_consoles if c not in consoles and
                 any(c is v for v in fixtures)]
    starts = item.__dict__.get("kaal_console_start", {})
    for console in consoles:
        if console in _open_consoles:
            console.save()
        _attach(report, "QEMU %s" % console.logpath.stem,
                _console_text(console, starts.get(id(console), 0)))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "spread: the module's tests may run on different "
        "pytest-xdist workers at the same time (tests/conftest.py)")
    config.addinivalue_line(
        "markers", "xdist_group(name): pytest-xdist --dist loadgroup runs "
        "the tests of a group on one worker")
    # pytest skips directories named "build" by default (norecursedirs);
    # tests/build holds the build-system tests. getini() hands out the
    # list pytest itself uses (addinivalue_line() appends to it).
    norecurse = config.getini("norecursedirs")
    while "build" in norecurse:
        norecurse.remove("build")


# ---------------------------------------------------------------------------
# pytest-xdist: `make test` runs `pytest -n <workers> --dist loadgroup`
# when python3-pytest-xdist is installed. QEMU and most of a test's time
# are single-threaded, so two workers on two cores nearly halve the run.
#
# loadgroup sends the tests of one xdist_group to one worker, in order.
# Every module is one group, unless it is marked
#     pytestmark = pytest.mark.spread
# which says its tests share nothing but kaal_build() builds (whose lock
# and stamp make them safe across workers) and files of their own: its
# tests are then spread over the workers one by one, except those that use
# a module-scoped fixture, which stay together so the fixture runs once.
# Without xdist the groups mean nothing and everything runs in order.

def _uses_module_fixture(item):
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        if any(d.scope == "module" for d in defs):
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        if item.get_closest_marker("spread") and \
                not _uses_module_fixture(item):
            continue
        item.add_marker(pytest.mark.xdist_group(
            item.nodeid.split("::", 1)[0]))


def pytest_report_header(config):
    return ["KaaL source tree: %s" % SRCTREE,
            "KaaL test output: %s (KAAL_TEST_OUT)" % TEST_OUT]


# ---------------------------------------------------------------------------
# Copies of the source tree, for tests that must modify sources

def copy_source_tree(dest, srctree=SRCTREE):
    """Copy every file git knows about (tracked, and untracked but not
    ignored), as it is in the working tree, to @dest. Returns dest."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    out = subprocess.run(["git", "-C", str(srctree), "ls-files", "-z",
                          "--cached", "--others", "--exclude-standard"],
                         check=True, stdout=subprocess.PIPE).stdout
    for rel in sorted(set(out.decode().split("\0")) - {""}):
        src = Path(srctree) / rel
        if not src.is_file():
            continue            # deleted in the working tree
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)
    return dest
