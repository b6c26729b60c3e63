#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Pack files into an SVR4 "newc" cpio archive (the format of Linux's
initramfs, readable by `cpio -itv`): the boot archive of KaaL's
components (scripts/Makefile.user, Documentation/components.rst).

    mkcpio.py [--align N] -o out.cpio name=path [name=path ...]

Entries are regular files, mode 0444, owner 0, mtime 0, in the order
given, so the same inputs always give the same archive. A name may be a
relative path (bin/busybox: no leading "/", no empty, "." or ".."
component); the reader sees it as the entry's name.

--align N (a power of two, at least 4) starts every file's data at a
multiple of N bytes from the start of the archive, by padding the name
field with NUL bytes: the name size in the header counts them, and every
reader takes the name up to its first NUL (Linux's initramfs, GNU cpio,
libsys's cpio.c). The Linux personality's archive uses 4096, so that a
program's pages can be mapped straight from it (Documentation/linux.rst).
"""
import argparse
import sys

NEWC_MAGIC = b"070701"


def pad4(n):
    return (4 - n % 4) % 4


def entry(ino, name, data, mode, offset=0, align=4):
    name_bytes = name.encode() + b"\0"
    if data and align > 4:
        # Pad the name so that the data (after the 110-byte header, the
        # name and the padding to 4 bytes) starts at a multiple of align.
        start = offset + 110 + len(name_bytes)
        start += pad4(start)
        name_bytes += b"\0" * ((align - start % align) % align)
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
              len(name_bytes), 0]
    header = NEWC_MAGIC + b"".join(b"%08X" % f for f in fields)
    out = header + name_bytes + b"\0" * pad4(len(header) + len(name_bytes))
    return out + data + b"\0" * pad4(len(data))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--align", type=int, default=4)
    ap.add_argument("files", nargs="+", metavar="name=path")
    args = ap.parse_args()
    if args.align < 4 or args.align & (args.align - 1):
        sys.exit(f"mkcpio.py: --align {args.align}: not a power of two >= 4")
    out = b""
    seen = set()
    for ino, spec in enumerate(args.files, start=1):
        name, sep, path = spec.partition("=")
        parts = name.split("/")
        if not sep or not name or "" in parts or "." in parts or \
                ".." in parts:
            sys.exit(f"mkcpio.py: {spec!r}: expected name=path, the name a "
                     "relative path without empty, '.' or '..' parts")
        if name in seen:
            sys.exit(f"mkcpio.py: {name}: listed twice")
        seen.add(name)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            sys.exit(f"mkcpio.py: {path}: {e.strerror}")
        out += entry(ino, name, data, 0o100444, len(out), args.align)
    out += entry(0, "TRAILER!!!", b"", 0)
    with open(args.output, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
