// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtio-mmio transport and split virtqueues (libdriver/virtio.h).
 * Section numbers are those of Virtual I/O Device (VIRTIO) Version 1.1.
 *
 * Memory ordering. The rings live in Normal cacheable memory that the
 * device (QEMU, on another host thread; on hardware, a coherent DMA
 * master) reads and writes as another observer in the outer shareable
 * domain, so the barriers are DMB OSH variants, as for any coherent
 * DMA:
 *   - before publishing avail->idx, the descriptors and the ring entry
 *     must be visible (2.6.13.3): DMB OSHST;
 *   - before reading used->flags to decide whether to notify, and before
 *     the notify write to the (Device memory) register, avail->idx must
 *     be visible (2.6.13.4): DMB OSH;
 *   - after reading used->idx and before reading the entries it covers
 *     (2.6.14): DMB OSHLD.
 */
#include <hw/virtio-mmio.h>
#include <libdriver/virtio.h>

#define VIRTIO_RESET_SPINS  1000000
#define VIRTIO_CONFIG_TRIES 16

#ifdef __aarch64__
static inline void virtio_wmb(void)
{
	__asm__ volatile("dmb oshst" ::: "memory");
}

static inline void virtio_rmb(void)
{
	__asm__ volatile("dmb oshld" ::: "memory");
}

static inline void virtio_mb(void)
{
	__asm__ volatile("dmb osh" ::: "memory");
}
#else /* the host unit tests (tests/unit/test_virtio.c) */
static inline void virtio_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void virtio_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void virtio_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#endif

static uint32_t rd(const struct virtio *v, unsigned int off)
{
	return *(volatile const uint32_t *)(v->regs + off);
}

static void wr(struct virtio *v, unsigned int off, uint32_t val)
{
	*(volatile uint32_t *)(v->regs + off) = val;
}

long virtio_probe(struct virtio *v, volatile uint8_t *regs, uint64_t size)
{
	v->regs = regs;
	v->device_id = 0;
	v->features = 0;
	v->status = 0;
	if (size < VIRTIO_MMIO_CONFIG ||
	    rd(v, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC)
		return -VIRTIO_E_NOT_VIRTIO;
	v->device_id = rd(v, VIRTIO_MMIO_DEVICE_ID);
	if (v->device_id && rd(v, VIRTIO_MMIO_VERSION) != 2)
		return -VIRTIO_E_LEGACY;
	return 0;
}

static void virtio_status(struct virtio *v, uint8_t bits)
{
	v->status |= bits;
	wr(v, VIRTIO_MMIO_STATUS, v->status);
}

void virtio_fail(struct virtio *v)
{
	virtio_status(v, VIRTIO_STATUS_FAILED);
}

bool virtio_needs_reset(const struct virtio *v)
{
	return rd(v, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
}

static uint64_t virtio_device_features(struct virtio *v)
{
	uint64_t f;

	wr(v, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rd(v, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(v, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(v, VIRTIO_MMIO_DEVICE_FEATURES);
}

/* 3.1.1 Driver Requirements: Device Initialization, steps 1 to 6. */
long virtio_negotiate(struct virtio *v, uint64_t required, uint64_t optional)
{
	uint64_t offered;
	int spins = VIRTIO_RESET_SPINS;

	v->status = 0;
	wr(v, VIRTIO_MMIO_STATUS, 0); /* reset (4.2.3.1) */
	while (rd(v, VIRTIO_MMIO_STATUS) && --spins)
		;
	if (!spins)
		return -VIRTIO_E_DEVICE;
	virtio_status(v, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_status(v, VIRTIO_STATUS_DRIVER);
	required |= 1ull << VIRTIO_F_VERSION_1;
	offered = virtio_device_features(v);
	if ((offered & required) != required) {
		virtio_fail(v);
		return -VIRTIO_E_FEATURES;
	}
	v->features = offered & (required | optional);
	wr(v, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(v, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(v->features >> 32));
	wr(v, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(v, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)v->features);
	virtio_status(v, VIRTIO_STATUS_FEATURES_OK);
	/* The device may refuse the subset: FEATURES_OK must stick. */
	if (!(rd(v, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_fail(v);
		return -VIRTIO_E_FEATURES;
	}
	return 0;
}

static size_t align_up(size_t x, size_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Where the three parts go in the queue's memory (2.6, alignments). */
static size_t virtq_layout(unsigned int n, size_t *avail, size_t *used)
{
	*avail = align_up(sizeof(struct virtq_desc) * n, VIRTQ_AVAIL_ALIGN);
	*used = align_up(*avail + sizeof(struct virtq_avail) +
				 sizeof(uint16_t) * (n + 1),
			 VIRTQ_USED_ALIGN);
	return *used + sizeof(struct virtq_used) +
	       sizeof(struct virtq_used_elem) * n + sizeof(uint16_t);
}

static void virtq_wr64(struct virtio *v, unsigned int low, uint64_t val)
{
	wr(v, low, (uint32_t)val);
	wr(v, low + 4, (uint32_t)(val >> 32));
}

/* 4.2.3.2 Virtqueue Configuration. */
long virtq_init(struct virtq *q, struct virtio *v, unsigned int index,
		unsigned int size, void *mem, uint64_t paddr, size_t bytes)
{
	size_t avail, used;
	uint32_t max;

	wr(v, VIRTIO_MMIO_QUEUE_SEL, index);
	if (rd(v, VIRTIO_MMIO_QUEUE_READY))
		return -VIRTIO_E_QUEUE;
	max = rd(v, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max || !size || size > VIRTQ_MAX_SIZE || (size & (size - 1)) ||
	    (paddr & (VIRTQ_DESC_ALIGN - 1)))
		return -VIRTIO_E_QUEUE;
	while (size > max)
		size /= 2;
	if (virtq_layout(size, &avail, &used) > bytes)
		return -VIRTIO_E_QUEUE;
	*q = (struct virtq){ .dev = v, .index = index, .size = (uint16_t)size };
	q->desc = mem;
	q->avail = (struct virtq_avail *)((uint8_t *)mem + avail);
	q->used = (struct virtq_used *)((uint8_t *)mem + used);
	for (unsigned int i = 0; i < size; i++)
		q->next[i] = (uint16_t)(i + 1);
	q->nr_free = (uint16_t)size;
	q->avail->flags = 0;
	q->avail->idx = 0;
	wr(v, VIRTIO_MMIO_QUEUE_NUM, size);
	virtq_wr64(v, VIRTIO_MMIO_QUEUE_DESC_LOW, paddr);
	virtq_wr64(v, VIRTIO_MMIO_QUEUE_DRIVER_LOW, paddr + avail);
	virtq_wr64(v, VIRTIO_MMIO_QUEUE_DEVICE_LOW, paddr + used);
	virtio_mb(); /* the zeroed rings before the device may look */
	wr(v, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void virtio_driver_ok(struct virtio *v)
{
	virtio_status(v, VIRTIO_STATUS_DRIVER_OK);
}

uint32_t virtio_irq_ack(struct virtio *v)
{
	uint32_t status = rd(v, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (status)
		wr(v, VIRTIO_MMIO_INTERRUPT_ACK, status);
	return status;
}

/* 2.4.1: read until the generation is the same before and after. */
static void virtio_config_read(struct virtio *v, unsigned int offset,
			       uint32_t *w, unsigned int words)
{
	for (int tries = 0; tries < VIRTIO_CONFIG_TRIES; tries++) {
		uint32_t gen = rd(v, VIRTIO_MMIO_CONFIG_GENERATION);

		for (unsigned int i = 0; i < words; i++)
			w[i] = rd(v, VIRTIO_MMIO_CONFIG + offset + 4 * i);
		if (rd(v, VIRTIO_MMIO_CONFIG_GENERATION) == gen)
			return;
	}
}

uint32_t virtio_config32(struct virtio *v, unsigned int offset)
{
	uint32_t w = 0;

	virtio_config_read(v, offset, &w, 1);
	return w;
}

uint64_t virtio_config64(struct virtio *v, unsigned int offset)
{
	uint32_t w[2] = { 0, 0 };

	virtio_config_read(v, offset, w, 2);
	return w[0] | (uint64_t)w[1] << 32;
}

/* 2.6.13 Supplying Buffers to The Device. */
long virtq_submit(struct virtq *q, const struct virtq_buf *b, unsigned int n)
{
	uint16_t head = q->free_head, d = head;
	uint32_t in = 0;

	if (q->broken)
		return -VIRTIO_E_DEVICE;
	if (!n || n > q->nr_free)
		return -VIRTIO_E_QUEUE;
	for (unsigned int i = 0; i < n; i++) {
		struct virtq_desc *desc = &q->desc[d];

		desc->addr = b[i].paddr;
		desc->len = b[i].len;
		desc->flags = (b[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
			      (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		desc->next = i + 1 < n ? q->next[d] : 0;
		if (b[i].device_writes)
			in += b[i].len;
		if (i + 1 < n)
			d = q->next[d];
	}
	q->free_head = q->next[d];
	q->nr_free = (uint16_t)(q->nr_free - n);
	q->chain_len[head] = (uint16_t)n;
	q->chain_in[head] = in;
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	virtio_wmb(); /* 2.6.13.3: the chain before the index */
	q->avail_idx++;
	*(volatile uint16_t *)&q->avail->idx = q->avail_idx;
	return head;
}

#define VIRTQ_USED_F_NO_NOTIFY 1u

/* 2.6.13.4 Notifying The Device. */
void virtio_notify(struct virtq *q)
{
	virtio_mb(); /* avail->idx before the flags and the register */
	if (!(*(volatile uint16_t *)&q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		wr(q->dev, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

/* Put the chain at @head back on the free list, by our own links. */
static void virtq_free(struct virtq *q, uint16_t head)
{
	uint16_t last = head;

	for (unsigned int i = 1; i < q->chain_len[head]; i++)
		last = q->next[last];
	q->next[last] = q->free_head;
	q->free_head = head;
	q->nr_free = (uint16_t)(q->nr_free + q->chain_len[head]);
	q->chain_len[head] = 0;
}

static long virtq_broken(struct virtq *q)
{
	q->broken = true;
	return -VIRTIO_E_DEVICE;
}

/* 2.6.14 Receiving Used Buffers From The Device, trusting nothing. */
long virtq_used(struct virtq *q, uint32_t *len)
{
	uint16_t idx, in_flight;
	struct virtq_used_elem e;

	if (q->broken)
		return -VIRTIO_E_DEVICE;
	idx = *(volatile uint16_t *)&q->used->idx;
	if (idx == q->last_used)
		return -RING_E_EMPTY;
	/* The device cannot have used more than we made available. */
	in_flight = (uint16_t)(q->avail_idx - q->last_used);
	if ((uint16_t)(idx - q->last_used) > in_flight)
		return virtq_broken(q);
	virtio_rmb(); /* the entries after the index that covers them */
	e = *(volatile struct virtq_used_elem *)&q->used
		     ->ring[q->last_used & (q->size - 1)];
	if (e.id >= q->size || !q->chain_len[e.id] || e.len > q->chain_in[e.id])
		return virtq_broken(q);
	q->last_used++;
	virtq_free(q, (uint16_t)e.id);
	*len = e.len;
	return (long)e.id;
}
