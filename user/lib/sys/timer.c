// SPDX-License-Identifier: BSD-2-Clause
/* The timer service's client side (libsys/timer.h). */
#include <libkaal/counter.h>
#include <libsys/error.h>
#include <libsys/timer.h>

static long timer_call(struct timer_client *t, enum timer_request req,
		       unsigned int caps, unsigned int len,
		       const kaal_word_t *w, kaal_word_t *out)
{
	return sys_service_call(t->ep, req, caps, w, len, out);
}

long timer_open(struct timer_client *t, const struct sys_component_info *ci,
		kaal_cptr_t ntfn)
{
	const struct sys_resource *r =
		sys_resource(ci, "timer", SYS_RES_CLIENT);
	struct kaal_ipc_buffer *ipc = (void *)ci->ipc_buffer;

	if (!r)
		return -SYS_E_NOT_FOUND;
	t->ep = r->cap;
	t->ntfn = ntfn;
	ipc->caps[0] = ntfn;
	return timer_call(t, TIMER_OPEN, 1, 0, NULL, NULL);
}

long timer_set(struct timer_client *t, uint64_t deadline)
{
	kaal_word_t w = deadline;

	return timer_call(t, TIMER_SET, 0, 1, &w, NULL);
}

long timer_sleep_until(struct timer_client *t, uint64_t deadline)
{
	long err = timer_set(t, deadline);

	while (!err && counter_ticks() < deadline) {
		struct kaal_word_ret r = kaal_wait(t->ntfn);

		err = -(long)r.error;
	}
	return err;
}

uint64_t timer_ns_to_ticks(uint64_t ns)
{
	uint64_t f = counter_frequency();

	/* ns * f / 1e9 without overflow for any sleep under 584 years at
	 * up to 1 GHz: split into seconds and the rest. */
	return ns / 1000000000u * f +
	       ((ns % 1000000000u) * f + 999999999u) / 1000000000u;
}

long timer_sleep_ns(struct timer_client *t, uint64_t ns)
{
	return timer_sleep_until(t, counter_ticks() + timer_ns_to_ticks(ns));
}

long timer_info(struct timer_client *t, struct timer_info *info)
{
	kaal_word_t m[KAAL_MSG_REG_WORDS];
	long err = timer_call(t, TIMER_INFO, 0, 0, NULL, m);

	if (!err) {
		info->clients = m[0];
		info->armed = m[1];
		info->signals = m[2];
		info->next = m[3];
	}
	return err;
}

long timer_close(struct timer_client *t)
{
	return timer_call(t, TIMER_CLOSE, 0, 0, NULL, NULL);
}
