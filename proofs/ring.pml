/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A SPIN model of the wake-up protocols around the shared-memory rings of
 * <libsys/ring.h> (user/lib/sys/ring.c), Documentation/assurance.rst,
 * "Model-checked ring protocol". Each statement below is one memory
 * access or one system call of the C code it names; run it with
 * scripts/spin_check.sh (make spin).
 *
 * Two users of the ring signal each other, and the model has both:
 *
 *  BENCH (default): user/root/bench/ring.c, ring_send/ring_receive. Both
 *    sides wait: the producer, on its notification, while the ring is
 *    full; the consumer, on its own, while it is empty. After publishing
 *    its index each side issues a full fence, reads the ring's count, and
 *    signals the other when the count says the ring has just left the
 *    state the other waits in (1 slot after a push: it was empty; mask
 *    slots after a pop: it was full).
 *
 *  CONSOLE (-DCONSOLE): the console component (user/components/console,
 *    console_irq/rx_push) pushes typed bytes, drops them when the ring is
 *    full and signals the shell after any successful push; the shell
 *    (user/components/shell, drain and its main loop) notes whether the
 *    ring was full, drains it, signals the console if it was, and waits.
 *
 * Memory is modelled as the C11 code allows it to behave, not as
 * sequentially consistent: each side's index store (a release store,
 * stlr) first sits in the side's store buffer, from which it reaches
 * memory at any later moment; the side's own loads see its buffer. This
 * is the store-buffering reordering that a release store followed by an
 * acquire load of another location permits, the one reordering that can
 * lose a wake-up here. A full fence (__atomic_thread_fence(SEQ_CST))
 * waits until the buffer is empty. Slot contents need no buffer: a slot
 * is published by the index store that follows it (release), so the
 * other side cannot read it before it is complete; the model checks that
 * with the value each slot carries.
 *
 * KaaL notifications (kernel/notification.c): signal ORs a bit into the
 * word (or hands it to a waiter); wait blocks until the word is non-zero
 * and takes and clears it. One bit per side is the whole state.
 *
 * Properties:
 *  - every assert: items arrive once each, in order, with their contents;
 *    the count never leaves [0, SLOTS];
 *  - the monitor: whenever no process can move (SPIN's timeout), every
 *    item produced (and not dropped) has been consumed and the ring is
 *    empty -- nobody sleeps while there is work and no signal pending,
 *    which is what a lost wake-up is;
 *  - invalid end states (pan's default): no deadlock elsewhere;
 *  - -DFOREVER: both sides run forever; pan -l with weak fairness finds
 *    any infinite run in which the consumer stops consuming (progress
 *    labels on each consumed item and on the producer's blocking wait).
 *
 * Mutations (scripts/spin_check.sh expects each to be caught):
 *  - MUT_NO_NOTIFY: the producer never signals the consumer (the notify
 *    step dropped);
 *  - MUT_NO_FENCE: the fences between publishing an index and reading the
 *    other's removed;
 *  - MUT_COUNT_BEFORE (BENCH): the producer reads the count before
 *    publishing its slot and signals if it was 0;
 *  - MUT_FORGETFUL (BENCH): a signal with no waiter is lost instead of
 *    kept in the word.
 */

#ifndef SLOTS
#define SLOTS 2 /* ring capacity: mask + 1 */
#endif
#ifndef ITEMS
#define ITEMS 5 /* items the producer offers (bounded runs) */
#endif
#define WRAP	(2 * SLOTS)     /* indices run freely modulo WRAP, as the */
#define MASK	(SLOTS - 1)     /* C indices run modulo 2^32 */
#define CNT(h, t) (((h) + WRAP - (t)) % WRAP)
#define PROD	1 /* the producer's _pid (memory is 0) */

#ifdef FOREVER
#define MORE	 true
#define NEXT(x)	 x = (x + 1) % (2 * WRAP) /* item numbers, modulo */
#define WANT	 true
#define DROP	 skip
#else
#define MORE	 (produced + dropped < ITEMS)
#define NEXT(x)	 x++
#define WANT	 (consumed < ITEMS)
#define DROP	 dropped++
#endif

byte head, tail;		/* the shared indices, in memory */
byte head_sb, tail_sb;		/* a store buffer entry each */
bool head_sb_full, tail_sb_full;
byte slot[SLOTS];		/* each slot carries its item's number */
bool cons_word, prod_word;	/* the two notifications' words */
byte produced, consumed, dropped;

/* A store of an index: into the side's store buffer, after any earlier
 * store has drained (the buffer is FIFO, one entry deep). */
inline store_head(v) {
	!head_sb_full -> atomic { head_sb = v; head_sb_full = true }
}
inline store_tail(v) {
	!tail_sb_full -> atomic { tail_sb = v; tail_sb_full = true }
}
/* Own index: the buffered value, if any. */
#define OWN_HEAD (head_sb_full -> head_sb : head)
#define OWN_TAIL (tail_sb_full -> tail_sb : tail)

#ifdef MUT_NO_FENCE
inline fence_p() { skip }
inline fence_c() { skip }
#else
inline fence_p() { !head_sb_full }
inline fence_c() { !tail_sb_full }
#endif

/* A system call orders the caller's earlier stores before whatever the
 * kernel does for it (entry, the kernel's own synchronisation): the other
 * side, woken by it, sees them. So signal and wait drain the caller's
 * store buffer first. */
inline syscall_entry() {
	if
	:: _pid == PROD -> !head_sb_full
	:: else -> !tail_sb_full
	fi
}

inline signal(word) {
	syscall_entry();
	word = true
}

/*
 * kaal_wait: block until the word is non-zero, take and clear it. L
 * labels the blocking step: an end state there is a valid one when the
 * monitor below agrees there was nothing to wake up for.
 */
#ifdef MUT_FORGETFUL
/* A signal counts only if the other side is blocked in wait right now. */
bool cons_waiting, prod_waiting;
#define signal_cons() syscall_entry(); \
	if :: cons_waiting -> cons_word = true :: else -> skip fi
#define signal_prod() syscall_entry(); \
	if :: prod_waiting -> prod_word = true :: else -> skip fi
#define WAIT(word, waiting, L) syscall_entry(); waiting = true; \
	L: atomic { word -> word = false; waiting = false }
#define wait_cons(L) WAIT(cons_word, cons_waiting, L)
#define wait_prod(L) WAIT(prod_word, prod_waiting, L)
#else
#define signal_cons() signal(cons_word)
#define signal_prod() signal(prod_word)
#define WAIT(word, L) syscall_entry(); L: atomic { word -> word = false }
#define wait_cons(L) WAIT(cons_word, L)
#define wait_prod(L) WAIT(prod_word, L)
#endif

/* The stores drain to memory whenever they like. */
active proctype memory()
{
end:	do
	:: atomic { head_sb_full -> head = head_sb; head_sb_full = false }
	:: atomic { tail_sb_full -> tail = tail_sb; tail_sb_full = false }
	od
}

/*
 * ring_push (ring_produce_begin + ring_produce_commit): read head (ours),
 * acquire-load tail; full if head - tail > mask; else write the slot and
 * release-store head + 1. Sets pushed.
 */
inline ring_push(pushed) {
	h = OWN_HEAD;
	t = tail;
	if
	:: CNT(h, t) > MASK -> pushed = false
	:: else ->
		slot[h % SLOTS] = produced;
		store_head((h + 1) % WRAP);
		NEXT(produced);
		pushed = true
	fi
}

/*
 * ring_pop (ring_consume_begin + ring_consume_commit): read tail (ours),
 * acquire-load head; empty if equal; else read the slot and
 * release-store tail + 1. Sets popped.
 */
inline ring_pop(popped) {
	t = OWN_TAIL;
	h = head;
	if
	:: h == t -> popped = false
	:: else ->
		assert(CNT(h, t) <= SLOTS);
		/* The item in the slot is the next one, whole. */
		assert(slot[t % SLOTS] == consumed);
		store_tail((t + 1) % WRAP);
		NEXT(consumed);
		popped = true
	fi
}

/* ring_count: head - tail, each acquire-loaded; a side's own index is
 * the one in its store buffer, if any, the other's the one in memory. */
inline ring_count(n) {
	if
	:: _pid == PROD -> h = OWN_HEAD; t = tail
	:: else -> t = OWN_TAIL; h = head
	fi;
	n = CNT(h, t)
}


#ifndef CONSOLE

/* user/root/bench/ring.c: ring_producer's loop of ring_send. */
active proctype producer()
{
	byte h, t, n;
	bool pushed;

	assert(_pid == PROD);
	do
	:: MORE ->
#ifdef MUT_COUNT_BEFORE
		ring_count(n);
#endif
		ring_push(pushed);
		do
		:: pushed -> break
		:: else ->
wait_prod(end_full);
			ring_push(pushed)
		od;
		fence_p();
#ifndef MUT_COUNT_BEFORE
		ring_count(n);
		if
		:: n == 1 ->
#else
		if
		:: n == 0 ->
#endif
#ifndef MUT_NO_NOTIFY
			signal_cons()
#else
			skip
#endif
		:: else -> skip
		fi
	:: else -> break
	od;
	/* ring_producer then waits forever. */
wait_prod(end)
}

/* ring_consumer's loop of ring_receive, one item each. */
active proctype consumer()
{
	byte h, t, n;
	bool popped;

	do
	:: WANT ->
		ring_pop(popped);
		do
		:: popped -> break
		:: else ->
wait_cons(end_empty);
			ring_pop(popped)
		od;
#ifdef FOREVER
progress_item:	skip;
#endif
		fence_c();
		ring_count(n);
		if
		:: n == MASK -> signal_prod()
		:: else -> skip
		fi
	:: else -> break
	od
}

#else /* CONSOLE */

/* console_irq: each burst of input is pushed (or dropped when the ring
 * is full) and the shell signalled if anything went in. The console
 * cannot make the UART wait, so it never waits for room; with
 * -DPRODUCER_WAITS it does, as ring.h allows a producer to, which checks
 * the shell's side of the protocol for such a producer. */
active proctype producer()
{
	byte h, t;
	bool pushed;

	assert(_pid == PROD);
	do
	:: MORE ->
		ring_push(pushed);
#ifdef PRODUCER_WAITS
		do
		:: pushed -> break
		:: else ->
			wait_prod(end_full);
			ring_push(pushed)
		od;
#endif
		if
		:: pushed ->
#ifndef MUT_NO_NOTIFY
			signal_cons()
#else
			skip
#endif
		:: else -> DROP
		fi
	:: else -> break
	od;
#ifdef PRODUCER_WAITS
	wait_prod(end)
#endif
}

/* The shell's main loop: drain (pop until empty; after each pop, a
 * fence, and the console signalled if the pop freed the first slot of a
 * full ring), then wait. MUT_FULL_BEFORE: instead, whether the ring was
 * full is read once before draining (the shell did that until the model
 * showed a waiting producer would sleep forever). */
active proctype consumer()
{
	byte h, t, n;
	bool popped, was_full;

	do
	:: 
#ifdef MUT_FULL_BEFORE
		ring_count(n);
		was_full = n > MASK;
#endif
		do
		:: ring_pop(popped);
			if
			:: popped ->
#ifdef FOREVER
progress_item:			skip;
#endif
#ifndef MUT_FULL_BEFORE
				fence_c();
				ring_count(n);
				if
				:: n == MASK -> signal_prod()
				:: else -> skip
				fi
#else
				skip
#endif
			:: else -> break
			fi
		od;
#ifdef MUT_FULL_BEFORE
		if
		:: was_full -> signal_prod()
		:: else -> skip
		fi;
#endif
		wait_cons(end_empty)
	od
}

#endif /* CONSOLE */

/*
 * A lost wake-up leaves the system with nothing to do but work left:
 * when no process can move, every item offered was consumed or (console)
 * dropped, and nothing sits in the ring or a store buffer. A producer
 * that runs forever always has work left, so there no process may ever
 * be stuck at all.
 */
active proctype monitor()
{
	timeout ->
#ifdef FOREVER
	assert(false)
#else
	assert(!head_sb_full && !tail_sb_full && head == tail &&
	       consumed == produced && produced + dropped == ITEMS)
#endif
}
