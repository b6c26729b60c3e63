#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check an arm64 Image header (Linux Documentation/arm64/booting.rst):
magic "ARM\\x64" at 56, the expected text_offset, an image_size that covers
the file, little-endian / 4 KiB page flags. With --config-txt, also check
that a Raspberry Pi config.txt makes the firmware load and start it as a
64-bit kernel at the address it is linked for (RAM starts at 0 on every
Pi, so that address is the text offset). Exits 1 with a message, and
removes the image, when it would not boot."""
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


def read_config_txt(path):
    """{key: value} of the unconditional part of a config.txt (the lines
    before the first [filter] section other than [all])."""
    conf = {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("["):
                if line != "[all]":
                    break
                continue
            if "=" in line:
                key, val = line.split("=", 1)
                conf[key.strip()] = val.strip()
    return conf


def check_config_txt(path, image, text_offset):
    conf = read_config_txt(path)
    if conf.get("arm_64bit") != "1":
        return "%s: arm_64bit=1 missing: the firmware would start the " \
            "cores in AArch32" % path
    if conf.get("kernel") != os.path.basename(image):
        return "%s: kernel=%s, expected kernel=%s" % (
            path, conf.get("kernel", "(unset)"), os.path.basename(image))
    addr = conf.get("kernel_address")
    try:
        addr = int(addr, 0) if addr is not None else None
    except ValueError:
        return "%s: kernel_address=%s is not a number" % (path, addr)
    if addr != text_offset:
        return "%s: kernel_address %s, but the image is linked for 0x%x " \
            "(the firmware's default for 64-bit kernels is 0x200000)" % (
                path, "unset" if addr is None else "0x%x" % addr, text_offset)
    if conf.get("enable_uart") != "1":
        return "%s: enable_uart=1 missing: no console on GPIO 14/15" % path
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("image")
    ap.add_argument("--text-offset", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--config-txt", help="Raspberry Pi config.txt to check")
    args = ap.parse_args()
    err = check(args.image, args.text_offset)
    if err:
        err = "%s: %s" % (args.image, err)
    elif args.config_txt:
        err = check_config_txt(args.config_txt, args.image, args.text_offset)
    if err:
        sys.stderr.write("check-image: %s\n" % err)
        os.unlink(args.image)
        sys.exit(1)


if __name__ == "__main__":
    main()
