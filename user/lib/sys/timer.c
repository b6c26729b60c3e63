// SPDX-License-Identifier: BSD-2-Clause
/* The timer service's client side (libsys/timer.h). */
#include <libkaal/counter.h>
#include <libsys/error.h>
#include <libsys/timer.h>

long timer_init(struct timer_client *t, const struct sys_component_info *ci)
{
	const struct sys_resource *ep =
		sys_resource(ci, "timer", SYS_RES_CLIENT);
	const struct sys_resource *n =
		sys_resource(ci, "notify", SYS_RES_NOTIFICATION);

	if (!ep || !n)
		return -SYS_E_NOT_FOUND;
	t->ep = ep->cap;
	t->ntfn = n->cap;
	/* The service signals with the bit of our "timer" resource. */
	t->bit = 1ul << (ep - ci->res);
	return 0;
}

static long timer_call(struct timer_client *t, kaal_word_t label,
		       kaal_word_t arg, unsigned int len,
		       struct kaal_recv_ret *r)
{
	struct kaal_msg m = { KAAL_MSGINFO(label, 0, len), { arg } };

	*r = kaal_call(t->ep, &m);
	if (r->error)
		return -(long)r->error;
	return -(long)KAAL_MSGINFO_LABEL(r->msg.info);
}

long timer_set(struct timer_client *t, uint64_t deadline)
{
	struct kaal_recv_ret r;

	return timer_call(t, TIMER_SET, deadline, 1, &r);
}

uint64_t timer_deadline_ns(uint64_t ns)
{
	uint64_t f = counter_frequency(), now = counter_ticks();
	uint64_t ticks = ns / 1000000000ull * f +
			 ns % 1000000000ull * f / 1000000000ull;

	return ticks > ~0ull - now ? ~0ull : now + ticks;
}

long timer_sleep_ns(struct timer_client *t, uint64_t ns, kaal_word_t *other)
{
	long err = timer_set(t, timer_deadline_ns(ns));

	while (!err) {
		struct kaal_word_ret w = kaal_wait(t->ntfn);

		if (w.error)
			return -(long)w.error;
		if (other)
			*other |= w.value & ~t->bit;
		if (w.value & t->bit)
			break;
	}
	return err;
}

long timer_info(struct timer_client *t, uint64_t *hz, uint64_t *irqs,
		uint64_t *signals)
{
	struct kaal_recv_ret r;
	long err = timer_call(t, TIMER_INFO, 0, 0, &r);

	if (err)
		return err;
	*hz = r.msg.mr[0];
	*irqs = r.msg.mr[1];
	*signals = r.msg.mr[2];
	return 0;
}
