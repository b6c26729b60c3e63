# SPDX-License-Identifier: GPL-2.0-only
"""`make bench-net` (scripts/bench_net.py, Documentation/networking.rst
"Figures"): the default system under -icount echoes bytes from the host
over TCP, every byte checked, and the figure is the guest's busy time
between two `cpu` lines in instructions per byte. Here with 1 MiB (a
second or two); nothing is timed: the test checks that the figure is
there and sane (some instructions per byte, fewer than a thousand), not
what it is.
"""
import re

from conftest import run_make


def test_bench_net_reports_instructions_per_byte(kaal_build):
    build = kaal_build("qemu_virt_defconfig")
    res = run_make(build.dir, "bench-net", "BENCH_NET_MIB=1")
    m = re.search(r"^bench_net: TCP echo of 1 MiB from the host: (\d+) "
                  r"guest instructions busy, (\d+\.\d) instructions per "
                  r"byte echoed$", res.output, re.M)
    assert m, res.output
    assert 1 <= float(m.group(2)) < 1000
    assert int(m.group(1)) >= 1 << 20


def test_bench_net_refuses_a_system_without_the_network(kaal_build):
    build = kaal_build("rpi3_defconfig")
    res = run_make(build.dir, "bench-net", check=False)
    assert res.returncode != 0
    assert "needs CONFIG_NET" in res.output
