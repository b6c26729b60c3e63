/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer service (user/components/timer, Documentation/components.rst,
 * "The timer service"): components sleep and set timeouts.
 *
 * Time is the generic timer's virtual count (counter_ticks() of
 * <libkaal/counter.h>, which every component reads at EL0, at
 * counter_frequency() Hz). A client has one timeout at a time: TIMER_SET
 * with an absolute count arms it (replacing the one before), and when the
 * count reaches it the service signals the client's own notification
 * ("notify" resource) with the bit of the client's "timer" resource, once.
 * system_init gives the service that capability for each component whose
 * manifest entry uses "timer"; a caller without one is refused.
 *
 *   TIMER_SET   mr0 deadline (count; 0 cancels)    mr0 the count now
 *       a deadline already past is signalled at once
 *   TIMER_INFO  -                                  mr0 frequency (Hz),
 *                                                  mr1 interrupts taken,
 *                                                  mr2 signals sent
 * Errors (the reply's label): SYS_E_DENIED for a caller the service cannot
 * signal, SYS_E_PROTOCOL for an unknown request or a short message.
 */
#ifndef LIBSYS_TIMER_H
#define LIBSYS_TIMER_H

#include <stdint.h>
#include <libkaal/syscalls.h>
#include <libsys/component.h>

enum timer_request {
	TIMER_SET = 1,
	TIMER_INFO = 2,
};

struct timer_client {
	kaal_cptr_t ep;	  /* the "timer" client resource */
	kaal_cptr_t ntfn; /* the component's own notification */
	kaal_word_t bit;  /* the timer's bit in its word */
};

/* Find the "timer" and "notify" resources; 0 or -SYS_E_NOT_FOUND. */
long timer_init(struct timer_client *t, const struct sys_component_info *ci);

/* Arm the timeout at count @deadline (0: cancel); 0 or -E. */
long timer_set(struct timer_client *t, uint64_t deadline);

/* The count @ns nanoseconds from now (saturating). */
uint64_t timer_deadline_ns(uint64_t ns);

/*
 * Sleep @ns nanoseconds: arm the timeout and wait on the notification
 * until the timer's bit comes. Other bits that arrive meanwhile are ORed
 * into *@other (may be NULL: they are lost), so a component that also
 * waits for rings or interrupts on the same notification misses nothing.
 * 0 or -E.
 */
long timer_sleep_ns(struct timer_client *t, uint64_t ns, kaal_word_t *other);

/* TIMER_INFO: frequency, interrupts, signals; 0 or -E. */
long timer_info(struct timer_client *t, uint64_t *hz, uint64_t *irqs,
		uint64_t *signals);

#endif /* LIBSYS_TIMER_H */
