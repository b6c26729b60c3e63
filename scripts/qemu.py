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
    (Documentation/user-drivers.rst, "virtio"); qemu_command() makes the
    transports modern (virtio-mmio.force-legacy=false)."""
    # -drive options are comma-separated: a comma in the path is doubled.
    return ["-drive", "if=none,format=raw,id=disk0,file=%s"
            % os.path.abspath(path).replace(",", ",,"),
            "-device", "virtio-blk-device,drive=disk0"]


# `make run`'s network (Documentation/networking.rst): QEMU's user-mode
# network with the host's port NET_PORT forwarded to the guest's port 7
# (TCP and UDP echo), so `nc localhost 7777` talks to the guest.
NET_PORT = 7777
NET_FORWARD = ("user,id=n0,hostfwd=tcp::%d-:7,hostfwd=udp::%d-:7"
               % (NET_PORT, NET_PORT))


def net_args(spec):
    """A virtio-net device on the network backend @spec, a -netdev value
    that names its backend id=n0 ("forward": NET_FORWARD; "none" or empty:
    no network device)."""
    if not spec or spec == "none":
        return []
    if spec == "forward":
        spec = NET_FORWARD
    if "id=n0" not in spec.split(","):
        raise SystemExit("qemu.py: --net %s: the -netdev must have id=n0 "
                         "(e.g. user,id=n0 or tap,id=n0,ifname=tap0,"
                         "script=no,downscript=no)" % spec)
    return ["-netdev", spec, "-device", "virtio-net-device,netdev=n0"]


def qemu_command(conf, image, dtb=None, smp=None, memory=None, cpu=None,
                 machine=None, append=None, gdb=False, icount=False,
                 extra=(), semihosting=None, disk=None, net=None):
    """The qemu-system-aarch64 argument list for this configuration.
    @semihosting: None follows CONFIG_SEMIHOSTING_EXIT; False leaves it
    off (a machine where a panic must power off the board's way).
    @disk: a raw image to attach as a virtio-blk device (disk_args).
    @net: a -netdev for a virtio-net device (net_args); None: QEMU's
    user-mode network without forwarded ports when CONFIG_NET is set (the
    system has a network driver), none otherwise."""
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
    if net is None:
        net = "user,id=n0" if conf.get("CONFIG_NET") == "y" else "none"
    cmd += net_args(net)
    if disk or net_args(net):
        # QEMU 7.2's virtio-mmio transports are legacy unless told
        # otherwise; the driver kit speaks virtio 1.x only.
        cmd += ["-global", "virtio-mmio.force-legacy=false"]
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
    ap.add_argument("--net", help="-netdev of a virtio-net device, with "
                    "id=n0; 'forward': %s; 'none': no network device "
                    "(default: user,id=n0 with CONFIG_NET)" % NET_FORWARD)
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    if not shutil.which("qemu-system-aarch64"):
        raise SystemExit("qemu.py: qemu-system-aarch64 not found: "
                         "apt-get install qemu-system-arm")
    if a.disk and not os.path.isfile(a.disk):
        raise SystemExit("qemu.py: --disk %s: no such file" % a.disk)
    cmd = qemu_command(read_config(a.config), a.image, a.dtb, a.smp, a.memory,
                       a.cpu, a.machine, a.append, a.gdb, a.icount, a.extra,
                       disk=a.disk, net=a.net)
    print("  QEMU    " + shlex.join(cmd), file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
