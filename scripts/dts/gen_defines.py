#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn a board's devicetree blob into include/generated/devicetree.h.

usage: gen_defines.py --dtb board.dtb [--config .config]
                      --out include/generated/devicetree.h
                      [--mk include/generated/devicetree.mk] [--dts NAME]

The header holds the handful of facts KaaL's drivers need (register blocks,
interrupt numbers in the kernel's numbering, memory, CPUs, PSCI conduit) as
macros; the make fragment holds the compatibles the build uses to check the
driver choice. With --config, the Kconfig driver choice is checked against
the devicetree and a mismatch is an error.

Outputs are only rewritten when their content changes, so make does not
rebuild what includes them. On any error nothing is written, one line
"gen_defines.py: error: <file>: <what>" goes to stderr and the exit status
is 1. See Documentation/devicetree.rst.

libfdt (pylibfdt, Debian's python3-libfdt) reads the blob: it checks it
(fdt_check_full) and walks it; a blob it refuses is reported with
libfdt's error. What the blob means (cells, ranges, interrupt parents,
status) is read here.
"""

import argparse
import atexit
import os
import re
import shlex
import shutil
import subprocess
import struct
import sys
import tempfile

import libfdt  # Debian's python3-libfdt (scripts/check-deps.sh)

PROG = "gen_defines.py"

PAGE_SIZE = 0x1000

GICV2_COMPATS = ("arm,cortex-a15-gic", "arm,gic-400")
GICV3_COMPATS = ("arm,gic-v3",)
BCM2836_LOCAL_COMPATS = ("brcm,bcm2836-l1-intc",)
ARMCTRL_COMPATS = ("brcm,bcm2836-armctrl-ic", "brcm,bcm2835-armctrl-ic")
AUX_COMPATS = ("brcm,bcm2835-aux",)
WATCHDOG_COMPATS = ("brcm,bcm2835-pm-wdt", "brcm,bcm2835-pm")
TIMER_COMPATS = ("arm,armv8-timer", "arm,armv7-timer")
PSCI_COMPATS = ("arm,psci", "arm,psci-0.2", "arm,psci-1.0")

# Kconfig symbol -> (what it is checked against, acceptable compatibles).
CONFIG_RULES = (
    ("CONFIG_SERIAL_PL011", "console", ("arm,pl011",)),
    ("CONFIG_SERIAL_BCM2835_AUX", "console", ("brcm,bcm2835-aux-uart",)),
    ("CONFIG_IRQCHIP_GICV2", "irqchip", GICV2_COMPATS),
    ("CONFIG_IRQCHIP_GICV3", "irqchip", GICV3_COMPATS),
    ("CONFIG_IRQCHIP_BCM2836", "irqchip", BCM2836_LOCAL_COMPATS),
)


class Failure(Exception):
    """An error to report as 'gen_defines.py: error: <file>: <what>'."""

    def __init__(self, filename, what):
        super().__init__(what)
        self.filename = filename
        self.what = what



# --------------------------------------------------------------------------
# The tree, read by libfdt


class FdtError(Exception):
    """libfdt refuses the blob: the message names libfdt's error."""


class DtError(Exception):
    """The blob is well formed but its content does not make sense."""


# What libfdt's errors mean for a blob read from a file.
FDT_ERRORS = {
    libfdt.TRUNCATED: "truncated: the file is shorter than the blob",
    libfdt.BADMAGIC: "bad magic, not a devicetree blob",
    libfdt.BADVERSION: "unsupported DTB version",
    libfdt.BADSTRUCTURE: "bad token or nesting in the structure block",
    libfdt.BADLAYOUT: "blocks out of order",
    libfdt.BADOFFSET: "an offset outside the structure or strings block",
    libfdt.BADSTATE: "incomplete (sequential-write state)",
    libfdt.INTERNAL: "libfdt internal error",
}

# fdt_check_header reads the whole header of the version it finds.
FDT_HEADER_SIZE = 40


def libfdt_error(err):
    err = abs(err)
    return FdtError("libfdt: %s (%s)"
                    % (libfdt.fdt_strerror(-err),
                       FDT_ERRORS.get(err, "not a valid devicetree blob")))


def _be32s(val):
    return list(struct.unpack(">%dI" % (len(val) // 4), val))


def _ascii_name(name, what):
    if not all(0x20 < ord(c) < 0x7f for c in name):
        raise FdtError("%s %r is not printable ASCII" % (what, name))
    return name


class Node:
    """One node, read from libfdt: name, properties, children."""

    def __init__(self, name, parent, offset):
        self.name = name
        self.parent = parent
        self.offset = offset        # libfdt's node offset
        self.props = {}             # name -> bytes, in blob order
        self.children = []

    @property
    def path(self):
        if self.parent is None:
            return "/"
        parent = self.parent.path
        return (parent if parent != "/" else "") + "/" + self.name

    @property
    def basename(self):
        """Node name without its unit address."""
        return self.name.split("@", 1)[0]

    def __repr__(self):
        return "Node(%s)" % self.path

    def walk(self):
        """This node and all its descendants, depth first, in blob order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def has(self, prop):
        return prop in self.props

    def cells(self, prop):
        """Property as a list of u32 cells, or None if absent."""
        val = self.props.get(prop)
        if val is None:
            return None
        if len(val) % 4:
            raise DtError("%s: property '%s' is %d bytes, not a whole number "
                          "of cells" % (self.path, prop, len(val)))
        return _be32s(val)

    def u32(self, prop, default=None):
        val = self.props.get(prop)
        if val is None:
            return default
        if len(val) != 4:
            raise DtError("%s: property '%s' should be one cell, is %d bytes"
                          % (self.path, prop, len(val)))
        return _be32s(val)[0]

    def number(self, prop, default=None):
        """A one- or two-cell integer (e.g. clock-frequency)."""
        val = self.props.get(prop)
        if val is None:
            return default
        if len(val) not in (4, 8):
            raise DtError("%s: property '%s' should be one or two cells, is "
                          "%d bytes" % (self.path, prop, len(val)))
        return int.from_bytes(val, "big")

    def strings(self, prop):
        """A string-list property as a list of str, or None if absent."""
        val = self.props.get(prop)
        if val is None:
            return None
        if not val or val[-1] != 0:
            raise DtError("%s: property '%s' is not a NUL-terminated string"
                          % (self.path, prop))
        try:
            return val[:-1].decode("utf-8").split("\0")
        except UnicodeDecodeError:
            raise DtError("%s: property '%s' is not valid UTF-8 text"
                          % (self.path, prop)) from None

    def string(self, prop, default=None):
        lst = self.strings(prop)
        return lst[0] if lst else default

    @property
    def compatible(self):
        return self.strings("compatible") or []

    def is_compatible(self, *compats):
        mine = self.compatible
        return any(c in mine for c in compats)

    @property
    def enabled(self):
        return self.string("status", "okay") in ("okay", "ok")


class Fdt:
    """A DTB, checked and read by libfdt, with the lookups the generator
    needs; libfdt finds paths, aliases and phandles."""

    def __init__(self, data):
        if len(data) < FDT_HEADER_SIZE:
            raise FdtError("libfdt: %s (truncated: %d bytes, a devicetree "
                           "header has %d)"
                           % (libfdt.fdt_strerror(-libfdt.TRUNCATED),
                              len(data), FDT_HEADER_SIZE))
        buf = bytearray(data)
        err = libfdt.fdt_check_full(buf, len(buf))
        if err:
            raise libfdt_error(err)
        self.fdt = libfdt.Fdt(buf)
        self._nodes = {}            # libfdt offset -> Node
        try:
            self.root = self._read()
        except libfdt.FdtException as e:
            raise libfdt_error(e.err) from None
        except SystemError as e:
            # pylibfdt decodes names as UTF-8 inside the C call and
            # reports a failure as a SystemError caused by it.
            if not isinstance(e.__cause__ or e.__context__,
                              UnicodeDecodeError):
                raise
            raise FdtError("a node or property name is not UTF-8 "
                           "text") from None
        self._phandles = {}
        for node in self._nodes.values():
            for prop in ("phandle", "linux,phandle"):
                if node.has(prop):
                    ph = node.u32(prop)
                    if ph in (0, 0xFFFFFFFF):
                        raise DtError("%s: invalid phandle 0x%x"
                                      % (node.path, ph))
                    other = self._phandles.get(ph)
                    if other is not None and other is not node:
                        raise DtError("phandle 0x%x used by both %s and %s"
                                      % (ph, other.path, node.path))
                    self._phandles[ph] = node

    def _read(self):
        """Every node and property, in blob order (libfdt's walk)."""
        fdt, quiet = self.fdt, (libfdt.NOTFOUND,)
        stack = []
        offset, depth = 0, 0
        while offset >= 0 and depth >= 0:
            del stack[depth:]
            parent = stack[-1] if stack else None
            name = fdt.get_name(offset)
            node = Node(_ascii_name(name, "node name") if parent else "",
                        parent, offset)
            if parent is not None:
                parent.children.append(node)
            stack.append(node)
            self._nodes[offset] = node
            prop = fdt.first_property_offset(offset, quiet)
            while prop >= 0:
                p = fdt.get_property_by_offset(prop)
                node.props[_ascii_name(p.name, "property name")] = bytes(p)
                prop = fdt.next_property_offset(prop, quiet)
            offset, depth = fdt.next_node(offset, depth, quiet)
        # The walk ends after the root's end (depth -1) or at FDT_END.
        if offset < 0 and offset != -libfdt.NOTFOUND:
            raise libfdt_error(offset)
        return self._nodes[0]

    def _node(self, offset):
        return self._nodes.get(offset) if offset >= 0 else None

    # ---- lookup ---------------------------------------------------------

    def node_by_phandle(self, phandle):
        return self._phandles.get(phandle)

    def resolve(self, ref):
        """A path, an alias, or alias/relative/path (DT spec 3.3): libfdt's
        fdt_path_offset. A unit address may be left out."""
        try:
            return self._node(self.fdt.path_offset(ref, (libfdt.NOTFOUND,)))
        except libfdt.FdtException:     # BADPATH: no such alias
            return None

    def node_by_path(self, path):
        """Absolute path lookup ('/soc/serial@7e215040'); None if absent."""
        return self.resolve(path) if path.startswith("/") else None

    def child(self, node, name):
        return self.node_by_path(node.path.rstrip("/") + "/" + name)

    def stdout(self):
        """(node, options) named by /chosen stdout-path, or (None, None).
        Raises DtError if stdout-path names something that is not there."""
        chosen = self.node_by_path("/chosen")
        if chosen is None:
            return None, None
        for prop in ("stdout-path", "linux,stdout-path"):
            spec = chosen.string(prop)
            if spec is not None:
                break
        else:
            return None, None
        ref, _, options = spec.partition(":")
        node = self.resolve(ref) if ref else None
        if node is None:
            raise DtError("/chosen: %s '%s' does not name a node (neither a "
                          "path nor an alias)" % (prop, spec))
        return node, (options or None)

    def find_compatible(self, *compats, enabled_only=True):
        """All nodes compatible with any of compats, in blob order."""
        return [n for n in self.root.walk()
                if n.is_compatible(*compats) and
                (n.enabled or not enabled_only)]

    # ---- addresses ------------------------------------------------------

    @staticmethod
    def address_cells(bus):
        """#address-cells a bus gives its children (spec default 2)."""
        return bus.u32("#address-cells", 2)

    @staticmethod
    def size_cells(bus):
        """#size-cells a bus gives its children (spec default 1)."""
        return bus.u32("#size-cells", 1)

    @staticmethod
    def _join(cells):
        val = 0
        for c in cells:
            val = (val << 32) | c
        return val

    def reg(self, node):
        """The node's reg entries as (address, size) in its parent bus's
        address space, untranslated."""
        if node.parent is None:
            raise DtError("/: the root node has no reg")
        cells = node.cells("reg")
        if cells is None:
            return []
        ac = self.address_cells(node.parent)
        sc = self.size_cells(node.parent)
        per = ac + sc
        if per == 0 or len(cells) % per:
            raise DtError("%s: reg has %d cells, not a multiple of "
                          "#address-cells (%d) + #size-cells (%d) of %s"
                          % (node.path, len(cells), ac, sc,
                             node.parent.path))
        return [(self._join(cells[i:i + ac]),
                 self._join(cells[i + ac:i + per]))
                for i in range(0, len(cells), per)]

    def translate(self, node, addr, size):
        """Translate an address in node's parent bus to a CPU address by
        walking up every bus and applying its ranges (empty = identity)."""
        bus = node.parent
        while bus is not None and bus.parent is not None:
            if not bus.has("ranges"):
                raise DtError("%s: cannot translate 0x%x, bus %s has no "
                              "'ranges' (not memory mapped)"
                              % (node.path, addr, bus.path))
            ranges = bus.cells("ranges")
            if ranges:
                cac = self.address_cells(bus)
                pac = self.address_cells(bus.parent)
                csc = self.size_cells(bus)
                per = cac + pac + csc
                if per == 0 or len(ranges) % per:
                    raise DtError("%s: ranges has %d cells, not a multiple "
                                  "of %d" % (bus.path, len(ranges), per))
                for i in range(0, len(ranges), per):
                    child = self._join(ranges[i:i + cac])
                    parent = self._join(ranges[i + cac:i + cac + pac])
                    length = self._join(ranges[i + cac + pac:i + per])
                    if child <= addr and addr + max(size, 1) <= child + length:
                        addr = addr - child + parent
                        break
                else:
                    raise DtError("%s: address 0x%x (size 0x%x) is outside "
                                  "every ranges entry of %s"
                                  % (node.path, addr, size, bus.path))
            bus = bus.parent
        return addr

    def regions(self, node):
        """The node's reg entries as (cpu_address, size)."""
        return [(self.translate(node, a, s), s) for a, s in self.reg(node)]

    # ---- interrupts -----------------------------------------------------

    def interrupt_parent(self, node):
        """The node's interrupt parent: its own interrupt-parent property,
        else the nearest ancestor's. None if there is none."""
        n = node
        while n is not None:
            if n.has("interrupt-parent"):
                ph = n.u32("interrupt-parent")
                target = self.node_by_phandle(ph)
                if target is None:
                    raise DtError("%s: interrupt-parent <0x%x> is not a "
                                  "phandle in this tree" % (n.path, ph))
                return target
            n = n.parent
        return None

    @staticmethod
    def interrupt_cells(ctrl):
        val = ctrl.u32("#interrupt-cells")
        if val is None:
            raise DtError("%s: interrupt parent has no #interrupt-cells"
                          % ctrl.path)
        return val

    def interrupts(self, node):
        """The node's interrupts as a list of (controller, [cells])."""
        out = []
        if node.has("interrupts-extended"):
            cells = node.cells("interrupts-extended")
            i = 0
            while i < len(cells):
                ctrl = self.node_by_phandle(cells[i])
                if ctrl is None:
                    raise DtError("%s: interrupts-extended names phandle "
                                  "<0x%x>, which does not exist"
                                  % (node.path, cells[i]))
                n = self.interrupt_cells(ctrl)
                if i + 1 + n > len(cells):
                    raise DtError("%s: interrupts-extended is truncated"
                                  % node.path)
                out.append((ctrl, cells[i + 1:i + 1 + n]))
                i += 1 + n
            return out
        cells = node.cells("interrupts")
        if cells is None:
            return out
        ctrl = self.interrupt_parent(node)
        if ctrl is None:
            raise DtError("%s: has interrupts but no interrupt-parent"
                          % node.path)
        n = self.interrupt_cells(ctrl)
        if n == 0 or len(cells) % n:
            raise DtError("%s: interrupts has %d cells, not a multiple of "
                          "#interrupt-cells (%d) of %s"
                          % (node.path, len(cells), n, ctrl.path))
        return [(ctrl, cells[i:i + n]) for i in range(0, len(cells), n)]

    def controller_parent(self, ctrl):
        """The controller an interrupt controller is cascaded into, or None
        for a root controller (no parent, or its own parent)."""
        if ctrl.has("interrupts-extended"):
            irqs = self.interrupts(ctrl)
            parent = irqs[0][0] if irqs else None
        else:
            parent = self.interrupt_parent(ctrl)
        if parent is ctrl:
            return None
        return parent

    def root_controller(self, node):
        """Follow node's interrupt parent chain to its root controller."""
        irqs = self.interrupts(node)
        ctrl = irqs[0][0] if irqs else self.interrupt_parent(node)
        seen = []
        while ctrl is not None:
            if ctrl in seen:
                raise DtError("interrupt parents loop: %s"
                              % " -> ".join(n.path for n in seen + [ctrl]))
            seen.append(ctrl)
            if not ctrl.has("interrupt-controller"):
                raise DtError("%s: interrupt parent %s is not an "
                              "interrupt-controller"
                              % (seen[-2].path if len(seen) > 1 else node.path,
                                 ctrl.path))
            parent = self.controller_parent(ctrl)
            if parent is None:
                return ctrl
            ctrl = parent
        return None

# --------------------------------------------------------------------------
# Interrupt numbering


# The numbering itself is include/hw/irq_numbering.h, which the driver kit
# also uses; scripts/dts/irqnum.c runs it. The build passes the compiled
# program (--irqnum); without one (tests, a run by hand) it is compiled
# here, once, with $HOSTCC or cc.
SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
IRQNUM = None


def irqnum_tool():
    global IRQNUM
    if IRQNUM is None:
        tmp = tempfile.mkdtemp(prefix="kaal-irqnum-")
        atexit.register(shutil.rmtree, tmp, True)
        IRQNUM = os.path.join(tmp, "irqnum")
        cc = os.environ.get("HOSTCC") or "cc"
        res = subprocess.run(
            shlex.split(cc) + ["-std=gnu11", "-O1", "-Wall", "-Werror",
                               "-I" + os.path.join(SRCTREE, "include"),
                               "-o", IRQNUM,
                               os.path.join(SRCTREE, "scripts", "dts",
                                            "irqnum.c")],
            capture_output=True, text=True)
        if res.returncode:
            raise DtError("cannot build scripts/dts/irqnum.c: %s"
                          % res.stderr.strip())
    return IRQNUM


def bcm2836_irq_lines():
    res = subprocess.run([irqnum_tool(), "--bcm2836-lines"],
                         capture_output=True, text=True, check=True)
    return int(res.stdout)


def kernel_irq(ctrl, cells, user):
    """Translate one interrupt specifier of `user` on controller `ctrl` into
    the kernel's interrupt number (include/hw/irq_numbering.h)."""
    res = subprocess.run([irqnum_tool(), " ".join(ctrl.compatible) or "-"] +
                         [str(c) for c in cells[:8]],
                         capture_output=True, text=True)
    if res.returncode == 0:
        return int(res.stdout)
    if res.returncode == 1:
        raise DtError("%s: interrupt <%s> of %s is not %s"
                      % (user.path, _cells(cells), ctrl.path,
                         res.stdout.strip()))
    if res.returncode == 2:
        raise DtError("%s: interrupt controller %s (%s) has no KaaL "
                      "interrupt numbering"
                      % (user.path, ctrl.path,
                         ", ".join(ctrl.compatible) or "no compatible"))
    raise DtError("scripts/dts/irqnum failed: %s" % res.stderr.strip())


def _cells(cells):
    return " ".join("0x%x" % c for c in cells)


def find_root_irqchip(fdt, preferred):
    """The root interrupt controller: where the interrupt parent chains of
    the preferred nodes (timer, console), else of any device, end."""
    for node in preferred:
        if node is not None and (node.has("interrupts") or
                                 node.has("interrupts-extended")):
            root = fdt.root_controller(node)
            if root is not None:
                return root
    for node in fdt.root.walk():
        if node.has("interrupts") or node.has("interrupts-extended"):
            try:
                root = fdt.root_controller(node)
            except DtError:
                continue        # a device we do not care about
            if root is not None:
                return root
    for node in fdt.root.walk():
        if node.has("interrupt-controller") and node.enabled:
            try:
                if fdt.controller_parent(node) is None:
                    return node
            except DtError:
                continue
    return None


# --------------------------------------------------------------------------
# Collecting the facts


class Define:
    def __init__(self, name, value, comment=None):
        self.name = name
        self.value = value          # int, str, or Raw
        self.comment = comment


class Raw(str):
    """A macro body emitted verbatim."""


class Board:
    """Everything gen_defines extracts, plus the nodes the checks name."""

    def __init__(self):
        self.defines = []
        self.console = None
        self.irqchip = None
        self.compatible = None
        self.mmio = []              # (base, size, what) before merging

    def add(self, name, value, comment=None):
        self.defines.append(Define(name, value, comment))

    def get(self, name):
        for d in self.defines:
            if d.name == name:
                return d.value
        return None


def first_region(fdt, node, index=0):
    regs = fdt.regions(node)
    if len(regs) <= index:
        raise DtError("%s: needs at least %d reg entries, has %d"
                      % (node.path, index + 1, len(regs)))
    return regs[index]


def console_clock(fdt, node):
    """(Hz, where) of the console's clock, or (None, None)."""
    hz = node.number("clock-frequency")
    if hz is not None:
        return hz, "%s clock-frequency" % node.path
    clocks = node.cells("clocks")
    if not clocks:
        return None, None
    provider = fdt.node_by_phandle(clocks[0])
    if provider is None:
        raise DtError("%s: clocks names phandle <0x%x>, which does not exist"
                      % (node.path, clocks[0]))
    if provider.is_compatible("fixed-clock") and \
            provider.u32("#clock-cells", 0) == 0:
        hz = provider.number("clock-frequency")
        if hz is None:
            raise DtError("%s: fixed-clock without clock-frequency"
                          % provider.path)
        return hz, "%s (fixed-clock)" % provider.path
    return None, None


def collect(fdt):
    b = Board()
    root = fdt.root

    model = root.string("model")
    if model is not None:
        b.add("DT_MODEL", model)
    compats = root.compatible
    if compats:
        b.compatible = compats[0]
        b.add("DT_COMPATIBLE", compats[0])

    # Memory: the first memory node, first reg entry.
    for node in root.children:
        if node.string("device_type") == "memory" or \
                node.basename == "memory":
            regs = fdt.regions(node)
            if regs:
                base, size = regs[0]
                b.add("DT_MEMORY_BASE", base, node.path)
                b.add("DT_MEMORY_SIZE", size, node.path)
                break

    # CPUs.
    cpus = fdt.child(root, "cpus")
    if cpus is not None:
        n = sum(1 for c in cpus.children
                if c.string("device_type") == "cpu" or
                (not c.has("device_type") and c.basename == "cpu"))
        if n:
            b.add("DT_NR_CPUS", n, "%s: cpu nodes" % cpus.path)

    # Console.
    console, _options = fdt.stdout()
    b.console = console
    if console is not None:
        if console.compatible:
            b.add("DT_CONSOLE_COMPATIBLE", console.compatible[0],
                  console.path)
        base, size = first_region(fdt, console)
        b.add("DT_CONSOLE_BASE", base, console.path)
        b.add("DT_CONSOLE_SIZE", size, console.path)
        b.mmio.append((base, size, console.path))
        irqs = fdt.interrupts(console)
        if irqs:
            ctrl, cells = irqs[0]
            b.add("DT_CONSOLE_IRQ", kernel_irq(ctrl, cells, console),
                  "%s <%s> on %s" % (console.path, _cells(cells), ctrl.path))
        hz, where = console_clock(fdt, console)
        if hz is not None:
            b.add("DT_CONSOLE_CLOCK", hz, where)

    # Auxiliary block (mini UART enable).
    aux = fdt.find_compatible(*AUX_COMPATS)
    if aux:
        base, size = first_region(fdt, aux[0])
        b.add("DT_AUX_BASE", base, aux[0].path)
        b.add("DT_AUX_SIZE", size, aux[0].path)
        b.mmio.append((base, size, aux[0].path))

    # Interrupt controllers.
    timers = fdt.find_compatible(*TIMER_COMPATS)
    timer = timers[0] if timers else None
    irqchip = find_root_irqchip(fdt, [timer, console])
    b.irqchip = irqchip
    if irqchip is not None:
        if irqchip.compatible:
            b.add("DT_IRQCHIP_COMPATIBLE", irqchip.compatible[0],
                  irqchip.path)
        if irqchip.is_compatible(*BCM2836_LOCAL_COMPATS):
            b.add("DT_IRQ_LINES", bcm2836_irq_lines(),
                  "local 0-31, GPU 32-95, ARM basic 96-103")
        if irqchip.is_compatible(*GICV2_COMPATS):
            for idx, what in ((0, "DIST"), (1, "CPU")):
                base, size = first_region(fdt, irqchip, idx)
                b.add("DT_GIC_%s_BASE" % what, base,
                      "%s reg[%d]" % (irqchip.path, idx))
                b.add("DT_GIC_%s_SIZE" % what, size,
                      "%s reg[%d]" % (irqchip.path, idx))
                b.mmio.append((base, size, irqchip.path))
        elif irqchip.is_compatible(*GICV3_COMPATS):
            for idx, what in ((0, "DIST"), (1, "REDIST")):
                base, size = first_region(fdt, irqchip, idx)
                b.add("DT_GIC_%s_BASE" % what, base,
                      "%s reg[%d]" % (irqchip.path, idx))
                b.add("DT_GIC_%s_SIZE" % what, size,
                      "%s reg[%d]" % (irqchip.path, idx))
                b.mmio.append((base, size, irqchip.path))

    local = fdt.find_compatible(*BCM2836_LOCAL_COMPATS)
    if local:
        base, size = first_region(fdt, local[0])
        b.add("DT_BCM2836_LOCAL_BASE", base, local[0].path)
        b.add("DT_BCM2836_LOCAL_SIZE", size, local[0].path)
        b.mmio.append((base, size, local[0].path))
    armctrl = fdt.find_compatible(*ARMCTRL_COMPATS)
    if armctrl:
        base, size = first_region(fdt, armctrl[0])
        b.add("DT_BCM2835_ARMCTRL_BASE", base, armctrl[0].path)
        b.add("DT_BCM2835_ARMCTRL_SIZE", size, armctrl[0].path)
        b.mmio.append((base, size, armctrl[0].path))

    # Watchdog.
    wdt = fdt.find_compatible(*WATCHDOG_COMPATS)
    if wdt:
        base, size = first_region(fdt, wdt[0])
        b.add("DT_WATCHDOG_BASE", base, wdt[0].path)
        b.add("DT_WATCHDOG_SIZE", size, wdt[0].path)
        b.mmio.append((base, size, wdt[0].path))

    # Generic timer: interrupts are secure phys, non-secure phys, virt, hyp.
    if timer is not None:
        irqs = fdt.interrupts(timer)
        for idx, what in ((1, "PHYS"), (2, "VIRT")):
            if idx < len(irqs):
                ctrl, cells = irqs[idx]
                b.add("DT_TIMER_IRQ_%s" % what,
                      kernel_irq(ctrl, cells, timer),
                      "%s interrupts[%d] <%s>"
                      % (timer.path, idx, _cells(cells)))

    # PSCI.
    psci = fdt.find_compatible(*PSCI_COMPATS)
    if not psci:
        node = fdt.child(root, "psci")
        psci = [node] if node is not None and node.enabled else []
    if psci:
        method = psci[0].string("method")
        if method == "hvc":
            b.add("DT_PSCI_METHOD_HVC", Raw("1"), psci[0].path)
        elif method == "smc":
            b.add("DT_PSCI_METHOD_SMC", Raw("1"), psci[0].path)
        else:
            raise DtError("%s: method is %s, expected \"hvc\" or \"smc\""
                          % (psci[0].path, '"%s"' % method
                             if method is not None else "missing"))

    # Device memory the kernel maps.
    regions = merge_regions(b.mmio)
    b.add("DT_MMIO_REGIONS", Raw(" \\\n\t".join(
        "{ DT_U64(0x%x), DT_U64(0x%x) }," % r for r in regions).rstrip(",")),
        "(base, size), 4 KiB granular")
    b.add("DT_NR_MMIO_REGIONS", len(regions))
    return b


def merge_regions(mmio):
    """Page-align (base down, end up) and merge overlapping regions."""
    spans = sorted((base & ~(PAGE_SIZE - 1),
                    (base + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
                   for base, size, _ in mmio if size)
    out = []
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end - start) for start, end in out]


# --------------------------------------------------------------------------
# Kconfig consistency


def read_config(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        raise Failure(path, "cannot read: %s" % e.strerror)
    syms = {}
    for line in text.splitlines():
        m = re.match(r"^(CONFIG_[A-Za-z0-9_]+)=(.*)$", line.strip())
        if m:
            syms[m.group(1)] = m.group(2)
    return syms


def check_config(board, syms, config_path, dtb_path):
    errors = []
    for sym, what, compats in CONFIG_RULES:
        if syms.get(sym) != "y":
            continue
        if what == "console":
            node, desc = board.console, "the console (/chosen stdout-path)"
        else:
            node, desc = board.irqchip, "the root interrupt controller"
        want = " or ".join('"%s"' % c for c in compats)
        if node is None:
            errors.append("%s=y needs %s to be %s, but %s has none"
                          % (sym, desc, want, dtb_path))
        elif not node.is_compatible(*compats):
            have = ", ".join('"%s"' % c for c in node.compatible) or \
                "no compatible"
            errors.append("%s=y needs %s to be %s, but in %s it is %s (%s); "
                          "select the matching driver or BOARD_DTS"
                          % (sym, desc, want, dtb_path, node.path, have))
    return ["%s: %s" % (config_path, e) for e in errors]


# --------------------------------------------------------------------------
# Output


def c_string(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7f:
            out.append(ch)
        else:
            for byte in ch.encode("utf-8"):
                out.append("\\%03o" % byte)
    return '"' + "".join(out) + '"'


def c_comment(s):
    return s.replace("*/", "* /")


def render_header(board, source):
    lines = [
        "/* SPDX-License-Identifier: GPL-2.0-only */",
        "/*",
        " * Generated from %s by scripts/dts/gen_defines.py, do not edit."
        % c_comment(source),
        " * See Documentation/devicetree.rst.",
        " */",
        "#ifndef KAAL_GENERATED_DEVICETREE_H",
        "#define KAAL_GENERATED_DEVICETREE_H",
        "",
        "/* Numbers are 64-bit in C, plain in assembly and linker scripts. */",
        "#ifdef __ASSEMBLY__",
        "#define DT_U64(x) x",
        "#else",
        "#define DT_U64(x) x##ull",
        "#endif",
        "",
    ]
    for d in board.defines:
        if isinstance(d.value, Raw):
            body = str(d.value)
            if "\n" in body:
                body = "\\\n\t" + body
        elif isinstance(d.value, str):
            body = c_string(d.value)
        else:
            body = "DT_U64(0x%x)" % d.value
        line = "#define %-24s %s" % (d.name, body)
        if d.comment and "\n" not in body:
            if d.name.endswith("_IRQ") or "_IRQ_" in d.name or \
                    d.name in ("DT_NR_CPUS", "DT_IRQ_LINES"):
                comment = "%d: %s" % (d.value, d.comment)
            else:
                comment = d.comment
            line = "%-48s /* %s */" % (line, c_comment(comment))
        elif d.comment:
            lines.append("/* %s */" % c_comment(d.comment))
        lines.append(line)
    lines += ["", "#endif /* KAAL_GENERATED_DEVICETREE_H */", ""]
    return "\n".join(lines)


def make_value(s):
    return (s or "").replace("$", "$$").replace("#", "\\#")


def render_mk(board, source):
    lines = ["# Generated from %s by scripts/dts/gen_defines.py, do not edit."
             % source]
    for name in ("DT_COMPATIBLE", "DT_CONSOLE_COMPATIBLE",
                 "DT_IRQCHIP_COMPATIBLE"):
        lines.append("%s := %s" % (name, make_value(board.get(name))))
    return "\n".join(lines) + "\n"


def write_if_changed(path, text):
    """Write text to path unless it already holds exactly that."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except (OSError, UnicodeDecodeError):
        pass
    directory = os.path.dirname(path) or "."
    tmp = os.path.join(directory, ".%s.tmp%d" % (os.path.basename(path),
                                                 os.getpid()))
    try:
        os.makedirs(directory, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise Failure(path, "cannot write: %s" % e.strerror)
    return True


# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Generate include/generated/devicetree.h from a DTB.")
    p.add_argument("--dtb", required=True, help="compiled devicetree blob")
    p.add_argument("--config", help="Kconfig .config to check against")
    p.add_argument("--out", required=True, help="C header to write")
    p.add_argument("--mk", help="make fragment to write")
    p.add_argument("--irqnum", help="scripts/dts/irqnum, compiled (else "
                   "it is compiled on the fly)")
    p.add_argument("--dts", help="name of the source for the 'generated "
                   "from' comment (default: the DTB's name with .dts)")
    return p.parse_args(argv)


def run(args):
    global IRQNUM
    if args.irqnum:
        IRQNUM = os.path.abspath(args.irqnum)
    try:
        with open(args.dtb, "rb") as f:
            data = f.read()
    except OSError as e:
        raise Failure(args.dtb, "cannot read: %s" % e.strerror)
    try:
        board = collect(Fdt(data))
    except (FdtError, DtError) as e:
        raise Failure(args.dtb, str(e))

    if args.config:
        errors = check_config(board, read_config(args.config), args.config,
                              args.dtb)
        if errors:
            return errors

    if args.dts:
        source = args.dts
    else:
        source = os.path.basename(args.dtb)
        if source.endswith(".dtb"):
            source = source[:-4] + ".dts"
    header = render_header(board, source)
    mk = render_mk(board, source) if args.mk else None
    write_if_changed(args.out, header)
    if mk is not None:
        write_if_changed(args.mk, mk)
    return []


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        errors = run(args)
    except Failure as e:
        errors = ["%s: %s" % (e.filename, e.what)]
    for err in errors:
        print("%s: error: %s" % (PROG, err), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
