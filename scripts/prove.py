#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Prove the ACSL contracts of the kernel sources (`make prove`,
Documentation/assurance.rst, "Machine-checked proofs").

For every file of proofs/manifest, Frama-C parses it as the host unit
tests compile it (the fake arch of tests/unit, a debug kernel's
configuration), the RTE plug-in adds an assertion for every possible
run-time error (out-of-bounds or invalid access, signed overflow, shift
by a negative amount or by the width or more, division by zero, ...),
and WP proves every contract and assertion of the functions the manifest
lists with Z3 (through Why3). A table gives, per function, the goals
proved and not proved; the exit status is 1 if any goal is not proved,
2 on a tool error (a missing tool, a parse error, a function of the
manifest that does not exist or has no goal).

Why3 is configured in the object tree (<objtree>/prove/why3.conf, from
`why3 config detect`), never in $HOME, so the run needs nothing but the
Debian packages frama-c-base, why3 and z3.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SRCTREE = Path(__file__).resolve().parent.parent
PROVER = "z3"
PACKAGES = {"frama-c": "frama-c-base", "why3": "why3", "z3": "z3"}
DEGENERATE = ("Undefined array-size", "Degenerated")


def fail(msg, status=2):
    print(f"prove: {msg}", file=sys.stderr)
    sys.exit(status)


def read_manifest(path, only):
    """[(file, [functions], [frama-c options])] from the manifest (format
    in proofs/manifest itself); several lines of one file add up."""
    files = {}
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        head, sep, rest = line.partition(":")
        src = head.strip()
        if not sep:
            fail(f"{path}:{n}: expected 'file: function...', got {raw!r}")
        if not (SRCTREE / src).is_file():
            fail(f"{path}:{n}: no file {src}")
        fcts, opts = files.setdefault(src, ([], []))
        for w in rest.split():
            (opts if w.startswith("-") else fcts).append(w)
    entries = []
    for src, (fcts, opts) in files.items():
        if not fcts:
            fail(f"{path}: no function listed for {src}")
        inline = [o.split("=", 1)[1] for o in opts
                  if o.startswith("-inline-calls=")]
        opts = [o for o in opts if not o.startswith("-inline-calls=")]
        if inline:
            opts.append("-inline-calls=" + ",".join(inline))
        entries.append((src, fcts, opts))
    if only:
        entries = [e for e in entries if e[0] in only]
        if not entries:
            fail(f"none of {', '.join(only)} is in {path}")
    return entries


def check_tools():
    missing = [t for t in PACKAGES if not shutil.which(t)]
    if missing:
        pkgs = " ".join(PACKAGES[t] for t in missing)
        fail(f"{', '.join(missing)} not found; install them with:\n"
             f"prove:   sudo apt-get install {pkgs}")


def why3_config(outdir):
    """A Why3 configuration of our own, with the provers found on PATH."""
    conf = outdir / "why3.conf"
    if not conf.exists():
        tmp = outdir / "why3.conf.tmp"
        tmp.unlink(missing_ok=True)
        r = subprocess.run(["why3", "-C", str(tmp), "config", "detect"],
                           capture_output=True, text=True)
        if r.returncode:
            fail(f"why3 config detect failed:\n{r.stdout}{r.stderr}")
        tmp.rename(conf)
    text = conf.read_text()
    if "name = \"Z3\"" not in text:
        conf.unlink()
        fail("why3 config detect found no Z3 (is z3 installed?)")
    return conf


def cpp_args():
    u = SRCTREE / "tests/unit"
    return " ".join([
        f"-I{u}/include", f"-I{SRCTREE}/include", f"-I{u}/fake",
        f"-I{SRCTREE}/arch/arm64/include",
        f"-I{SRCTREE}/user/lib/sys/include",
        f"-I{SRCTREE}/user/lib/kaal/include",
        f"-include {u}/include/generated/autoconf.h",
    ])


def prove_file(src, fcts, opts, outdir, timeout, verbose):
    """Run Frama-C on one file; {function: (goals, proved, [unproved goal
    names], seconds)} and the log."""
    stem = src.replace("/", "_").rsplit(".", 1)[0]
    report = outdir / f"{stem}.json"
    log = outdir / f"{stem}.log"
    report.unlink(missing_ok=True)
    cmd = ["frama-c", "-c11", "-machdep", "gcc_x86_64",
           "-cpp-extra-args=" + cpp_args(), str(SRCTREE / src)]
    cmd += ["-wp", "-wp-rte", "-wp-fct", ",".join(fcts),
            "-wp-prover", PROVER, "-wp-timeout", str(timeout),
            "-wp-par", "1", "-wp-report-json", str(report),
            "-wp-session", str(outdir / f"{stem}.session")] + opts
    env = dict(os.environ, WHY3CONFIG=str(outdir / "why3.conf"))
    t0 = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       cwd=SRCTREE)
    secs = time.monotonic() - t0
    log.write_text(" ".join(cmd) + "\n" + r.stdout + r.stderr)
    if verbose:
        print(r.stdout + r.stderr)
    if r.returncode or not report.exists():
        sys.stderr.write(r.stdout + r.stderr)
        fail(f"frama-c failed on {src} (exit {r.returncode}); log in {log}")
    # WP's model of a goal it cannot represent (a flexible array member's
    # size, a degenerated call) can make the goal's hypotheses false, and
    # then anything is proved: such a run proves nothing.
    for warning in DEGENERATE:
        if warning in r.stdout + r.stderr:
            fail(f"{src}: WP warns \"{warning}\": a goal may be proved "
                 f"for want of a model (log in {log}); state the contract "
                 "without it", status=1)
    data = json.loads(report.read_text())
    per = data.get("wp:functions", {})
    results = {}
    for f in fcts:
        goals = {k: v for k, v in per.get(f, {}).items()
                 if k != "wp:section"}
        if not goals:
            fail(f"{src}: no goal for function {f} (is it defined there, "
                 "with a contract?)")
        total = sum(g["wp:main"].get("total", 0) for g in goals.values())
        valid = sum(g["wp:main"].get("valid", 0) for g in goals.values())
        bad = sorted(k for k, g in goals.items()
                     if g["wp:main"].get("valid", 0) !=
                     g["wp:main"].get("total", 0))
        results[f] = (total, valid, bad)
    return results, secs, log


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--objtree", default=".",
                    help="where prove/ (reports, why3.conf) is written")
    ap.add_argument("--manifest", default=str(SRCTREE / "proofs/manifest"))
    ap.add_argument("--timeout", type=int, default=10,
                    help="seconds per goal and prover (default 10)")
    ap.add_argument("--file", action="append", default=[],
                    help="only this file of the manifest (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print Frama-C's output")
    args = ap.parse_args()

    check_tools()
    entries = read_manifest(Path(args.manifest), args.file)
    outdir = Path(args.objtree).resolve() / "prove"
    outdir.mkdir(parents=True, exist_ok=True)
    why3_config(outdir)

    rows, unproved, t_all = [], [], time.monotonic()
    for src, fcts, opts in entries:
        res, secs, log = prove_file(src, fcts, opts, outdir,
                                    args.timeout, args.verbose)
        for f in fcts:
            total, valid, bad = res[f]
            rows.append((src, f, total, valid))
            unproved += [(src, f, g, log) for g in bad]
        print(f"  PROVE   {src} ({secs:.1f} s)", flush=True)

    w = max(len(f"{s}:{f}") for s, f, _, _ in rows)
    print(f"\n{'function':<{w}}  goals  proved  not proved")
    for src, f, total, valid in rows:
        print(f"{src + ':' + f:<{w}}  {total:5}  {valid:6}  {total - valid:10}")
    total = sum(r[2] for r in rows)
    valid = sum(r[3] for r in rows)
    print(f"{'total':<{w}}  {total:5}  {valid:6}  {total - valid:10}")
    print(f"prover {PROVER}, {args.timeout} s a goal; "
          f"{time.monotonic() - t_all:.1f} s in all")
    if unproved:
        print("\nNot proved:")
        for src, f, g, log in unproved:
            print(f"  {src}: {f}: {g}  (log: {log})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
