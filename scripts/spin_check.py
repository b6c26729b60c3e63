#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Model-check proofs/ring.pml with SPIN (Documentation/assurance.rst,
"Model-checked ring protocol").

Each check is one configuration of the model (-D macros), verified with a
pan compiled by the host C compiler: a safety search (assertions, the
lost wake-up monitor, invalid end states) or, for the models that run
forever, a search for non-progress cycles under weak fairness. The
correct models must verify with no error and a complete search; each
mutated model must be refuted, which shows that the checks can fail.

usage: spin_check.py [--only NAME[,NAME...]] [--list] [--keep DIR]
                     [--model FILE]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(SRCTREE, "proofs", "ring.pml")

# name, -D macros of the model, kind ("safety" or "progress"), expected
# outcome ("verified" or "refuted"), what it shows.
CHECKS = [
    ("bench", "", "safety", "verified",
     "bench ring, 2 slots, 5 items: no lost wake-up, no deadlock"),
    ("bench-1slot", "-DSLOTS=1 -DITEMS=4", "safety", "verified",
     "the same with a one-slot ring (mask 0)"),
    ("bench-3slots", "-DSLOTS=3 -DITEMS=8", "safety", "verified",
     "the same with three slots, the indices wrapping twice"),
    ("bench-forever", "-DFOREVER", "progress", "verified",
     "bench ring run forever: the consumer always consumes again"),
    ("console", "-DCONSOLE", "safety", "verified",
     "console -> shell ring (dropping producer)"),
    ("console-forever", "-DCONSOLE -DFOREVER", "progress", "verified",
     "console -> shell ring run forever"),
    ("console-waiting", "-DCONSOLE -DPRODUCER_WAITS", "safety", "verified",
     "the shell's side with a producer that waits for room"),
    ("console-waiting-forever", "-DCONSOLE -DPRODUCER_WAITS -DFOREVER",
     "progress", "verified", "the same, run forever"),
    ("bench-no-notify", "-DMUT_NO_NOTIFY", "safety", "refuted",
     "mutation: the producer's signal to the consumer dropped"),
    ("bench-no-notify-forever", "-DMUT_NO_NOTIFY -DFOREVER", "progress",
     "refuted", "the same mutation, run forever"),
    ("bench-no-fence", "-DMUT_NO_FENCE", "safety", "refuted",
     "mutation: no full fence between publishing and reading the count"),
    ("bench-count-before", "-DMUT_COUNT_BEFORE", "safety", "refuted",
     "mutation: the producer reads the count before publishing"),
    ("bench-forgetful", "-DMUT_FORGETFUL", "safety", "refuted",
     "mutation: a signal with no waiter is lost"),
    ("console-no-notify", "-DCONSOLE -DMUT_NO_NOTIFY", "safety", "refuted",
     "mutation: the console does not signal the shell"),
    ("console-no-notify-forever", "-DCONSOLE -DMUT_NO_NOTIFY -DFOREVER",
     "progress", "refuted",
     "the same, run forever: a non-progress cycle"),
    ("console-full-before", "-DCONSOLE -DPRODUCER_WAITS -DMUT_FULL_BEFORE",
     "safety", "refuted",
     "mutation: the shell's old check, 'full' read before draining"),
]

# pan's options: a deep stack (the forever models reach depths of 10^5)
# and no report of unreached states.
# A 2^20-entry hash table: the largest model stores 1.6 million states,
# and a larger table takes longer to clear than the search takes.
PAN_OPTS = ["-m2000000", "-w20", "-n"]


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)


def check(name, defines, kind, expect, workdir, cc, source):
    """Verify one configuration; returns (ok, summary, commands)."""
    d = os.path.join(workdir, name)
    os.makedirs(d, exist_ok=True)
    model = os.path.join(d, "ring.pml")
    shutil.copyfile(source, model)
    macros = defines.split()
    spin = ["spin", "-a"] + macros + ["ring.pml"]
    ccflags = ["-DSAFETY"] if kind == "safety" else ["-DNP"]
    build = [cc, "-O1", "-w"] + ccflags + ["-o", "pan", "pan.c"]
    pan = ["./pan"] + PAN_OPTS + (["-l", "-f"] if kind == "progress"
                                  else [])
    cmds = [" ".join(c) for c in (spin, build, pan)]
    for c in (spin, build):
        r = run(c, d)
        if r.returncode:
            return False, "%s failed:\n%s" % (c[0], r.stdout), cmds
    r = run(pan, d)
    out = r.stdout
    m = re.search(r"errors: (\d+)", out)
    if not m:
        return False, "pan gave no verdict:\n" + out, cmds
    errors = int(m.group(1))
    if re.search(r"max search depth too small|search not completed", out):
        return False, "the search was cut short:\n" + out, cmds
    stored = re.search(r"(\d+) states, stored", out)
    states = stored.group(1) if stored else "?"
    if errors == 0:
        return (expect == "verified",
                "verified, %s states" % states, cmds)
    what = re.search(r"^pan:1: (.*?)(?: \(at depth (\d+)\))?$", out, re.M)
    why = what.group(1) if what else "error"
    if len(why) > 60:
        why = why[:57] + "..."
    depth = what.group(2) if what and what.group(2) else "?"
    trail = "spin -t -p %s ring.pml" % " ".join(macros)
    cmds.append(trail + "   # the counterexample, step by step")
    return (expect == "refuted",
            "refuted: %s (trail of %s steps)" % (why, depth), cmds)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated check names")
    ap.add_argument("--list", action="store_true", help="list the checks")
    ap.add_argument("--keep", metavar="DIR",
                    help="work in DIR and keep it (trails, pan sources)")
    ap.add_argument("--model", default=MODEL,
                    help="the model (default: proofs/ring.pml)")
    args = ap.parse_args()
    if not os.path.isfile(args.model):
        print("spin_check: no model %s" % args.model, file=sys.stderr)
        return 2
    if args.list:
        for name, defines, kind, expect, what in CHECKS:
            print("%-26s %-9s %-8s %s" % (name, expect, kind, what))
        return 0
    checks = CHECKS
    if args.only:
        names = args.only.split(",")
        known = {c[0] for c in CHECKS}
        bad = [n for n in names if n not in known]
        if bad:
            print("spin_check: unknown check %s (--list names them)"
                  % ", ".join(bad), file=sys.stderr)
            return 2
        checks = [c for c in CHECKS if c[0] in names]
    for tool in ("spin", os.environ.get("HOSTCC", "cc")):
        if not shutil.which(tool):
            print("spin_check: %s not found (scripts/check-deps.sh)" % tool,
                  file=sys.stderr)
            return 2
    cc = os.environ.get("HOSTCC", "cc")
    workdir = args.keep or tempfile.mkdtemp(prefix="kaal-spin-")
    failed = 0
    start = time.time()
    try:
        for name, defines, kind, expect, what in checks:
            t = time.time()
            ok, summary, cmds = check(name, defines, kind, expect, workdir,
                                      cc, args.model)
            print("  SPIN    %-26s %s %s (%.1f s)" %
                  (name, "ok  " if ok else "FAIL", summary, time.time() - t))
            if not ok:
                failed += 1
                print("          expected: %s (%s)" % (expect, what))
                print("          in %s:" % os.path.join(workdir, name))
                for c in cmds:
                    print("            " + c)
    finally:
        if not args.keep and not failed:
            shutil.rmtree(workdir, ignore_errors=True)
    print("  SPIN    %d checks, %d failed, %.0f s" %
          (len(checks), failed, time.time() - start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
