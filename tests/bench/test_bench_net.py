# SPDX-License-Identifier: GPL-2.0-only
"""`make bench-net` and `make bench-net-linux` (scripts/bench_net.py,
Documentation/networking.rst "Figures"): the default system, or a Linux
guest, under -icount echoes bytes from the host over TCP, every byte
checked, and the figure is the guest's busy time in instructions per
byte. Here with 1 and 4 MiB (seconds); nothing is timed: the tests check
that the figure is there and sane, not what it is.
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


def test_bench_net_linux_guest_reports_instructions_per_byte(kaal_build):
    """`make bench-net-linux`: Debian's arm64 kernel and busybox (fetched
    through the download cache, about 70 MB once per machine) echo 4 MiB;
    the figure's resolution is a USER_HZ tick (ten million instructions),
    so only its presence and sanity are checked."""
    build = kaal_build("qemu_virt_defconfig")
    res = run_make(build.dir, "bench-net-linux", "BENCH_NET_LINUX_MIB=4")
    m = re.search(r"^bench_net: Linux guest: TCP echo of 4 MiB from the "
                  r"host: (\d+) guest instructions busy \(\+- 10000000\), "
                  r"(\d+\.\d) instructions per byte echoed$", res.output,
                  re.M)
    assert m, res.output
    assert 0 < float(m.group(2)) < 1000
