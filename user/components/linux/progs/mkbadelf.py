#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Malformed ELF files for the Linux personality's loader test
(Documentation/linux.rst): each a copy of a good static executable with
one field broken, as a hostile or corrupt file would have it.

    mkbadelf.py GOOD OUTDIR

writes OUTDIR/bad-<what> for each case below.
"""
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
PT_LOAD, PT_INTERP = 1, 3
PF_X, PF_W, PF_R = 1, 2, 4


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    data = bytearray(open(good, "rb").read())
    eh = list(EHDR.unpack_from(data, 0))
    phoff, phnum = eh[5], eh[9]

    def phdrs(d):
        return [list(PHDR.unpack_from(d, phoff + i * PHDR.size))
                for i in range(phnum)]

    def with_phdr(i, **fields):
        d = bytearray(data)
        ph = phdrs(d)[i]
        names = ["type", "flags", "offset", "vaddr", "paddr", "filesz",
                 "memsz", "align"]
        for k, v in fields.items():
            ph[names.index(k)] = v
        PHDR.pack_into(d, phoff + i * PHDR.size, *ph)
        return d

    def with_ehdr(**fields):
        d = bytearray(data)
        e = list(eh)
        names = ["ident", "type", "machine", "version", "entry", "phoff",
                 "shoff", "flags", "ehsize", "phentsize", "phnum",
                 "shentsize", "shnum", "shstrndx"]
        for k, v in fields.items():
            e[names.index(k)] = v
        EHDR.pack_into(d, 0, *e)
        return d

    load = next(i for i, p in enumerate(phdrs(data)) if p[0] == PT_LOAD)
    cases = {
        "magic": bytearray(b"\x7fELG") + data[4:],
        "class": with_ehdr(ident=eh[0][:4] + b"\x01" + eh[0][5:]),
        "machine": with_ehdr(machine=62),         # x86-64
        "phdrs": with_ehdr(phoff=len(data) - 8),  # past the end
        "segment": with_phdr(load, filesz=len(data) * 4,
                             memsz=len(data) * 4),
        "wx": with_phdr(load, flags=PF_R | PF_W | PF_X),
        "entry": with_ehdr(entry=0x10),           # in no segment
        "overflow": with_phdr(load, vaddr=0xfffffffffffff000,
                              paddr=0xfffffffffffff000),
        "interp": with_phdr(load, type=PT_INTERP),
    }
    for name, d in cases.items():
        with open("%s/bad-%s" % (outdir, name), "wb") as f:
            f.write(d)


if __name__ == "__main__":
    main()
