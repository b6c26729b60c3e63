// SPDX-License-Identifier: BSD-2-Clause
/*
 * Bulk data through a shared-memory ring (<libsys/ring.h>), set up as the
 * component system sets up a channel (Documentation/components.rst,
 * "Shared-memory rings"): the ring's pages mapped in two address spaces,
 * a notification for each side, the producer in the second address space
 * and the consumer a thread of the root task, both at priority 100.
 *
 *   ring_256    one ring-full, 128 slots of 256 bytes (252 of data each,
 *               32256 bytes), from the producer's buffer into the
 *               consumer's with ring_push and ring_pop, and checksummed
 *               there
 *   ring_4096   the same with 8 slots of 4 KiB (4092 bytes of data each,
 *               32736 bytes)
 *   ring_copy   the ring_256 bytes copied by one memcpy and checksummed
 *               the same way, by the root task alone: the least that
 *               moving them costs
 *
 * The ring is 16 pages, the largest channel a manifest may declare
 * (user/components/system_init/build.c); ring_format rounds the slots
 * down to a power of two.
 *
 * A sample is the difference of two consecutive stamps of the consumer,
 * each taken once a block (one ring-full) has arrived and its checksum
 * matched: everything both threads and the kernel executed in between.
 * The producer fills the ring and waits; the consumer, woken by the
 * first slot, drains it and waits; so each sample holds one fill, one
 * drain and the two wake-ups, and bytes / median is the throughput.
 *
 * The data can only pass if the ring works: block i is the source buffer
 * from byte 8 * (i % RING_SHIFTS) on, so a slot read early, late, twice
 * or from the wrong place carries other bytes than expected, and
 * the checksum is order-sensitive. A wrong block fails the benchmark.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/vspace.h>
#include <libsys/ring.h>
#include "bench.h"

#define RING_PAGES	 16
#define RING_BYTES	 (RING_PAGES * KAAL_PAGE_SIZE)
#define RING_SPACE_VADDR 0x30000000ul /* the producer's mapping */
#define RING_SHIFTS	 16	      /* distinct source offsets */

/* The source, read by the producer through the second address space's
 * read-only mapping of the program's image, and the consumer's buffer. A
 * block is at most the ring's size less its header. */
static uint64_t src[RING_BYTES / 8 + RING_SHIFTS];
static uint64_t dst[RING_BYTES / 8];
static uint64_t expect[RING_SHIFTS]; /* checksum of each source offset */

static void *ring_mem;			 /* the ring in the root task's space */
static kaal_cptr_t prod_ntfn, cons_ntfn; /* in the root task's CSpace */
static volatile unsigned int ring_bad;	 /* first wrong block + 1 */

/* FNV-1a over 64-bit words: each word changes what the next one does, so
 * reordered or repeated data changes the sum. Not inlined: the consumer
 * and ring_copy then run the same loop (5 instructions a word), which
 * the compiler would otherwise schedule differently in each. */
static __attribute__((noinline)) uint64_t checksum(const uint64_t *w,
						   size_t words)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < words; i++)
		h = (h ^ w[i]) * 0x100000001b3ull;
	return h;
}

static const uint64_t *block_source(unsigned int i)
{
	return src + i % RING_SHIFTS;
}

/*
 * After publishing its own index, each side reads the other's to decide
 * whether to signal: a store then a load, the store-buffering case of
 * Dekker's algorithm. Without a full fence between them both sides could
 * read the other's old index, the producer see a ring that still holds
 * slots (so no signal) while the consumer sees it empty and waits: a lost
 * wake-up. ring.c's stlr followed by ldar happens to be ordered on
 * AArch64, but C11 only promises it with a sequentially consistent fence
 * (dmb ish, one instruction per slot).
 *
 * Waiting needs no flag to arm: a notification keeps a signal until it
 * is waited for, so a signal sent between a side's check and its wait
 * makes the wait return at once, and the side checks the ring again.
 */
static inline void full_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Producer: one slot, waiting while the ring is full; the consumer is
 * signalled when the slot is the only one in the ring (it may be waiting,
 * or about to). */
static void ring_send(struct ring *r, const void *data, uint32_t len)
{
	int err;

	while ((err = ring_push(r, data, len)) == -RING_E_FULL)
		bench_check(1, kaal_wait(SPACE_SLOT_RING_WAIT).error);
	if (err)
		bench_check(1, KAAL_E_INVALID_ARG);
	full_fence();
	if (ring_count(r) == 1)
		bench_check(1, kaal_signal(SPACE_SLOT_RING_SIGNAL));
}

/*
 * The producer, in the second address space: BENCH_RUNS blocks, each as
 * many full slots as the ring has. It never returns (the root task
 * suspends it). If it cannot attach, it records that and wakes the
 * consumer, which gives up.
 */
static void ring_producer(kaal_word_t arg)
{
	struct ring r;

	(void)arg;
	if (ring_attach(&r, (void *)RING_SPACE_VADDR, RING_BYTES)) {
		bench_check(1, KAAL_E_INVALID_ARG);
		kaal_signal(SPACE_SLOT_RING_SIGNAL);
	} else {
		uint32_t payload = ring_payload(&r);

		for (unsigned int i = 0; i < BENCH_RUNS; i++) {
			const uint8_t *p = (const uint8_t *)block_source(i);

			for (uint32_t j = 0; j <= r.mask; j++, p += payload)
				ring_send(&r, p, payload);
		}
	}
	for (;;)
		kaal_wait(SPACE_SLOT_RING_WAIT);
}

/* Consumer: one slot of at most len bytes, waiting while the ring is
 * empty; the producer is signalled when this slot was the first freed in
 * a full ring. Returns the slot's length, or -1 if the producer failed. */
static int ring_receive(struct ring *r, void *buf, uint32_t len)
{
	int n;

	while ((n = ring_pop(r, buf, len)) == -RING_E_EMPTY) {
		bench_check(0, kaal_wait(cons_ntfn).error);
		if (shared->err[1])
			return -1;
	}
	full_fence();
	if (ring_count(r) == r->mask)
		bench_check(0, kaal_signal(prod_ntfn));
	return n;
}

/* The consumer, a thread of the root task: series 0, a stamp before the
 * first block and one after each. */
static void ring_consumer(kaal_word_t arg)
{
	struct ring r;
	uint32_t payload;
	size_t words;

	(void)arg;
	if (ring_attach(&r, ring_mem, RING_BYTES)) {
		bench_check(0, KAAL_E_INVALID_ARG);
		kaal_signal(bench_done);
		return;
	}
	payload = ring_payload(&r);
	words = (size_t)(r.mask + 1) * payload / 8;
	bench_stamp(&shared->s[0][0]);
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		uint8_t *d = (uint8_t *)dst;

		int ok = 1;

		for (uint32_t j = 0; j <= r.mask; j++, d += payload) {
			int n = ring_receive(&r, d, payload);

			if (n < 0)
				goto out;
			ok &= n == (int)payload;
		}
		if ((!ok || checksum(dst, words) != expect[i % RING_SHIFTS]) &&
		    !ring_bad)
			ring_bad = i + 1;
		bench_stamp(&shared->s[0][i + 1]);
	}
out:
	kaal_signal(bench_done);
}

/* The checksums of every block of this size. */
static void ring_expect(uint32_t block)
{
	for (unsigned int k = 0; k < RING_SHIFTS; k++)
		expect[k] = checksum(block_source(k), block / 8);
}

static int ring_report(const char *name, uint32_t block, uint32_t slots)
{
	if (ring_bad) {
		printf("BENCH_FAIL %s block %u arrived wrong\n", name,
		       ring_bad - 1);
		return 0;
	}
	stats_report_bytes(name, shared->s[0], shared->s[0] + 1, BENCH_WARMUP,
			   BENCH_RUNS, block, slots);
	return 1;
}

/* One ring benchmark with slots of slot_size bytes; returns the bytes of
 * a block, 0 if it failed. */
static uint32_t ring_run(struct bench_env *env, struct bench_space *s,
			 const char *name, uint32_t slot_size)
{
	struct ring r;
	uint32_t block;
	enum kaal_error err;

	if (ring_format(&r, ring_mem, RING_BYTES, slot_size)) {
		stats_fail(name, "cannot format the ring", KAAL_E_INVALID_ARG);
		return 0;
	}
	block = (r.mask + 1) * ring_payload(&r);
	ring_expect(block);
	/* A signal the last run left behind would only be a spurious
	 * wake-up, but it would make this run's first one differ. */
	kaal_poll(prod_ntfn);
	kaal_poll(cons_ntfn);
	bench_reset();
	ring_bad = 0;
	err = bench_start(env, 0, ring_consumer, 0, PRIO_LOW);
	if (!err)
		err = space_start(s, ring_producer, 0, PRIO_LOW);
	if (err) {
		stats_fail(name, "cannot start the threads", err);
		return 0;
	}
	bench_wait_done(env);
	kaal_thread_suspend(s->tcb);
	if (bench_failed(name))
		return 0;
	return ring_report(name, block, r.mask + 1) ? block : 0;
}

/* ring_copy: the same chain of stamps around memcpy and checksum. */
static void copy_only(const char *name, uint32_t block)
{
	ring_expect(block);
	bench_reset();
	ring_bad = 0;
	bench_stamp(&shared->s[0][0]);
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		memcpy(dst, block_source(i), block);
		if (checksum(dst, block / 8) != expect[i % RING_SHIFTS] &&
		    !ring_bad)
			ring_bad = i + 1;
		bench_stamp(&shared->s[0][i + 1]);
	}
	ring_report(name, block, 0);
}

/* The ring's pages, mapped in both spaces, and the two notifications. */
static enum kaal_error ring_setup(struct bench_env *env, struct bench_space *s)
{
	kaal_word_t va = kaal_alloc_vaddr(&env->a, RING_PAGES);
	struct kaal_cap_ret p =
		kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
	struct kaal_cap_ret c =
		kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
	enum kaal_error err = p.error ? p.error : c.error;

	for (unsigned int i = 0; !err && i < RING_PAGES; i++) {
		struct kaal_cap_ret page = kaal_vspace_new_page(
			&env->a, VSPACE, va + i * KAAL_PAGE_SIZE, RW);

		err = page.error;
		if (!err)
			err = space_map(env, s, page.cap,
					RING_SPACE_VADDR + i * KAAL_PAGE_SIZE,
					RW);
	}
	if (!err)
		err = space_give(s, SPACE_SLOT_RING_WAIT, p.cap);
	if (!err)
		err = space_give(s, SPACE_SLOT_RING_SIGNAL, c.cap);
	ring_mem = (void *)va;
	prod_ntfn = p.cap;
	cons_ntfn = c.cap;
	return err;
}

void bench_ring(struct bench_env *env, struct bench_space *s)
{
	enum kaal_error err = ring_setup(env, s);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	uint32_t block;

	if (err) {
		stats_fail("ring_256", "cannot set up the ring", err);
		return;
	}
	/* xorshift64: no word repeats, so no shift of the source matches
	 * another. */
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		src[i] = x;
	}
	block = ring_run(env, s, "ring_256", 256);
	ring_run(env, s, "ring_4096", 4096);
	if (block)
		copy_only("ring_copy", block);
}
