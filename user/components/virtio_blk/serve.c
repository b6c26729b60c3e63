// SPDX-License-Identifier: BSD-2-Clause
/*
 * The block service's requests (<libsys/blk.h>), apart from the device
 * (main.c) so that the host unit tests can play a hostile client against
 * them (tests/unit/test_blk_serve.c). Every range is checked against the
 * capacity and every ring slot against the sector size.
 */
#include <stdio.h>
#include <string.h>
#include <hw/virtio-mmio.h>
#include "serve.h"

#define BLK_MAX_CLIENTS 4

_Static_assert(BLK_SLOT_SIZE - RING_SLOT_HDR >= BLK_SECTOR_SIZE,
	       "a slot holds a sector");

struct blk_disk blk_disk;

static struct client {
	kaal_word_t badge; /* 0: unused */
	struct ring wr, rd;
} clients[BLK_MAX_CLIENTS];

/* The rings of each client: "<client>.wr" and "<client>.rd", both
 * carrying the client's id as their badge. */
void blk_serve_attach(const struct sys_component_info *ci)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < ci->nr_resources && i < SYS_MAX_RESOURCES;
	     i++) {
		const struct sys_resource *wr = &ci->res[i], *rd;
		char name[SYS_NAME_LEN + 1];
		size_t len = strnlen(wr->name, SYS_NAME_LEN);

		if (wr->type != SYS_RES_RING || len < 4 ||
		    strcmp(&wr->name[len - 3], ".wr") || n == BLK_MAX_CLIENTS)
			continue;
		memcpy(name, wr->name, len - 3);
		strcpy(&name[len - 3], ".rd");
		rd = sys_resource(ci, name, SYS_RES_RING);
		if (!rd || !wr->badge || rd->badge != wr->badge ||
		    ring_attach(&clients[n].wr, (void *)wr->vaddr, wr->size) ||
		    ring_attach(&clients[n].rd, (void *)rd->vaddr, rd->size) ||
		    ring_payload(&clients[n].wr) < BLK_SECTOR_SIZE ||
		    ring_payload(&clients[n].rd) < BLK_SECTOR_SIZE) {
			printf("virtio_blk: %s: no usable ring pair\n",
			       wr->name);
			continue;
		}
		clients[n++].badge = wr->badge;
	}
}

static struct client *blk_client(kaal_word_t badge)
{
	for (unsigned int i = 0; i < BLK_MAX_CLIENTS; i++)
		if (clients[i].badge && clients[i].badge == badge)
			return &clients[i];
	return NULL;
}

/* The sectors are on the disk and count is one a request may have. */
static long blk_range(uint64_t sector, kaal_word_t count)
{
	if (!count || count > BLK_MAX_SECTORS)
		return -SYS_E_PROTOCOL;
	if (sector >= blk_disk.capacity || count > blk_disk.capacity - sector)
		return -BLK_E_RANGE;
	return 0;
}

static long serve_read(struct client *c, uint64_t sector, unsigned int count)
{
	const uint8_t *data = blk_disk.data;
	long err;

	if (c->rd.mask + 1 - ring_count(&c->rd) < count)
		return -SYS_E_NO_SPACE;
	err = blk_dev_io(VIRTIO_BLK_T_IN, sector, count);
	for (unsigned int i = 0; !err && i < count; i++)
		if (ring_push(&c->rd, data + i * BLK_SECTOR_SIZE,
			      BLK_SECTOR_SIZE))
			err = -SYS_E_NO_SPACE; /* the client lied about tail */
	return err;
}

/* Take the request's @count slots, each exactly one sector. */
static long blk_take(struct client *c, unsigned int count)
{
	uint8_t *data = blk_disk.data;
	long err = 0;

	if (ring_count(&c->wr) < count)
		return -SYS_E_PROTOCOL;
	for (unsigned int i = 0; i < count; i++) {
		uint32_t len;
		const void *p = ring_consume_begin(&c->wr, &len);

		if (!p)
			return -SYS_E_PROTOCOL;
		if (len == BLK_SECTOR_SIZE)
			memcpy(data + i * BLK_SECTOR_SIZE, p, BLK_SECTOR_SIZE);
		else
			err = -SYS_E_PROTOCOL;
		ring_consume_commit(&c->wr);
	}
	return err;
}

long blk_serve(const struct kit_request *rq, struct kit_reply *rp)
{
	struct client *c = blk_client(rq->badge);
	long err;

	if (!c)
		return -SYS_E_DENIED;
	if (rq->label == BLK_INFO) {
		rp->mr[0] = blk_disk.capacity;
		rp->mr[1] = BLK_SECTOR_SIZE;
		rp->mr[2] = blk_disk.read_only ? BLK_F_READ_ONLY : 0;
		rp->len = 3;
		return 0;
	}
	if ((rq->label != BLK_READ && rq->label != BLK_WRITE) || rq->len < 2)
		return -SYS_E_PROTOCOL;
	err = blk_range(rq->mr[0], rq->mr[1]);
	if (rq->label == BLK_WRITE) {
		/* The slots are taken even when the request is refused, so
		 * that they are not mistaken for the next request's. */
		long taken = rq->mr[1] && rq->mr[1] <= BLK_MAX_SECTORS ?
				     blk_take(c, (unsigned int)rq->mr[1]) :
				     0;

		if (!err && blk_disk.read_only)
			err = -SYS_E_DENIED;
		if (!err)
			err = taken;
		if (!err)
			err = blk_dev_io(VIRTIO_BLK_T_OUT, rq->mr[0],
					 (unsigned int)rq->mr[1]);
	} else if (!err) {
		err = serve_read(c, rq->mr[0], (unsigned int)rq->mr[1]);
	}
	if (!err) {
		rp->mr[0] = rq->mr[1];
		rp->len = 1;
	}
	return err;
}
