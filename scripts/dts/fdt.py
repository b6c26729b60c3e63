# SPDX-License-Identifier: GPL-2.0-only
"""Minimal reader for flattened devicetree blobs (DTB).

Implements the format of the Devicetree Specification v0.4, chapter 5:

    header (40 bytes, big endian)
    memory reservation block: (address, size) u64 pairs ending in (0, 0)
    structure block: 32-bit tokens
        FDT_BEGIN_NODE name\\0 (padded to 4)
        FDT_END_NODE
        FDT_PROP len nameoff value (padded to 4)
        FDT_NOP
        FDT_END
    strings block: NUL-terminated property names

On top of the raw tree it offers what a build-time generator needs: path and
phandle lookup, #address-cells/#size-cells, translation of reg through the
parents' ranges, the interrupt parent, aliases and /chosen stdout-path.

Every problem with the blob raises FdtError; every problem with its meaning
(a dangling phandle, an address no bus maps, a property of the wrong size)
raises DtError. Both carry a one-line message and nothing else escapes the
parser, so callers can report them without a traceback.

Only the standard library is used.
"""

import struct

FDT_MAGIC = 0xD00DFEED

FDT_BEGIN_NODE = 0x1
FDT_END_NODE = 0x2
FDT_PROP = 0x3
FDT_NOP = 0x4
FDT_END = 0x9

HEADER_SIZE = 40            # version 17 header
HEADER_V16_SIZE = 36        # version 16 has no size_dt_struct
MAX_DEPTH = 64              # deeper trees are certainly corrupt


class FdtError(Exception):
    """The blob is not a well-formed DTB."""


class DtError(Exception):
    """The blob is well formed but its content does not make sense."""


def _be32(data, off):
    return struct.unpack_from(">I", data, off)[0]


class Node:
    """One devicetree node: name, ordered properties and children."""

    def __init__(self, name, parent):
        self.name = name
        self.parent = parent
        self.props = {}          # name -> bytes, in blob order
        self.children = []

    # ---- identity -------------------------------------------------------

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

    def child(self, name):
        """Child by full name, or by name without unit address if that is
        unambiguous (Devicetree Specification 2.2.3)."""
        for c in self.children:
            if c.name == name:
                return c
        if "@" not in name:
            matches = [c for c in self.children if c.basename == name]
            if len(matches) == 1:
                return matches[0]
        return None

    # ---- typed property access -------------------------------------------

    def has(self, prop):
        return prop in self.props

    def raw(self, prop):
        return self.props.get(prop)

    def cells(self, prop):
        """Property as a list of u32 cells, or None if absent."""
        val = self.props.get(prop)
        if val is None:
            return None
        if len(val) % 4:
            raise DtError("%s: property '%s' is %d bytes, not a whole number "
                          "of cells" % (self.path, prop, len(val)))
        return list(struct.unpack(">%dI" % (len(val) // 4), val))

    def u32(self, prop, default=None):
        val = self.props.get(prop)
        if val is None:
            return default
        if len(val) != 4:
            raise DtError("%s: property '%s' should be one cell, is %d bytes"
                          % (self.path, prop, len(val)))
        return _be32(val, 0)

    def number(self, prop, default=None):
        """A one- or two-cell integer (e.g. clock-frequency)."""
        val = self.props.get(prop)
        if val is None:
            return default
        if len(val) == 4:
            return _be32(val, 0)
        if len(val) == 8:
            return struct.unpack(">Q", val)[0]
        raise DtError("%s: property '%s' should be one or two cells, is %d "
                      "bytes" % (self.path, prop, len(val)))

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
        status = self.string("status", "okay")
        return status in ("okay", "ok")


class Fdt:
    """A parsed DTB."""

    def __init__(self, data):
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("Fdt() needs bytes")
        self.data = bytes(data)
        self.reservations = []
        self.version = None
        self.boot_cpuid_phys = None
        self.root = None
        try:
            self._parse()
        except (struct.error, IndexError) as e:    # defensive: never leak
            raise FdtError("malformed blob (%s)" % e) from None
        self._phandles = {}
        for node in self.root.walk():
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

    # ---- blob parsing ---------------------------------------------------

    def _parse(self):
        data = self.data
        if len(data) < 4:
            raise FdtError("truncated: %d bytes, no devicetree header"
                           % len(data))
        magic = _be32(data, 0)
        if magic != FDT_MAGIC:
            raise FdtError("bad magic 0x%08x (expected 0x%08x), not a DTB"
                           % (magic, FDT_MAGIC))
        if len(data) < HEADER_V16_SIZE:
            raise FdtError("truncated: %d bytes, header needs %d"
                           % (len(data), HEADER_V16_SIZE))
        (totalsize, off_struct, off_strings, off_rsvmap, version,
         last_comp, boot_cpuid, size_strings) = struct.unpack_from(
             ">8I", data, 4)
        self.version = version
        self.boot_cpuid_phys = boot_cpuid
        if version < 16 or last_comp > 17:
            raise FdtError("unsupported DTB version %d (last compatible %d); "
                           "need 16 or 17" % (version, last_comp))
        if totalsize > len(data):
            raise FdtError("truncated: header says %d bytes, file has %d"
                           % (totalsize, len(data)))
        hdr = HEADER_SIZE if version >= 17 else HEADER_V16_SIZE
        if totalsize < hdr:
            raise FdtError("totalsize %d is smaller than the header"
                           % totalsize)
        if version >= 17:
            size_struct = _be32(data, 36)
        else:
            size_struct = totalsize - off_struct
        for what, off, size in (("structure block", off_struct, size_struct),
                                ("strings block", off_strings, size_strings)):
            if off < hdr or off + size > totalsize:
                raise FdtError("%s (offset %d, size %d) lies outside the "
                               "blob (%d bytes)" % (what, off, size,
                                                    totalsize))
        if off_struct % 4:
            raise FdtError("structure block offset %d is not 4-byte aligned"
                           % off_struct)
        if off_rsvmap < hdr or off_rsvmap % 8:
            raise FdtError("bad memory reservation block offset %d"
                           % off_rsvmap)

        # Memory reservation block.
        off = off_rsvmap
        while True:
            if off + 16 > totalsize:
                raise FdtError("memory reservation block runs past the end "
                               "of the blob")
            addr, size = struct.unpack_from(">QQ", data, off)
            off += 16
            if addr == 0 and size == 0:
                break
            self.reservations.append((addr, size))

        strings = data[off_strings:off_strings + size_strings]
        self.root = self._parse_struct(
            data[off_struct:off_struct + size_struct], strings)

    @staticmethod
    def _cstring(buf, off, what):
        end = buf.find(b"\0", off)
        if end < 0:
            raise FdtError("%s at offset %d is not NUL-terminated" % (what, off))
        try:
            return buf[off:end].decode("ascii"), end
        except UnicodeDecodeError:
            raise FdtError("%s at offset %d is not ASCII" % (what, off)) \
                from None

    def _parse_struct(self, blk, strings):
        off = 0
        root = None
        stack = []

        def need(n, what):
            if off + n > len(blk):
                raise FdtError("structure block truncated in %s at offset %d"
                               % (what, off))

        while True:
            need(4, "token")
            tok = _be32(blk, off)
            tok_off = off
            off += 4
            if tok == FDT_BEGIN_NODE:
                name, end = self._cstring(blk, off, "node name")
                off = (end + 1 + 3) & ~3
                if off > len(blk):
                    raise FdtError("structure block truncated in node name")
                if not stack:
                    if root is not None:
                        raise FdtError("second root node at offset %d"
                                       % tok_off)
                    if name != "":
                        raise FdtError("root node has name '%s'" % name)
                    node = root = Node("", None)
                else:
                    if not name or "/" in name:
                        raise FdtError("bad node name '%s' at offset %d"
                                       % (name, tok_off))
                    node = Node(name, stack[-1])
                    stack[-1].children.append(node)
                stack.append(node)
                if len(stack) > MAX_DEPTH:
                    raise FdtError("nodes nested deeper than %d" % MAX_DEPTH)
            elif tok == FDT_END_NODE:
                if not stack:
                    raise FdtError("FDT_END_NODE without a node at offset %d"
                                   % tok_off)
                stack.pop()
            elif tok == FDT_PROP:
                if not stack:
                    raise FdtError("property outside any node at offset %d"
                                   % tok_off)
                need(8, "property header")
                length, nameoff = struct.unpack_from(">II", blk, off)
                off += 8
                need(length, "property value")
                value = blk[off:off + length]
                off = (off + length + 3) & ~3
                if nameoff >= len(strings):
                    raise FdtError("property name offset %d is outside the "
                                   "strings block (%d bytes)"
                                   % (nameoff, len(strings)))
                pname, _ = self._cstring(strings, nameoff, "property name")
                if not pname:
                    raise FdtError("empty property name at offset %d"
                                   % tok_off)
                stack[-1].props[pname] = value
            elif tok == FDT_NOP:
                pass
            elif tok == FDT_END:
                if stack:
                    raise FdtError("FDT_END inside node %s" % stack[-1].path)
                if root is None:
                    raise FdtError("structure block has no root node")
                return root
            else:
                raise FdtError("bad token 0x%08x at structure offset %d"
                               % (tok, tok_off))

    # ---- lookup ---------------------------------------------------------

    def node_by_phandle(self, phandle):
        return self._phandles.get(phandle)

    def node_by_path(self, path):
        """Absolute path lookup ('/soc/serial@7e215040'); None if absent."""
        if not path.startswith("/"):
            return None
        node = self.root
        for comp in path.split("/")[1:]:
            if comp == "":
                continue
            node = node.child(comp)
            if node is None:
                return None
        return node

    def aliases(self):
        node = self.root.child("aliases")
        out = {}
        if node is not None:
            for name in node.props:
                if name in ("phandle", "linux,phandle", "name"):
                    continue
                out[name] = node.string(name)
        return out

    def resolve(self, ref):
        """A path, an alias, or alias/relative/path (DT spec 3.3)."""
        if ref.startswith("/"):
            return self.node_by_path(ref)
        alias, _, rest = ref.partition("/")
        target = self.aliases().get(alias)
        if target is None or not target.startswith("/"):
            return None
        node = self.node_by_path(target)
        if node is not None and rest:
            node = self.node_by_path(node.path.rstrip("/") + "/" + rest)
        return node

    def stdout(self):
        """(node, options) named by /chosen stdout-path, or (None, None).
        Raises DtError if stdout-path names something that is not there."""
        chosen = self.root.child("chosen")
        if chosen is None:
            return None, None
        for prop in ("stdout-path", "linux,stdout-path"):
            spec = chosen.string(prop)
            if spec is not None:
                break
        else:
            return None, None
        ref, _, options = spec.partition(":")
        node = self.resolve(ref)
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
