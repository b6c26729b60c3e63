#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check the include guards of every header in the source tree.

Two headers with one guard make the second silently empty wherever both
are included; this is how <kaal/console.h> of the kernel, of libkaal and
of a unit-test stub once shadowed each other. So every header must have a
guard (#ifndef G / #define G as its first directives), no two headers may
share one, and the guard must be the one its path gives:

  * under a directory named include/ (include/, arch/arm64/include/,
    lib/include/, user/lib/*/include/): the path below the last include/,
    e.g. include/uapi/kaal/errors.h -> UAPI_KAAL_ERRORS_H,
    user/lib/sys/include/libsys/ring.h -> LIBSYS_RING_H;
  * host stand-ins for unit tests (tests/unit/stubs/, tests/unit/include/):
    KAAL_TEST_STUB_ and the path below that directory, e.g.
    tests/unit/stubs/libkaal/syscalls.h -> KAAL_TEST_STUB_LIBKAAL_SYSCALLS_H;
  * any other header: its whole path, kernel/sched_list.h ->
    KERNEL_SCHED_LIST_H.

Object trees are skipped: hidden directories, build/, tests-out/,
bench-out/, fuzz-out/, a directory holding a .config below the top (an O=
tree inside the source tree), and the top's include/generated and
include/config and lwip/ (an in-tree build: lwIP's fetched source, not
ours). Symbolic links are not followed.

Usage: checkheaders.py [SRCTREE]; exit status 1 and one line per problem
if there is any.
"""

import os
import re
import sys

STUB_ROOTS = ("tests/unit/stubs/", "tests/unit/include/")
SKIP_DIRS = {"build", "tests-out", "bench-out", "fuzz-out", "__pycache__"}
SKIP_TOP = {"include/generated", "include/config", "usr", "lwip"}

DIRECTIVE = re.compile(r"^\s*#\s*(\w+)\s*(\S*)")


def mangle(path):
    return re.sub(r"[^A-Za-z0-9]", "_", path).upper()


def expected_guard(rel):
    """The guard the header at rel (relative to the source tree, with /)
    must have."""
    for root in STUB_ROOTS:
        if rel.startswith(root):
            return "KAAL_TEST_STUB_" + mangle(rel[len(root):])
    parts = rel.split("/")
    dirs = parts[:-1]
    if "include" in dirs:
        last = len(dirs) - 1 - dirs[::-1].index("include")
        return mangle("/".join(parts[last + 1:]))
    return mangle(rel)


def guard_of(text):
    """The guard of a header: the name of its first #ifndef if the next
    directive #defines it, else None."""
    directives = []
    in_comment = False
    for line in text.splitlines():
        stripped = line
        if in_comment:
            if "*/" not in stripped:
                continue
            stripped = stripped.split("*/", 1)[1]
            in_comment = False
        stripped = re.sub(r"/\*.*?\*/", "", stripped)
        if "/*" in stripped:
            stripped = stripped.split("/*", 1)[0]
            in_comment = True
        m = DIRECTIVE.match(stripped)
        if m:
            directives.append(m.groups())
            if len(directives) == 2:
                break
        elif stripped.strip() and not stripped.strip().startswith("//"):
            return None
    if (len(directives) == 2 and directives[0][0] == "ifndef"
            and directives[1] == ("define", directives[0][1])):
        return directives[0][1]
    return None


def headers(srctree):
    for top, dirs, files in os.walk(srctree):
        rel_top = os.path.relpath(top, srctree).replace(os.sep, "/")
        keep = []
        for d in sorted(dirs):
            rel = d if rel_top == "." else rel_top + "/" + d
            if d.startswith(".") or d in SKIP_DIRS or rel in SKIP_TOP:
                continue
            if os.path.exists(os.path.join(top, d, ".config")):
                continue
            keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if f.endswith(".h"):
                yield (f if rel_top == "." else rel_top + "/" + f)


def check(srctree):
    problems = []
    owners = {}
    for rel in headers(srctree):
        with open(os.path.join(srctree, rel), encoding="utf-8",
                  errors="replace") as f:
            guard = guard_of(f.read())
        want = expected_guard(rel)
        if guard is None:
            problems.append(f"{rel}: no include guard (want {want})")
            continue
        if guard != want:
            problems.append(f"{rel}: guard {guard}, want {want}")
        owners.setdefault(guard, []).append(rel)
    for guard, paths in sorted(owners.items()):
        if len(paths) > 1:
            problems.append(f"guard {guard} shared by " + ", ".join(paths))
    return problems


def main(argv):
    srctree = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..")
    problems = check(os.path.abspath(srctree))
    for p in problems:
        print(f"checkheaders: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
