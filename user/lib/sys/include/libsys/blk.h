/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The block service (user/components/virtio_blk): a disk of 512-byte
 * sectors, read and written over IPC, the sectors themselves through two
 * shared rings per client, one sector per slot
 * (Documentation/user-drivers.rst, "The block service").
 *
 * A client's manifest grants it a "blk" client endpoint (the server sees
 * the client's id as the badge) and two rings: "blk.wr" (client produces,
 * server consumes: sectors to write) and "blk.rd" (server produces,
 * client consumes: sectors read). The server holds the other ends as
 * "<client>.wr" and "<client>.rd", their badge the client's id.
 *
 * Requests (label; reply label 0 or an error of <libsys/error.h>):
 *   BLK_INFO    -                          mr0 capacity (sectors),
 *                                          mr1 sector size, mr2 flags
 *   BLK_READ    mr0 sector, mr1 count      mr0 count (that many slots
 *                                          pushed to "rd")
 *   BLK_WRITE   mr0 sector, mr1 count (that many slots of exactly one
 *               sector each already in "wr")        mr0 count
 * count is 1..BLK_MAX_SECTORS. Errors: BLK_E_RANGE (a sector past the
 * end), BLK_E_IO (the device failed the request), SYS_E_PROTOCOL (an
 * unknown label, a short message, a bad count, a "wr" slot that is not
 * one sector, fewer slots than count), SYS_E_NO_SPACE ("rd" has no room
 * for count sectors), SYS_E_DENIED (a write to a read-only disk, or a
 * caller without rings), SYS_E_STATE (the device broke; nothing more is
 * sent to it). A write that fails has consumed the slots it named.
 */
#ifndef LIBSYS_BLK_H
#define LIBSYS_BLK_H

#include <stdint.h>
#include <libsys/component.h>
#include <libsys/error.h>
#include <libsys/ring.h>

enum blk_request {
	BLK_INFO = 1,
	BLK_READ = 2,
	BLK_WRITE = 3,
};

#define BLK_SECTOR_SIZE 512
#define BLK_MAX_SECTORS 8   /* per request: 4 KiB */
#define BLK_SLOT_SIZE	520 /* a sector and the slot header, 8-aligned */
#define BLK_F_READ_ONLY (1u << 0)

struct blk_client {
	kaal_cptr_t ep;
	struct ring wr, rd;
};

struct blk_info {
	uint64_t sectors;
	uint32_t sector_size;
	uint32_t flags;
};

/* Connect using the resources of the component info page; 0 or -E
 * (-SYS_E_DENIED when the manifest grants no blk). */
long blk_connect(struct blk_client *c, const struct sys_component_info *ci);

/* 0 or -E. */
long blk_info(struct blk_client *c, struct blk_info *info);

/* @count sectors from @sector into / from @buf (count * 512 bytes);
 * 0 or -E. */
long blk_read(struct blk_client *c, uint64_t sector, unsigned int count,
	      void *buf);
long blk_write(struct blk_client *c, uint64_t sector, unsigned int count,
	       const void *buf);

#endif /* LIBSYS_BLK_H */
