/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-mmio transport of the driver kit, and split virtqueues
 * (Documentation/user-drivers.rst, "virtio"): virtio 1.x only, the
 * version 2 register layout of <hw/virtio-mmio.h>.
 *
 * A driver claims a "virtio,mmio" node through the kit (whose probe()
 * calls virtio_probe() to see which device sits in the slot), then
 *
 *   virtio_negotiate()      reset, ACKNOWLEDGE, DRIVER, features,
 *                           FEATURES_OK read back
 *   virtq_init()            each queue, in DMA memory from the broker
 *   virtio_driver_ok()      the device is live
 *   virtq_submit(), virtio_notify()       hand it buffers
 *   virtio_irq_ack(), virtq_used()        take them back
 *
 * Nothing the device writes is trusted: virtq_used() checks the used
 * index against what was made available and every id and length
 * against the chains in flight, and a queue that saw an impossible
 * value is broken for good (-VIRTIO_E_DEVICE from then on), so that a
 * device writing garbage cannot make the driver touch a buffer twice or
 * read outside one.
 */
#ifndef LIBDRIVER_VIRTIO_H
#define LIBDRIVER_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hw/virtio-mmio.h>
#include <libsys/error.h>

#define VIRTQ_MAX_SIZE 256 /* descriptors per queue this library keeps */

struct virtio {
	volatile uint8_t *regs; /* the slot's register block */
	uint32_t device_id;	/* VIRTIO_ID_*; 0: an empty slot */
	uint64_t features;	/* negotiated */
	uint8_t status;		/* what we last wrote to Status */
};

struct virtq {
	struct virtio *dev;
	unsigned int index; /* the device's queue number */
	uint16_t size;	    /* descriptors, a power of two */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t avail_idx; /* our copy of avail->idx */
	uint16_t last_used; /* the next used entry to take */
	uint16_t free_head, nr_free;
	bool broken; /* the device wrote something impossible */
	/* Our own view of the descriptors, never read back from shared
	 * memory: the free list and chain links, and per chain head the
	 * number of descriptors (0: not in flight) and the bytes the device
	 * may write. */
	uint16_t next[VIRTQ_MAX_SIZE];
	uint16_t chain_len[VIRTQ_MAX_SIZE];
	uint32_t chain_in[VIRTQ_MAX_SIZE];
};

/* One buffer of a chain: physical address, length, and whether the
 * device writes it (else reads it). */
struct virtq_buf {
	uint64_t paddr;
	uint32_t len;
	bool device_writes;
};

/*
 * Look at the registers of a virtio-mmio slot of @size bytes: 0 with
 * v->device_id set (0 for an empty slot), -VIRTIO_E_NOT_VIRTIO (no
 * magic, or too small a block), -VIRTIO_E_LEGACY (version 1).
 */
long virtio_probe(struct virtio *v, volatile uint8_t *regs, uint64_t size);

/*
 * Reset the device and agree on features: VIRTIO_F_VERSION_1 and every
 * bit of @required must be offered, bits of @optional are taken when
 * offered; FEATURES_OK must read back. 0 or -VIRTIO_E_FEATURES (the
 * device is then marked FAILED).
 */
long virtio_negotiate(struct virtio *v, uint64_t required, uint64_t optional);

/*
 * Set queue @index up in [mem, mem + bytes), physical address @paddr
 * (DMA memory, 16-byte aligned): at most @size descriptors (a power of
 * two, at most VIRTQ_MAX_SIZE), fewer when the device offers fewer.
 * 0 or -VIRTIO_E_QUEUE.
 */
long virtq_init(struct virtq *q, struct virtio *v, unsigned int index,
		unsigned int size, void *mem, uint64_t paddr, size_t bytes);

/* All queues are set up: DRIVER_OK. */
void virtio_driver_ok(struct virtio *v);

/* Give up on the device: FAILED (2.1). */
void virtio_fail(struct virtio *v);

/* True when the device asks for a reset (DEVICE_NEEDS_RESET). */
bool virtio_needs_reset(const struct virtio *v);

/* Read and acknowledge the interrupt status (VIRTIO_MMIO_INT_* bits). */
uint32_t virtio_irq_ack(struct virtio *v);

/* Device configuration at @offset, read consistently (2.4.1). */
uint32_t virtio_config32(struct virtio *v, unsigned int offset);
uint64_t virtio_config64(struct virtio *v, unsigned int offset);

/*
 * Make a chain of the @n buffers available (those the device reads
 * first, 2.6.4.2). Returns its head id (>= 0), or -VIRTIO_E_QUEUE (not
 * enough free descriptors, or n is 0), -VIRTIO_E_DEVICE (broken).
 */
long virtq_submit(struct virtq *q, const struct virtq_buf *b, unsigned int n);

/* Tell the device about what virtq_submit made available, unless it
 * said it needs no notification. */
void virtio_notify(struct virtq *q);

/*
 * The next chain the device has used: its head id (as virtq_submit
 * returned it) with *@len the bytes the device wrote; its descriptors
 * are free again. -RING_E_EMPTY when there is none, -VIRTIO_E_DEVICE
 * when the device wrote an impossible used index, id or length (the
 * queue is broken from then on).
 */
long virtq_used(struct virtq *q, uint32_t *len);

#endif /* LIBDRIVER_VIRTIO_H */
