// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtio-blk driver component: a disk behind a virtio-mmio slot,
 * served as the block service of <libsys/blk.h> (Documentation/
 * user-drivers.rst, "virtio" and "The block service").
 *
 * The kit asks the broker for the virtio-mmio slot holding a block
 * device (virtio_id; a legacy device is reported, not driven). start()
 * negotiates virtio 1.x, sets up one queue and the request buffers in
 * DMA memory from the broker. Each client request becomes one
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
#include "serve.h"

#define BLK_QUEUE_SIZE 8 /* one request uses three descriptors */

/* DMA memory: the queue, then the header and status byte, then data. */
#define DMA_QUEUE  0
#define DMA_HDR	   KAAL_PAGE_SIZE
#define DMA_STATUS (KAAL_PAGE_SIZE + sizeof(struct virtio_blk_req_hdr))
#define DMA_DATA   (2 * KAAL_PAGE_SIZE)
#define DMA_PAGES  3

_Static_assert((BLK_MAX_SECTORS * BLK_SECTOR_SIZE) <= KAAL_PAGE_SIZE,
	       "a request's data fits the data page");
_Static_assert(BLK_SECTOR_SIZE == VIRTIO_BLK_SECTOR_SIZE, "5.2.4");

static struct virtio vdev;
static struct virtq vq;
static struct broker_dma dma;
static struct kit *kit; /* for blk_dev_io's waits */

static const struct kit_match blk_match[] = {
	{ "virtio,mmio", NULL },
	{ NULL, NULL },
};

static int blk_start(struct kit *k)
{
	long err = virtio_probe(&vdev, k->dev.regs, k->dev.size);

	if (!err && vdev.device_id != VIRTIO_ID_BLOCK)
		err = -VIRTIO_E_DEVICE; /* the slot changed under us */
	if (!err)
		err = virtio_negotiate(&vdev, 0, 1ull << VIRTIO_BLK_F_RO);
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
	kit = k;
	blk_disk.capacity = virtio_config64(&vdev, VIRTIO_BLK_CFG_CAPACITY);
	blk_disk.read_only = vdev.features & (1ull << VIRTIO_BLK_F_RO);
	blk_disk.data = (uint8_t *)dma.vaddr + DMA_DATA;
	virtio_driver_ok(&vdev);
	blk_serve_attach(k->ci);
	printf("virtio_blk: virtio-mmio at 0x%lx irq %ld: %lu sectors "
	       "(%lu KiB)%s, DMA at 0x%lx\n",
	       (unsigned long)k->dev.paddr, (long)k->dev.irq,
	       (unsigned long)blk_disk.capacity,
	       (unsigned long)(blk_disk.capacity / 2),
	       blk_disk.read_only ? ", read-only" : "",
	       (unsigned long)dma.paddr);
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
static long blk_wait(long head)
{
	struct kit *k = kit;

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

/* One device request of @count sectors at @sector; data in DMA_DATA
 * (blk_disk.data). */
long blk_dev_io(uint32_t type, uint64_t sector, unsigned int count)
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
	len = blk_wait(head);
	if (len < 0)
		return len;
	/* A read writes the data and the status byte, a write the status. */
	if (len != (type == VIRTIO_BLK_T_IN ? bytes + 1 : 1) ||
	    *status != VIRTIO_BLK_S_OK)
		return -BLK_E_IO;
	return 0;
}

static long blk_request(struct kit *k, const struct kit_request *rq,
			struct kit_reply *rp)
{
	(void)k;
	return blk_serve(rq, rp);
}

static const struct kit_driver blk_driver = {
	.name = "virtio_blk",
	.device = "block device",
	.match = blk_match,
	.virtio_id = VIRTIO_ID_BLOCK,
	.server = "blk",
	.start = blk_start,
	.irq = blk_irq,
	.request = blk_request,
};

int main(void *x0)
{
	return kit_run(&blk_driver, sys_component_init(x0));
}
