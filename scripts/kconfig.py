#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Kconfig front end for the KaaL build (run through scripts/kpython).

Every configuration target of the Makefile lands here. Unlike a plain
Kconfiglib load, defconfig files and fragments are checked strictly: an
unknown symbol, a malformed value, a symbol without a prompt or a value
that Kconfig could not honour (unmet dependency, out of range) is an error
that names the file, the line and the symbol, and .config is left as it was.

usage: kconfig.py COMMAND [ARGS]
  defconfig FILE [FRAGMENT...]  .config from FILE, then merge fragments
  merge FRAGMENT...             merge fragments into the existing .config
  olddefconfig | syncconfig | listnewconfig | savedefconfig OUT
  alldefconfig | allnoconfig | allyesconfig | randconfig [SEED]
"""
import difflib
import os
import random
import re
import sys

import kconfiglib

CONFIG = os.environ.get("KCONFIG_CONFIG", ".config")
ASSIGN_RE = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
UNSET_RE = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set$")


def die(msg):
    sys.stderr.write("*** %s\n" % msg)
    sys.exit(1)


def load_kconfig():
    try:
        return kconfiglib.Kconfig("Kconfig", warn_to_stderr=False,
                                  suppress_traceback=True)
    except kconfiglib.KconfigError as e:
        die(str(e))


class ConfigErrors(Exception):
    """Every error found in a defconfig or fragment, reported together."""


def parse_assignments(path, errors):
    """Yield (line number, symbol name, requested value) for every
    assignment in a defconfig or fragment; malformed lines go to
    @errors."""
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        die("cannot read %s: %s" % (path, e.strerror))
    for num, line in enumerate(lines, 1):
        line = line.strip()
        m = ASSIGN_RE.match(line)
        if m:
            val = m.group(2)
            if len(val) >= 2 and val[0] == val[-1] == '"':
                val = val[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            yield num, m.group(1), val
            continue
        m = UNSET_RE.match(line)
        if m:
            yield num, m.group(1), "n"
            continue
        if line and not line.startswith("#"):
            errors.append("%s:%d: not a Kconfig assignment: %r%s"
                          % (path, num, line, assignment_hint(line)))


def assignment_hint(line):
    """What a malformed line was probably meant to be."""
    m = re.match(r"^(CONFIG_)?([A-Za-z0-9_]+)\s*[=:\s]\s*(\S.*)$", line)
    if m:
        return " (write CONFIG_%s=%s)" % (m.group(2), m.group(3).strip())
    return ""


def check_symbol(kconf, path, num, name, val):
    """The error that can be seen before the value is applied, or None."""
    where = "%s:%d" % (path, num)
    sym = kconf.syms.get(name)
    if sym is None or not sym.nodes:
        return "%s: unknown symbol CONFIG_%s%s" % (where, name,
                                                   close_names(kconf, name))
    if not any(node.prompt for node in sym.nodes):
        return ("%s: CONFIG_%s has no prompt and cannot be set; its value "
                "follows from other options" % (where, name))
    if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        if val not in ("y", "n", "m"):
            return "%s: CONFIG_%s is a bool; %r is not y or n" % (where, name,
                                                                 val)
    elif sym.orig_type == kconfiglib.INT and not re.match(r"^-?\d+$", val):
        return "%s: CONFIG_%s is an int; %r is not a number" % (where, name,
                                                               val)
    elif sym.orig_type == kconfiglib.HEX and \
            not re.match(r"^(0[xX])?[0-9a-fA-F]+$", val):
        return "%s: CONFIG_%s is hex; %r is not a hex number" % (where, name,
                                                                val)
    return None


def close_names(kconf, name):
    """" (did you mean CONFIG_X?)" for the symbols whose names are
    nearest @name (a typo, a letter too many or too few), else ""."""
    known = [n for n, sym in kconf.syms.items() if sym.nodes]
    near = difflib.get_close_matches(name.upper(), known, n=3, cutoff=0.75)
    if not near:
        return ""
    return " (did you mean %s?)" % " or ".join("CONFIG_" + n for n in near)


def norm(sym, val):
    """@val as the symbol's type prints it; an empty or malformed value
    (a symbol whose dependencies are not met has none) as it is."""
    try:
        if sym.orig_type == kconfiglib.HEX:
            return hex(int(val, 16))
        if sym.orig_type == kconfiglib.INT:
            return str(int(val))
    except ValueError:
        pass
    return val


def apply_file(kconf, path, replace):
    """Load PATH on top of the current values (or from scratch), then check
    that every assignment took effect. Every error of the file is
    reported, not only the first: ConfigErrors lists them all."""
    wanted, errors = [], []
    for num, name, val in parse_assignments(path, errors):
        err = check_symbol(kconf, path, num, name, val)
        if err:
            errors.append(err)
        else:
            wanted.append((num, kconf.syms[name], val))
    # The good lines are applied even after a bad one, so that what they
    # would not get (a range, a dependency) is reported too; nothing is
    # written unless every line is right.
    kconf.load_config(path, replace=replace)
    if not errors:
        errors = [w for w in kconf.warnings
                  if "undefined symbol" in w or "not a valid value" in w]
    for num, sym, val in wanted:
        got = sym.str_value
        if norm(sym, got) == norm(sym, val):
            continue
        if sym.choice and val == "n":
            continue    # choice members are switched off by their sibling
        why = explain(sym)
        errors.append("%s:%d: CONFIG_%s=%s was requested but the value is "
                      "%s%s" % (path, num, sym.name, val, got or "unset", why))
    if errors:
        raise ConfigErrors(sorted(errors, key=line_number))


def line_number(error):
    """The line an error message names ("path:12: ..."), for sorting."""
    m = re.search(r":(\d+): ", error)
    return int(m.group(1)) if m else 0


def explain(sym):
    if sym.direct_dep is not sym.kconfig.y and \
            kconfiglib.expr_value(sym.direct_dep) == 0:
        return " (unmet dependency: %s)" % kconfiglib.expr_str(sym.direct_dep)
    if sym.ranges:
        return " (allowed range: %s)" % ", ".join(
            "%s-%s" % (lo.str_value, hi.str_value) for lo, hi, _ in sym.ranges)
    return ""


def write(kconf):
    kconf.write_config(CONFIG, header="# Automatically generated by "
                       "`make`; edit with `make menuconfig`\n")


def cmd_defconfig(kconf, args):
    if not args:
        die("defconfig: no file given")
    apply_file(kconf, args[0], replace=True)
    for frag in args[1:]:
        apply_file(kconf, frag, replace=False)
    write(kconf)


def cmd_merge(kconf, args):
    load_existing(kconf)
    for frag in args:
        apply_file(kconf, frag, replace=False)
    write(kconf)


def load_existing(kconf):
    if not os.path.exists(CONFIG):
        die("no %s: run `make <board>_defconfig` first (`make help` lists them)"
            % CONFIG)
    kconf.load_config(CONFIG)
    for w in kconf.warnings:
        sys.stderr.write("warning: %s\n" % w)


def cmd_syncconfig(kconf, args):
    load_existing(kconf)
    write(kconf)
    os.makedirs("include/generated", exist_ok=True)
    kconf.write_autoconf("include/generated/autoconf.h")
    kconf.sync_deps("include/config")


def cmd_savedefconfig(kconf, args):
    load_existing(kconf)
    out = args[0] if args else "defconfig"
    kconf.write_min_config(out)
    print("  SAVE    %s (minimal; copy it to configs/<board>_defconfig)" % out)


def cmd_listnewconfig(kconf, args):
    load_existing(kconf)
    for sym in kconf.unique_defined_syms:
        if sym.user_value is None and any(n.prompt for n in sym.nodes) \
                and sym.visibility:
            print("CONFIG_%s=%s" % (sym.name, sym.str_value or ""))


def cmd_olddefconfig(kconf, args):
    load_existing(kconf)
    write(kconf)


def cmd_all(kconf, value):
    for sym in kconf.unique_defined_syms:
        if value is not None and sym.orig_type in (kconfiglib.BOOL,
                                                    kconfiglib.TRISTATE):
            sym.set_value(value)
    for choice in kconf.unique_choices:
        if value == 2 and choice.syms:
            choice.syms[0].set_value(2)
    write(kconf)


def rand_number(sym, rng):
    """A value for the int or hex symbol @sym within its active range:
    the low end, the high end, the default, or (int only) any value
    between. A symbol without a range keeps its default: nothing says
    which other values are valid (an address or an alignment, say)."""
    rng_range = next(((lo, hi) for lo, hi, cond in sym.ranges
                      if kconfiglib.expr_value(cond)), None)
    if rng_range is None or not sym.visibility:
        return None
    base = 16 if sym.orig_type == kconfiglib.HEX else 10
    lo, hi = (int(s.str_value, 0) if isinstance(s, kconfiglib.Symbol) and
              not s.is_constant else int(s.name, base) for s in rng_range)
    picks = [lo, hi, None]
    if base == 10:
        picks.append(rng.randint(lo, hi))
    v = rng.choice(picks)
    if v is None:
        return None
    return hex(v) if base == 16 else str(v)


def cmd_randconfig(kconf, args):
    seed = int(args[0]) if args else random.randrange(1 << 32)
    rng = random.Random(seed)
    print("  RAND    KCONFIG_SEED=%d" % seed)
    for sym in kconf.unique_defined_syms:
        if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE) and \
                sym.choice is None:
            sym.set_value(rng.choice((0, 2)))
    for choice in kconf.unique_choices:
        visible = [s for s in choice.syms if s.visibility]
        if visible:
            rng.choice(visible).set_value(2)
    # Numbers last: their ranges and visibility follow the booleans.
    for sym in kconf.unique_defined_syms:
        if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX):
            v = rand_number(sym, rng)
            if v is not None:
                sym.set_value(v)
    write(kconf)


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    kconf = load_kconfig()
    table = {
        "defconfig": cmd_defconfig, "merge": cmd_merge,
        "syncconfig": cmd_syncconfig, "olddefconfig": cmd_olddefconfig,
        "savedefconfig": cmd_savedefconfig, "listnewconfig": cmd_listnewconfig,
        "randconfig": cmd_randconfig,
        "alldefconfig": lambda k, a: cmd_all(k, None),
        "allnoconfig": lambda k, a: cmd_all(k, 0),
        "allyesconfig": lambda k, a: cmd_all(k, 2),
    }
    if cmd not in table:
        die("unknown command %s" % cmd)
    try:
        table[cmd](kconf, args)
    except ConfigErrors as e:
        errors = e.args[0]
        for err in errors:
            sys.stderr.write("*** %s\n" % err)
        die("%d error%s; %s left as it was" % (
            len(errors), "" if len(errors) == 1 else "s", CONFIG))


if __name__ == "__main__":
    main()
