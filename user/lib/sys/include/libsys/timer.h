/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer service (user/components/timer, Documentation/components.rst
 * "The timer service"): components sleep and set timeouts. Time is the
 * generic timer's virtual count, which every component reads itself
 * (<libkaal/counter.h>: counter_ticks(), counter_frequency()); the
 * service only signals a notification of the client's when the count
 * reaches a deadline the client set.
 *
 * Requests are calls on the "timer" endpoint with the request in the
 * label; the reply's label is 0 or an error (<libsys/error.h>):
 *
 *   TIMER_OPEN   1 capability: a notification of the client's (write
 *                right), which the service keeps and signals; again:
 *                replaces it. SYS_E_PROTOCOL without one or with another
 *                kind of capability; SYS_E_NO_SPACE past 16 clients
 *   TIMER_SET    mr0 deadline in counter ticks, 0 cancels; one per
 *                client, a new one replaces the old. A deadline already
 *                past signals at once. SYS_E_STATE before TIMER_OPEN
 *   TIMER_INFO   -  ->  mr0 clients, mr1 deadlines set, mr2 signals sent
 *                since boot, mr3 the next deadline (0: none)
 *   TIMER_CLOSE  the service forgets the client and its notification
 *
 * The signal is the one of the capability the client gave (mint it
 * with a badge of its own to tell the timer from other signallers). A
 * signal is a hint: the client compares the count with its deadline.
 */
#ifndef LIBSYS_TIMER_H
#define LIBSYS_TIMER_H

#include <stdint.h>
#include <libkaal/syscalls.h>
#include <libsys/component.h>

enum timer_request {
	TIMER_OPEN = 1,
	TIMER_SET = 2,
	TIMER_INFO = 3,
	TIMER_CLOSE = 4,
};

struct timer_client {
	kaal_cptr_t ep;	  /* the "timer" endpoint */
	kaal_cptr_t ntfn; /* what the service signals (and we wait on) */
};

struct timer_info {
	uint64_t clients, armed, signals, next;
};

/* Find the "timer" client resource of @ci, hand @ntfn (a notification
 * the caller may wait on; the service gets a copy) to the service. 0 or
 * -E (SYS_E_NOT_FOUND: no timer in the manifest). */
long timer_open(struct timer_client *t, const struct sys_component_info *ci,
		kaal_cptr_t ntfn);

/* Signal t->ntfn when the count reaches @deadline (0 cancels). */
long timer_set(struct timer_client *t, uint64_t deadline);

/* Wait until the count reaches @deadline: 0 or -E. Other signals of
 * t->ntfn in the meantime are swallowed. */
long timer_sleep_until(struct timer_client *t, uint64_t deadline);

/* Sleep at least @ns nanoseconds. */
long timer_sleep_ns(struct timer_client *t, uint64_t ns);

long timer_info(struct timer_client *t, struct timer_info *info);
long timer_close(struct timer_client *t);

/* Counter ticks of @ns nanoseconds, rounded up. */
uint64_t timer_ns_to_ticks(uint64_t ns);

#endif /* LIBSYS_TIMER_H */
