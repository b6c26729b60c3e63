# SPDX-License-Identifier: GPL-2.0-only
"""The Linux personality's table of system calls (Documentation/linux.rst,
"System calls") says what user/components/linux/systab.h serves: the same
numbers, names and status, and no number twice. Host only, no build.

    python3 -m pytest tests/docs/test_linux_syscalls.py -v
"""
import re

from conftest import SRCTREE

SYSTAB = SRCTREE / "user" / "components" / "linux" / "systab.h"
DOC = SRCTREE / "Documentation" / "linux.rst"


def code_table():
    text = SYSTAB.read_text()
    rows = re.findall(r"^\s*X\((\d+),\s*(\w+),\s*(\w+),\s*(\w+)\)", text,
                      re.M)
    return [(int(nr), name, status.lower()) for nr, name, _, status in rows]


def doc_table():
    text = DOC.read_text()
    section = text.split("\nSystem calls\n============\n", 1)[1]
    section = section.split("\nAdding a system call\n", 1)[0]
    rows = re.findall(r"^(\d+)\s+(\w+)\s+(full|partial|ENOSYS)\b", section,
                      re.M)
    return [(int(nr), name, status.lower()) for nr, name, status in rows]


def test_code_table_is_sane():
    rows = code_table()
    assert len(rows) > 50
    numbers = [nr for nr, _, _ in rows]
    assert numbers == sorted(numbers), "systab.h: not in number order"
    assert len(set(numbers)) == len(numbers), "systab.h: a number twice"
    assert {s for _, _, s in rows} <= {"full", "partial", "nosys"}


def test_doc_table_matches_the_code():
    code = [(nr, name, "enosys" if s == "nosys" else s)
            for nr, name, s in code_table()]
    doc = doc_table()
    assert doc, "no table found in %s" % DOC
    missing = sorted(set(code) - set(doc))
    extra = sorted(set(doc) - set(code))
    assert not missing and not extra, (
        "linux.rst and systab.h disagree:\n  only in systab.h: %s\n"
        "  only in linux.rst: %s" % (missing, extra))
    assert [nr for nr, _, _ in doc] == sorted(nr for nr, _, _ in doc)
