/* SPDX-License-Identifier: BSD-2-Clause */
/* The virtio_blk component's request handling (serve.c) and what it
 * needs of the device (main.c). */
#ifndef USER_COMPONENTS_VIRTIO_BLK_SERVE_H
#define USER_COMPONENTS_VIRTIO_BLK_SERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <libsys/blk.h>
#include <libdriver/kit.h>

struct blk_disk {
	uint64_t capacity; /* sectors */
	bool read_only;
	uint8_t *data; /* BLK_MAX_SECTORS sectors the device reads and writes */
};

extern struct blk_disk blk_disk;

/* Find the clients' ring pairs among the component's resources. */
void blk_serve_attach(const struct sys_component_info *ci);

/* One request: 0 or -E, the reply in @rp (libsys/blk.h). */
long blk_serve(const struct kit_request *rq, struct kit_reply *rp);

/* main.c: one device request (VIRTIO_BLK_T_IN or _OUT) of @count
 * sectors at @sector, the data in blk_disk.data; 0 or -E. */
long blk_dev_io(uint32_t type, uint64_t sector, unsigned int count);

#endif /* USER_COMPONENTS_VIRTIO_BLK_SERVE_H */
