# SPDX-License-Identifier: GPL-2.0-only
"""`make prove` inside `make test` (Documentation/assurance.rst,
"Machine-checked proofs"): every goal of proofs/manifest is proved, and
the driver fails on a contract that does not hold.

Run with:  /usr/bin/python3 -m pytest tests/prove -q
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROVE = REPO / "scripts" / "prove.py"
OUT = Path(os.environ.get("KAAL_TEST_OUT", "/tmp/kaal-tests")) / "prove"

pytestmark = pytest.mark.spread


def manifest_functions(path):
    fcts = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        head, _, rest = line.partition(":")
        if line:
            fcts += [(head, f) for f in rest.split()
                     if not f.startswith("-")]
    return fcts


def run(*args, objtree):
    return subprocess.run([sys.executable, str(PROVE), "--objtree",
                           str(objtree), *args],
                          capture_output=True, text=True, timeout=600)


def test_every_contract_proved():
    r = run(objtree=OUT / "all")
    print(r.stdout + r.stderr)
    assert r.returncode == 0, "make prove failed:\n" + r.stdout + r.stderr
    for src, f in manifest_functions(REPO / "proofs" / "manifest"):
        m = re.search(rf"^{re.escape(src)}:{f}\s+(\d+)\s+(\d+)\s+0$",
                      r.stdout, re.M)
        assert m and m.group(1) == m.group(2) and int(m.group(1)) > 0, \
            f"{src}:{f} not in the table as all proved"


def test_broken_contract_fails(tmp_path):
    # A contract that does not hold (tests/prove/broken.c): the run must
    # fail and name the goal.
    manifest = tmp_path / "manifest"
    manifest.write_text("tests/prove/broken.c: keep_rights\n")
    r = run("--manifest", str(manifest), objtree=OUT / "broken")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"keep_rights: keep_rights_ensures", r.stdout), r.stdout


def test_missing_function_is_an_error(tmp_path):
    manifest = tmp_path / "manifest"
    manifest.write_text("tests/prove/broken.c: no_such_function\n")
    r = run("--manifest", str(manifest), objtree=OUT / "missing")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "no_such_function" in r.stderr
