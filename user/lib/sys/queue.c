// SPDX-License-Identifier: BSD-2-Clause
/* Zero-copy buffer queues in shared memory (libsys/queue.h). */
#include <string.h>
#include <libsys/queue.h>

static inline uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Between publishing our index and reading the peer's flag or index. */
static inline void full_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void queue_init(struct queue *q, struct queue_shared *s, uint32_t nr_entries,
		bool producer)
{
	q->s = s;
	q->mask = nr_entries - 1;
	q->producer = producer;
	q->broken = false;
	/* Our own index as the shared memory has it now (0 after
	 * qchan_format); from here on it is kept here. */
	q->mine = producer ? __atomic_load_n(&s->tail, __ATOMIC_RELAXED) :
			     __atomic_load_n(&s->head, __ATOMIC_RELAXED);
}

/* Entries between the consumer's head and the producer's tail, or
 * -QUEUE_E_PEER when the peer's index cannot be (the queue breaks). */
static long queue_fill(struct queue *q)
{
	uint32_t tail, head, n;

	if (q->broken)
		return -QUEUE_E_PEER;
	if (q->producer) {
		tail = q->mine;
		head = load_acquire(&q->s->head);
	} else {
		head = q->mine;
		tail = load_acquire(&q->s->tail);
	}
	n = tail - head; /* indices run freely and wrap at 2^32 */
	if (n > q->mask + 1) {
		q->broken = true;
		return -QUEUE_E_PEER;
	}
	return n;
}

int queue_enqueue(struct queue *q, struct queue_desc d)
{
	long n = queue_fill(q);
	volatile struct queue_desc *e;

	if (n < 0)
		return (int)n;
	if (n == q->mask + 1)
		return -QUEUE_E_FULL;
	e = &q->s->ring[q->mine & q->mask];
	e->offset = d.offset;
	e->len = d.len;
	/* The entry before the index that hands it over (stlr). */
	store_release(&q->s->tail, ++q->mine);
	return 0;
}

int queue_dequeue(struct queue *q, struct queue_desc *d)
{
	long n = queue_fill(q);
	const volatile struct queue_desc *e;

	if (n < 0)
		return (int)n;
	if (!n)
		return -QUEUE_E_EMPTY;
	/* Copied out once: what is checked is what is used. */
	e = &q->s->ring[q->mine & q->mask];
	d->offset = e->offset;
	d->len = e->len;
	/* Read before the place is given back (stlr). */
	store_release(&q->s->head, ++q->mine);
	return 0;
}

uint32_t queue_count(struct queue *q)
{
	long n = queue_fill(q);

	return n < 0 ? 0 : (uint32_t)n;
}

void queue_want_signal(struct queue *q)
{
	__atomic_store_n(&q->s->want_signal, 1, __ATOMIC_RELAXED);
	full_fence(); /* before the caller looks at the queue again */
}

void queue_cancel_signal(struct queue *q)
{
	__atomic_store_n(&q->s->want_signal, 0, __ATOMIC_RELAXED);
}

bool queue_signal_needed(struct queue *q)
{
	full_fence(); /* our tail before the consumer's request */
	if (!__atomic_load_n(&q->s->want_signal, __ATOMIC_RELAXED))
		return false;
	__atomic_store_n(&q->s->want_signal, 0, __ATOMIC_RELAXED);
	return true;
}

/* ---- channels ------------------------------------------------------------ */

static bool pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static size_t queue_bytes(uint32_t nr_entries)
{
	/* Each queue starts on a 64-byte line. */
	return (QUEUE_HEADER_SIZE +
		(size_t)nr_entries * sizeof(struct queue_desc) + 63) &
	       ~(size_t)63;
}

size_t qchan_queues_size(uint32_t nr_entries, size_t align)
{
	size_t n = QCHAN_HEADER_SIZE + 4 * queue_bytes(nr_entries);

	return align ? (n + align - 1) / align * align : n;
}

/* Queue @i (dir * 2 + active) of the channel at @mem. */
static struct queue_shared *queue_at(void *mem, uint32_t queue_size,
				     unsigned int i)
{
	return (struct queue_shared *)((uint8_t *)mem + QCHAN_HEADER_SIZE +
				       (size_t)i * queue_size);
}

static bool geometry_ok(uint32_t nr_entries, uint32_t buf_size, uint32_t nr_rx,
			uint32_t nr_tx)
{
	return pow2(nr_entries) && nr_entries <= 65536 && pow2(buf_size) &&
	       buf_size >= 64 && buf_size <= (1u << 20) &&
	       nr_rx <= nr_entries && nr_tx <= nr_entries &&
	       (uint64_t)nr_rx + nr_tx <= QCHAN_MAX_BUFFERS;
}

int qchan_format(void *mem, uint32_t nr_entries, uint32_t buf_size,
		 uint32_t nr_rx, uint32_t nr_tx, uint64_t data_offset)
{
	struct qchan_shared *h = mem;

	if (!mem || ((uintptr_t)mem & 63) || (data_offset & 63) ||
	    !geometry_ok(nr_entries, buf_size, nr_rx, nr_tx) ||
	    data_offset < qchan_queues_size(nr_entries, 0))
		return -QUEUE_E_INVALID;
	memset(mem, 0, qchan_queues_size(nr_entries, 0));
	h->nr_entries = nr_entries;
	h->buf_size = buf_size;
	h->nr_rx = nr_rx;
	h->nr_tx = nr_tx;
	h->queue_size = (uint32_t)queue_bytes(nr_entries);
	h->data_offset = data_offset;
	h->data_size = ((uint64_t)nr_rx + nr_tx) * buf_size;
	__atomic_store_n(&h->magic, QCHAN_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

/* Which side fills the buffers of @dir (produces its active queue). */
static enum qchan_side filler(enum qchan_dir dir)
{
	return dir == QCHAN_RX ? QCHAN_LOWER : QCHAN_UPPER;
}

static bool owner(const struct qchan *c)
{
	return c->side == QCHAN_UPPER;
}

static bool lent(const struct qchan *c, uint32_t i)
{
	return c->lent[i / 64] >> (i % 64) & 1;
}

static void set_lent(struct qchan *c, uint32_t i, bool on)
{
	if (on)
		c->lent[i / 64] |= 1ull << (i % 64);
	else
		c->lent[i / 64] &= ~(1ull << (i % 64));
}

/* The buffer index @d names in direction @dir, or -1: the offset must be
 * a buffer's start, of that direction, the length at most a buffer. */
static long buffer_of(const struct qchan *c, enum qchan_dir dir,
		      struct queue_desc d)
{
	uint32_t i = d.offset >> c->buf_shift;

	if ((d.offset & (c->buf_size - 1)) || d.len > c->buf_size ||
	    i < c->first_buf[dir] || i - c->first_buf[dir] >= c->nr_buf[dir])
		return -1;
	return i;
}

int qchan_attach(struct qchan *c, void *mem, size_t size, enum qchan_side side)
{
	volatile struct qchan_shared *h = mem;
	uint32_t nr_entries, buf_size, nr_rx, nr_tx, queue_size;
	uint64_t data_offset, data_size;

	if (!mem || ((uintptr_t)mem & 63) || size < QCHAN_HEADER_SIZE ||
	    __atomic_load_n(&((struct qchan_shared *)mem)->magic,
			    __ATOMIC_ACQUIRE) != QCHAN_MAGIC)
		return -QUEUE_E_INVALID;
	/* Read once: what is checked is what is used. */
	nr_entries = h->nr_entries;
	buf_size = h->buf_size;
	nr_rx = h->nr_rx;
	nr_tx = h->nr_tx;
	queue_size = h->queue_size;
	data_offset = h->data_offset;
	data_size = h->data_size;
	if (!geometry_ok(nr_entries, buf_size, nr_rx, nr_tx) ||
	    queue_size != queue_bytes(nr_entries) || (data_offset & 63) ||
	    data_offset < qchan_queues_size(nr_entries, 0) ||
	    data_size != ((uint64_t)nr_rx + nr_tx) * buf_size ||
	    data_offset > size || data_size > size - data_offset)
		return -QUEUE_E_INVALID;
	memset(c, 0, sizeof(*c));
	c->side = side;
	c->hdr = mem;
	c->data = (uint8_t *)mem + data_offset;
	c->data_size = data_size;
	c->buf_size = buf_size;
	c->buf_shift = (uint32_t)__builtin_ctz(buf_size);
	c->nr_buf[QCHAN_RX] = nr_rx;
	c->nr_buf[QCHAN_TX] = nr_tx;
	c->first_buf[QCHAN_RX] = 0;
	c->first_buf[QCHAN_TX] = nr_rx;
	for (unsigned int dir = 0; dir < 2; dir++) {
		bool fills = side == filler(dir);

		queue_init(&c->free[dir], queue_at(mem, queue_size, dir * 2),
			   nr_entries, !fills);
		queue_init(&c->active[dir],
			   queue_at(mem, queue_size, dir * 2 + 1), nr_entries,
			   fills);
	}
	if (side != QCHAN_UPPER)
		return 0;
	/* The owner: every transmit buffer at hand, every receive buffer
	 * lent to the lower side. */
	for (uint32_t i = 0; i < nr_tx; i++)
		c->tx_home[c->nr_tx_home++] = (uint16_t)(nr_rx + i);
	for (uint32_t i = 0; i < nr_rx; i++) {
		struct queue_desc d = { i << c->buf_shift, buf_size };

		if (qchan_put_free(c, QCHAN_RX, d))
			return -QUEUE_E_INVALID;
	}
	return 0;
}

/* Put @d on @q (one of ours to produce); the owner marks it lent. */
static int put(struct qchan *c, enum qchan_dir dir, bool active,
	       struct queue_desc d)
{
	struct queue *q = active ? &c->active[dir] : &c->free[dir];
	long i = buffer_of(c, dir, d);
	int err;

	if (!q->producer || i < 0 || (owner(c) && lent(c, (uint32_t)i)))
		return -QUEUE_E_INVALID;
	err = queue_enqueue(q, d);
	if (err)
		return err;
	if (owner(c))
		set_lent(c, (uint32_t)i, true);
	c->put[dir][active]++;
	return 0;
}

int qchan_put_active(struct qchan *c, enum qchan_dir dir, struct queue_desc d)
{
	return put(c, dir, true, d);
}

int qchan_put_free(struct qchan *c, enum qchan_dir dir, struct queue_desc d)
{
	return put(c, dir, false, d);
}

/* Take the next descriptor of @q (one of ours to consume), checked; the
 * owner takes back only what it lent. */
static int take(struct qchan *c, enum qchan_dir dir, bool active,
		struct queue_desc *d)
{
	struct queue *q = active ? &c->active[dir] : &c->free[dir];
	struct queue_desc got;
	long i;
	int err;

	if (q->producer)
		return -QUEUE_E_INVALID;
	err = queue_dequeue(q, &got);
	if (err)
		return err;
	if (!active)
		got.len = c->buf_size; /* a free buffer: all of it */
	i = buffer_of(c, dir, got);
	if (i < 0 || (owner(c) && !lent(c, (uint32_t)i))) {
		c->refused++;
		return -QUEUE_E_PEER;
	}
	if (owner(c))
		set_lent(c, (uint32_t)i, false);
	c->took[dir][active]++;
	*d = got;
	return 0;
}

int qchan_take_active(struct qchan *c, enum qchan_dir dir, struct queue_desc *d)
{
	return take(c, dir, true, d);
}

int qchan_take_free(struct qchan *c, enum qchan_dir dir, struct queue_desc *d)
{
	return take(c, dir, false, d);
}

int qchan_tx_buffer(struct qchan *c, struct queue_desc *d)
{
	if (!owner(c))
		return -QUEUE_E_INVALID;
	if (c->nr_tx_home) {
		uint32_t i = c->tx_home[--c->nr_tx_home];

		d->offset = i << c->buf_shift;
		d->len = c->buf_size;
		return 0;
	}
	return qchan_take_free(c, QCHAN_TX, d);
}

void qchan_tx_release(struct qchan *c, struct queue_desc d)
{
	long i = buffer_of(c, QCHAN_TX, d);

	if (owner(c) && i >= 0 && !lent(c, (uint32_t)i) &&
	    c->nr_tx_home < QCHAN_MAX_BUFFERS)
		c->tx_home[c->nr_tx_home++] = (uint16_t)i;
}
