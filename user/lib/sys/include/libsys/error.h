/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one error convention of the user libraries above libkaal (libsys,
 * its rings, the driver kit and its devicetree reader) and of the
 * components (Documentation/user-space.rst, "Errors"):
 *
 *   A function that can fail returns 0, or a value >= 0 (a length, a
 *   node, a descriptor), on success, and -E on failure; a *_ret struct's
 *   error field is 0 or -E the same way. E is one number space: 1..63
 *   are the kernel's KAAL_E_* (<uapi/kaal/errors.h>), passed on from a
 *   system call that failed, 64 and up are the libraries' own, below.
 *
 * libkaal is the exception: its wrappers return what the kernel puts in
 * x0, KAAL_OK or a positive KAAL_E_*, unchanged (the ABI); a library
 * that passes one on negates it. On the wire, a server's reply carries E
 * (positive) in its label; the client library returns -label.
 *
 * sys_strerror() names every E, of either sign.
 */
#ifndef LIBSYS_ERROR_H
#define LIBSYS_ERROR_H

enum sys_error {
	/* Services (libsys, system_init, ramfs, the driver kit). */
	SYS_E_DENIED = 64, /* the manifest does not grant it */
	SYS_E_NOT_FOUND,   /* no such component, device, file */
	SYS_E_EXISTS,	   /* already there, or already granted */
	SYS_E_BAD_FD,	   /* not an open file of this client */
	SYS_E_NO_SPACE,	   /* out of files, descriptors or data space */
	SYS_E_NAME,	   /* empty or too long a name */
	SYS_E_PROTOCOL,	   /* unknown request or malformed message */
	SYS_E_QUOTA,	   /* the component's memory quota is used up */
	SYS_E_STATE,	   /* not possible in the current state */
	/* Shared-memory rings (<libsys/ring.h>). */
	RING_E_INVALID, /* bad memory size, slot size or header */
	RING_E_FULL,	/* producer: no free slot */
	RING_E_EMPTY,	/* consumer: nothing to take */
	RING_E_TOO_BIG, /* more bytes than a slot holds */
	/* The devicetree reader (<libdriver/dt.h>). */
	DT_E_BAD_BLOB,	     /* not a devicetree blob (libfdt's check) */
	DT_E_MALFORMED,	     /* a token, property or cell count is wrong */
	DT_E_NOT_FOUND,	     /* no such node, property or entry */
	DT_E_UNTRANSLATABLE, /* a bus on the way has no matching ranges */
	DT_E_UNSUPPORTED,    /* more than 2 address cells, or an interrupt
				 * controller KaaL does not number */
	/* The process builder (<libsys/process.h>). */
	PROCESS_E_ELF,	   /* not a static AArch64 ELF64 executable */
	PROCESS_E_SEGMENT, /* a segment out of bounds, W+X, or
				 * overlapping the fixed layout */
	/* The boot archive reader (<libsys/cpio.h>). */
	CPIO_E_END,	  /* an index past the last entry */
	CPIO_E_MALFORMED, /* bad magic, header field or length */
	/* The virtio transport (<libdriver/virtio.h>). */
	VIRTIO_E_NOT_VIRTIO, /* no virtio-mmio magic at the registers */
	VIRTIO_E_LEGACY,     /* a legacy (version 1) virtio-mmio device */
	VIRTIO_E_FEATURES,   /* the device lacks or refused a feature */
	VIRTIO_E_QUEUE,	     /* queue missing, in use or too small */
	VIRTIO_E_DEVICE,     /* the device wrote an index, id or length
				* that cannot be, or asks for a reset */
	/* The block service (<libsys/blk.h>). */
	BLK_E_RANGE, /* sectors past the end of the disk */
	BLK_E_IO,    /* the device reported an error */
	/* Zero-copy buffer queues (<libsys/queue.h>). */
	QUEUE_E_INVALID, /* bad channel memory or header, or a descriptor
			  * of ours that names no buffer we may hand over */
	QUEUE_E_FULL,	 /* producer: no free entry */
	QUEUE_E_EMPTY,	 /* consumer: nothing to take */
	QUEUE_E_PEER,	 /* the peer wrote an impossible index or a
			  * descriptor outside its buffers */
	/* The network service (<libsys/net.h>). */
	NET_E_TIMEOUT,	     /* no answer in time */
	NET_E_CONNECTION,    /* refused, reset or aborted by the peer */
	NET_E_ADDR_IN_USE,   /* the port is taken */
	NET_E_NOT_CONNECTED, /* not a connected TCP socket */
	NET_E_AGAIN,	     /* nothing yet: try again (or wait) */
	NET_E_UNREACHABLE,   /* no route, no address, or no network */
	/* Directories (ramfs, <libsys/ramfs.h>). */
	SYS_E_IS_DIR,	 /* a directory where a file must be */
	SYS_E_NOT_DIR,	 /* a file where a directory must be */
	SYS_E_NOT_EMPTY, /* a directory that still has entries */
	SYS_E_MAX
};

/* "permission denied (not granted by the manifest)", "KAAL_E_MISSING_CAP"
 * and the like, for E or -E of the kernel's and these; never NULL. */
const char *sys_strerror(long err);

#endif /* LIBSYS_ERROR_H */
