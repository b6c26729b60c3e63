#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the KaaL system-call fuzzer (`make fuzz`, Documentation/testing.rst).

Builds the fuzzer root task (user/root/fuzz, configs/fuzz.config) in each
configuration asked for, in <objtree>/fuzz-out/<name>/:

  debug     qemu_virt_defconfig debug.config fuzz.config
            (kernel invariants checked after every system call)
  release   qemu_virt_defconfig release.config fuzz.config
  gicv3-rr  qemu_virt_gicv3_defconfig rr.config fuzz.config

and boots each under QEMU with -icount, so a run is a function of its
seed: the kernel command line carries fuzz.seed= and fuzz.calls=. A run
fails on a kernel panic (an invariant violation is one), on the fuzzer
itself faulting, on QEMU ending without "FUZZ DONE calls=N", and on a
hang: no progress line for --hang-timeout seconds. A failed run is
replayed with fuzz.trace= set a little before the last progress line,
and the last --last calls before the failure are printed with the seed
and the command that replays it. Exits non-zero if any run failed.
"""
import argparse
import os
import random
import re
import selectors
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import qemu  # noqa: E402  (scripts/qemu.py)

CONFIGS = {
    "debug": ["qemu_virt_defconfig", "debug.config", "fuzz.config"],
    "release": ["qemu_virt_defconfig", "release.config", "fuzz.config"],
    "gicv3-rr": ["qemu_virt_gicv3_defconfig", "rr.config", "fuzz.config"],
    # Four CPUs with the invariant checks: the affinity calls spread the
    # fuzzer's threads over them (Documentation/smp.rst).
    "smp": ["qemu_virt_defconfig", "debug.config", "fuzz.config",
            "smp4.config"],
}
DEFAULT_SEED = 0x5eed

# Progress lines every so many calls: a debug kernel makes about a
# thousand calls a second, a release kernel tens of thousands.
PROGRESS = {"debug": 2000, "smp": 2000}
PROGRESS_DEFAULT = 20000

FAILURES = [
    (re.compile(r"Kernel panic"), "kernel panic"),
    (re.compile(r"invariant violated"), "invariant violation"),
    (re.compile(r"fault: thread 1: .*"), "the fuzzer itself faulted"),
    (re.compile(r"FUZZ FAIL.*"), "the fuzzer gave up"),
]
PROGRESS_RE = re.compile(r"FUZZ PROGRESS calls=(\d+)")
DONE_RE = re.compile(r"FUZZ DONE calls=(\d+)")
CALL_RE = r"^FUZZ CALL .*$"


def command_line(seed, calls, progress, trace=None):
    """The fuzzer's parameters for the kernel command line. Every number
    has a fixed width, so that tracing or not (or another seed) changes
    neither the command line's length nor the instructions spent booting
    and parsing it: under -icount the timer interrupts then land on the
    same calls, and a traced replay is the run it replays."""
    return ("fuzz.seed=0x%016x fuzz.calls=0x%016x fuzz.progress=0x%016x "
            "fuzz.trace=0x%016x" % (seed, calls, progress,
                                    (1 << 64) - 1 if trace is None else trace))


def make_env():
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
                        "O", "V", "srctree", "objtree", "KCONFIG_CONFIG",
                        "KAAL_DEPS_CHECKED")}
    env["KAAL_SRCTREE_SHARED"] = "1"
    env["LC_ALL"] = "C"
    return env


def build(srctree, objdir, goals, jobs):
    """Configure and build one configuration; None, or the output."""
    objdir.mkdir(parents=True, exist_ok=True)
    for args in (goals, ["-j%d" % jobs]):
        p = subprocess.run(["make", "-C", str(srctree), "O=%s" % objdir] +
                           args, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=make_env())
        if p.returncode:
            return p.stdout.decode("utf-8", errors="replace")
    return None


class Run:
    """One boot of the fuzzer; what it printed and how it ended."""

    def __init__(self, objdir, seed, calls, progress, trace=None):
        conf = qemu.read_config(str(objdir / "include/config/auto.conf"))
        dtb = objdir / "arch/arm64/boot/dts" / (
            conf.get("CONFIG_BOARD_DTS", "") + ".dtb")
        self.append = command_line(seed, calls, progress, trace)
        self.cmd = qemu.qemu_command(conf, str(objdir / "Image"), str(dtb),
                                     append=self.append, icount=True)
        self.calls = calls
        self.log = ""
        self.failure = None
        self.elapsed = 0.0
        self.last_progress = None

    def run(self, hang_timeout, total_timeout):
        start = last = time.monotonic()
        proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        raw = bytearray()
        seen = 0
        try:
            while not self.failure:
                now = time.monotonic()
                if now - last > hang_timeout:
                    self.failure = ("hang: no progress line for %ds"
                                    % hang_timeout)
                elif now - start > total_timeout:
                    self.failure = "timeout after %ds" % total_timeout
                if self.failure or not sel.select(1.0):
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                raw += chunk
                text = raw.decode("utf-8", errors="replace")
                n = len(PROGRESS_RE.findall(text))
                if n != seen:
                    seen, last = n, time.monotonic()
                self.check(text)
        finally:
            sel.close()
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
        self.elapsed = time.monotonic() - start
        self.log = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        self.check(self.log)
        m = DONE_RE.search(self.log)
        if not self.failure and not m:
            self.failure = "QEMU exited (status %s) without FUZZ DONE" \
                % proc.returncode
        elif not self.failure and int(m.group(1)) != self.calls:
            self.failure = "FUZZ DONE after %s calls, not %d" % (
                m.group(1), self.calls)
        p = PROGRESS_RE.findall(self.log)
        self.last_progress = int(p[-1]) if p else 0
        return self

    def check(self, text):
        for regex, what in FAILURES:
            m = regex.search(text)
            if m and not self.failure:
                self.failure = "%s: %s" % (what, m.group(0))

    def lines(self, regex):
        return [m.group(0) for m in re.finditer(regex, self.log, re.M)]


def replay(objdir, seed, calls, progress, failed, last, hang_timeout):
    """Run the seed again, tracing from a little before the last progress
    line: the trace costs the same instructions as no trace, so the
    replay fails the same way, and its last calls are the culprits."""
    start = max(0, failed.last_progress - last)
    r = Run(objdir, seed, calls, progress, trace=start)
    r.run(hang_timeout, max(hang_timeout * 20, 600))
    return r


def report_failure(name, objdir, seed, run, replayed, last):
    print("FUZZ FAILED %s seed=%#x: %s" % (name, seed, run.failure))
    prog = run.lines(r"^FUZZ PROGRESS.*$")
    print("  last progress: %s" % (prog[-1] if prog else "(none)"))
    print("  replay: %s" % " ".join(replayed.cmd))
    print("  replay %s" % ("fails the same way: " + replayed.failure
                           if replayed.failure else "did not fail"))
    calls = replayed.lines(CALL_RE)
    print("  last %d calls (index name a b c = error, in hex):"
          % min(last, len(calls)))
    for line in calls[-last:]:
        print("    " + line)
    tail = replayed.log.strip().splitlines()[-25:]
    print("  end of the replay's log:")
    for line in tail:
        print("    " + line)
    print("  logs: %s" % (objdir / "fuzz.log"))


def fuzz_one(name, objdir, seed, a, progress):
    """One run of one configuration: 0 if it passed, 1 if not."""
    print("FUZZ %s seed=%#x calls=%d ..." % (name, seed, a.calls),
          flush=True)
    run = Run(objdir, seed, a.calls, progress).run(
        a.hang_timeout, max(a.hang_timeout * 50, 3600))
    (objdir / "fuzz.log").write_text("# %s\n%s" % (" ".join(run.cmd),
                                                   run.log))
    if run.failure:
        rep = replay(objdir, seed, a.calls, progress, run, progress,
                     a.hang_timeout)
        (objdir / "fuzz-replay.log").write_text(
            "# %s\n%s" % (" ".join(rep.cmd), rep.log))
        report_failure(name, objdir, seed, run, rep, a.last)
        return 1
    done = DONE_RE.search(run.log).group(0)
    print("FUZZ %s seed=%#x: %s in %.1f s (%.0f calls/s)"
          % (name, seed, done, run.elapsed,
             a.calls / run.elapsed if run.elapsed else 0), flush=True)
    return 0


def parse_seed(s):
    if s in ("random", "rand"):
        return random.SystemRandom().getrandbits(32)
    return int(s, 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--srctree", default=str(Path(__file__).resolve().parents[1]))
    ap.add_argument("--objtree", default=".")
    ap.add_argument("--seed", default=str(DEFAULT_SEED),
                    help="a number, or 'random' (printed)")
    ap.add_argument("--calls", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=1,
                    help="runs per configuration, seeds seed, seed+1, ...")
    ap.add_argument("--configs", default=",".join(CONFIGS),
                    help="comma-separated, of: " + ", ".join(CONFIGS))
    ap.add_argument("--hang-timeout", type=int, default=120)
    ap.add_argument("--last", type=int, default=40,
                    help="calls to show before a failure")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    seed = parse_seed(a.seed)
    out = Path(a.objtree).resolve() / "fuzz-out"
    failed = 0
    for name in a.configs.split(","):
        if name not in CONFIGS:
            raise SystemExit("fuzz.py: no configuration %r (have %s)"
                             % (name, ", ".join(CONFIGS)))
        objdir = out / name
        if not a.no_build:
            err = build(Path(a.srctree), objdir, CONFIGS[name], a.jobs)
            if err:
                print("FUZZ FAILED %s: build failed:\n%s" % (name, err))
                failed += 1
                continue
        progress = PROGRESS.get(name, PROGRESS_DEFAULT)
        for i in range(a.runs):
            failed += fuzz_one(name, objdir, seed + i, a, progress)
    print("FUZZ %s: seed=%#x calls=%d configs=%s"
          % ("FAILED" if failed else "PASSED", seed, a.calls, a.configs))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
