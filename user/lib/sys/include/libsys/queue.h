/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Zero-copy buffer queues in shared memory, in the style of seL4's device
 * driver framework (sDDF): Documentation/networking.rst, "Queues".
 *
 * A channel joins two components, the lower one (a driver: it fills
 * received buffers, it sends the transmitted ones) and the upper one (the
 * network stack: it owns every buffer). It is one shared mapping: a header,
 * four queues and a data region of fixed-size buffers, the first nr_rx
 * for receiving, the next nr_tx for transmitting. Data never moves
 * between the two: what moves through a queue is a descriptor (offset of
 * a buffer in the data region, length of its contents).
 *
 *   rx.free    upper -> lower   empty receive buffers
 *   rx.active  lower -> upper   filled receive buffers
 *   tx.active  upper -> lower   filled transmit buffers
 *   tx.free    lower -> upper   transmit buffers sent, back to the owner
 *
 * Each queue is single-producer single-consumer, 2^n entries of 8 bytes;
 * its tail is the producer's, its head the consumer's, each read by the
 * other side with acquire and written with release semantics, so an
 * entry is visible before the index that hands it over. Each side keeps
 * its own index privately and never reads it back from shared memory.
 *
 * Nothing the peer writes is trusted. The side that reads an index checks
 * it (the producer's tail at most nr_entries ahead of the consumer's
 * head, the consumer's head never ahead of the tail nor more than
 * nr_entries behind); a queue that saw an impossible index is broken for
 * good (-QUEUE_E_PEER from then on). Every descriptor is copied out of
 * shared memory once and checked against the region by its reader: the
 * offset must be the start of a buffer of that direction, the length at
 * most a buffer; a bad one is refused (-QUEUE_E_PEER) and taken off the
 * queue. The owner (upper side) also remembers which buffers it lent:
 * a buffer coming back that it did not lend, or twice, is refused. So a
 * lying peer can stop the traffic but cannot make the other side read or
 * write outside the region, nor hand one buffer out twice.
 *
 * Signals: a consumer about to wait asks for one (queue_want_signal),
 * then looks at the queue again (an entry that came in between would
 * otherwise wait for the next signal); a producer, after publishing,
 * signals only when the consumer asked (queue_signal_needed, which also
 * takes the request back). Between publishing one's own index and reading
 * the other's flag or index there is a full fence: the store-buffering
 * case of Dekker's algorithm (user/root/bench/ring.c explains it).
 * Waking the peer is the caller's: kaal_signal() on the channel's
 * resource capability.
 */
#ifndef LIBSYS_QUEUE_H
#define LIBSYS_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libsys/error.h>

#define QCHAN_MAGIC	  0x4e484351u /* "QCHN" */
#define QCHAN_MAX_BUFFERS 1024
#define QCHAN_HEADER_SIZE 64
#define QUEUE_HEADER_SIZE 128 /* two 64-byte lines: producer's, consumer's */

/* A buffer of the data region and the bytes it holds. */
struct queue_desc {
	uint32_t offset; /* from the start of the data region */
	uint32_t len;
};

_Static_assert(sizeof(struct queue_desc) == 8, "queue entry");

struct queue_shared {
	uint32_t tail; /* producer's: the next entry it fills */
	uint32_t pad0[15];
	uint32_t head;	      /* consumer's: the next entry it takes */
	uint32_t want_signal; /* consumer: nonzero asks for a signal;
			       * the producer clears it when it signals */
	uint32_t pad1[14];
	struct queue_desc ring[];
};

_Static_assert(sizeof(struct queue_shared) == QUEUE_HEADER_SIZE,
	       "queue header");

/* The channel's header, written once by whoever sets the memory up
 * (system_init) before either side runs; each side checks it on attach. */
struct qchan_shared {
	uint32_t magic;
	uint32_t nr_entries;  /* per queue, a power of two */
	uint32_t buf_size;    /* bytes per buffer, a power of two */
	uint32_t nr_rx;	      /* receive buffers, from offset 0 */
	uint32_t nr_tx;	      /* transmit buffers, after them */
	uint32_t queue_size;  /* bytes of each queue, header included */
	uint64_t data_offset; /* of the data region, from the header */
	uint64_t data_size;
	/* Set by system_init when a side's component ended (crashed,
	 * exited, was stopped): QCHAN_GONE(side). The other side, told by
	 * a signal, lets go of what it kept for it (qchan_peer_gone). */
	uint32_t gone;
	uint32_t pad[5];
};

#define QCHAN_GONE(side) (1u << (side))

_Static_assert(sizeof(struct qchan_shared) == QCHAN_HEADER_SIZE,
	       "channel header");

/* One side's view of one queue. */
struct queue {
	struct queue_shared *s;
	uint32_t mask; /* nr_entries - 1 */
	uint32_t mine; /* our own index (tail or head), kept here */
	bool producer;
	bool broken; /* the peer wrote an impossible index */
};

enum qchan_side { QCHAN_LOWER = 0, QCHAN_UPPER = 1 };
enum qchan_dir { QCHAN_RX = 0, QCHAN_TX = 1 };

/* One side's view of a channel. */
struct qchan {
	enum qchan_side side;
	const struct qchan_shared *hdr;
	uint8_t *data;	    /* the data region, in our address space */
	uint64_t data_size; /* (nr_rx + nr_tx) * buf_size */
	uint32_t buf_size, buf_shift;
	uint32_t nr_buf[2];	/* per direction */
	uint32_t first_buf[2];	/* the direction's first buffer index */
	struct queue free[2];	/* per direction: empty buffers */
	struct queue active[2]; /* per direction: filled buffers */
	/* The owner's (upper side's) record of the buffers it lent, and
	 * its transmit buffers at hand (indices). */
	uint64_t lent[QCHAN_MAX_BUFFERS / 64];
	uint16_t tx_home[QCHAN_MAX_BUFFERS];
	uint32_t nr_tx_home;
	/* Counters, for `net` in the shell: descriptors this side put on
	 * and took from each queue ([dir][0]: free, [dir][1]: active), and
	 * descriptors it refused. */
	unsigned long put[2][2], took[2][2], refused;
};

/* The bytes a channel of these dimensions needs: header and queues
 * (rounded up to @align), then the data region. */
size_t qchan_queues_size(uint32_t nr_entries, size_t align);

/*
 * Format [mem, mem + queues_size) as a channel whose data region starts
 * @data_offset bytes after @mem (at least qchan_queues_size): every queue
 * empty. nr_entries must hold every buffer of a direction (>= nr_rx,
 * nr_tx), a power of two; buf_size a power of two of at least 64. 0 or
 * -QUEUE_E_INVALID.
 */
int qchan_format(void *mem, uint32_t nr_entries, uint32_t buf_size,
		 uint32_t nr_rx, uint32_t nr_tx, uint64_t data_offset);

/*
 * Attach to the channel at [mem, mem + size) as @side: the header is
 * checked against @size (every queue and the whole data region inside
 * it). The upper side, the owner, then lends every receive buffer to the
 * lower side (puts it on rx.free) and keeps the transmit buffers; ask it
 * with qchan_tx_buffer(). 0 or -QUEUE_E_INVALID.
 */
int qchan_attach(struct qchan *c, void *mem, size_t size, enum qchan_side side);

/* Has system_init marked the other side gone (its component ended)? A
 * lie of the peer's here harms only the peer: it is its own state the
 * reader lets go of. */
static inline bool qchan_peer_gone(const struct qchan *c)
{
	return __atomic_load_n(&c->hdr->gone, __ATOMIC_ACQUIRE) &
	       QCHAN_GONE(c->side == QCHAN_LOWER ? QCHAN_UPPER : QCHAN_LOWER);
}

/* system_init: mark @side of the channel at @mem gone. */
static inline void qchan_mark_gone(void *mem, enum qchan_side side)
{
	__atomic_fetch_or(&((struct qchan_shared *)mem)->gone, QCHAN_GONE(side),
			  __ATOMIC_RELEASE);
}

/* The buffer a descriptor names, in our address space. */
static inline void *qchan_buf(const struct qchan *c, uint32_t offset)
{
	return c->data + offset;
}

/*
 * Put a buffer of direction @dir on its active queue (the filler: lower
 * for rx, upper for tx) or back on its free queue (the other side). 0,
 * -QUEUE_E_FULL, -QUEUE_E_PEER (broken), or -QUEUE_E_INVALID (not a
 * buffer of @dir, a length over buf_size, or, on the owner's side, a
 * buffer it does not hold).
 */
int qchan_put_active(struct qchan *c, enum qchan_dir dir, struct queue_desc d);
int qchan_put_free(struct qchan *c, enum qchan_dir dir, struct queue_desc d);

/*
 * Take the next descriptor of direction @dir's active queue (the side
 * that is not the filler) or free queue (the filler), checked: 0,
 * -QUEUE_E_EMPTY, or -QUEUE_E_PEER (a broken queue, or a descriptor
 * naming no buffer of @dir or one the owner did not lend: it is dropped
 * and counted in c->refused).
 */
int qchan_take_active(struct qchan *c, enum qchan_dir dir,
		      struct queue_desc *d);
int qchan_take_free(struct qchan *c, enum qchan_dir dir, struct queue_desc *d);

/*
 * The owner: a transmit buffer to fill (*d with len buf_size), from those
 * at hand or, when there are none, the next that tx.free gives back. 0,
 * -QUEUE_E_EMPTY (every one is lent: wait for tx.free), -QUEUE_E_PEER.
 * qchan_tx_release() puts one it took but did not send back at hand.
 */
int qchan_tx_buffer(struct qchan *c, struct queue_desc *d);
void qchan_tx_release(struct qchan *c, struct queue_desc d);

/* --- Single queues (the channel functions above use these). ---------- */

/* A queue of @nr_entries at @s, for the producer or the consumer. */
void queue_init(struct queue *q, struct queue_shared *s, uint32_t nr_entries,
		bool producer);

/* Producer: append @d and publish it. 0, -QUEUE_E_FULL, -QUEUE_E_PEER. */
int queue_enqueue(struct queue *q, struct queue_desc d);

/* Consumer: the next entry, copied out, and free its place. 0,
 * -QUEUE_E_EMPTY, -QUEUE_E_PEER. */
int queue_dequeue(struct queue *q, struct queue_desc *d);

/* Entries in the queue as this side sees them (0 when broken). */
uint32_t queue_count(struct queue *q);

/* Consumer: ask for a signal at the producer's next enqueue (then look
 * at the queue once more before waiting), or take the request back. */
void queue_want_signal(struct queue *q);
void queue_cancel_signal(struct queue *q);

/* Producer, after enqueuing: did the consumer ask for a signal? Takes the
 * request back when it did (the caller then signals). */
bool queue_signal_needed(struct queue *q);

#endif /* LIBSYS_QUEUE_H */
