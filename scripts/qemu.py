#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot a KaaL Image in QEMU with the board's settings from auto.conf.

Used by `make run`, `make debug` and the pytest harness (which imports
qemu_command()). The console is the board's UART on stdio.
"""
import argparse
import os
import shlex
import shutil
import sys


def read_config(path):
    conf = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("CONFIG_") and "=" in line:
                key, val = line.split("=", 1)
                conf[key] = val.strip('"')
    return conf


# Arm semihosting lets the loader and the kernel end QEMU with a status
# (include/kaal/exitcode.h). Only code at EL1 may use it (QEMU's default
# userspace=off), and KaaL makes no semihosting call but SYS_EXIT.
SEMIHOSTING = ["-semihosting-config", "enable=on,target=native"]


def disk_args(path):
    """A raw disk image as a virtio-blk device on a virtio-mmio slot
    (Documentation/user-drivers.rst, "virtio"). QEMU 7.2 makes its
    virtio-mmio transports legacy (version 1) unless told otherwise; the
    driver kit speaks virtio 1.x only."""
    # -drive options are comma-separated: a comma in the path is doubled.
    return ["-drive", "if=none,format=raw,id=disk0,file=%s"
            % os.path.abspath(path).replace(",", ",,"),
            "-device", "virtio-blk-device,drive=disk0",
            "-global", "virtio-mmio.force-legacy=false"]


def qemu_command(conf, image, dtb=None, smp=None, memory=None, cpu=None,
                 machine=None, append=None, gdb=False, icount=False,
                 extra=(), semihosting=None, disk=None):
    """The qemu-system-aarch64 argument list for this configuration.
    @semihosting: None follows CONFIG_SEMIHOSTING_EXIT; False leaves it
    off (a machine where a panic must power off the board's way).
    @disk: a raw image to attach as a virtio-blk device (disk_args)."""
    machine = machine or conf.get("CONFIG_QEMU_MACHINE", "")
    if not machine:
        raise SystemExit("qemu.py: the board %s has no QEMU model "
                         "(CONFIG_QEMU_MACHINE is empty)"
                         % conf.get("CONFIG_BOARD_NAME", "?"))
    cmd = ["qemu-system-aarch64", "-machine", machine,
           "-cpu", cpu or conf.get("CONFIG_QEMU_CPU", "cortex-a53"),
           "-m", memory or conf.get("CONFIG_QEMU_MEMORY", "128M"),
           "-smp", str(smp or conf.get("CONFIG_QEMU_SMP", "1")),
           "-nographic", "-no-reboot",
           "-kernel", image]
    serial = conf.get("CONFIG_QEMU_SERIAL_PORT", "0")
    if serial != "0":
        # The console is not QEMU's first UART: the ports before it get null.
        cmd[cmd.index("-nographic")] = "-display"
        cmd.insert(cmd.index("-display") + 1, "none")
        cmd += ["-monitor", "none"]
        cmd += ["-serial", "null"] * int(serial) + ["-serial", "stdio"]
    if conf.get("CONFIG_QEMU_NEEDS_DTB") == "y" and dtb:
        cmd += ["-dtb", dtb]
    if append:
        cmd += ["-append", append]
    if icount:
        cmd += ["-icount", "shift=0,align=off,sleep=off", "-seed", "1",
                "-rtc", "base=2024-01-01T00:00:00,clock=vm"]
    if semihosting is None:
        semihosting = conf.get("CONFIG_SEMIHOSTING_EXIT") == "y"
    if semihosting:
        cmd += SEMIHOSTING
    if gdb:
        cmd += ["-S", "-gdb", "tcp::1234"]
    if disk:
        cmd += disk_args(disk)
    return cmd + list(extra)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--dtb")
    ap.add_argument("--smp")
    ap.add_argument("--memory")
    ap.add_argument("--cpu")
    ap.add_argument("--machine")
    ap.add_argument("--append")
    ap.add_argument("--gdb", action="store_true")
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--disk", help="raw disk image for virtio-blk")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    if not shutil.which("qemu-system-aarch64"):
        raise SystemExit("qemu.py: qemu-system-aarch64 not found: "
                         "apt-get install qemu-system-arm")
    if a.disk and not os.path.isfile(a.disk):
        raise SystemExit("qemu.py: --disk %s: no such file" % a.disk)
    cmd = qemu_command(read_config(a.config), a.image, a.dtb, a.smp, a.memory,
                       a.cpu, a.machine, a.append, a.gdb, a.icount, a.extra,
                       disk=a.disk)
    print("  QEMU    " + shlex.join(cmd), file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
