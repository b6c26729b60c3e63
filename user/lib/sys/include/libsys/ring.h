/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Single-producer single-consumer ring buffers in shared memory
 * (Documentation/components.rst, "Shared-memory rings").
 *
 * A ring is a header and 2^n fixed-size slots in memory mapped by both
 * sides. The producer alone writes the slots and 'head'; the consumer
 * alone writes 'tail'; each reads the other's index with acquire
 * semantics and publishes its own with release semantics, so a slot's
 * contents are visible before the index that hands it over (the
 * producer's stlr of head orders its slot stores; the consumer's ldar of
 * head orders its slot loads; symmetrically for tail). The indices run
 * freely and wrap at 2^32; head - tail is the number of full slots. No
 * locks, no system calls: waking the other side is the caller's business
 * (a notification signal), and only needed when the ring
 * was empty (consumer side) or full (producer side).
 *
 * Each slot holds a 32-bit length and up to slot_size - 4 bytes.
 */
#ifndef LIBSYS_RING_H
#define LIBSYS_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libsys/error.h>

#define RING_MAGIC	 0x474e4952u /* "RING" */
#define RING_HEADER_SIZE 192	     /* three 64-byte lines */
#define RING_SLOT_HDR	 4

struct ring_shared {
	uint32_t magic;
	uint32_t slot_size; /* bytes per slot, header included */
	uint32_t nr_slots;  /* a power of two */
	uint32_t pad0[13];
	uint32_t head; /* producer's: next slot to fill */
	uint32_t pad1[15];
	uint32_t tail; /* consumer's: next slot to drain */
	uint32_t pad2[15];
	uint8_t slots[];
};

_Static_assert(sizeof(struct ring_shared) == RING_HEADER_SIZE, "ring header");

/* One side's view of a ring. */
struct ring {
	struct ring_shared *s;
	uint32_t mask;
	uint32_t slot_size;
	uint8_t *slots; /* s->slots, kept here as a plain byte pointer */
};

/* The functions below return 0 (RING_OK) or a length on success, -E on
 * failure (E: RING_E_* of <libsys/error.h>). */
#define RING_OK 0

/*
 * Format [mem, mem + size) as an empty ring of slot_size-byte slots (a
 * multiple of 8, at least 8): as many as fit, rounded down to a power of
 * two. Done once, by whoever sets the memory up.
 */
int ring_format(struct ring *r, void *mem, size_t size, uint32_t slot_size);

/* Attach to a ring formatted by ring_format (checks the header). */
int ring_attach(struct ring *r, void *mem, size_t size);

/* Bytes a slot carries. */
static inline uint32_t ring_payload(const struct ring *r)
{
	return r->slot_size - RING_SLOT_HDR;
}

/* Producer: copy len bytes into the next slot and publish it. */
int ring_push(struct ring *r, const void *data, uint32_t len);

/* Consumer: copy the next slot's bytes (at most cap; the rest of the slot
 * is dropped) and free it; returns the slot's length or -RING_E_EMPTY. */
int ring_pop(struct ring *r, void *buf, uint32_t cap);

/* Zero-copy: the next free slot's payload (NULL when full) and its
 * publication; the next full slot (NULL when empty, *len set) and its
 * release. */
void *ring_produce_begin(struct ring *r);
void ring_produce_commit(struct ring *r, uint32_t len);
const void *ring_consume_begin(struct ring *r, uint32_t *len);
void ring_consume_commit(struct ring *r);

/* Full slots as the caller sees them now. */
uint32_t ring_count(const struct ring *r);
bool ring_empty(const struct ring *r);
bool ring_full(const struct ring *r);

#endif /* LIBSYS_RING_H */
