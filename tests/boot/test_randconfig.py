# SPDX-License-Identifier: GPL-2.0-only
"""Random configurations: build each seed of a fixed list and boot it to
its expected end (Documentation/testing.rst, "Random configurations";
tests/boot/configends.py says what that end is for each root task).

This is the configuration matrix's random part, the one place that runs
`make randconfig`: each seed is built with -Werror (tests/build checks
alldefconfig, allnoconfig and allyesconfig build; tests/boot/
test_configcheck.py boots them) and, where QEMU has the board, booted
to its end (under icount where the root task idles there, so idle time
costs nothing; configends.keeps_cpus_busy).
`make test` runs SEEDS; `make configcheck` (KAAL_CONFIGCHECK=full) runs
SEEDS + MORE_SEEDS. The test id names each seed and a failure prints the
make commands that rebuild it.

KAAL_RANDCONFIG_SEEDS overrides the list: "1-50" or "3,7,12".
"""
import os

import pytest

from configends import boot_to_end

# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

# A handful chosen to cover every root task, both GICs, the Pi 3, 1 to 7
# CPUs, tick rates from 10 to 1000 Hz and time slices of 1 to 162 ticks,
# as drawn by scripts/kconfig.py's randconfig:
#   4   component system, GICv3, round-robin, no debug system calls
#       (before the benchmark root task depended on them, a benchmark
#       system that stopped silently)
#   14  Pi 3 (raspi3b, 4 CPUs), the demo, 10 Hz
#   27  demo without debug system calls, GICv3, round-robin, 683 Hz
#   30  echo, GICv2, 2 CPUs, 1000 Hz, no boot tick test
#   187 test suite, GICv3, 7 CPUs, 1000 Hz
#   226 benchmarks, GICv3, 3 CPUs, 10 Hz, log level 0 (no banner)
SEEDS = (4, 14, 27, 30, 187, 226)
# make configcheck adds these: the first twenty seeds after 1000, fixed
# once so that a run is repeatable (never drawn anew).
MORE_SEEDS = tuple(range(1001, 1021))


def seeds():
    spec = os.environ.get("KAAL_RANDCONFIG_SEEDS")
    if not spec:
        if os.environ.get("KAAL_CONFIGCHECK") == "full":
            return SEEDS + MORE_SEEDS
        return SEEDS
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    return tuple(out)


@pytest.mark.parametrize("seed", seeds())
def test_randconfig_boots_to_its_end(kaal_build, boot, seed):
    build = kaal_build("randconfig", ["KCONFIG_SEED=%d" % seed],
                       name="randconfig-%d" % seed)
    boot_to_end(build, boot, "seed %d (make randconfig KCONFIG_SEED=%d)"
                % (seed, seed))
