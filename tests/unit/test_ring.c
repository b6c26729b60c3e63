// SPDX-License-Identifier: GPL-2.0-only
/*
 * user/lib/sys/ring.c: single-producer single-consumer rings in shared
 * memory. Producer and consumer attach separately to the same memory, as
 * two components do; the memory is malloc'd to its exact size, so ASan
 * reports any access past the last slot. The consumer must survive
 * anything a producer writes into the shared memory.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <libsys/ring.h>

#include "ktest.h"

#define SLOT 256

/* 64-byte aligned memory of exactly @size bytes (rounded up to 64, as
 * aligned_alloc wants), filled with garbage. */
static void *ring_mem(size_t size)
{
	void *p = aligned_alloc(64, (size + 63) & ~(size_t)63);

	memset(p, 0xa5, (size + 63) & ~(size_t)63);
	return p;
}

/* Format a 16 KiB ring of 256-byte slots (the ramfs geometry) and attach
 * a consumer; @prod is the formatting (producer) side. */
static void *new_ring(struct ring *prod, struct ring *cons)
{
	void *mem = ring_mem(16384);

	REQUIRE(CHECK_EQ_INT(RING_OK, ring_format(prod, mem, 16384, SLOT)));
	REQUIRE(CHECK_EQ_INT(RING_OK, ring_attach(cons, mem, 16384)));
	return mem;
}

TEST(format_geometry)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	struct ring_shared *s = mem;

	/* (16384 - 192) / 256 = 63 slots fit: rounded down to 32. */
	CHECK_EQ_UINT(RING_MAGIC, s->magic);
	CHECK_EQ_UINT(SLOT, s->slot_size);
	CHECK_EQ_UINT(32, s->nr_slots);
	CHECK_EQ_UINT(31, p.mask);
	CHECK_EQ_UINT(31, c.mask);
	CHECK_EQ_UINT(SLOT - RING_SLOT_HDR, ring_payload(&c));
	CHECK(ring_empty(&c));
	CHECK(!ring_full(&p));
	CHECK_EQ_UINT(0, ring_count(&p));
	free(mem);
}

TEST(format_rejects_bad_arguments)
{
	uint8_t *mem = ring_mem(4096 + 64);
	struct ring r;

	CHECK_EQ_INT(-RING_E_INVALID, ring_format(&r, NULL, 4096, SLOT));
	CHECK_EQ_INT(-RING_E_INVALID, ring_format(&r, mem + 8, 4096, SLOT));
	CHECK_EQ_INT(-RING_E_INVALID, ring_format(&r, mem, 4096, 12));
	CHECK_EQ_INT(-RING_E_INVALID, ring_format(&r, mem, 4096, 0));
	CHECK_EQ_INT(-RING_E_INVALID,
		     ring_format(&r, mem, RING_HEADER_SIZE, 8));
	CHECK_EQ_INT(-RING_E_INVALID, ring_format(&r, mem, 100, 8));
	/* Room for exactly one slot is a ring of one slot. */
	CHECK_EQ_INT(RING_OK,
		     ring_format(&r, mem, RING_HEADER_SIZE + SLOT, SLOT));
	CHECK_EQ_UINT(0, r.mask);
	free(mem);
}

TEST(attach_rejects_bad_header)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	struct ring_shared *s = mem;
	struct ring_shared good = *s;

	s->magic = 0x12345678;
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	*s = good;
	s->nr_slots = 48; /* not a power of two */
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	s->nr_slots = 64; /* more than fit */
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	s->nr_slots = 0;
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	*s = good;
	s->slot_size = 260; /* not a multiple of 8 */
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	s->slot_size = 4;
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	s->slot_size = 1u << 31; /* far more than the memory */
	s->nr_slots = 2;
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 16384));
	*s = good;
	/* The memory must hold what the header claims. */
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, mem, 8192));
	CHECK_EQ_INT(-RING_E_INVALID,
		     ring_attach(&c, (uint8_t *)mem + 64, 16320));
	CHECK_EQ_INT(-RING_E_INVALID, ring_attach(&c, NULL, 16384));
	CHECK_EQ_INT(RING_OK, ring_attach(&c, mem, 16384));
	free(mem);
}

TEST(push_pop_in_order)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	char buf[SLOT];

	CHECK_EQ_INT(-RING_E_EMPTY, ring_pop(&c, buf, sizeof(buf)));
	CHECK_EQ_INT(RING_OK, ring_push(&p, "one", 3));
	CHECK_EQ_INT(RING_OK, ring_push(&p, "", 0));
	CHECK_EQ_INT(RING_OK, ring_push(&p, "three", 5));
	CHECK_EQ_UINT(3, ring_count(&c));
	CHECK(!ring_empty(&c));

	memset(buf, 0, sizeof(buf));
	CHECK_EQ_INT(3, ring_pop(&c, buf, sizeof(buf)));
	CHECK_EQ_MEM("one", buf, 3);
	CHECK_EQ_INT(0, ring_pop(&c, buf, sizeof(buf)));
	CHECK_EQ_INT(5, ring_pop(&c, buf, sizeof(buf)));
	CHECK_EQ_MEM("three", buf, 5);
	CHECK_EQ_INT(-RING_E_EMPTY, ring_pop(&c, buf, sizeof(buf)));
	CHECK(ring_empty(&p));
	free(mem);
}

TEST(full_and_empty)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	uint32_t v;

	for (uint32_t i = 0; i < 32; i++)
		REQUIRE(CHECK_EQ_INT(RING_OK, ring_push(&p, &i, sizeof(i))));
	CHECK(ring_full(&p));
	CHECK(ring_full(&c));
	CHECK_EQ_UINT(32, ring_count(&p));
	CHECK_EQ_INT(-RING_E_FULL, ring_push(&p, &v, sizeof(v)));
	CHECK_NULL(ring_produce_begin(&p));
	CHECK_EQ_UINT(32, ring_count(&p)); /* the refusal changed nothing */

	/* One slot freed: one push fits, then full again. */
	CHECK_EQ_INT(4, ring_pop(&c, &v, sizeof(v)));
	CHECK_EQ_UINT(0, v);
	v = 32;
	CHECK_EQ_INT(RING_OK, ring_push(&p, &v, sizeof(v)));
	CHECK_EQ_INT(-RING_E_FULL, ring_push(&p, &v, sizeof(v)));
	for (uint32_t i = 1; i <= 32; i++) {
		CHECK_EQ_INT(4, ring_pop(&c, &v, sizeof(v)));
		CHECK_EQ_UINT(i, v);
	}
	CHECK(ring_empty(&c));
	CHECK_EQ_INT(-RING_E_EMPTY, ring_pop(&c, &v, sizeof(v)));
	free(mem);
}

TEST(too_big_push)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	static uint8_t big[SLOT];

	memset(big, 'x', sizeof(big));
	CHECK_EQ_INT(-RING_E_TOO_BIG,
		     ring_push(&p, big, SLOT - RING_SLOT_HDR + 1));
	CHECK_EQ_INT(-RING_E_TOO_BIG, ring_push(&p, big, 0xffffffffu));
	CHECK(ring_empty(&c));
	/* Exactly a slot's payload fits. */
	CHECK_EQ_INT(RING_OK, ring_push(&p, big, SLOT - RING_SLOT_HDR));
	CHECK_EQ_INT(SLOT - RING_SLOT_HDR, ring_pop(&c, big, sizeof(big)));
	free(mem);
}

TEST(pop_into_a_smaller_buffer)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	char *small = malloc(4); /* ASan: not a byte more */

	CHECK_EQ_INT(RING_OK, ring_push(&p, "truncated", 9));
	CHECK_EQ_INT(RING_OK, ring_push(&p, "next", 4));
	/* The slot's length is returned, the rest of the slot dropped. */
	CHECK_EQ_INT(9, ring_pop(&c, small, 4));
	CHECK_EQ_MEM("trun", small, 4);
	CHECK_EQ_INT(4, ring_pop(&c, small, 4));
	CHECK_EQ_MEM("next", small, 4);
	free(small);
	free(mem);
}

TEST(zero_copy)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	const char *q;
	uint32_t len = 99;
	char *w;

	CHECK_NULL(ring_consume_begin(&c, &len));
	w = ring_produce_begin(&p);
	REQUIRE(CHECK_NOT_NULL(w));
	memcpy(w, "in place", 8);
	/* Nothing is visible before the commit. */
	CHECK_NULL(ring_consume_begin(&c, &len));
	ring_produce_commit(&p, 8);
	q = ring_consume_begin(&c, &len);
	REQUIRE(CHECK_NOT_NULL(q));
	CHECK_EQ_UINT(8, len);
	CHECK_EQ_MEM("in place", q, 8);
	/* Until the commit the slot stays the consumer's. */
	CHECK_EQ_UINT(1, ring_count(&p));
	ring_consume_commit(&c);
	CHECK(ring_empty(&p));
	free(mem);
}

/* The indices run freely: 2^32 wraps to 0 between head and tail, and
 * head - tail still counts the full slots. */
TEST(index_wrap)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	struct ring_shared *s = mem;
	uint32_t v;

	s->head = s->tail = 0xfffffff0u;
	for (uint32_t i = 0; i < 32; i++)
		REQUIRE(CHECK_EQ_INT(RING_OK, ring_push(&p, &i, sizeof(i))));
	CHECK_EQ_UINT(0x10u, s->head); /* wrapped */
	CHECK_EQ_UINT(32, ring_count(&c));
	CHECK(ring_full(&p));
	CHECK_EQ_INT(-RING_E_FULL, ring_push(&p, &v, sizeof(v)));
	for (uint32_t i = 0; i < 32; i++) {
		CHECK_EQ_INT(4, ring_pop(&c, &v, sizeof(v)));
		CHECK_EQ_UINT(i, v);
	}
	CHECK_EQ_UINT(0x10u, s->tail);
	CHECK(ring_empty(&c));

	/* Round and round: many times through the whole index space's
	 * last stretch, one element in flight at a time. */
	s->head = s->tail = 0xffffff00u;
	for (uint32_t i = 0; i < 1024; i++) {
		REQUIRE(CHECK_EQ_INT(RING_OK, ring_push(&p, &i, sizeof(i))));
		REQUIRE(CHECK_EQ_INT(4, ring_pop(&c, &v, sizeof(v))));
		REQUIRE(CHECK_EQ_UINT(i, v));
	}
	free(mem);
}

/*
 * A producer is trusted with nothing: a slot claiming more bytes than a
 * slot holds is clamped to the payload, so the consumer never reads past
 * the slot (ASan would report it for the last slot of the ring).
 */
TEST(malicious_length_is_clamped)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	struct ring_shared *s = mem;
	uint8_t *out = malloc(SLOT - RING_SLOT_HDR);
	const uint32_t lies[] = { SLOT - RING_SLOT_HDR + 1, SLOT, 0x7fffffffu,
				  0xffffffffu };
	uint32_t len;

	for (unsigned int i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		/* The last slot of the memory, published behind the
		 * library's back. */
		uint8_t *slot = s->slots + 31 * SLOT;

		memcpy(slot, &lies[i], 4);
		memset(slot + 4, 'm', SLOT - 4);
		s->tail = 31;
		s->head = 32;
		REQUIRE(CHECK_NOT_NULL(ring_consume_begin(&c, &len)));
		CHECK_EQ_UINT(SLOT - RING_SLOT_HDR, len);
		CHECK_EQ_INT(SLOT - RING_SLOT_HDR,
			     ring_pop(&c, out, SLOT - RING_SLOT_HDR));
		CHECK_EQ_UINT('m', out[SLOT - RING_SLOT_HDR - 1]);
	}
	free(out);
	free(mem);
}

/* A producer that moves head far ahead (or behind) of tail: the consumer
 * still only touches slots inside the ring, masked by its own copy of
 * the geometry, which a later change of the header cannot affect. */
TEST(malicious_indices_stay_inside)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	struct ring_shared *s = mem;
	uint8_t buf[SLOT];
	uint32_t len;

	s->nr_slots = 1u << 30; /* after attach: ignored */
	s->slot_size = 1u << 20;
	s->head = s->tail + 0x80000000u;
	for (int i = 0; i < 64; i++) {
		const uint8_t *q = ring_consume_begin(&c, &len);

		REQUIRE(CHECK_NOT_NULL(q));
		CHECK(q >= s->slots && q + len <= s->slots + 32 * SLOT);
		CHECK(ring_pop(&c, buf, sizeof(buf)) >= 0);
	}
	free(mem);
}

/* A real producer thread and consumer thread: every value arrives once,
 * in order, with the contents it was pushed with. */
#define STREAM 200000

static void *producer(void *arg)
{
	struct ring *p = arg;
	uint32_t v[8];

	for (uint32_t i = 0; i < STREAM;) {
		for (int k = 0; k < 8; k++)
			v[k] = i * 8 + (uint32_t)k;
		if (ring_push(p, v, sizeof(v)) == RING_OK)
			i++;
		else
			sched_yield();
	}
	return NULL;
}

TEST(two_threads)
{
	struct ring p, c;
	void *mem = new_ring(&p, &c);
	pthread_t t;
	uint32_t v[8];
	int bad = 0;

	REQUIRE(CHECK_EQ_INT(0, pthread_create(&t, NULL, producer, &p)));
	for (uint32_t i = 0; i < STREAM;) {
		int n = ring_pop(&c, v, sizeof(v));

		if (n == -RING_E_EMPTY) {
			sched_yield();
			continue;
		}
		if (n != (int)sizeof(v))
			bad++;
		for (int k = 0; k < 8; k++)
			if (v[k] != i * 8 + (uint32_t)k)
				bad++;
		i++;
	}
	pthread_join(t, NULL);
	CHECK_EQ_INT(0, bad);
	CHECK(ring_empty(&c));
	free(mem);
}
