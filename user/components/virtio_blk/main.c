// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtio-blk driver component: a disk behind a virtio-mmio slot,
 * served as the block service of <libsys/blk.h> (Documentation/
 * user-drivers.rst, "virtio" and "The block service").
 *
 * The kit claims the "virtio,mmio" slots one after the other; probe()
 * keeps the first that holds a block device and the kit gives the others
 * back. start() negotiates virtio 1.x, sets up one queue and the request
 * buffers in DMA memory from the broker. Each client request becomes one
 * device request (header, data, status byte) that the driver waits for
 * before it replies: one request in flight, as the kit serves one
 * message at a time.
 *
 * Clients are trusted with nothing: every sector range is checked against
 * the capacity, every ring slot against the sector size, and the device
 * is trusted as little (libdriver/virtio.h): a device that writes
 * garbage breaks the queue, and every request from then on gets
 * SYS_E_STATE.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/alloc.h>
#include <libsys/blk.h>
#include <libdriver/kit.h>
#include <libdriver/virtio.h>

#define BLK_QUEUE_SIZE	8 /* one request uses three descriptors */
#define BLK_MAX_CLIENTS 4

/* DMA memory: the queue, then the header and status byte, then data. */
#define DMA_QUEUE  0
#define DMA_HDR	   KAAL_PAGE_SIZE
#define DMA_STATUS (KAAL_PAGE_SIZE + sizeof(struct virtio_blk_req_hdr))
#define DMA_DATA   (2 * KAAL_PAGE_SIZE)
#define DMA_PAGES  3

_Static_assert(BLK_MAX_SECTORS *BLK_SECTOR_SIZE <= KAAL_PAGE_SIZE,
	       "a request's data fits the data page");
_Static_assert(BLK_SECTOR_SIZE == VIRTIO_BLK_SECTOR_SIZE, "5.2.4");
_Static_assert(BLK_SLOT_SIZE - RING_SLOT_HDR >= BLK_SECTOR_SIZE,
	       "a slot holds a sector");

static struct virtio vdev;
static struct virtq vq;
static struct broker_dma dma;
static uint64_t capacity; /* sectors */
static bool read_only;

static struct client {
	kaal_word_t badge; /* 0: unused */
	struct ring wr, rd;
} clients[BLK_MAX_CLIENTS];

static const struct kit_match blk_match[] = {
	{ "virtio,mmio", NULL },
	{ NULL, NULL },
};

static int blk_probe(struct kit *k)
{
	long err = virtio_probe(&vdev, k->dev.regs, k->dev.size);

	if (err == -VIRTIO_E_LEGACY)
		printf("virtio_blk: virtio-mmio at 0x%lx: %s\n",
		       (unsigned long)k->dev.paddr, sys_strerror(err));
	return err || vdev.device_id != VIRTIO_ID_BLOCK;
}

/* The rings of each client: "<client>.wr" and "<client>.rd", both
 * carrying the client's id as their badge. */
static void blk_attach_clients(const struct sys_component_info *ci)
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

static int blk_start(struct kit *k)
{
	long err = virtio_negotiate(&vdev, 0, 1ull << VIRTIO_BLK_F_RO);

	if (!err)
		err = broker_alloc_dma(DMA_PAGES, &dma);
	if (!err)
		err = virtq_init(&vq, &vdev, 0, BLK_QUEUE_SIZE,
				 (uint8_t *)dma.vaddr + DMA_QUEUE,
				 dma.paddr + DMA_QUEUE, KAAL_PAGE_SIZE);
	if (err) {
		virtio_fail(&vdev);
		printf("virtio_blk: virtio-mmio at 0x%lx: %s\n",
		       (unsigned long)k->dev.paddr, sys_strerror(err));
		return 1;
	}
	capacity = virtio_config64(&vdev, VIRTIO_BLK_CFG_CAPACITY);
	read_only = vdev.features & (1ull << VIRTIO_BLK_F_RO);
	virtio_driver_ok(&vdev);
	blk_attach_clients(k->ci);
	printf("virtio_blk: virtio-mmio at 0x%lx irq %ld: %lu sectors "
	       "(%lu KiB)%s, DMA at 0x%lx\n",
	       (unsigned long)k->dev.paddr, (long)k->dev.irq,
	       (unsigned long)capacity, (unsigned long)(capacity / 2),
	       read_only ? ", read-only" : "", (unsigned long)dma.paddr);
	return 0;
}

/* Completions are taken where they are waited for (blk_wait); here the
 * interrupt is only acknowledged at the device. */
static void blk_irq(struct kit *k)
{
	(void)k;
	virtio_irq_ack(&vdev);
}

/* Wait for the chain at @head; the bytes the device wrote, or -E. */
static long blk_wait(struct kit *k, long head)
{
	for (;;) {
		uint32_t len;
		long id = virtq_used(&vq, &len);

		if (id == head)
			return len;
		if (id != -RING_E_EMPTY)
			return -SYS_E_STATE; /* broken (one chain in flight) */
		if (virtio_needs_reset(&vdev)) {
			vq.broken = true;
			return -SYS_E_STATE;
		}
		kaal_wait(k->ntfn);
		virtio_irq_ack(&vdev);
		kaal_irq_handler_ack(k->dev.irq_handler);
	}
}

/* One device request of @count sectors at @sector; data in DMA_DATA. */
static long blk_io(struct kit *k, uint32_t type, uint64_t sector,
		   unsigned int count)
{
	struct virtio_blk_req_hdr *hdr =
		(void *)((uint8_t *)dma.vaddr + DMA_HDR);
	volatile uint8_t *status = (uint8_t *)dma.vaddr + DMA_STATUS;
	uint32_t bytes = count * BLK_SECTOR_SIZE;
	struct virtq_buf b[3] = {
		{ dma.paddr + DMA_HDR, sizeof(*hdr), false },
		{ dma.paddr + DMA_DATA, bytes, type == VIRTIO_BLK_T_IN },
		{ dma.paddr + DMA_STATUS, 1, true },
	};
	long head, len;

	if (vq.broken)
		return -SYS_E_STATE;
	*hdr = (struct virtio_blk_req_hdr){ type, 0, sector };
	*status = 0xff; /* no status the device could write */
	head = virtq_submit(&vq, b, 3);
	if (head < 0)
		return -SYS_E_STATE;
	virtio_notify(&vq);
	len = blk_wait(k, head);
	if (len < 0)
		return len;
	/* A read writes the data and the status byte, a write the status. */
	if (len != (type == VIRTIO_BLK_T_IN ? bytes + 1 : 1) ||
	    *status != VIRTIO_BLK_S_OK)
		return -BLK_E_IO;
	return 0;
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
	if (sector >= capacity || count > capacity - sector)
		return -BLK_E_RANGE;
	return 0;
}

static long serve_read(struct kit *k, struct client *c, uint64_t sector,
		       unsigned int count)
{
	const uint8_t *data = (const uint8_t *)dma.vaddr + DMA_DATA;
	long err;

	if (c->rd.mask + 1 - ring_count(&c->rd) < count)
		return -SYS_E_NO_SPACE;
	err = blk_io(k, VIRTIO_BLK_T_IN, sector, count);
	for (unsigned int i = 0; !err && i < count; i++)
		if (ring_push(&c->rd, data + i * BLK_SECTOR_SIZE,
			      BLK_SECTOR_SIZE))
			err = -SYS_E_NO_SPACE; /* the client lied about tail */
	return err;
}

/* Take the request's @count slots, each exactly one sector. */
static long blk_take(struct client *c, unsigned int count)
{
	uint8_t *data = (uint8_t *)dma.vaddr + DMA_DATA;
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

static long blk_request(struct kit *k, const struct kit_request *rq,
			struct kit_reply *rp)
{
	struct client *c = blk_client(rq->badge);
	long err;

	if (!c)
		return -SYS_E_DENIED;
	if (rq->label == BLK_INFO) {
		rp->mr[0] = capacity;
		rp->mr[1] = BLK_SECTOR_SIZE;
		rp->mr[2] = read_only ? BLK_F_READ_ONLY : 0;
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

		if (!err && read_only)
			err = -SYS_E_DENIED;
		if (!err)
			err = taken;
		if (!err)
			err = blk_io(k, VIRTIO_BLK_T_OUT, rq->mr[0],
				     (unsigned int)rq->mr[1]);
	} else if (!err) {
		err = serve_read(k, c, rq->mr[0], (unsigned int)rq->mr[1]);
	}
	if (!err) {
		rp->mr[0] = rq->mr[1];
		rp->len = 1;
	}
	return err;
}

static const struct kit_driver blk_driver = {
	.name = "virtio_blk",
	.device = "block device",
	.match = blk_match,
	.probe = blk_probe,
	.server = "blk",
	.start = blk_start,
	.irq = blk_irq,
	.request = blk_request,
};

int main(void *x0)
{
	return kit_run(&blk_driver, sys_component_init(x0));
}
