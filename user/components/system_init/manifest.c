// SPDX-License-Identifier: BSD-2-Clause
/*
 * The manifest of the default system (Documentation/components.rst): who
 * runs, at which priority, and with exactly which capabilities. A
 * component gets what is listed here and nothing else; to add one, add a
 * program under user/components/<name>/, its name to
 * CONFIG_SYSTEM_COMPONENTS and an entry here.
 */
#include <libsys/blk.h>
#include <libsys/console.h>
#include <libsys/linux.h>
#include <libsys/ramfs.h>
#include "sysinit.h"

const struct manifest_component manifest[] = {
	{
		/* The console: the UART driver, on the driver kit. */
		.name = "console",
		.priority = 200,
		.autostart = true,
		.devicetree = true,
		.quota_pages = 16,
		.serves = "console",
		.devices = { "arm,pl011", "brcm,bcm2835-aux-uart",
			     "brcm,bcm2835-aux" },
	},
	{
		/* The timer service: the kernel's user timer (the timer
		 * node's physical-timer line) for every component that
		 * sleeps or sets timeouts. Above the drivers, so that a
		 * deadline is not late behind their work. */
		.name = "timer",
		.priority = 210,
		.autostart = true,
		.quota_pages = 4,
		.serves = "timer",
		.uses = { "console" },
		.devices = { "arm,armv8-timer", "arm,armv7-timer" },
	},
	{
		.name = "ramfs",
		.priority = 150,
		.autostart = true,
		.quota_pages = 64,
		.serves = "ramfs",
		.uses = { "console" },
	},
	{
		.name = "shell",
		.priority = 100,
		.autostart = true,
		.sysinfo = true,
		.quota_pages = 32,
		.uses = { "console", "ramfs", "blk", "timer", "net", "linux" },
	},
	{
		/* Started from the shell ("start intruder"): it tries what
		 * it was not given and misuses the timer, then crashes on
		 * purpose. */
		.name = "intruder",
		.priority = 90,
		.prebuilt = true, /* its socket channel */
		.quota_pages = 4,
		.uses = { "console", "timer", "net" },
	},
	{
		/* The disk, when the machine has a virtio-blk device:
		 * every virtio-mmio slot may be probed, the one holding a
		 * block device is kept. Queue and buffers: 3 DMA pages. */
		.name = "virtio_blk",
		.priority = 160,
		.autostart = true,
		.devicetree = true,
		.quota_pages = 8,
		.serves = "blk",
		.uses = { "console" },
		.devices = { "virtio,mmio" },
	},
	{
		/* The network card, when the machine has a virtio-net
		 * device (CONFIG_NET): its frames go to and from net through
		 * the "eth" queue channel; the broker gives it the slot
		 * holding the device. DMA: its two queues and headers. */
		.name = "virtio_net",
		.priority = 170,
		.autostart = true,
		.optional = true, /* not without CONFIG_NET */
		.quota_pages = 8,
		.serves = "eth",
		.uses = { "console" },
		.devices = { "virtio,mmio" },
	},
	{
		/* The network stack (lwIP) and its service: TCP and UDP
		 * echo on port 7, ping, sockets for the components joined
		 * to it by a "sock.<name>" channel (qchans[] below). Its
		 * quota covers lwIP's heap (129 pages) and the channels,
		 * whose buffers it owns ("eth": 2 + 64 pages; the shell's
		 * 1 + 16, the intruder's 1 + 4). Below the shell: the
		 * prompt does not wait for DHCP, and the shell is idle when
		 * the network is busy. 2^9 slots: the clients'
		 * notifications above the broker's objects. */
		.name = "net",
		.priority = 95,
		.autostart = true,
		.optional = true, /* not without CONFIG_NET */
		.quota_pages = 288,
		.cnode_bits = 9,
		.serves = "net",
		.uses = { "console", "eth", "timer" },
	},
	{
		/* The Linux personality (CONFIG_LINUX_PERSONALITY,
		 * Documentation/linux.rst): it builds a process of its
		 * own for each Linux program, from its untyped memory,
		 * at priority 50 (its MCP), and serves its system calls,
		 * which arrive as faults. Its CNode holds a capability per
		 * page of a program and of its window onto it. */
		.name = "linux",
		.priority = 110,
		.mcp = 50,
		.autostart = true,
		.optional = true,
		.quota_pages = 16,
		.cnode_bits = 13,
		.untyped_bits = 25,
		.files = true,
		.serves = "linux",
		.uses = { "console", "ramfs", "timer" },
	},
};
const unsigned int manifest_size = sizeof(manifest) / sizeof(manifest[0]);

const struct manifest_channel channels[] = {
	{ "console", "console.rx", "shell", "console.rx", CONSOLE_RX_SLOT_SIZE,
	  1 },
	{ "shell", "ramfs.wr", "ramfs", "shell.wr", RAMFS_SLOT_SIZE, 4 },
	{ "ramfs", "shell.rd", "shell", "ramfs.rd", RAMFS_SLOT_SIZE, 4 },
	{ "shell", "blk.wr", "virtio_blk", "shell.wr", BLK_SLOT_SIZE, 4 },
	{ "virtio_blk", "shell.rd", "shell", "blk.rd", BLK_SLOT_SIZE, 4 },
	{ "linux", "ramfs.wr", "ramfs", "linux.wr", RAMFS_SLOT_SIZE, 4 },
	{ "ramfs", "linux.rd", "linux", "ramfs.rd", RAMFS_SLOT_SIZE, 4 },
	{ "linux", "shell.ev", "shell", "linux.ev", LINUX_EVENT_SLOT_SIZE, 1 },
};
const unsigned int nr_channels = sizeof(channels) / sizeof(channels[0]);

/* The network card's frames: 64 receive and 64 transmit buffers of 2 KiB
 * (a frame and more), physically contiguous for the device: enough for
 * four TCP windows of 16 segments in flight, and half the pages (and the
 * boot's mappings) of 128 + 128. */
const struct manifest_qchan qchans[] = {
	{ "virtio_net", "eth", "net", "eth", 128, 2048, 64, 64, true },
	/* Sockets (<libsys/socket.h>): the client fills the "receive"
	 * buffers with what it sends, the network component the
	 * "transmit" ones with what it receives for it. */
	{ "shell", "net.q", "net", "sock.shell", 32, 2048, 16, 16, false },
	{ "intruder", "net.q", "net", "sock.intruder", 8, 2048, 4, 4, false },
};
const unsigned int nr_qchans = sizeof(qchans) / sizeof(qchans[0]);
