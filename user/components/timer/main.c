// SPDX-License-Identifier: BSD-2-Clause
/*
 * The timer service (<libsys/timer.h>, Documentation/components.rst, "The
 * timer service"): components sleep and set timeouts.
 *
 * The kernel ticks on the generic timer's virtual timer; it lets EL0
 * program the EL1 physical timer (CONFIG_EXPORT_PTIMER_USER), whose
 * interrupt the broker grants this component (broker_timer, through the
 * driver kit's ptimer). Each client has one deadline, an absolute virtual
 * count; the timer is set to the earliest, relative to now (CNTP_TVAL_EL0,
 * so the physical count itself need not be readable). When it fires, every
 * client whose deadline has passed is signalled on the capability
 * system_init gave us for it (a "signal" resource, badged with the bit the
 * client expects) and the timer is set to the next deadline or disabled,
 * which lowers the interrupt before the kit unmasks the line.
 *
 * Clients are known by their badge; a deadline is the only thing a client
 * can set, and only its own.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/counter.h>
#include <libsys/timer.h>
#include <libdriver/kit.h>

#define MAX_CLIENTS 64 /* badges (component ids) 1..63 */

#define CNTP_CTL_ENABLE 1u
#define CNTP_TVAL_MAX	0x7fffffffull /* a signed 32-bit down-counter */

static struct {
	uint64_t deadline;  /* 0: none */
	kaal_cptr_t signal; /* 0: not looked up yet, or none */
} clients[MAX_CLIENTS];
static unsigned long signals;

static void ptimer_set(uint64_t tval, uint32_t ctl)
{
	__asm__ volatile("msr cntp_tval_el0, %0\n\t"
			 "msr cntp_ctl_el0, %1\n\t"
			 "isb" ::"r"(tval),
			 "r"((uint64_t)ctl)
			 : "memory");
}

/* Signal every client whose deadline has passed; set the timer to the
 * next deadline, or stop it. */
static void timer_update(void)
{
	uint64_t now = counter_ticks(), next = 0;

	for (unsigned int i = 1; i < MAX_CLIENTS; i++) {
		uint64_t d = clients[i].deadline;

		if (!d)
			continue;
		if (d <= now) {
			clients[i].deadline = 0;
			kaal_signal(clients[i].signal);
			signals++;
		} else if (!next || d < next) {
			next = d;
		}
	}
	if (!next) {
		ptimer_set(0, 0);
		return;
	}
	/* Longer than the 32-bit count reaches: fire early, set again. */
	ptimer_set(next - now > CNTP_TVAL_MAX ? CNTP_TVAL_MAX : next - now,
		   CNTP_CTL_ENABLE);
}

/* The capability to signal client @id, from the resources system_init
 * added for it (a client started later gets its own then). */
static kaal_cptr_t client_signal(const struct kit *k, unsigned long id)
{
	const struct sys_component_info *ci = k->ci;

	if (!id || id >= MAX_CLIENTS)
		return 0;
	if (clients[id].signal)
		return clients[id].signal;
	for (uint32_t i = 0; i < ci->nr_resources && i < SYS_MAX_RESOURCES;
	     i++)
		if (ci->res[i].type == SYS_RES_SIGNAL &&
		    ci->res[i].badge == id)
			clients[id].signal = ci->res[i].cap;
	return clients[id].signal;
}

static int timer_start(struct kit *k)
{
	(void)k;
	ptimer_set(0, 0);
	printf("timer: EL1 physical timer, irq %ld, %lu Hz\n",
	       (long)k->dev.irq, (unsigned long)counter_frequency());
	return 0;
}

static void timer_irq(struct kit *k)
{
	(void)k;
	timer_update();
}

static long timer_request(struct kit *k, const struct kit_request *rq,
			  struct kit_reply *rp)
{
	unsigned long id = rq->badge & SYS_BADGE_ID_MASK;

	switch (rq->label) {
	case TIMER_SET:
		if (rq->len < 1)
			return -SYS_E_PROTOCOL;
		if (!client_signal(k, id))
			return -SYS_E_DENIED;
		clients[id].deadline = rq->mr[0];
		timer_update();
		rp->mr[0] = counter_ticks();
		rp->len = 1;
		return 0;
	case TIMER_INFO:
		rp->mr[0] = counter_frequency();
		rp->mr[1] = k->irqs;
		rp->mr[2] = signals;
		rp->len = 3;
		return 0;
	default:
		return -SYS_E_PROTOCOL;
	}
}

static const struct kit_match timer_match[] = {
	{ "arm,armv8-timer", NULL },
	{ NULL, NULL },
};

static const struct kit_driver timer_driver = {
	.name = "timer",
	.device = "timer for user space (CONFIG_EXPORT_PTIMER_USER)",
	.match = timer_match,
	.ptimer = true,
	.server = "timer",
	.start = timer_start,
	.irq = timer_irq,
	.request = timer_request,
};

int main(void *x0)
{
	return kit_run(&timer_driver, sys_component_init(x0));
}
