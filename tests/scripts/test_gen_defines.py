# SPDX-License-Identifier: GPL-2.0-only
"""Host tests for scripts/dts/gen_defines.py and the board devicetrees.

Run with:  /usr/bin/python3 -m pytest tests/scripts -q

Needs dtc; the QEMU cross-check needs qemu-system-aarch64 and the C check a
host C compiler (each is skipped when missing).
"""

import os
import random
import re
import shutil
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

REPO = Path(__file__).resolve().parents[2]
GEN = REPO / "scripts" / "dts" / "gen_defines.py"
DTS_DIR = REPO / "arch" / "arm64" / "boot" / "dts"
BOARDS = ("qemu-virt-gicv2", "qemu-virt-gicv3", "rpi3", "rpi4")

sys.dont_write_bytecode = True        # no __pycache__ in scripts/dts
sys.path.insert(0, str(GEN.parent))
import gen_defines  # noqa: E402
from gen_defines import Fdt, FdtError, DtError  # noqa: E402

DTC = shutil.which("dtc")
QEMU = shutil.which("qemu-system-aarch64")
CC = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")

needs_dtc = pytest.mark.skipif(DTC is None, reason="dtc not installed")


# --------------------------------------------------------------------------
# helpers


def dtc(src, dtb):
    """Compile a DTS file; returns dtc's stderr (warnings)."""
    res = subprocess.run([DTC, "-I", "dts", "-O", "dtb", "-o", str(dtb),
                          str(src)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return res.stderr


def compile_board(board, tmp_path):
    dtb = tmp_path / (board + ".dtb")
    dtc(DTS_DIR / (board + ".dts"), dtb)
    return dtb


def compile_text(tmp_path, text, name="test"):
    src = tmp_path / (name + ".dts")
    src.write_text(textwrap.dedent(text))
    dtb = tmp_path / (name + ".dtb")
    dtc(src, dtb)
    return dtb


def run_gen(dtb, out, config=None, mk=None, extra=()):
    cmd = [sys.executable, str(GEN), "--dtb", str(dtb), "--out", str(out)]
    if config is not None:
        cmd += ["--config", str(config)]
    if mk is not None:
        cmd += ["--mk", str(mk)]
    cmd += list(extra)
    return subprocess.run(cmd, capture_output=True, text=True)


def parse_header(text):
    """{macro: value}: ints for NNNull / 1, str for "..." and raw text
    otherwise; DT_MMIO_REGIONS as a list of (base, size)."""
    text = text.replace("\\\n", " ")
    defs = {}
    for m in re.finditer(r"^#define[ \t]+(DT_\w+)[ \t]*(.*)$", text, re.M):
        name, body = m.group(1), m.group(2)
        body = re.sub(r"/\*.*?\*/", "", body).strip()
        if name == "DT_MMIO_REGIONS":
            defs[name] = [(int(a, 16), int(b, 16)) for a, b in re.findall(
                r"\{\s*DT_U64\(0x([0-9a-f]+)\),\s*DT_U64\(0x([0-9a-f]+)\)\s*\}", body)]
        elif re.fullmatch(r"DT_U64\(0x[0-9a-f]+\)", body):
            defs[name] = int(body[7:-1], 16)
        elif body.startswith('"'):
            defs[name] = body[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        elif re.fullmatch(r"\d+", body):
            defs[name] = int(body)
        else:
            defs[name] = body
    return defs


def gen(dtb, tmp_path, **kw):
    out = tmp_path / "include" / "generated" / "devicetree.h"
    res = run_gen(dtb, out, **kw)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    return parse_header(out.read_text())


def board_defs(board, tmp_path):
    return gen(compile_board(board, tmp_path), tmp_path)


def assert_one_line_error(res, path):
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("gen_defines.py: error: %s: " % path), \
        res.stderr
    return lines[0]


# --------------------------------------------------------------------------
# the board devicetrees


@needs_dtc
@pytest.mark.parametrize("board", BOARDS)
def test_dts_compiles_without_warnings(board, tmp_path):
    assert dtc(DTS_DIR / (board + ".dts"), tmp_path / "b.dtb") == ""


@needs_dtc
def test_qemu_virt_gicv2(tmp_path):
    d = board_defs("qemu-virt-gicv2", tmp_path)
    assert d["DT_MODEL"] == "linux,dummy-virt"
    assert d["DT_COMPATIBLE"] == "linux,dummy-virt"
    assert (d["DT_MEMORY_BASE"], d["DT_MEMORY_SIZE"]) == (0x40000000,
                                                          0x08000000)
    assert d["DT_CONSOLE_COMPATIBLE"] == "arm,pl011"
    assert (d["DT_CONSOLE_BASE"], d["DT_CONSOLE_SIZE"]) == (0x09000000,
                                                            0x1000)
    assert d["DT_CONSOLE_IRQ"] == 33                # SPI 1
    assert d["DT_CONSOLE_CLOCK"] == 24000000
    assert d["DT_IRQCHIP_COMPATIBLE"] == "arm,cortex-a15-gic"
    assert (d["DT_GIC_DIST_BASE"], d["DT_GIC_DIST_SIZE"]) == (0x08000000,
                                                              0x10000)
    assert (d["DT_GIC_CPU_BASE"], d["DT_GIC_CPU_SIZE"]) == (0x08010000,
                                                            0x10000)
    assert d["DT_TIMER_IRQ_PHYS"] == 30             # PPI 14
    assert d["DT_TIMER_IRQ_VIRT"] == 27             # PPI 11
    assert d["DT_PSCI_METHOD_HVC"] == 1
    assert d["DT_NR_CPUS"] == 1
    assert d["DT_MMIO_REGIONS"] == [(0x08000000, 0x10000),
                                    (0x08010000, 0x10000),
                                    (0x09000000, 0x1000)]
    assert d["DT_NR_MMIO_REGIONS"] == 3
    for absent in ("DT_GIC_REDIST_BASE", "DT_IRQ_LINES", "DT_AUX_BASE",
                   "DT_WATCHDOG_BASE", "DT_BCM2836_LOCAL_BASE",
                   "DT_BCM2835_ARMCTRL_BASE", "DT_PSCI_METHOD_SMC"):
        assert absent not in d


@needs_dtc
def test_qemu_virt_gicv3(tmp_path):
    d = board_defs("qemu-virt-gicv3", tmp_path)
    assert d["DT_IRQCHIP_COMPATIBLE"] == "arm,gic-v3"
    assert (d["DT_GIC_DIST_BASE"], d["DT_GIC_DIST_SIZE"]) == (0x08000000,
                                                              0x10000)
    assert (d["DT_GIC_REDIST_BASE"], d["DT_GIC_REDIST_SIZE"]) == \
        (0x080a0000, 0xf60000)
    assert "DT_GIC_CPU_BASE" not in d
    assert d["DT_CONSOLE_BASE"] == 0x09000000
    assert d["DT_CONSOLE_IRQ"] == 33
    assert (d["DT_TIMER_IRQ_PHYS"], d["DT_TIMER_IRQ_VIRT"]) == (30, 27)
    assert d["DT_PSCI_METHOD_HVC"] == 1
    # The redistributors end exactly where the UART page starts: adjacent
    # regions stay separate, only overlapping ones merge.
    assert d["DT_MMIO_REGIONS"] == [(0x08000000, 0x10000),
                                    (0x080a0000, 0xf60000),
                                    (0x09000000, 0x1000)]


@needs_dtc
def test_rpi3(tmp_path):
    d = board_defs("rpi3", tmp_path)
    assert d["DT_MODEL"] == "Raspberry Pi 3 Model B"
    assert d["DT_COMPATIBLE"] == "raspberrypi,3-model-b"
    assert (d["DT_MEMORY_BASE"], d["DT_MEMORY_SIZE"]) == (0, 0x3c000000)
    assert d["DT_NR_CPUS"] == 4
    # stdout-path = "serial1:115200n8": alias plus options.
    assert d["DT_CONSOLE_COMPATIBLE"] == "brcm,bcm2835-aux-uart"
    assert (d["DT_CONSOLE_BASE"], d["DT_CONSOLE_SIZE"]) == (0x3f215040, 0x40)
    assert d["DT_CONSOLE_IRQ"] == 61                # armctrl <1 29>
    assert d["DT_CONSOLE_CLOCK"] == 250000000
    assert (d["DT_AUX_BASE"], d["DT_AUX_SIZE"]) == (0x3f215000, 8)
    assert d["DT_IRQCHIP_COMPATIBLE"] == "brcm,bcm2836-l1-intc"
    assert d["DT_IRQ_LINES"] == 104
    assert (d["DT_BCM2836_LOCAL_BASE"], d["DT_BCM2836_LOCAL_SIZE"]) == \
        (0x40000000, 0x100)
    assert (d["DT_BCM2835_ARMCTRL_BASE"], d["DT_BCM2835_ARMCTRL_SIZE"]) == \
        (0x3f00b200, 0x200)
    assert (d["DT_WATCHDOG_BASE"], d["DT_WATCHDOG_SIZE"]) == (0x3f100000,
                                                              0x28)
    assert d["DT_TIMER_IRQ_PHYS"] == 1              # CNTPNSIRQ
    assert d["DT_TIMER_IRQ_VIRT"] == 3              # CNTVIRQ
    # aux and the mini UART share one page.
    assert d["DT_MMIO_REGIONS"] == [(0x3f00b000, 0x1000),
                                    (0x3f100000, 0x1000),
                                    (0x3f215000, 0x1000),
                                    (0x40000000, 0x1000)]
    assert d["DT_NR_MMIO_REGIONS"] == 4
    for absent in ("DT_GIC_DIST_BASE", "DT_PSCI_METHOD_HVC",
                   "DT_PSCI_METHOD_SMC"):
        assert absent not in d


@needs_dtc
def test_rpi4(tmp_path):
    d = board_defs("rpi4", tmp_path)
    assert d["DT_COMPATIBLE"] == "raspberrypi,4-model-b"
    assert (d["DT_MEMORY_BASE"], d["DT_MEMORY_SIZE"]) == (0, 0x3b400000)
    assert d["DT_NR_CPUS"] == 4
    assert d["DT_CONSOLE_COMPATIBLE"] == "brcm,bcm2835-aux-uart"
    assert (d["DT_CONSOLE_BASE"], d["DT_CONSOLE_SIZE"]) == (0xfe215040, 0x40)
    assert d["DT_CONSOLE_IRQ"] == 125               # GIC_SPI 93
    assert "DT_CONSOLE_CLOCK" not in d
    assert (d["DT_AUX_BASE"], d["DT_AUX_SIZE"]) == (0xfe215000, 8)
    assert d["DT_IRQCHIP_COMPATIBLE"] == "arm,gic-400"
    assert (d["DT_GIC_DIST_BASE"], d["DT_GIC_DIST_SIZE"]) == (0xff841000,
                                                              0x1000)
    assert (d["DT_GIC_CPU_BASE"], d["DT_GIC_CPU_SIZE"]) == (0xff842000,
                                                            0x2000)
    assert (d["DT_WATCHDOG_BASE"], d["DT_WATCHDOG_SIZE"]) == (0xfe100000,
                                                              0x28)
    assert (d["DT_TIMER_IRQ_PHYS"], d["DT_TIMER_IRQ_VIRT"]) == (30, 27)
    assert d["DT_MMIO_REGIONS"] == [(0xfe100000, 0x1000),
                                    (0xfe215000, 0x1000),
                                    (0xff841000, 0x1000),
                                    (0xff842000, 0x2000)]
    for absent in ("DT_IRQ_LINES", "DT_GIC_REDIST_BASE",
                   "DT_BCM2836_LOCAL_BASE", "DT_PSCI_METHOD_HVC"):
        assert absent not in d


@needs_dtc
def test_mk_fragment(tmp_path):
    dtb = compile_board("rpi3", tmp_path)
    out, mk = tmp_path / "dt.h", tmp_path / "dt.mk"
    res = run_gen(dtb, out, mk=mk)
    assert res.returncode == 0, res.stderr
    text = mk.read_text()
    assert "DT_COMPATIBLE := raspberrypi,3-model-b\n" in text
    assert "DT_CONSOLE_COMPATIBLE := brcm,bcm2835-aux-uart\n" in text
    assert "DT_IRQCHIP_COMPATIBLE := brcm,bcm2836-l1-intc\n" in text
    # make can read it
    if shutil.which("make"):
        probe = tmp_path / "probe.mk"
        probe.write_text("include %s\nall:\n\t@echo $(DT_IRQCHIP_COMPATIBLE)"
                         "\n" % mk)
        res = subprocess.run(["make", "-s", "-f", str(probe)],
                             capture_output=True, text=True)
        assert res.stdout.strip() == "brcm,bcm2836-l1-intc"


@needs_dtc
def test_header_is_guarded_and_says_generated(tmp_path):
    dtb = compile_board("qemu-virt-gicv2", tmp_path)
    out = tmp_path / "dt.h"
    assert run_gen(dtb, out).returncode == 0
    text = out.read_text()
    assert "Generated from qemu-virt-gicv2.dts" in text
    assert "do not edit" in text
    assert "#ifndef KAAL_GENERATED_DEVICETREE_H" in text
    assert text.rstrip().endswith("#endif /* KAAL_GENERATED_DEVICETREE_H */")
    res = run_gen(dtb, out, extra=["--dts", "arch/arm64/boot/dts/x.dts"])
    assert res.returncode == 0
    assert "Generated from arch/arm64/boot/dts/x.dts" in out.read_text()


@needs_dtc
@pytest.mark.skipif(CC is None, reason="no host C compiler")
@pytest.mark.parametrize("board", BOARDS)
def test_header_compiles_as_c(board, tmp_path):
    dtb = compile_board(board, tmp_path)
    out = tmp_path / "devicetree.h"
    assert run_gen(dtb, out).returncode == 0
    src = tmp_path / "t.c"
    src.write_text(textwrap.dedent("""\
        #include "devicetree.h"
        #include "devicetree.h"
        struct region { unsigned long long base, size; };
        static const struct region regions[] = { DT_MMIO_REGIONS };
        _Static_assert(sizeof(regions) / sizeof(regions[0]) ==
                       DT_NR_MMIO_REGIONS, "region count");
        _Static_assert(DT_CONSOLE_BASE >= 0x1000, "console");
        #if DT_NR_CPUS < 1
        #error no cpus
        #endif
        const char *model = DT_MODEL;
        const char *compat = DT_CONSOLE_COMPATIBLE;
        unsigned long long irq = DT_CONSOLE_IRQ + DT_TIMER_IRQ_VIRT;
        const struct region *r = regions;
        """))
    res = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror",
                          "-c", "-o", str(tmp_path / "t.o"), str(src)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


# --------------------------------------------------------------------------
# translation, interrupts, stdout-path


NESTED = """\
    /dts-v1/;
    / {
        compatible = "test,nested";
        #address-cells = <2>;
        #size-cells = <2>;
        interrupt-parent = <&gic>;

        chosen {
            stdout-path = "%s";
        };

        aliases {
            serial0 = &uart;
            bus = &sub;
        };

        bus@1000000000 {
            compatible = "simple-bus";
            #address-cells = <1>;
            #size-cells = <1>;
            /* child 0x0 -> CPU 0x10_0000_0000, 16 MiB */
            ranges = <0x0 0x10 0x0 0x1000000>;

            sub: sub@200000 {
                compatible = "simple-bus";
                #address-cells = <1>;
                #size-cells = <1>;
                /* child 0x7e000000 -> parent 0x200000, 64 KiB */
                ranges = <0x7e000000 0x200000 0x10000>;

                uart: serial@7e001000 {
                    compatible = "arm,pl011", "arm,primecell";
                    reg = <0x7e001000 0x1000>;
                    interrupts = <0 42 4>;
                    clock-frequency = <48000000>;
                };
            };

            flat {
                compatible = "simple-bus";
                #address-cells = <1>;
                #size-cells = <1>;
                ranges;     /* identity */

                gic: interrupt-controller@10000 {
                    compatible = "arm,gic-400";
                    reg = <0x10000 0x1000>, <0x20000 0x2000>;
                    interrupt-controller;
                    #interrupt-cells = <3>;
                    #address-cells = <0>;
                };
            };
        };
    };
    """


@needs_dtc
def test_ranges_translation_nested_and_identity(tmp_path):
    dtb = compile_text(tmp_path, NESTED % "serial0")
    d = gen(dtb, tmp_path)
    # 0x7e001000 -> 0x201000 (sub) -> 0x10_0020_1000 (bus)
    assert d["DT_CONSOLE_BASE"] == 0x1000201000
    assert d["DT_CONSOLE_IRQ"] == 32 + 42
    assert d["DT_CONSOLE_CLOCK"] == 48000000        # clock-frequency
    # empty ranges is 1:1, then the outer bus adds 0x10_0000_0000
    assert d["DT_GIC_DIST_BASE"] == 0x1000010000
    assert (d["DT_GIC_CPU_BASE"], d["DT_GIC_CPU_SIZE"]) == (0x1000020000,
                                                            0x2000)


def test_translate_api(tmp_path):
    if DTC is None:
        pytest.skip("dtc not installed")
    tree = Fdt(compile_text(tmp_path, NESTED % "serial0")
                      .read_bytes())
    uart = tree.node_by_path("/bus@1000000000/sub@200000/serial@7e001000")
    assert tree.reg(uart) == [(0x7e001000, 0x1000)]
    assert tree.regions(uart) == [(0x1000201000, 0x1000)]
    # Unit address may be left out when unambiguous.
    assert tree.node_by_path("/bus/sub/serial") is uart
    assert tree.interrupt_parent(uart).name == "interrupt-controller@10000"


@needs_dtc
def test_reg_outside_ranges_is_an_error(tmp_path):
    text = NESTED.replace("reg = <0x7e001000 0x1000>;",
                          "reg = <0x7f001000 0x1000>;")
    text = text.replace("serial@7e001000", "serial@7f001000")
    dtb = compile_text(tmp_path, text % "serial0")
    out = tmp_path / "dt.h"
    res = run_gen(dtb, out)
    line = assert_one_line_error(res, dtb)
    assert "/bus@1000000000/sub@200000/serial@7f001000" in line
    assert "ranges" in line
    assert not out.exists()


@needs_dtc
@pytest.mark.parametrize("stdout", [
    "serial0",
    "serial0:115200n8",
    "/bus@1000000000/sub@200000/serial@7e001000",
    "/bus@1000000000/sub@200000/serial@7e001000:115200n8",
    "/bus/sub/serial:9600",
    "bus/serial@7e001000:115200",            # alias + relative path
])
def test_stdout_path_forms(stdout, tmp_path):
    dtb = compile_text(tmp_path, NESTED % stdout)
    d = gen(dtb, tmp_path)
    assert d["DT_CONSOLE_BASE"] == 0x1000201000
    assert d["DT_CONSOLE_COMPATIBLE"] == "arm,pl011"


@needs_dtc
def test_stdout_options_are_reported(tmp_path):
    tree = Fdt(compile_text(tmp_path, NESTED % "serial0:115200n8")
                      .read_bytes())
    node, options = tree.stdout()
    assert node.path == "/bus@1000000000/sub@200000/serial@7e001000"
    assert options == "115200n8"


@needs_dtc
def test_stdout_path_to_nowhere_is_an_error(tmp_path):
    dtb = compile_text(tmp_path, NESTED % "serial7:115200n8")
    out = tmp_path / "dt.h"
    line = assert_one_line_error(run_gen(dtb, out), dtb)
    assert "stdout-path" in line and "serial7" in line
    assert not out.exists()


ARMCTRL = """\
    /dts-v1/;
    / {
        compatible = "test,armctrl";
        #address-cells = <1>;
        #size-cells = <1>;
        interrupt-parent = <&intc>;

        chosen { stdout-path = &uart; };

        local: interrupt-controller@40000000 {
            compatible = "brcm,bcm2836-l1-intc";
            reg = <0x40000000 0x100>;
            interrupt-controller;
            #interrupt-cells = <2>;
            #address-cells = <0>;
            interrupt-parent = <&local>;
        };

        intc: interrupt-controller@3f00b200 {
            compatible = "brcm,bcm2836-armctrl-ic";
            reg = <0x3f00b200 0x200>;
            interrupt-controller;
            #interrupt-cells = <2>;
            #address-cells = <0>;
            interrupt-parent = <&local>;
            interrupts = <8 4>;
        };

        timer {
            compatible = "arm,armv8-timer";
            interrupts-extended = <&local 0 4>, <&local 1 4>,
                                  <&local 3 4>, <&local 2 4>;
        };

        uart: serial@3f215040 {
            compatible = "brcm,bcm2835-aux-uart";
            reg = <0x3f215040 0x40>;
            interrupts = <%s>;
        };
    };
    """


@needs_dtc
@pytest.mark.parametrize("spec,irq", [("0 3", 99), ("1 29", 61),
                                      ("2 25", 89)])
def test_armctrl_banks_and_interrupts_extended(spec, irq, tmp_path):
    dtb = compile_text(tmp_path, ARMCTRL % spec)
    d = gen(dtb, tmp_path)
    assert d["DT_CONSOLE_IRQ"] == irq
    assert (d["DT_TIMER_IRQ_PHYS"], d["DT_TIMER_IRQ_VIRT"]) == (1, 3)
    assert d["DT_IRQCHIP_COMPATIBLE"] == "brcm,bcm2836-l1-intc"
    assert d["DT_IRQ_LINES"] == 104


@needs_dtc
def test_bad_interrupt_specifier_is_an_error(tmp_path):
    dtb = compile_text(tmp_path, ARMCTRL % "3 1")
    line = assert_one_line_error(run_gen(dtb, tmp_path / "dt.h"), dtb)
    assert "/serial@3f215040" in line


def test_merge_regions():
    merge = gen_defines.merge_regions
    assert merge([(0x1010, 0x10, ""), (0x1800, 0x10, "")]) == \
        [(0x1000, 0x1000)]
    # straddling a page boundary rounds both ends
    assert merge([(0x3ff8, 0x10, "")]) == [(0x3000, 0x2000)]
    # adjacent pages stay separate; overlapping ones merge; order is sorted
    assert merge([(0x5000, 0x1000, ""), (0x2000, 0x1000, ""),
                  (0x3000, 0x3000, ""), (0x4800, 0x4, "")]) == \
        [(0x2000, 0x1000), (0x3000, 0x3000)]
    assert merge([(0x1000, 0, "")]) == []


# --------------------------------------------------------------------------
# Kconfig consistency


def write_config(tmp_path, *lines):
    cfg = tmp_path / ".config"
    cfg.write_text("#\n# KaaL configuration\n#\n" + "\n".join(lines) + "\n")
    return cfg


@needs_dtc
@pytest.mark.parametrize("board,lines", [
    ("qemu-virt-gicv2", ["CONFIG_SERIAL_PL011=y", "CONFIG_IRQCHIP_GICV2=y",
                         "# CONFIG_IRQCHIP_GICV3 is not set"]),
    ("qemu-virt-gicv3", ["CONFIG_SERIAL_PL011=y", "CONFIG_IRQCHIP_GICV3=y",
                         "# CONFIG_IRQCHIP_GICV2 is not set"]),
    ("rpi3", ["CONFIG_SERIAL_BCM2835_AUX=y", "CONFIG_IRQCHIP_BCM2836=y"]),
    ("rpi4", ["CONFIG_SERIAL_BCM2835_AUX=y", "CONFIG_IRQCHIP_GICV2=y"]),
])
def test_config_consistent(board, lines, tmp_path):
    dtb = compile_board(board, tmp_path)
    res = run_gen(dtb, tmp_path / "dt.h",
                  config=write_config(tmp_path, *lines))
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""


@needs_dtc
@pytest.mark.parametrize("board,lines,symbol,node", [
    ("rpi3", ["CONFIG_SERIAL_PL011=y", "CONFIG_IRQCHIP_BCM2836=y"],
     "CONFIG_SERIAL_PL011", "/soc@7e000000/serial@7e215040"),
    ("qemu-virt-gicv2", ["CONFIG_SERIAL_BCM2835_AUX=y",
                         "CONFIG_IRQCHIP_GICV2=y"],
     "CONFIG_SERIAL_BCM2835_AUX", "/serial@9000000"),
    ("qemu-virt-gicv3", ["CONFIG_SERIAL_PL011=y", "CONFIG_IRQCHIP_GICV2=y"],
     "CONFIG_IRQCHIP_GICV2", "/interrupt-controller@8000000"),
    ("qemu-virt-gicv2", ["CONFIG_SERIAL_PL011=y", "CONFIG_IRQCHIP_GICV3=y"],
     "CONFIG_IRQCHIP_GICV3", "/interrupt-controller@8000000"),
    ("rpi4", ["CONFIG_SERIAL_BCM2835_AUX=y", "CONFIG_IRQCHIP_BCM2836=y"],
     "CONFIG_IRQCHIP_BCM2836", "/soc@7e000000/interrupt-controller@40041000"),
    ("rpi3", ["CONFIG_SERIAL_BCM2835_AUX=y", "CONFIG_IRQCHIP_GICV2=y"],
     "CONFIG_IRQCHIP_GICV2", "/soc@7e000000/interrupt-controller@40000000"),
])
def test_config_mismatch(board, lines, symbol, node, tmp_path):
    dtb = compile_board(board, tmp_path)
    out, mk = tmp_path / "dt.h", tmp_path / "dt.mk"
    cfg = write_config(tmp_path, *lines)
    res = run_gen(dtb, out, config=cfg, mk=mk)
    line = assert_one_line_error(res, cfg)
    assert symbol + "=y" in line
    assert node in line
    assert not out.exists() and not mk.exists()


@needs_dtc
def test_config_reports_every_mismatch(tmp_path):
    dtb = compile_board("rpi3", tmp_path)
    cfg = write_config(tmp_path, "CONFIG_SERIAL_PL011=y",
                       "CONFIG_IRQCHIP_GICV2=y")
    res = run_gen(dtb, tmp_path / "dt.h", config=cfg)
    assert res.returncode == 1
    lines = res.stderr.splitlines()
    assert len(lines) == 2
    assert "CONFIG_SERIAL_PL011" in lines[0]
    assert "CONFIG_IRQCHIP_GICV2" in lines[1]


@needs_dtc
def test_missing_config_file(tmp_path):
    dtb = compile_board("rpi3", tmp_path)
    missing = tmp_path / "nope" / ".config"
    res = run_gen(dtb, tmp_path / "dt.h", config=missing)
    assert "cannot read" in assert_one_line_error(res, missing)


# --------------------------------------------------------------------------
# malformed blobs


def corrupt(data, how):
    if how == "empty":
        return b""
    if how == "truncated":
        return data[:len(data) // 2]
    if how == "short-header":
        return data[:20]
    if how == "bad-magic":
        return b"\xde\xad\xbe\xef" + data[4:]
    if how == "bad-token":
        off_struct = struct.unpack_from(">I", data, 8)[0]
        # FDT_BEGIN_NODE + empty root name (4 bytes) then the first token
        return data[:off_struct + 8] + struct.pack(">I", 7) + \
            data[off_struct + 12:]
    if how == "bad-string-offset":
        off_struct = struct.unpack_from(">I", data, 8)[0]
        assert struct.unpack_from(">I", data, off_struct + 8)[0] == 3
        return data[:off_struct + 16] + struct.pack(">I", 0xfffff) + \
            data[off_struct + 20:]
    if how == "unterminated":
        off_struct = struct.unpack_from(">I", data, 8)[0]
        size_struct = struct.unpack_from(">I", data, 36)[0]
        end = off_struct + size_struct - 4          # the FDT_END token
        return data[:end] + struct.pack(">I", 4) + data[end + 4:]  # NOP
    if how == "old-version":
        return data[:20] + struct.pack(">I", 3) + data[24:]
    raise AssertionError(how)


@needs_dtc
@pytest.mark.parametrize("how,words", [
    ("empty", "FDT_ERR_TRUNCATED"),
    ("truncated", "FDT_ERR_TRUNCATED"),
    ("short-header", "FDT_ERR_TRUNCATED"),
    ("bad-magic", "FDT_ERR_BADMAGIC"),
    ("bad-token", "FDT_ERR_BADSTRUCTURE"),
    ("bad-string-offset", "FDT_ERR_BADOFFSET"),
    ("unterminated", "FDT_ERR_BADSTRUCTURE"),
    ("old-version", "FDT_ERR_BADVERSION"),
])
def test_malformed_dtb(how, words, tmp_path):
    """libfdt (pylibfdt) refuses the blob; the one line names the file and
    libfdt's error."""
    good = compile_board("rpi3", tmp_path).read_bytes()
    dtb = tmp_path / "bad.dtb"
    dtb.write_bytes(corrupt(good, how))
    out, mk = tmp_path / "gen" / "dt.h", tmp_path / "gen" / "dt.mk"
    line = assert_one_line_error(run_gen(dtb, out, mk=mk), dtb)
    assert ": libfdt: " + words in line
    assert not out.exists() and not mk.exists()


@needs_dtc
def test_malformed_dtb_leaves_old_output_alone(tmp_path):
    dtb = compile_board("rpi3", tmp_path)
    out = tmp_path / "dt.h"
    assert run_gen(dtb, out).returncode == 0
    before = out.read_bytes()
    dtb.write_bytes(corrupt(dtb.read_bytes(), "bad-magic"))
    assert run_gen(dtb, out).returncode == 1
    assert out.read_bytes() == before


def test_missing_dtb(tmp_path):
    missing = tmp_path / "nope.dtb"
    res = run_gen(missing, tmp_path / "dt.h")
    assert "cannot read" in assert_one_line_error(res, missing)


@needs_dtc
def test_random_corruption_never_crashes(tmp_path):
    """Flipped bytes and cut-off blobs give FdtError/DtError or a header,
    never another exception (which would be a traceback)."""
    rnd = random.Random(1234)
    blobs = [compile_board(b, tmp_path).read_bytes() for b in BOARDS]
    for i in range(1500):
        data = bytearray(rnd.choice(blobs))
        if i % 3 == 0:
            data = data[:rnd.randrange(len(data))]
        else:
            for _ in range(rnd.randint(1, 4)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        try:
            board = gen_defines.collect(Fdt(bytes(data)))
            gen_defines.render_header(board, "x.dts")
            gen_defines.render_mk(board, "x.dts")
        except (FdtError, DtError) as e:
            assert "\n" not in str(e)


# --------------------------------------------------------------------------
# make friendliness


@needs_dtc
def test_unchanged_output_is_not_rewritten(tmp_path):
    dtb = compile_board("rpi4", tmp_path)
    out, mk = tmp_path / "gen" / "dt.h", tmp_path / "gen" / "dt.mk"
    assert run_gen(dtb, out, mk=mk).returncode == 0
    old = 1_000_000_000_000_000_000           # 2001, in ns
    for f in (out, mk):
        os.utime(f, ns=(old, old))
    assert run_gen(dtb, out, mk=mk).returncode == 0
    assert out.stat().st_mtime_ns == old
    assert mk.stat().st_mtime_ns == old
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]

    # A different board does rewrite both.
    other = compile_board("rpi3", tmp_path)
    assert run_gen(other, out, mk=mk).returncode == 0
    assert out.stat().st_mtime_ns != old
    assert mk.stat().st_mtime_ns != old
    assert '"raspberrypi,3-model-b"' in out.read_text()


@needs_dtc
def test_output_is_deterministic(tmp_path):
    dtb = compile_board("rpi3", tmp_path)
    a, b = tmp_path / "a" / "dt.h", tmp_path / "b" / "dt.h"
    assert run_gen(dtb, a).returncode == 0
    assert run_gen(dtb, b).returncode == 0
    assert a.read_bytes() == b.read_bytes()


# --------------------------------------------------------------------------
# our QEMU devicetrees against QEMU's own


COMPARED = ("DT_COMPATIBLE", "DT_MEMORY_BASE", "DT_CONSOLE_COMPATIBLE",
            "DT_CONSOLE_BASE", "DT_CONSOLE_SIZE", "DT_CONSOLE_IRQ",
            "DT_CONSOLE_CLOCK", "DT_IRQCHIP_COMPATIBLE", "DT_GIC_DIST_BASE",
            "DT_GIC_DIST_SIZE", "DT_GIC_CPU_BASE", "DT_GIC_CPU_SIZE",
            "DT_GIC_REDIST_BASE", "DT_GIC_REDIST_SIZE", "DT_TIMER_IRQ_PHYS",
            "DT_TIMER_IRQ_VIRT", "DT_PSCI_METHOD_HVC", "DT_PSCI_METHOD_SMC",
            "DT_MMIO_REGIONS", "DT_NR_MMIO_REGIONS")


@needs_dtc
@pytest.mark.skipif(QEMU is None, reason="qemu-system-aarch64 not installed")
@pytest.mark.parametrize("version", [2, 3])
def test_agrees_with_qemu_dumped_dtb(version, tmp_path):
    qemu_dtb = tmp_path / ("qemu-v%d.dtb" % version)
    res = subprocess.run(
        [QEMU, "-M", "virt,gic-version=%d,dumpdtb=%s" % (version, qemu_dtb),
         "-cpu", "cortex-a53", "-m", "128M", "-nographic"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    if not qemu_dtb.exists():
        pytest.skip("qemu could not dump its DTB: %s" % res.stderr.strip())
    (tmp_path / "q").mkdir()
    (tmp_path / "o").mkdir()
    theirs = gen(qemu_dtb, tmp_path / "q")
    ours = board_defs("qemu-virt-gicv%d" % version, tmp_path / "o")
    for key in COMPARED:
        assert theirs.get(key) == ours.get(key), key
    assert ours["DT_MEMORY_SIZE"] == theirs["DT_MEMORY_SIZE"]   # both -m 128M


# --------------------------------------------------------------------------
# the interpreter the build runs it with


def test_kpython_picks_a_python_with_libfdt(tmp_path):
    """scripts/kpython skips a python3 first on PATH that has kconfiglib
    but not pylibfdt (a venv, pyenv) for one that has both."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "libfdt.py").write_text("raise ImportError('hidden')\n")
    fake = tmp_path / "bin" / "python3"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nPYTHONPATH=%s exec /usr/bin/python3 \"$@\"\n"
                    % hide)
    fake.chmod(0o755)
    env = dict(os.environ, PATH="%s:%s" % (fake.parent, os.environ["PATH"]))
    env.pop("KAAL_PYTHON", None)
    assert subprocess.run([str(fake), "-c", "import kconfiglib"],
                          env=env).returncode == 0
    res = subprocess.run([str(REPO / "scripts" / "kpython"), "-c",
                          "import libfdt; print(libfdt.fdt_strerror(-1))"],
                         env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "FDT_ERR_NOTFOUND\n"
