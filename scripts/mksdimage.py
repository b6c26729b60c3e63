#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A bootable SD-card image for the Raspberry Pi firmware, made without
root or loop devices (Documentation/boards.rst, "The SD card image"):
an MBR partition table with one FAT32 partition (type 0x0c, from 1 MiB),
formatted by mkfs.vfat and filled by mcopy (dosfstools, mtools).

usage: mksdimage.py -o sdcard.img [--size-mib N] NAME=PATH...

Each NAME=PATH copies the file PATH to /NAME on the card. mtools reads
the result with -i sdcard.img@@1M (the partition's offset).
"""
import argparse
import os
import struct
import subprocess
import sys

SECTOR = 512
START = 1 << 20                 # the partition's offset: 1 MiB, aligned
FAT32_LBA = 0x0c
DISK_ID = 0x4b61614c            # "KaaL": fixed, so the image is repeatable


def fail(msg):
    print("*** mksdimage: %s" % msg, file=sys.stderr)
    sys.exit(1)


def run(args, **kw):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, **kw)
    if p.returncode:
        fail("`%s` failed:\n%s" % (" ".join(args), p.stdout))


def mbr(part_sectors):
    """A master boot record with one partition: [START, START + size)."""
    entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", FAT32_LBA,
                        b"\xfe\xff\xff", START // SECTOR, part_sectors)
    record = bytearray(SECTOR)
    struct.pack_into("<I", record, 440, DISK_ID)
    record[446:446 + 16] = entry
    record[510:512] = b"\x55\xaa"
    return bytes(record)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--size-mib", type=int, default=64,
                    help="size of the FAT32 partition (at least 33)")
    ap.add_argument("--label", default="KAAL")
    ap.add_argument("files", nargs="+", metavar="NAME=PATH")
    a = ap.parse_args()
    files = []
    for f in a.files:
        name, sep, path = f.partition("=")
        if not sep or not name or "/" in name:
            fail("%r: expected NAME=PATH" % f)
        if not os.path.isfile(path):
            fail("%s: no such file (for %s)" % (path, name))
        files.append((name, path))

    part = a.output + ".part"
    size = a.size_mib << 20
    if os.path.exists(part):
        os.unlink(part)
    # mkfs.vfat -C creates the file; -s 1 gives a 64 MiB partition enough
    # clusters for FAT32; -i fixes the volume serial number.
    run(["mkfs.vfat", "-F", "32", "-s", "1", "-n", a.label,
         "-i", "%08x" % DISK_ID, "-C", part, str(size // 1024)])
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    total = 0
    for name, path in files:
        run(["mcopy", "-o", "-i", part, path, "::" + name], env=env)
        total += os.path.getsize(path)
    if total > size * 9 // 10:
        fail("%d bytes of files do not fit in %d MiB" % (total, a.size_mib))

    tmp = a.output + ".tmp"
    with open(tmp, "wb") as out, open(part, "rb") as src:
        out.write(mbr(size // SECTOR))
        out.seek(START)
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            if chunk.count(0) == len(chunk):
                out.seek(len(chunk), os.SEEK_CUR)     # keep it sparse
            else:
                out.write(chunk)
        out.truncate(START + size)
    os.unlink(part)
    os.replace(tmp, a.output)


if __name__ == "__main__":
    main()
