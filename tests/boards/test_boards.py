# SPDX-License-Identifier: GPL-2.0-only
"""Board tests: the Raspberry Pi 4 build outputs and a Raspberry Pi 3 boot
on QEMU raspi3b.

Run with:  /usr/bin/python3 -m pytest tests/boards -q

The builds are the session's (tests/conftest.py's kaal_build(), under
$KAAL_TEST_OUT, never in the source tree): the plain rpi4_defconfig build
that tests/build/test_sdimage.py makes its card from, and the Pi 3 demo
build tests/boot/test_boot.py boots (each was built a second time here, in
boards-<board>). Tests are skipped when the cross compiler or QEMU (with a
raspi3b model) is missing.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CROSS_GCC = shutil.which(os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
                         + "gcc")
QEMU = shutil.which("qemu-system-aarch64")

# Generous: the boot takes about a second of emulated time (the 100-tick
# test at 100 Hz), a few seconds on a loaded host.
BOOT_TIMEOUT = 120

needs_cross = pytest.mark.skipif(CROSS_GCC is None,
                                 reason="no AArch64 cross compiler")

sys.dont_write_bytecode = True
sys.path.insert(0, str(REPO / "scripts"))
import qemu as kaal_qemu  # noqa: E402


# --------------------------------------------------------------------------
# helpers


def build(kaal_build, board, *fragments):
    """configs/<board>_defconfig (with configs/@fragments merged), built
    once per session by kaal_build() (other workers may boot it at the
    same time: nothing here writes into it but files of its own); returns
    the object tree."""
    return kaal_build("%s_defconfig" % board, fragments).dir


def header_defines(path):
    """{name: int or str} of the #defines in a generated header."""
    defs = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+(.*?)\s*(?:/\*.*)?$",
                         path.read_text(), re.M):
        val = m.group(2)
        num = re.fullmatch(r"DT_U64\((0x[0-9a-fA-F]+)\)", val)
        if num:
            defs[m.group(1)] = int(num.group(1), 16)
        elif val.startswith('"'):
            defs[m.group(1)] = val.strip('"')
        else:
            defs[m.group(1)] = val
    return defs


def image_header(path):
    """(magic, text_offset, image_size, flags) of an arm64 Image."""
    data = path.read_bytes()
    assert len(data) >= 64, "%s: shorter than the Image header" % path
    _, _, text_offset, image_size, flags = struct.unpack("<IIQQQ", data[:32])
    return data[56:60], text_offset, image_size, flags


def elf_entry(path):
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2, "%s: not ELF64" % path
    return struct.unpack("<Q", data[24:32])[0]


def config_txt(path):
    """{key: value} of a config.txt, comments dropped."""
    conf = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            key, val = line.split("=", 1)
            conf[key] = val
    return conf


def expect(log, pattern, what):
    """The match of @pattern in the boot log; on failure the whole log is
    part of the message."""
    m = re.search(pattern, log, re.M)
    assert m, "%s: /%s/ not in the serial log:\n%s" % (what, pattern, log)
    return m


# --------------------------------------------------------------------------
# Raspberry Pi 4: what goes on the SD card


@pytest.fixture(scope="module")
def rpi4(kaal_build):
    if CROSS_GCC is None:
        pytest.skip("no AArch64 cross compiler")
    return build(kaal_build, "rpi4")


@needs_cross
def test_rpi4_kernel8_img(rpi4):
    img, k8 = rpi4 / "Image", rpi4 / "kernel8.img"
    assert k8.read_bytes() == img.read_bytes(), "kernel8.img is not Image"
    magic, text_offset, image_size, flags = image_header(k8)
    assert magic == b"ARM\x64"
    assert text_offset == 0x80000
    assert image_size >= k8.stat().st_size
    assert image_size % 4096 == 0
    assert flags & 1 == 0, "big-endian flag set"
    # The loader is linked where the firmware puts it: RAM base 0 + 0x80000.
    assert elf_entry(rpi4 / "loader.elf") == 0x80000


@needs_cross
def test_rpi4_config_txt(rpi4):
    conf = config_txt(rpi4 / "config.txt")
    assert conf.get("arm_64bit") == "1"
    assert conf.get("kernel") == "kernel8.img"
    assert int(conf.get("kernel_address", "0"), 0) == 0x80000
    assert conf.get("enable_uart") == "1"
    assert conf.get("enable_gic") == "1"


@needs_cross
def test_rpi4_devicetree_header(rpi4):
    d = header_defines(rpi4 / "include" / "generated" / "devicetree.h")
    assert d["DT_CONSOLE_COMPATIBLE"] == "brcm,bcm2835-aux-uart"
    assert d["DT_CONSOLE_BASE"] == 0xfe215040
    assert d["DT_AUX_BASE"] == 0xfe215000
    assert d["DT_IRQCHIP_COMPATIBLE"] == "arm,gic-400"
    assert d["DT_GIC_DIST_BASE"] == 0xff841000
    assert d["DT_GIC_CPU_BASE"] == 0xff842000
    assert d["DT_WATCHDOG_BASE"] == 0xfe100000
    assert d["DT_MEMORY_BASE"] == 0
    assert d["DT_MEMORY_SIZE"] >= 0x3b000000
    assert d["DT_NR_CPUS"] == 4
    assert d["DT_TIMER_IRQ_VIRT"] == 27
    assert "DT_PSCI_METHOD_HVC" not in d and "DT_PSCI_METHOD_SMC" not in d


@needs_cross
def test_rpi4_config_and_warnings(rpi4):
    conf = kaal_qemu.read_config(rpi4 / "include" / "config" / "auto.conf")
    assert conf.get("CONFIG_BOARD_RPI4") == "y"
    assert conf.get("CONFIG_SERIAL_BCM2835_AUX") == "y"
    assert conf.get("CONFIG_IRQCHIP_GICV2") == "y"
    assert conf.get("CONFIG_POWER_BCM2835_WDT") == "y"
    assert conf.get("CONFIG_QEMU_MACHINE", "") == ""
    # Every object was compiled with warnings as errors.
    cmds = json.loads((rpi4 / "compile_commands.json").read_text())
    files = {os.path.basename(c["file"]) for c in cmds}
    assert {"bcm2835-aux.c", "irq-gic-v2.c", "bcm2835-wdt.c"} <= files
    for c in cmds:
        args = c.get("command") or " ".join(c["arguments"])
        if c["file"].endswith(".c"):
            for flag in ("-Wall", "-Wextra", "-Werror"):
                assert flag in args.split(), "%s built without %s" % (
                    c["file"], flag)


@needs_cross
def test_rpi4_has_no_qemu_model(rpi4):
    conf = kaal_qemu.read_config(rpi4 / "include" / "config" / "auto.conf")
    with pytest.raises(SystemExit, match="no QEMU model"):
        kaal_qemu.qemu_command(conf, str(rpi4 / "Image"))


# --------------------------------------------------------------------------
# Raspberry Pi 3 on QEMU raspi3b


def qemu_has_raspi3b():
    if QEMU is None:
        return False
    res = subprocess.run([QEMU, "-machine", "help"], capture_output=True,
                         text=True)
    return re.search(r"^raspi3b\s", res.stdout, re.M) is not None


@pytest.fixture(scope="module")
def rpi3(kaal_build):
    if CROSS_GCC is None:
        pytest.skip("no AArch64 cross compiler")
    # The demo root task powers off at the end, so the boot test can wait
    # for QEMU to exit; the default system (tests/system) ends at a shell.
    return build(kaal_build, "rpi3", "demo.config")


@needs_cross
def test_rpi3_outputs(rpi3):
    magic, text_offset, _, _ = image_header(rpi3 / "Image")
    assert magic == b"ARM\x64" and text_offset == 0x80000
    assert elf_entry(rpi3 / "loader.elf") == 0x80000
    conf = config_txt(rpi3 / "config.txt")
    assert conf.get("kernel_address") == "0x80000"
    assert "enable_gic" not in conf, "the Pi 3 has no GIC"
    d = header_defines(rpi3 / "include" / "generated" / "devicetree.h")
    assert d["DT_CONSOLE_BASE"] == 0x3f215040
    assert d["DT_AUX_BASE"] == 0x3f215000
    assert d["DT_BCM2836_LOCAL_BASE"] == 0x40000000
    assert d["DT_WATCHDOG_BASE"] == 0x3f100000
    assert d["DT_TIMER_IRQ_VIRT"] == 3


@needs_cross
def test_rpi3_qemu_command(rpi3):
    """What `make run` passes for the board: the mini UART is QEMU's second
    serial port and the DTB goes in with -dtb."""
    conf = kaal_qemu.read_config(rpi3 / "include" / "config" / "auto.conf")
    cmd = kaal_qemu.qemu_command(conf, "Image", dtb="rpi3.dtb")
    text = " ".join(cmd)
    assert "-machine raspi3b" in text
    assert "-m 1G" in text and "-smp 4" in text
    assert "-serial null -serial stdio" in text
    assert "-dtb rpi3.dtb" in text
    assert "-no-reboot" in text


@needs_cross
@pytest.mark.skipif(not qemu_has_raspi3b(),
                    reason="qemu-system-aarch64 with a raspi3b model missing")
def test_rpi3_boots_on_raspi3b(rpi3):
    cmd = [QEMU, "-M", "raspi3b", "-kernel", str(rpi3 / "Image"),
           "-dtb", str(rpi3 / "arch/arm64/boot/dts/rpi3.dtb"),
           "-serial", "null", "-serial", "stdio", "-display", "none",
           "-no-reboot", "-append", "kaal.ticktest=100"]
    try:
        res = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                             capture_output=True, timeout=BOOT_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        log = (e.stdout or b"").decode(errors="replace")
        pytest.fail("QEMU did not exit by itself within %d s:\n%s"
                    % (BOOT_TIMEOUT, log))
    log = res.stdout.decode(errors="replace").replace("\r\n", "\n")
    (rpi3 / "raspi3b-boot.log").write_text(log)
    err = res.stderr.decode(errors="replace")
    assert res.returncode == 0, "QEMU exited with %d:\n%s\n%s" % (
        res.returncode, err, log)

    expect(log, r"^KaaL loader \S+: entered at EL2, devicetree at 0x",
           "loader entered at EL2")
    expect(log, r"^KaaL \S+ \(rpi3\) on Raspberry Pi 3 Model B "
           r"\[raspberrypi,3-model-b\]$", "banner")
    expect(log, r"^boot: entered at EL2, 4 CPU\(s\) in the devicetree",
           "boot line")
    expect(log, r"^memory: RAM +0x0000000000-0x003bffffff +960 MiB$",
           "RAM from QEMU's devicetree")
    expect(log, r"^memory: reserved 0x0000000000-0x0000000fff .*memreserve$",
           "spin-table page reserved")
    expect(log, r"^memory: 960 MiB total", "memory summary")
    expect(log, r"^irq: BCM2836 with 104 lines, timer tick at 100 Hz$",
           "interrupt controller")
    m = expect(log, r"^timer: 100 ticks in (\d+) us \(expected (\d+) us at "
               r"100 Hz, counter (\d+) Hz\)$", "tick test")
    elapsed, expected, freq = (int(g) for g in m.groups())
    assert freq > 0
    # A slow host can only make the ticks late, never early.
    assert elapsed >= expected * 9 // 10, "ticks too fast:\n" + log
    expect(log, r"powering off", "power off")
    assert not re.search(r"panic|loader: error|power off failed", log), log
