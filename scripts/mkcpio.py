#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Pack files into an SVR4 "newc" cpio archive (the format of Linux's
initramfs, readable by `cpio -itv`): the boot archive of KaaL's
components (scripts/Makefile.user, Documentation/components.rst).

    mkcpio.py -o out.cpio name=path [name=path ...]

Entries are regular files, mode 0444, owner 0, mtime 0, in the order
given, so the same inputs always give the same archive.
"""
import argparse
import sys

NEWC_MAGIC = b"070701"


def pad4(n):
    return (4 - n % 4) % 4


def entry(ino, name, data, mode):
    name_bytes = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
              len(name_bytes), 0]
    header = NEWC_MAGIC + b"".join(b"%08X" % f for f in fields)
    out = header + name_bytes + b"\0" * pad4(len(header) + len(name_bytes))
    return out + data + b"\0" * pad4(len(data))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("files", nargs="+", metavar="name=path")
    args = ap.parse_args()
    out = b""
    seen = set()
    for ino, spec in enumerate(args.files, start=1):
        name, sep, path = spec.partition("=")
        if not sep or not name or "/" in name:
            sys.exit(f"mkcpio.py: {spec!r}: expected name=path, name "
                     "without '/'")
        if name in seen:
            sys.exit(f"mkcpio.py: {name}: listed twice")
        seen.add(name)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            sys.exit(f"mkcpio.py: {path}: {e.strerror}")
        out += entry(ino, name, data, 0o100444)
    out += entry(0, "TRAILER!!!", b"", 0)
    with open(args.output, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
