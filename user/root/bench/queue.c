// SPDX-License-Identifier: BSD-2-Clause
/*
 * Bulk data through the zero-copy queues (<libsys/queue.h>), set up as
 * the component system sets up the network channel (Documentation/
 * networking.rst, "Queues"): the channel's pages mapped in two address
 * spaces, a notification for each side, the filling side (the channel's
 * lower side, as a driver) in the second address space and the owning
 * side (upper, as the network stack) a thread of the root task, both at
 * priority 100.
 *
 *   queue_4096  one block of 8 buffers of 4 KiB (32768 bytes): the
 *               producer takes each empty buffer from rx.free, copies 4
 *               KiB of its source into it and puts it on rx.active; the
 *               consumer checksums each buffer where it is, in the shared
 *               data region, and gives it back on rx.free
 *
 * Compare ring_4096 (ring.c), where the consumer copies each slot out
 * first, and ring_copy, one memcpy and the same checksum: the least that
 * moving the bytes costs. Here the bytes are copied once, by the
 * producer, as a device's DMA would write them; nothing copies them
 * again on the way to the consumer.
 *
 * Signals follow the queues' protocol: a side about to wait asks for a
 * signal on the queue it waits for (queue_want_signal) and looks once
 * more; a side that put something on a queue signals only when the other
 * asked (queue_signal_needed). A sample is the difference of two
 * consecutive stamps of the consumer, each taken once a block has arrived
 * and its checksum matched. A block is the source from byte
 * 8 * (i % QUEUE_SHIFTS) on, so a buffer read early, late, twice or from
 * the wrong place changes the sum: a wrong block fails the benchmark.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/vspace.h>
#include <libsys/queue.h>
#include "bench.h"

#define QUEUE_BUF	  4096
#define QUEUE_BUFS	  8
#define QUEUE_BLOCK	  (QUEUE_BUF * QUEUE_BUFS)
#define QUEUE_SHIFTS	  16
#define QUEUE_SPACE_VADDR 0x30100000ul /* the producer's mapping */
#define QUEUE_PRIV_VADDR \
	0x300f0000ul	      /* the producer's own state: its
					 * image is read-only in its space */
#define SPACE_SLOT_Q_WAIT   6 /* the producer's notification */
#define SPACE_SLOT_Q_SIGNAL 7 /* the consumer's */

/* Header and queues in the first page, the data region after it. */
#define QUEUE_DATA_OFFSET KAAL_PAGE_SIZE
#define QUEUE_PAGES	  (1 + QUEUE_BLOCK / KAAL_PAGE_SIZE)
#define QUEUE_BYTES	  (QUEUE_PAGES * KAAL_PAGE_SIZE)

_Static_assert(QUEUE_BUF == KAAL_PAGE_SIZE, "one buffer a page");
_Static_assert(sizeof(struct qchan) <= KAAL_PAGE_SIZE, "private page");

static uint64_t qsrc[QUEUE_BLOCK / 8 + QUEUE_SHIFTS];
static uint64_t qexpect[QUEUE_SHIFTS];
static void *qmem;			   /* the channel, root task's view */
static kaal_cptr_t qprod_ntfn, qcons_ntfn; /* root CNode */
static volatile unsigned int queue_bad;	   /* first wrong block + 1 */

static inline void full_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* FNV-1a over 64-bit words from @h on (as ring.c's, chained). */
static __attribute__((noinline)) uint64_t qsum(uint64_t h, const uint64_t *w,
					       size_t words)
{
	for (size_t i = 0; i < words; i++)
		h = (h ^ w[i]) * 0x100000001b3ull;
	return h;
}

#define FNV_BASIS 0xcbf29ce484222325ull

static const uint64_t *qblock(unsigned int i)
{
	return qsrc + i % QUEUE_SHIFTS;
}

/* The producer, in the second address space: BENCH_RUNS blocks of
 * QUEUE_BUFS buffers. It never returns (the root task suspends it). */
static void queue_producer(kaal_word_t arg)
{
	struct qchan *c = (struct qchan *)QUEUE_PRIV_VADDR;
	struct queue *free_q = &c->free[QCHAN_RX];
	struct queue *active_q = &c->active[QCHAN_RX];

	(void)arg;
	if (qchan_attach(c, (void *)QUEUE_SPACE_VADDR, QUEUE_BYTES,
			 QCHAN_LOWER)) {
		bench_check(1, KAAL_E_INVALID_ARG);
		kaal_signal(SPACE_SLOT_Q_SIGNAL);
		for (;;)
			kaal_wait(SPACE_SLOT_Q_WAIT);
	}
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		const uint8_t *p = (const uint8_t *)qblock(i);

		for (unsigned int j = 0; j < QUEUE_BUFS; j++, p += QUEUE_BUF) {
			struct queue_desc d;
			int err;

			while ((err = qchan_take_free(c, QCHAN_RX, &d)) ==
			       -QUEUE_E_EMPTY) {
				queue_want_signal(free_q);
				if (queue_count(free_q))
					queue_cancel_signal(free_q);
				else
					bench_check(1,
						    kaal_wait(SPACE_SLOT_Q_WAIT)
							    .error);
			}
			if (err)
				bench_check(1, KAAL_E_INVALID_ARG);
			memcpy(qchan_buf(c, d.offset), p, QUEUE_BUF);
			d.len = QUEUE_BUF;
			if (qchan_put_active(c, QCHAN_RX, d))
				bench_check(1, KAAL_E_INVALID_ARG);
			if (queue_signal_needed(active_q))
				bench_check(1,
					    kaal_signal(SPACE_SLOT_Q_SIGNAL));
		}
	}
	for (;;)
		kaal_wait(SPACE_SLOT_Q_WAIT);
}

/* The consumer, a thread of the root task: series 0, a stamp before the
 * first block and one after each. It attaches (and so lends every buffer
 * to the producer) before the producer runs. */
static struct qchan qcons;

static void queue_consumer(kaal_word_t arg)
{
	struct qchan *c = &qcons;
	struct queue *active_q = &c->active[QCHAN_RX];
	struct queue *free_q = &c->free[QCHAN_RX];

	(void)arg;
	bench_stamp(&shared->s[0][0]);
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		uint64_t h = FNV_BASIS;
		int ok = 1;

		for (unsigned int j = 0; j < QUEUE_BUFS; j++) {
			struct queue_desc d;
			int err;

			while ((err = qchan_take_active(c, QCHAN_RX, &d)) ==
			       -QUEUE_E_EMPTY) {
				queue_want_signal(active_q);
				if (queue_count(active_q)) {
					queue_cancel_signal(active_q);
					continue;
				}
				bench_check(0, kaal_wait(qcons_ntfn).error);
				if (shared->err[1])
					goto out;
			}
			ok &= !err && d.len == QUEUE_BUF;
			if (err)
				continue;
			h = qsum(h, qchan_buf(c, d.offset), QUEUE_BUF / 8);
			ok &= !qchan_put_free(c, QCHAN_RX, d);
			if (queue_signal_needed(free_q))
				bench_check(0, kaal_signal(qprod_ntfn));
		}
		if ((!ok || h != qexpect[i % QUEUE_SHIFTS]) && !queue_bad)
			queue_bad = i + 1;
		bench_stamp(&shared->s[0][i + 1]);
	}
out:
	full_fence();
	kaal_signal(bench_done);
}

/* The channel's pages in both spaces, the two notifications. */
static enum kaal_error queue_setup(struct bench_env *env, struct bench_space *s)
{
	kaal_word_t va = kaal_alloc_vaddr(&env->a, QUEUE_PAGES);
	struct kaal_cap_ret p =
		kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
	struct kaal_cap_ret c =
		kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
	enum kaal_error err = p.error ? p.error : c.error;

	for (unsigned int i = 0; !err && i < QUEUE_PAGES; i++) {
		struct kaal_cap_ret page = kaal_vspace_new_page(
			&env->a, VSPACE, va + i * KAAL_PAGE_SIZE, RW);

		err = page.error;
		if (!err)
			err = space_map(env, s, page.cap,
					QUEUE_SPACE_VADDR + i * KAAL_PAGE_SIZE,
					RW);
	}
	if (!err) {
		struct kaal_cap_ret priv = kaal_vspace_new_page(
			&env->a, VSPACE, kaal_alloc_vaddr(&env->a, 1), RW);

		err = priv.error;
		if (!err)
			err = space_map(env, s, priv.cap, QUEUE_PRIV_VADDR, RW);
	}
	if (!err)
		err = space_give(s, SPACE_SLOT_Q_WAIT, p.cap);
	if (!err)
		err = space_give(s, SPACE_SLOT_Q_SIGNAL, c.cap);
	qmem = (void *)va;
	qprod_ntfn = p.cap;
	qcons_ntfn = c.cap;
	return err;
}

void bench_queue(struct bench_env *env, struct bench_space *s)
{
	const char *name = "queue_4096";
	enum kaal_error err = queue_setup(env, s);
	uint64_t x = 0x2545f4914f6cdd1dull;

	if (!err && (qchan_format(qmem, QUEUE_BUFS, QUEUE_BUF, QUEUE_BUFS, 0,
				  QUEUE_DATA_OFFSET) ||
		     qchan_attach(&qcons, qmem, QUEUE_BYTES, QCHAN_UPPER)))
		err = KAAL_E_INVALID_ARG;
	if (err) {
		stats_fail(name, "cannot set up the queues", err);
		return;
	}
	for (size_t i = 0; i < sizeof(qsrc) / sizeof(qsrc[0]); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		qsrc[i] = x;
	}
	for (unsigned int k = 0; k < QUEUE_SHIFTS; k++)
		qexpect[k] = qsum(FNV_BASIS, qblock(k), QUEUE_BLOCK / 8);
	bench_reset();
	queue_bad = 0;
	err = bench_start(env, 0, queue_consumer, 0, PRIO_LOW);
	if (!err)
		err = space_start(s, queue_producer, 0, PRIO_LOW);
	if (err) {
		stats_fail(name, "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	kaal_thread_suspend(s->tcb);
	if (bench_failed(name))
		return;
	if (queue_bad) {
		printf("BENCH_FAIL %s block %u arrived wrong\n", name,
		       queue_bad - 1);
		return;
	}
	stats_report_bytes(name, shared->s[0], shared->s[0] + 1, BENCH_WARMUP,
			   BENCH_RUNS, QUEUE_BLOCK, QUEUE_BUFS);
}
