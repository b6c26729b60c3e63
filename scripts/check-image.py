#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check an arm64 Image header (Linux Documentation/arm64/booting.rst):
magic "ARM\\x64" at 56, the expected text_offset, an image_size that covers
the file, little-endian / 4 KiB page flags. Exits 1 with a message when
the image would not boot."""
import argparse
import os
import struct
import sys


def check(path, text_offset):
    data = open(path, "rb").read()
    if len(data) < 64:
        return "shorter than the 64-byte Image header"
    (code0, code1, off, size, flags, r2, r3, r4, magic, r5) = \
        struct.unpack("<IIQQQQQQ4sI", data[:64])
    if magic != b"ARM\x64":
        return "bad magic %r (expected 'ARM\\x64')" % magic
    if off != text_offset:
        return "text_offset 0x%x, expected 0x%x" % (off, text_offset)
    if size < len(data):
        return "image_size 0x%x smaller than the file (0x%x)" % (size, len(data))
    if flags & 1:
        return "flags say big-endian"
    if (flags >> 1) & 3 not in (0, 1):
        return "flags say a page size other than 4 KiB"
    if code0 >> 26 != 0b000101:
        return "first instruction is not a branch"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("image")
    ap.add_argument("--text-offset", type=lambda s: int(s, 0), required=True)
    args = ap.parse_args()
    err = check(args.image, args.text_offset)
    if err:
        sys.stderr.write("check-image: %s: %s\n" % (args.image, err))
        os.unlink(args.image)
        sys.exit(1)


if __name__ == "__main__":
    main()
