// SPDX-License-Identifier: GPL-2.0-only
/*
 * user/lib/driver/virtio.c: the virtio-mmio transport and split
 * virtqueues, against a device that is an array of registers and a test
 * that writes the used ring as a lying device would. The queue memory is
 * malloc'd to its exact size, so ASan reports any access outside it.
 */
#include <stdlib.h>
#include <string.h>

#include <libdriver/virtio.h>

#include "ktest.h"

#define QSIZE 8
#define QMEM  4096
#define PADDR 0x44000000ull

static uint32_t regs[0x200 / 4];

static void reg_set(unsigned int off, uint32_t v)
{
	regs[off / 4] = v;
}

static uint32_t reg(unsigned int off)
{
	return regs[off / 4];
}

/* A modern block device offering VERSION_1 (the feature register reads
 * the same word whatever the selector: bit 0 of each half). */
static void fake_device(void)
{
	memset(regs, 0, sizeof(regs));
	reg_set(VIRTIO_MMIO_MAGIC_VALUE, VIRTIO_MMIO_MAGIC);
	reg_set(VIRTIO_MMIO_VERSION, 2);
	reg_set(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_BLOCK);
	reg_set(VIRTIO_MMIO_DEVICE_FEATURES, 1);
	reg_set(VIRTIO_MMIO_QUEUE_NUM_MAX, 128);
}

struct setup {
	struct virtio v;
	struct virtq q;
	void *mem;
};

static void setup(struct setup *s)
{
	fake_device();
	s->mem = aligned_alloc(16, QMEM);
	memset(s->mem, 0, QMEM);
	REQUIRE(CHECK_EQ_INT(0,
			     virtio_probe(&s->v, (void *)regs, sizeof(regs))));
	REQUIRE(CHECK_EQ_INT(0, virtio_negotiate(&s->v, 0, 0)));
	REQUIRE(CHECK_EQ_INT(0, virtq_init(&s->q, &s->v, 0, QSIZE, s->mem,
					   PADDR, QMEM)));
}

/* A read-like chain: 16 bytes out, 512 + 1 in; its head id. */
static long submit3(struct virtq *q)
{
	struct virtq_buf b[3] = {
		{ PADDR + 0x1000, 16, false },
		{ PADDR + 0x2000, 512, true },
		{ PADDR + 0x1010, 1, true },
	};

	return virtq_submit(q, b, 3);
}

/* The device's answer: used entry @slot, then used->idx = @idx. */
static void device_uses(struct virtq *q, uint16_t slot, uint32_t id,
			uint32_t len, uint16_t idx)
{
	q->used->ring[slot % q->size].id = id;
	q->used->ring[slot % q->size].len = len;
	q->used->idx = idx;
}

TEST(probe)
{
	struct virtio v;

	fake_device();
	CHECK_EQ_INT(0, virtio_probe(&v, (void *)regs, sizeof(regs)));
	CHECK_EQ_UINT(VIRTIO_ID_BLOCK, v.device_id);
	/* An empty slot: no device, whatever its version. */
	reg_set(VIRTIO_MMIO_DEVICE_ID, 0);
	reg_set(VIRTIO_MMIO_VERSION, 1);
	CHECK_EQ_INT(0, virtio_probe(&v, (void *)regs, sizeof(regs)));
	CHECK_EQ_UINT(0, v.device_id);
	reg_set(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_BLOCK);
	CHECK_EQ_INT(-VIRTIO_E_LEGACY,
		     virtio_probe(&v, (void *)regs, sizeof(regs)));
	reg_set(VIRTIO_MMIO_MAGIC_VALUE, 0x12345678);
	CHECK_EQ_INT(-VIRTIO_E_NOT_VIRTIO,
		     virtio_probe(&v, (void *)regs, sizeof(regs)));
	fake_device();
	CHECK_EQ_INT(-VIRTIO_E_NOT_VIRTIO, virtio_probe(&v, (void *)regs, 16));
}

TEST(negotiate)
{
	struct virtio v;

	fake_device();
	CHECK_EQ_INT(0, virtio_probe(&v, (void *)regs, sizeof(regs)));
	CHECK_EQ_INT(0, virtio_negotiate(&v, 0, 1ull << 5));
	CHECK_EQ_UINT(1ull << VIRTIO_F_VERSION_1, v.features);
	/* The low half is written last: bit 0 there was offered but never
	 * asked for. */
	CHECK_EQ_UINT(0, reg(VIRTIO_MMIO_DRIVER_FEATURES));
	CHECK_EQ_UINT(0, reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL));
	CHECK_EQ_UINT(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			      VIRTIO_STATUS_FEATURES_OK,
		      reg(VIRTIO_MMIO_STATUS));
	/* A required feature the device does not offer. */
	CHECK_EQ_INT(-VIRTIO_E_FEATURES, virtio_negotiate(&v, 1ull << 5, 0));
	CHECK(reg(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FAILED);
	/* No VERSION_1: a legacy-only device. */
	reg_set(VIRTIO_MMIO_DEVICE_FEATURES, 0);
	CHECK_EQ_INT(-VIRTIO_E_FEATURES, virtio_negotiate(&v, 0, 0));
}

TEST(queue_init)
{
	struct setup s;
	struct virtq q2;

	setup(&s);
	CHECK_EQ_UINT(QSIZE, reg(VIRTIO_MMIO_QUEUE_NUM));
	CHECK_EQ_UINT(1, reg(VIRTIO_MMIO_QUEUE_READY));
	CHECK_EQ_UINT((uint32_t)PADDR, reg(VIRTIO_MMIO_QUEUE_DESC_LOW));
	CHECK_EQ_UINT(PADDR + ((uint8_t *)s.q.avail - (uint8_t *)s.mem),
		      reg(VIRTIO_MMIO_QUEUE_DRIVER_LOW));
	CHECK_EQ_UINT(0, ((uint8_t *)s.q.used - (uint8_t *)s.mem) % 4);
	/* A queue already live, a size not a power of two, too little
	 * memory, a device offering fewer descriptors. */
	CHECK_EQ_INT(-VIRTIO_E_QUEUE,
		     virtq_init(&q2, &s.v, 0, QSIZE, s.mem, PADDR, QMEM));
	reg_set(VIRTIO_MMIO_QUEUE_READY, 0);
	CHECK_EQ_INT(-VIRTIO_E_QUEUE,
		     virtq_init(&q2, &s.v, 1, 6, s.mem, PADDR, QMEM));
	CHECK_EQ_INT(-VIRTIO_E_QUEUE,
		     virtq_init(&q2, &s.v, 1, QSIZE, s.mem, PADDR, 64));
	reg_set(VIRTIO_MMIO_QUEUE_NUM_MAX, 4);
	CHECK_EQ_INT(0, virtq_init(&q2, &s.v, 1, QSIZE, s.mem, PADDR, QMEM));
	CHECK_EQ_UINT(4, q2.size);
	free(s.mem);
}

TEST(submit_and_use)
{
	struct setup s;
	uint32_t len = 0;
	long head;

	setup(&s);
	CHECK_EQ_INT(-RING_E_EMPTY, virtq_used(&s.q, &len));
	head = submit3(&s.q);
	REQUIRE(CHECK(head >= 0 && head < QSIZE));
	/* The chain: flags, links, addresses; published in avail. */
	CHECK_EQ_UINT(1, s.q.avail->idx);
	CHECK_EQ_UINT(head, s.q.avail->ring[0]);
	{
		struct virtq_desc *d = &s.q.desc[head];

		CHECK_EQ_UINT(VIRTQ_DESC_F_NEXT, d->flags);
		CHECK_EQ_UINT(16, d->len);
		d = &s.q.desc[d->next];
		CHECK_EQ_UINT(VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, d->flags);
		CHECK_EQ_UINT(PADDR + 0x2000, d->addr);
		d = &s.q.desc[d->next];
		CHECK_EQ_UINT(VIRTQ_DESC_F_WRITE, d->flags);
	}
	CHECK_EQ_UINT(QSIZE - 3, s.q.nr_free);
	device_uses(&s.q, 0, (uint32_t)head, 513, 1);
	CHECK_EQ_INT(head, virtq_used(&s.q, &len));
	CHECK_EQ_UINT(513, len);
	CHECK_EQ_UINT(QSIZE, s.q.nr_free);
	CHECK_EQ_INT(-RING_E_EMPTY, virtq_used(&s.q, &len));
	/* Round and round: the free list survives many chains. */
	for (int i = 1; i < 100; i++) {
		head = submit3(&s.q);
		REQUIRE(CHECK(head >= 0));
		device_uses(&s.q, (uint16_t)i, (uint32_t)head, 1,
			    (uint16_t)(i + 1));
		CHECK_EQ_INT(head, virtq_used(&s.q, &len));
	}
	/* More than there is room for, or nothing at all. */
	CHECK(submit3(&s.q) >= 0);
	CHECK(submit3(&s.q) >= 0);
	CHECK_EQ_INT(-VIRTIO_E_QUEUE, submit3(&s.q));
	CHECK_EQ_INT(-VIRTIO_E_QUEUE, virtq_submit(&s.q, NULL, 0));
	free(s.mem);
}

/* Each lie breaks the queue, for good. */
static void check_broken(struct setup *s)
{
	uint32_t len = 0;

	CHECK_EQ_INT(-VIRTIO_E_DEVICE, virtq_used(&s->q, &len));
	CHECK(s->q.broken);
	CHECK_EQ_INT(-VIRTIO_E_DEVICE, submit3(&s->q));
	CHECK_EQ_INT(-VIRTIO_E_DEVICE, virtq_used(&s->q, &len));
	free(s->mem);
}

TEST(device_lies_about_the_index)
{
	struct setup s;
	long head;

	setup(&s);
	head = submit3(&s.q);
	device_uses(&s.q, 0, (uint32_t)head, 1, 2); /* one in flight */
	check_broken(&s);
}

TEST(device_lies_about_the_id)
{
	struct setup s;

	setup(&s);
	submit3(&s.q);
	device_uses(&s.q, 0, QSIZE, 1, 1); /* past the table */
	check_broken(&s);
}

TEST(device_returns_a_descriptor_not_in_flight)
{
	struct setup s;
	long head;

	setup(&s);
	head = submit3(&s.q);
	/* The chain's second descriptor is no head; the next is free. */
	device_uses(&s.q, 0, s.q.desc[head].next, 1, 1);
	check_broken(&s);
}

TEST(device_returns_a_chain_twice)
{
	struct setup s;
	uint32_t len;
	long head;

	setup(&s);
	head = submit3(&s.q);
	submit3(&s.q);
	device_uses(&s.q, 0, (uint32_t)head, 1, 1);
	CHECK_EQ_INT(head, virtq_used(&s.q, &len));
	device_uses(&s.q, 1, (uint32_t)head, 1, 2);
	check_broken(&s);
}

TEST(device_wrote_more_than_the_chain_holds)
{
	struct setup s;
	long head;

	setup(&s);
	head = submit3(&s.q);
	device_uses(&s.q, 0, (uint32_t)head, 514, 1);
	check_broken(&s);
}

TEST(irq_ack_and_config)
{
	struct virtio v;

	fake_device();
	virtio_probe(&v, (void *)regs, sizeof(regs));
	reg_set(VIRTIO_MMIO_INTERRUPT_STATUS, VIRTIO_MMIO_INT_VRING);
	CHECK_EQ_UINT(VIRTIO_MMIO_INT_VRING, virtio_irq_ack(&v));
	CHECK_EQ_UINT(VIRTIO_MMIO_INT_VRING, reg(VIRTIO_MMIO_INTERRUPT_ACK));
	reg_set(VIRTIO_MMIO_CONFIG, 0x800);
	reg_set(VIRTIO_MMIO_CONFIG + 4, 1);
	CHECK_EQ_UINT(0x100000800ull, virtio_config64(&v, 0));
	CHECK_EQ_UINT(1, virtio_config32(&v, 4));
}
