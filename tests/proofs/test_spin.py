# SPDX-License-Identifier: GPL-2.0-only
"""The SPIN model of the ring wake-up protocols (proofs/ring.pml,
Documentation/assurance.rst): a short subset of `make spin` -- two correct
models verified, two mutations refuted -- and the checker failing on a
model whose protocol is broken. `make spin` runs all sixteen checks."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRCTREE = Path(__file__).resolve().parents[2]
SCRIPT = SRCTREE / "scripts" / "spin_check.py"
MODEL = SRCTREE / "proofs" / "ring.pml"

pytestmark = pytest.mark.skipif(shutil.which("spin") is None,
                                reason="spin not installed "
                                "(scripts/check-deps.sh installs it)")


def spin_check(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)


def test_quick_subset():
    names = ["bench", "console-forever", "bench-no-notify",
             "console-no-notify-forever"]
    r = spin_check("--only", ",".join(names))
    assert r.returncode == 0, r.stdout
    for name in names:
        assert re.search(r"SPIN +%s +ok " % re.escape(name), r.stdout), \
            r.stdout
    # The correct models are verified and the mutations refuted, not the
    # other way round.
    assert re.search(r"bench +ok +verified", r.stdout), r.stdout
    assert re.search(r"bench-no-notify +ok +refuted: assertion", r.stdout)
    assert re.search(r"console-no-notify-forever +ok +refuted: "
                     r"non-progress cycle", r.stdout), r.stdout


def test_broken_protocol_fails(tmp_path):
    """The consumer's signal to a full ring's producer removed from the
    model: the check that expects a verified model must fail, and say how
    to replay the counterexample."""
    text = MODEL.read_text()
    old = ":: n == MASK -> signal_prod()"
    assert text.count(old) == 2
    broken = tmp_path / "ring.pml"
    broken.write_text(text.replace(old, ":: n == MASK -> skip"))
    r = spin_check("--model", str(broken), "--only", "bench")
    assert r.returncode == 1, r.stdout
    assert re.search(r"bench +FAIL refuted", r.stdout), r.stdout
    assert "spin -t -p" in r.stdout


def test_bad_arguments():
    r = spin_check("--only", "no-such-check")
    assert r.returncode == 2
    assert "unknown check no-such-check" in r.stdout
    r = spin_check("--model", "/nonexistent/ring.pml")
    assert r.returncode == 2
    assert "no model" in r.stdout
