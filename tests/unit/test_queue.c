// SPDX-License-Identifier: GPL-2.0-only
/*
 * user/lib/sys/queue.c: zero-copy buffer queues in shared memory. The two
 * sides attach separately to the same memory, as two components do; the
 * memory is malloc'd to its exact size, so ASan reports any access past
 * the channel. Most tests play a lying peer: they write the shared
 * indices, flags and descriptors as a hostile component could, and check
 * that the honest side never hands out or reads anything outside its
 * buffers, never hands a buffer out twice, and says so.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <libsys/queue.h>

#include "ktest.h"

#define ENTRIES 16
#define BUF	256
#define NR_RX	8
#define NR_TX	12

struct chan {
	void *mem;
	size_t size;
	struct qchan lower, upper;
};

static size_t chan_data_offset(void)
{
	return qchan_queues_size(ENTRIES, 64);
}

/* A channel of 8 receive and 12 transmit buffers, both sides attached. */
static struct chan *new_chan(void)
{
	struct chan *ch = calloc(1, sizeof(*ch));
	size_t off = chan_data_offset();

	ch->size = off + (NR_RX + NR_TX) * BUF;
	ch->mem = aligned_alloc(64, ch->size);
	memset(ch->mem, 0xa5, ch->size);
	REQUIRE(CHECK_EQ_INT(0, qchan_format(ch->mem, ENTRIES, BUF, NR_RX,
					     NR_TX, off)));
	REQUIRE(CHECK_EQ_INT(0, qchan_attach(&ch->lower, ch->mem, ch->size,
					     QCHAN_LOWER)));
	REQUIRE(CHECK_EQ_INT(0, qchan_attach(&ch->upper, ch->mem, ch->size,
					     QCHAN_UPPER)));
	return ch;
}

static void free_chan(struct chan *ch)
{
	free(ch->mem);
	free(ch);
}

/* The shared form of queue @i (dir * 2 + active). */
static struct queue_shared *shared_queue(struct chan *ch, unsigned int i)
{
	const struct qchan_shared *h = ch->mem;

	return (struct queue_shared *)((uint8_t *)ch->mem + QCHAN_HEADER_SIZE +
				       (size_t)i * h->queue_size);
}

TEST(format_and_attach)
{
	struct chan *ch = new_chan();
	const struct qchan_shared *h = ch->mem;
	struct queue_desc d;

	CHECK_EQ_UINT(QCHAN_MAGIC, h->magic);
	CHECK_EQ_UINT((NR_RX + NR_TX) * BUF, h->data_size);
	CHECK_EQ_UINT(chan_data_offset(), h->data_offset);
	/* The owner lent every receive buffer to the driver ... */
	CHECK_EQ_UINT(NR_RX, queue_count(&ch->lower.free[QCHAN_RX]));
	for (unsigned int i = 0; i < NR_RX; i++) {
		REQUIRE(CHECK_EQ_INT(0, qchan_take_free(&ch->lower, QCHAN_RX,
							&d)));
		CHECK_EQ_UINT(i * BUF, d.offset);
		CHECK_EQ_UINT(BUF, d.len);
	}
	CHECK_EQ_INT(-QUEUE_E_EMPTY, qchan_take_free(&ch->lower, QCHAN_RX, &d));
	/* ... and keeps its transmit buffers. */
	for (unsigned int i = 0; i < NR_TX; i++) {
		REQUIRE(CHECK_EQ_INT(0, qchan_tx_buffer(&ch->upper, &d)));
		CHECK(d.offset >= NR_RX * BUF &&
		      d.offset < (NR_RX + NR_TX) * BUF);
	}
	CHECK_EQ_INT(-QUEUE_E_EMPTY, qchan_tx_buffer(&ch->upper, &d));
	free_chan(ch);
}

/* system_init's mark of an ended side: the other side sees it, the side
 * itself does not, and a format starts with neither. */
TEST(a_side_marked_gone)
{
	struct chan *ch = new_chan();

	CHECK(!qchan_peer_gone(&ch->lower) && !qchan_peer_gone(&ch->upper));
	qchan_mark_gone(ch->mem, QCHAN_LOWER);
	CHECK(qchan_peer_gone(&ch->upper));
	CHECK(!qchan_peer_gone(&ch->lower));
	qchan_mark_gone(ch->mem, QCHAN_UPPER);
	CHECK(qchan_peer_gone(&ch->lower));
	CHECK_EQ_INT(0, qchan_format(ch->mem, ENTRIES, BUF, NR_RX, NR_TX,
				     chan_data_offset()));
	CHECK(!qchan_peer_gone(&ch->lower) && !qchan_peer_gone(&ch->upper));
	free_chan(ch);
}

TEST(format_rejects_bad_geometry)
{
	size_t off = chan_data_offset();
	void *mem = aligned_alloc(64, off);

	CHECK_EQ_INT(-QUEUE_E_INVALID, qchan_format(mem, 12, BUF, 4, 4, off));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_format(mem, ENTRIES, 100, 4, 4, off));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_format(mem, ENTRIES, 32, 4, 4, off));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_format(mem, ENTRIES, BUF, ENTRIES + 1, 4, off));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_format(mem, ENTRIES, BUF, 4, 4, off - 64));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_format(mem, ENTRIES, BUF, 4, 4, off + 8));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_format((uint8_t *)mem + 8, ENTRIES, BUF, 4, 4, off));
	free(mem);
}

/* Every lie in the header: attach refuses it. */
static void header_lie(struct qchan_shared *h, unsigned int i)
{
	switch (i) {
	case 0:
		h->magic = 0;
		break;
	case 1:
		h->nr_entries = 12;
		break;
	case 2:
		h->nr_entries = 0;
		break;
	case 3:
		h->buf_size = 100;
		break;
	case 4:
		h->buf_size = 1u << 31;
		break;
	case 5:
		h->nr_rx = ENTRIES + 1;
		break;
	case 6:
		h->nr_tx = 0xffffffffu;
		break;
	case 7:
		h->queue_size = 64;
		break;
	case 8:
		h->data_offset = 64;
		break;
	case 9:
		h->data_offset = 1u << 30;
		break;
	case 10:
		h->data_offset += 8;
		break;
	case 11:
		h->data_size = 4 * BUF;
		break;
	case 12:
		h->data_size = ~0ull;
		break;
	}
}

TEST(attach_rejects_lying_header)
{
	struct chan *ch = new_chan();
	struct qchan_shared *h = ch->mem, good = *h;
	struct qchan c;

	for (unsigned int i = 0; i <= 12; i++) {
		*h = good;
		header_lie(h, i);
		REQUIRE(CHECK_EQ_INT(-QUEUE_E_INVALID,
				     qchan_attach(&c, ch->mem, ch->size,
						  QCHAN_LOWER)));
	}
	*h = good;
	/* Too small a mapping for the data region the header names. */
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_attach(&c, ch->mem, ch->size - 1, QCHAN_LOWER));
	CHECK_EQ_INT(-QUEUE_E_INVALID, qchan_attach(&c, (uint8_t *)ch->mem + 8,
						    ch->size - 8, QCHAN_LOWER));
	CHECK_EQ_INT(0, qchan_attach(&c, ch->mem, ch->size, QCHAN_LOWER));
	free_chan(ch);
}

/* A frame received (rx) and one sent (tx), the data where both see it. */
TEST(round_trip_zero_copy)
{
	struct chan *ch = new_chan();
	struct queue_desc d, got;

	/* rx: the driver fills a lent buffer, the stack reads it in place. */
	REQUIRE(CHECK_EQ_INT(0, qchan_take_free(&ch->lower, QCHAN_RX, &d)));
	memcpy(qchan_buf(&ch->lower, d.offset), "frame", 5);
	d.len = 5;
	REQUIRE(CHECK_EQ_INT(0, qchan_put_active(&ch->lower, QCHAN_RX, d)));
	REQUIRE(CHECK_EQ_INT(0, qchan_take_active(&ch->upper, QCHAN_RX, &got)));
	CHECK_EQ_UINT(d.offset, got.offset);
	CHECK_EQ_UINT(5, got.len);
	CHECK_EQ_MEM("frame", qchan_buf(&ch->upper, got.offset), 5);
	REQUIRE(CHECK_EQ_INT(0, qchan_put_free(&ch->upper, QCHAN_RX, got)));
	/* tx: the stack fills one of its buffers, the driver sends it and
	 * gives it back. */
	REQUIRE(CHECK_EQ_INT(0, qchan_tx_buffer(&ch->upper, &d)));
	memcpy(qchan_buf(&ch->upper, d.offset), "reply", 5);
	d.len = 5;
	REQUIRE(CHECK_EQ_INT(0, qchan_put_active(&ch->upper, QCHAN_TX, d)));
	REQUIRE(CHECK_EQ_INT(0, qchan_take_active(&ch->lower, QCHAN_TX, &got)));
	CHECK_EQ_MEM("reply", qchan_buf(&ch->lower, got.offset), 5);
	REQUIRE(CHECK_EQ_INT(0, qchan_put_free(&ch->lower, QCHAN_TX, got)));
	REQUIRE(CHECK_EQ_INT(0, qchan_tx_buffer(&ch->upper, &got)));
	CHECK_EQ_UINT(1, ch->upper.put[QCHAN_TX][1]);
	CHECK_EQ_UINT(1, ch->upper.took[QCHAN_TX][0] +
				 (ch->upper.nr_tx_home == NR_TX - 1 ? 0 : 1));
	CHECK_EQ_UINT(0, ch->upper.refused + ch->lower.refused);
	free_chan(ch);
}

/* Each side may only produce the queues that are its own, and only
 * descriptors of its direction's buffers. */
TEST(own_mistakes_refused)
{
	struct chan *ch = new_chan();
	struct queue_desc rx0 = { 0, BUF }, tx0 = { NR_RX * BUF, BUF };

	/* Wrong side. */
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_active(&ch->upper, QCHAN_RX, rx0));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_active(&ch->lower, QCHAN_TX, tx0));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_free(&ch->lower, QCHAN_RX, rx0));
	/* Wrong direction, misaligned, too long, past the region. */
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_active(&ch->lower, QCHAN_RX, tx0));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_active(&ch->lower, QCHAN_RX,
				      (struct queue_desc){ 8, 4 }));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_active(&ch->lower, QCHAN_RX,
				      (struct queue_desc){ 0, BUF + 1 }));
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_free(&ch->lower, QCHAN_TX,
				    (struct queue_desc){ (NR_RX + NR_TX) * BUF,
							 0 }));
	/* The owner cannot lend a buffer twice: rx0 is already lent. */
	CHECK_EQ_INT(-QUEUE_E_INVALID,
		     qchan_put_free(&ch->upper, QCHAN_RX, rx0));
	free_chan(ch);
}

/* A lying driver hands back descriptors outside the receive buffers,
 * misaligned, too long, a buffer twice, a buffer never lent: each is
 * refused and dropped, the next honest one still goes through. */
TEST(lying_descriptors_refused)
{
	struct chan *ch = new_chan();
	struct queue *rxa = &ch->lower.active[QCHAN_RX];
	const struct queue_desc lies[] = {
		{ NR_RX * BUF, 10 },	       /* a transmit buffer */
		{ (NR_RX + NR_TX) * BUF, 10 }, /* past the region */
		{ 0xffffff00u, 10 },	       /* far past it */
		{ BUF + 1, 10 },	       /* misaligned */
		{ 2 * BUF, BUF + 1 },	       /* longer than a buffer */
		{ 0, 0xffffffffu },	       /* much longer */
	};
	struct queue_desc d, got;

	for (unsigned int i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		REQUIRE(CHECK_EQ_INT(0, queue_enqueue(rxa, lies[i])));
		CHECK_EQ_INT(-QUEUE_E_PEER,
			     qchan_take_active(&ch->upper, QCHAN_RX, &got));
	}
	CHECK_EQ_UINT(6, ch->upper.refused);
	/* A buffer that is lent, given back twice: the second is refused;
	 * so is one the owner took back already. */
	REQUIRE(CHECK_EQ_INT(0, qchan_take_free(&ch->lower, QCHAN_RX, &d)));
	d.len = 60;
	REQUIRE(CHECK_EQ_INT(0, qchan_put_active(&ch->lower, QCHAN_RX, d)));
	REQUIRE(CHECK_EQ_INT(0, queue_enqueue(rxa, d)));
	CHECK_EQ_INT(0, qchan_take_active(&ch->upper, QCHAN_RX, &got));
	CHECK_EQ_UINT(60, got.len);
	CHECK_EQ_INT(-QUEUE_E_PEER,
		     qchan_take_active(&ch->upper, QCHAN_RX, &got));
	CHECK_EQ_INT(-QUEUE_E_EMPTY,
		     qchan_take_active(&ch->upper, QCHAN_RX, &got));
	CHECK_EQ_UINT(7, ch->upper.refused);
	/* A transmit buffer the driver never had comes back on tx.free. */
	REQUIRE(CHECK_EQ_INT(
		0, queue_enqueue(&ch->lower.free[QCHAN_TX],
				 (struct queue_desc){ NR_RX * BUF, 0 })));
	for (unsigned int i = 0; i < NR_TX; i++)
		REQUIRE(CHECK_EQ_INT(0, qchan_tx_buffer(&ch->upper, &d)));
	CHECK_EQ_INT(-QUEUE_E_PEER, qchan_tx_buffer(&ch->upper, &d));
	CHECK_EQ_INT(-QUEUE_E_EMPTY, qchan_tx_buffer(&ch->upper, &d));
	free_chan(ch);
}

/* The stack lies to the driver: a transmit descriptor naming a receive
 * buffer, or past the region, never reaches the device. */
TEST(lying_owner_refused)
{
	struct chan *ch = new_chan();
	struct queue_desc got;

	REQUIRE(CHECK_EQ_INT(0, queue_enqueue(&ch->upper.active[QCHAN_TX],
					      (struct queue_desc){ 0, 60 })));
	CHECK_EQ_INT(-QUEUE_E_PEER,
		     qchan_take_active(&ch->lower, QCHAN_TX, &got));
	REQUIRE(CHECK_EQ_INT(
		0, queue_enqueue(&ch->upper.free[QCHAN_RX],
				 (struct queue_desc){ 1u << 30, 0 })));
	/* The eight lent buffers first, then the lie. */
	for (unsigned int i = 0; i < NR_RX; i++)
		REQUIRE(CHECK_EQ_INT(0, qchan_take_free(&ch->lower, QCHAN_RX,
							&got)));
	CHECK_EQ_INT(-QUEUE_E_PEER,
		     qchan_take_free(&ch->lower, QCHAN_RX, &got));
	CHECK_EQ_UINT(2, ch->lower.refused);
	free_chan(ch);
}

/* Impossible indices break the queue for good, on either side. */
TEST(lying_indices_break_the_queue)
{
	struct chan *ch = new_chan();
	struct queue_shared *rxa = shared_queue(ch, QCHAN_RX * 2 + 1);
	struct queue_shared *txf = shared_queue(ch, QCHAN_TX * 2);
	struct queue_desc d;

	/* The producer's tail claims more entries than the queue holds. */
	rxa->tail = ENTRIES + 1;
	CHECK_EQ_INT(-QUEUE_E_PEER,
		     qchan_take_active(&ch->upper, QCHAN_RX, &d));
	rxa->tail = 0; /* too late: broken */
	CHECK_EQ_INT(-QUEUE_E_PEER,
		     qchan_take_active(&ch->upper, QCHAN_RX, &d));
	CHECK_EQ_UINT(0, queue_count(&ch->upper.active[QCHAN_RX]));
	/* A tail behind the head (wrapped). */
	txf->tail = 0xfffffff0u;
	for (unsigned int i = 0; i < NR_TX; i++)
		REQUIRE(CHECK_EQ_INT(0, qchan_tx_buffer(&ch->upper, &d)));
	CHECK_EQ_INT(-QUEUE_E_PEER, qchan_tx_buffer(&ch->upper, &d));
	/* The consumer's head ahead of the producer's tail. */
	shared_queue(ch, QCHAN_TX * 2 + 1)->head = 3;
	CHECK_EQ_INT(-QUEUE_E_PEER, queue_enqueue(&ch->upper.active[QCHAN_TX],
						  (struct queue_desc){ 0, 0 }));
	/* A head far behind: the queue would look more than full. */
	shared_queue(ch, QCHAN_RX * 2)->head = 0x80000000u;
	CHECK_EQ_INT(-QUEUE_E_PEER, queue_enqueue(&ch->upper.free[QCHAN_RX],
						  (struct queue_desc){ 0, 0 }));
	free_chan(ch);
}

/* Full and empty, and the indices wrapping at 2^32. */
TEST(full_empty_and_wrap)
{
	struct queue_shared *s = aligned_alloc(64, QUEUE_HEADER_SIZE + 64);
	struct queue p, c;
	struct queue_desc d;

	memset(s, 0, QUEUE_HEADER_SIZE);
	s->tail = s->head = 0xfffffffeu;
	queue_init(&p, s, 4, true);
	queue_init(&c, s, 4, false);
	for (uint32_t round = 0; round < 3; round++) {
		for (uint32_t i = 0; i < 4; i++)
			REQUIRE(CHECK_EQ_INT(
				0, queue_enqueue(&p, (struct queue_desc){
							     i, round })));
		CHECK_EQ_INT(-QUEUE_E_FULL,
			     queue_enqueue(&p, (struct queue_desc){ 9, 9 }));
		CHECK_EQ_UINT(4, queue_count(&c));
		for (uint32_t i = 0; i < 4; i++) {
			REQUIRE(CHECK_EQ_INT(0, queue_dequeue(&c, &d)));
			CHECK_EQ_UINT(i, d.offset);
			CHECK_EQ_UINT(round, d.len);
		}
		CHECK_EQ_INT(-QUEUE_E_EMPTY, queue_dequeue(&c, &d));
	}
	free(s);
}

/* Signals: only when asked, once per request. */
TEST(signal_only_when_asked)
{
	struct chan *ch = new_chan();
	struct queue *prod = &ch->lower.active[QCHAN_RX];
	struct queue *cons = &ch->upper.active[QCHAN_RX];
	struct queue_desc d;

	REQUIRE(CHECK_EQ_INT(0, qchan_take_free(&ch->lower, QCHAN_RX, &d)));
	REQUIRE(CHECK_EQ_INT(0, qchan_put_active(&ch->lower, QCHAN_RX, d)));
	CHECK(!queue_signal_needed(prod));
	queue_want_signal(cons);
	REQUIRE(CHECK_EQ_INT(0, qchan_take_free(&ch->lower, QCHAN_RX, &d)));
	REQUIRE(CHECK_EQ_INT(0, qchan_put_active(&ch->lower, QCHAN_RX, d)));
	CHECK(queue_signal_needed(prod));
	CHECK(!queue_signal_needed(prod)); /* taken back */
	queue_want_signal(cons);
	queue_cancel_signal(cons);
	CHECK(!queue_signal_needed(prod));
	free_chan(ch);
}

/* Two threads: a driver that fills every buffer it gets with its
 * sequence number, a stack that checks each in place and gives it back.
 * Every frame arrives once, in order, with its contents. */
#define STREAM 100000

static void *driver(void *arg)
{
	struct qchan *c = arg;
	struct queue_desc d;

	for (uint32_t i = 0; i < STREAM;) {
		if (qchan_take_free(c, QCHAN_RX, &d)) {
			sched_yield();
			continue;
		}
		memset(qchan_buf(c, d.offset), (int)(i & 0xff), BUF);
		memcpy(qchan_buf(c, d.offset), &i, sizeof(i));
		d.len = BUF;
		while (qchan_put_active(c, QCHAN_RX, d))
			sched_yield();
		i++;
	}
	return NULL;
}

TEST(two_threads)
{
	struct chan *ch = new_chan();
	pthread_t t;
	int bad = 0;

	REQUIRE(CHECK_EQ_INT(0, pthread_create(&t, NULL, driver, &ch->lower)));
	for (uint32_t i = 0; i < STREAM;) {
		struct queue_desc d;
		const uint8_t *p;
		uint32_t seq;

		if (qchan_take_active(&ch->upper, QCHAN_RX, &d)) {
			sched_yield();
			continue;
		}
		p = qchan_buf(&ch->upper, d.offset);
		memcpy(&seq, p, sizeof(seq));
		bad += seq != i || d.len != BUF || p[BUF - 1] != (i & 0xff);
		REQUIRE(CHECK_EQ_INT(0,
				     qchan_put_free(&ch->upper, QCHAN_RX, d)));
		i++;
	}
	pthread_join(t, NULL);
	CHECK_EQ_INT(0, bad);
	CHECK_EQ_UINT(0, ch->upper.refused + ch->lower.refused);
	free_chan(ch);
}
