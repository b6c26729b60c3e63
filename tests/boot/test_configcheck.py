# SPDX-License-Identifier: GPL-2.0-only
"""Every configuration built and booted (Documentation/assurance.rst):
each defconfig alone and with each fragment of configs/, allnoconfig,
allyesconfig and alldefconfig, built with -Werror (scripts/Makefile.build
always passes it) and booted to the end tests/boot/configends.py expects
(the Pi 4 is built only). The seeded random configurations are
tests/boot/test_randconfig.py's.

`make test` runs QUICK, three configurations no other test boots (the
allnoconfig build is shared with tests/build/test_kbuild.py's -Werror
check of the generated configurations);
`make configcheck` (KAAL_CONFIGCHECK=full) runs them all. A failure
names the configuration and prints the make commands that rebuild it and
the QEMU command that boots it.
"""
import os
from pathlib import Path

import pytest

from configends import boot_to_end

pytestmark = pytest.mark.spread

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
DEFCONFIGS = sorted(p.name for p in CONFIGS.glob("*_defconfig"))
FRAGMENTS = sorted(p.name for p in CONFIGS.glob("*.config"))

# Combinations that are not built, each with the reason the test prints.
# Every fragment applies to every board today: none is listed.
SKIP = {}

# In `make test`: allnoconfig (the smallest kernel Kconfig allows, booted
# nowhere else), the Pi 3 with scheduling domains (the component system on
# raspi3b under a domain schedule) and the Pi 4 fuzzer (a build-only
# board with a root task the other Pi 4 builds leave out).
QUICK = [("allnoconfig", ()), ("rpi3_defconfig", ("domains.config",)),
         ("rpi4_defconfig", ("fuzz.config",))]


def matrix():
    out = [("allnoconfig", ()), ("allyesconfig", ()), ("alldefconfig", ())]
    for d in DEFCONFIGS:
        out.append((d, ()))
        out += [(d, (f,)) for f in FRAGMENTS]
    return out


def config_id(entry):
    defconfig, fragments = entry
    return "+".join([defconfig.replace("_defconfig", "")] +
                    [f.replace(".config", "") for f in fragments])


ENTRIES = matrix() if os.environ.get("KAAL_CONFIGCHECK") == "full" else QUICK


def test_quick_subset_is_in_the_matrix():
    assert all(q in matrix() for q in QUICK)
    assert set(SKIP) <= set(matrix())


@pytest.mark.parametrize("entry", ENTRIES, ids=[config_id(e) for e in ENTRIES])
def test_config_builds_and_boots(kaal_build, boot, entry):
    defconfig, fragments = entry
    if entry in SKIP:
        pytest.skip("%s: %s" % (config_id(entry), SKIP[entry]))
    build = kaal_build(defconfig, fragments, name="cc-" + config_id(entry))
    boot_to_end(build, boot, "configuration %s (make %s)"
                % (config_id(entry), " ".join((defconfig,) + fragments)))
