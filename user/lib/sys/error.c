// SPDX-License-Identifier: BSD-2-Clause
/* Messages for every error number (libsys/error.h). */
#include <libkaal/strerror.h>
#include <libsys/error.h>

#define MSG(e, text) [e - SYS_E_DENIED] = text

const char *sys_strerror(long err)
{
	static const char *const msg[SYS_E_MAX - SYS_E_DENIED] = {
		MSG(SYS_E_DENIED,
		    "permission denied (not granted by the manifest)"),
		MSG(SYS_E_NOT_FOUND, "not found"),
		MSG(SYS_E_EXISTS, "already exists or already granted"),
		MSG(SYS_E_BAD_FD, "bad file descriptor"),
		MSG(SYS_E_NO_SPACE, "no space left"),
		MSG(SYS_E_NAME, "bad name (empty or too long)"),
		MSG(SYS_E_PROTOCOL, "unknown or malformed request"),
		MSG(SYS_E_QUOTA, "memory quota exhausted"),
		MSG(SYS_E_STATE, "not possible in this state"),
		MSG(RING_E_INVALID,
		    "RING_E_INVALID (bad ring memory or header)"),
		MSG(RING_E_FULL, "RING_E_FULL (no free slot)"),
		MSG(RING_E_EMPTY, "RING_E_EMPTY (nothing to take)"),
		MSG(RING_E_TOO_BIG, "RING_E_TOO_BIG (more than a slot holds)"),
		MSG(DT_E_BAD_BLOB, "DT_E_BAD_BLOB (not a devicetree blob, or "
				   "not all of it there)"),
		MSG(DT_E_MALFORMED, "DT_E_MALFORMED (a broken devicetree)"),
		MSG(DT_E_NOT_FOUND, "DT_E_NOT_FOUND"),
		MSG(DT_E_UNTRANSLATABLE, "DT_E_UNTRANSLATABLE"),
		MSG(DT_E_UNSUPPORTED, "DT_E_UNSUPPORTED"),
		MSG(PROCESS_E_ELF, "not a static AArch64 ELF64 executable"),
		MSG(PROCESS_E_SEGMENT, "bad ELF segment (out of bounds, W+X, "
				       "or overlapping the fixed layout)"),
		MSG(CPIO_E_END, "CPIO_E_END (past the archive's last entry)"),
		MSG(CPIO_E_MALFORMED, "CPIO_E_MALFORMED (bad magic, header "
				      "field or length in the archive)"),
		MSG(VIRTIO_E_NOT_VIRTIO, "VIRTIO_E_NOT_VIRTIO (no virtio-mmio "
					 "device at these registers)"),
		MSG(VIRTIO_E_LEGACY, "VIRTIO_E_LEGACY (a legacy virtio-mmio "
				     "device; QEMU: -global "
				     "virtio-mmio.force-legacy=false)"),
		MSG(VIRTIO_E_FEATURES, "VIRTIO_E_FEATURES (a feature the "
				       "driver needs is missing or refused)"),
		MSG(VIRTIO_E_QUEUE, "VIRTIO_E_QUEUE (no such queue, in use "
				    "or too small)"),
		MSG(VIRTIO_E_DEVICE, "VIRTIO_E_DEVICE (the device wrote "
				     "something impossible or needs a "
				     "reset)"),
		MSG(BLK_E_RANGE, "BLK_E_RANGE (past the end of the disk)"),
		MSG(BLK_E_IO, "BLK_E_IO (the device reported an I/O error)"),
		MSG(QUEUE_E_INVALID, "QUEUE_E_INVALID (bad channel memory, "
				     "header or descriptor)"),
		MSG(QUEUE_E_FULL, "QUEUE_E_FULL (no free entry)"),
		MSG(QUEUE_E_EMPTY, "QUEUE_E_EMPTY (nothing to take)"),
		MSG(QUEUE_E_PEER, "QUEUE_E_PEER (the peer wrote an impossible "
				  "index or descriptor)"),
		MSG(NET_E_TIMEOUT, "NET_E_TIMEOUT (no answer in time)"),
		MSG(NET_E_CONNECTION, "NET_E_CONNECTION (refused, reset or "
				      "aborted by the peer)"),
		MSG(NET_E_ADDR_IN_USE, "NET_E_ADDR_IN_USE (the port is taken)"),
		MSG(NET_E_NOT_CONNECTED, "NET_E_NOT_CONNECTED (not a connected "
					 "TCP socket)"),
		MSG(NET_E_AGAIN, "NET_E_AGAIN (nothing yet, try again)"),
		MSG(NET_E_UNREACHABLE, "NET_E_UNREACHABLE (no route, address "
				       "or network)"),

		MSG(SYS_E_IS_DIR, "is a directory"),
		MSG(SYS_E_NOT_DIR, "not a directory"),
		MSG(SYS_E_NOT_EMPTY, "directory not empty"),
	};
	_Static_assert(SYS_E_NOT_EMPTY + 1 == SYS_E_MAX,
		       "a new error number needs its message above");

	if (err < 0)
		err = -err;
	if (err < SYS_E_DENIED)
		return kaal_strerror(err);
	if (err < SYS_E_MAX)
		return msg[err - SYS_E_DENIED];
	return "unknown error";
}
