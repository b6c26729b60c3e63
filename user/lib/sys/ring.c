// SPDX-License-Identifier: BSD-2-Clause
/* Single-producer single-consumer rings in shared memory (libsys/ring.h). */
#include <string.h>
#include <libsys/ring.h>

/* The other side's index: acquire, so the slots it covers are read after
 * it (ldar). */
/*@ requires \valid_read(p);
    assigns \nothing;
 */
static inline uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* Our own index: release, so the slot stores before it are visible
 * first (stlr). */
static inline void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/*@ axiomatic Mask {
      axiom land_below: \forall integer x, m; 0 <= x && 0 <= m ==>
	0 <= (x & m) <= m;
    }
 */

/* The offset of the slot of @index in the slot array: whatever the peer
 * wrote as the index, the whole slot lies among the @mask + 1 slots
 * (make prove; the bound of the mask is the axiom above). */
/*@ assigns \nothing;
    ensures \result + slot_size <= ((integer)mask + 1) * slot_size;
 */
static inline size_t slot_offset(uint32_t index, uint32_t mask,
				 uint32_t slot_size)
{
	uint32_t i = index & mask;

	/*@ assert i <= mask; */
	/*@ assert (integer)i * slot_size + slot_size <=
		   ((integer)mask + 1) * slot_size; */
	return (size_t)i * slot_size;
}

/* What ring_attach makes of a header ring_geometry_ok accepted: the
 * @mask + 1 slots of @slot_size bytes are the shared memory's. */
/*@ predicate ring_ok{L}(struct ring *r) =
      \valid_read(r) && \valid(&r->s->head) && \valid(&r->s->tail) &&
      8 <= r->slot_size &&
      \valid(r->slots + (0 .. ((integer)r->mask + 1) * r->slot_size - 1));
 */

/* The slot of @index, whatever the peer wrote as the index: all of its
 * bytes are the ring's. */
/*@ requires ring_ok(r);
    assigns \nothing;
    ensures \valid(\result + (0 .. r->slot_size - 1));
 */
static inline uint8_t *slot(const struct ring *r, uint32_t index)
{
	return r->slots + slot_offset(index, r->mask, r->slot_size);
}

/* A slot's header: the payload's length, little-endian, byte by byte
 * (a slot is 8-byte aligned, but the compiler cannot know it). */
/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3];
 */
static inline void set_len(uint8_t *p, uint32_t n)
{
	p[0] = (uint8_t)n;
	p[1] = (uint8_t)(n >> 8);
	p[2] = (uint8_t)(n >> 16);
	p[3] = (uint8_t)(n >> 24);
}

/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
 */
static inline uint32_t get_len(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The length of a slot's payload the consumer takes: what the producer
 * wrote, at most the @payload bytes a slot carries. */
/*@ assigns \nothing;
    ensures \result <= payload;
    ensures \result <= n;
 */
static inline uint32_t clamp_len(uint32_t n, uint32_t payload)
{
	return n > payload ? payload : n;
}

/* Whatever the peer wrote in the header: accepted only if every slot
 * lies inside the @size bytes shared. */
/*@ assigns \nothing;
    ensures \result != 0 ==> 8 <= slot_size && 1 <= nr_slots &&
	    RING_HEADER_SIZE + nr_slots * slot_size <= size;
 */
static int ring_geometry_ok(size_t size, uint32_t slot_size, uint32_t nr_slots)
{
	if (slot_size < 8 || slot_size % 8 || !nr_slots ||
	    (nr_slots & (nr_slots - 1)))
		return 0;
	return size >= RING_HEADER_SIZE &&
	       (size - RING_HEADER_SIZE) / slot_size >= nr_slots;
}

int ring_format(struct ring *r, void *mem, size_t size, uint32_t slot_size)
{
	struct ring_shared *s = mem;
	uint32_t n = 1;

	if (!mem || ((uintptr_t)mem & 63) || size < RING_HEADER_SIZE ||
	    slot_size < 8 || slot_size % 8)
		return -RING_E_INVALID;
	if ((size - RING_HEADER_SIZE) / slot_size < 1)
		return -RING_E_INVALID;
	while ((uint64_t)n * 2 <= (size - RING_HEADER_SIZE) / slot_size &&
	       n < (1u << 30))
		n *= 2;
	memset(s, 0, RING_HEADER_SIZE);
	s->slot_size = slot_size;
	s->nr_slots = n;
	s->head = s->tail = 0;
	store_release(&s->magic, RING_MAGIC);
	return ring_attach(r, mem, size);
}

int ring_attach(struct ring *r, void *mem, size_t size)
{
	struct ring_shared *s = mem;

	if (!mem || ((uintptr_t)mem & 63) || size < RING_HEADER_SIZE ||
	    load_acquire(&s->magic) != RING_MAGIC)
		return -RING_E_INVALID;
	if (!ring_geometry_ok(size, s->slot_size, s->nr_slots))
		return -RING_E_INVALID;
	r->s = s;
	r->slots = s->slots;
	r->mask = s->nr_slots - 1;
	r->slot_size = s->slot_size;
	return RING_OK;
}

uint32_t ring_count(const struct ring *r)
{
	return load_acquire(&r->s->head) - load_acquire(&r->s->tail);
}

bool ring_empty(const struct ring *r)
{
	return ring_count(r) == 0;
}

bool ring_full(const struct ring *r)
{
	return ring_count(r) > r->mask;
}

/* The next free slot's payload, NULL when the ring is full: whatever
 * the consumer wrote as its index, all of it is the ring's. */
/*@ requires ring_ok(r);
    assigns \nothing;
    ensures \result == \null ||
	\valid(\result + (0 .. r->slot_size - RING_SLOT_HDR - 1));
 */
static uint8_t *produce_slot(struct ring *r)
{
	uint32_t head = r->s->head; /* ours: no ordering needed */

	if (head - load_acquire(&r->s->tail) > r->mask)
		return NULL;
	return slot(r, head) + RING_SLOT_HDR;
}

void *ring_produce_begin(struct ring *r)
{
	return produce_slot(r);
}

void ring_produce_commit(struct ring *r, uint32_t len)
{
	uint32_t head = r->s->head;

	set_len(slot(r, head), len);
	store_release(&r->s->head, head + 1);
}

int ring_push(struct ring *r, const void *data, uint32_t len)
{
	void *p;

	if (len > ring_payload(r))
		return -RING_E_TOO_BIG;
	p = ring_produce_begin(r);
	if (!p)
		return -RING_E_FULL;
	memcpy(p, data, len);
	ring_produce_commit(r, len);
	return RING_OK;
}

/* The next full slot's payload, NULL when the ring is empty: whatever
 * the producer wrote as its index and its length, the payload and the
 * *@len bytes of it the consumer may read are the ring's. */
/*@ requires ring_ok(r);
    requires \valid(len) && \separated(len, r);
    assigns *len;
    ensures \result == \null ||
	(*len <= r->slot_size - RING_SLOT_HDR &&
	 \valid_read(\result + (0 .. r->slot_size - RING_SLOT_HDR - 1)));
 */
static const uint8_t *consume_slot(struct ring *r, uint32_t *len)
{
	uint32_t tail = r->s->tail; /* ours */
	const uint8_t *p;

	if (load_acquire(&r->s->head) == tail)
		return NULL;
	p = slot(r, tail);
	/* The producer is trusted with nothing: clamp what it wrote. */
	*len = clamp_len(get_len(p), ring_payload(r));
	return p + RING_SLOT_HDR;
}

const void *ring_consume_begin(struct ring *r, uint32_t *len)
{
	return consume_slot(r, len);
}

void ring_consume_commit(struct ring *r)
{
	store_release(&r->s->tail, r->s->tail + 1);
}

int ring_pop(struct ring *r, void *buf, uint32_t cap)
{
	uint32_t len;
	const void *p = ring_consume_begin(r, &len);

	if (!p)
		return -RING_E_EMPTY;
	memcpy(buf, p, len < cap ? len : cap);
	ring_consume_commit(r);
	return (int)len;
}
