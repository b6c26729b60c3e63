// SPDX-License-Identifier: BSD-2-Clause
/*
 * The timer service (<libsys/timer.h>, Documentation/components.rst "The
 * timer service"): the kernel's user timer (the EL1 physical timer,
 * programmed through irq_handler_set_deadline on the IRQHandler of its
 * line) behind a server, so that any number of components can sleep and
 * set timeouts with one hardware timer.
 *
 * The broker hands the line over as a device: the timer node's second
 * interrupt, the non-secure physical timer (the kernel ticks on the
 * virtual one). Its notification is bound to our thread, so the timer
 * firing arrives on the endpoint as a notification message. The timer is
 * always armed for the earliest deadline of all clients; when it fires,
 * every client whose deadline has passed is signalled, once.
 *
 * Clients are trusted with nothing: a capability that is not a
 * notification is refused and deleted, a client without one cannot set a
 * deadline, and a client's requests touch its own entry only.
 */
#include <stdio.h>
#include <libkaal/counter.h>
#include <libsys/broker.h>
#include <libsys/component.h>
#include <libsys/error.h>
#include <libsys/server.h>
#include <libsys/timer.h>
#include "deadlines.h"

/* Client i's notification is in slot TIMER_SLOT(i); capabilities arrive
 * in LANDING first. The broker fills slots from SYS_CAP_FIRST_FREE up and
 * gives us two objects, far below. */
#define TIMER_SLOT(i) (200 + (kaal_cptr_t)(i))
#define LANDING	      199
#define IRQ_NTFN_SLOT 198	  /* our notification, badged IRQ_BADGE */
#define IRQ_BADGE     (1ul << 62) /* clients' badges are their ids */

_Static_assert(TIMER_SLOT(TIMER_MAX_CLIENTS) <= (1u << SYS_CNODE_BITS),
	       "client slots fit the CNode");

static struct deadlines dl;
static kaal_cptr_t handler;
static uint64_t signals, armed_for;
static struct kaal_ipc_buffer *ipc;

static void expect_cap(void)
{
	ipc->recv_cnode = SYS_CAP_CNODE;
	ipc->recv_index = LANDING;
	ipc->recv_depth = KAAL_WORD_BITS;
}

static void drop(kaal_cptr_t slot)
{
	kaal_cap_delete(SYS_CAP_CNODE, slot, KAAL_WORD_BITS);
}

/* Arm the hardware for the earliest deadline (or disarm it). */
static void rearm(void)
{
	uint64_t next = deadlines_next(&dl);
	enum kaal_error err;

	if (next == armed_for)
		return;
	err = kaal_irq_handler_set_deadline(handler, next);
	if (err)
		printf("timer: irq_handler_set_deadline: %s\n",
		       sys_strerror(-(long)err));
	else
		armed_for = next;
}

static void fire(int i, void *ctx)
{
	(void)ctx;
	kaal_signal(TIMER_SLOT(i));
	signals++;
}

static void expire(void)
{
	deadlines_expire(&dl, counter_ticks(), fire, NULL);
	/* The kernel disarmed the timer when it fired. */
	armed_for = 0;
	kaal_irq_handler_ack(handler);
	rearm();
}

static long open_client(kaal_word_t badge, const struct kaal_msg *m)
{
	struct kaal_identify_ret id;
	int i;

	if (kaal_msginfo_caps(m->info) != 1 ||
	    (kaal_msginfo_unwrapped(m->info) & 1))
		return SYS_E_PROTOCOL;
	id = kaal_cap_identify(LANDING);
	if (id.error || id.type != KAAL_OBJ_NOTIFICATION ||
	    !(id.rights & KAAL_RIGHT_WRITE)) {
		drop(LANDING);
		return SYS_E_PROTOCOL;
	}
	i = deadlines_add(&dl, badge);
	if (i < 0) {
		drop(LANDING);
		return SYS_E_NO_SPACE;
	}
	drop(TIMER_SLOT(i));
	return kaal_cap_move(SYS_CAP_CNODE, TIMER_SLOT(i), KAAL_WORD_BITS,
			     SYS_CAP_CNODE, LANDING, KAAL_WORD_BITS);
}

static long handle(kaal_word_t badge, const struct kaal_msg *m,
		   struct kaal_msg *reply)
{
	int i = deadlines_find(&dl, badge);
	unsigned int armed = 0;

	/* A capability sent with any other request is not kept. */
	if (kaal_msginfo_label(m->info) != TIMER_OPEN &&
	    kaal_msginfo_caps(m->info) &&
	    !(kaal_msginfo_unwrapped(m->info) & 1))
		drop(LANDING);
	switch (kaal_msginfo_label(m->info)) {
	case TIMER_OPEN:
		return open_client(badge, m);
	case TIMER_SET:
		if (i < 0)
			return SYS_E_STATE;
		if (kaal_msginfo_len(m->info) != 1)
			return SYS_E_PROTOCOL;
		dl.e[i].deadline = m->mr[0];
		/* Past already: signalled now, not at the next interrupt. */
		if (m->mr[0] && m->mr[0] <= counter_ticks())
			deadlines_expire(&dl, counter_ticks(), fire, NULL);
		rearm();
		return 0;
	case TIMER_INFO:
		for (int k = 0; k < TIMER_MAX_CLIENTS; k++)
			armed += dl.e[k].badge && dl.e[k].deadline;
		reply->mr[0] = 0;
		for (int k = 0; k < TIMER_MAX_CLIENTS; k++)
			reply->mr[0] += dl.e[k].badge != 0;
		reply->mr[1] = armed;
		reply->mr[2] = signals;
		reply->mr[3] = deadlines_next(&dl);
		reply->info = kaal_msginfo(0, 0, 4);
		return 0;
	case TIMER_CLOSE:
		if (i < 0)
			return SYS_E_STATE;
		deadlines_remove(&dl, i);
		drop(TIMER_SLOT(i));
		rearm();
		return 0;
	default:
		return SYS_E_PROTOCOL;
	}
}

static int timer_handle(struct sys_server *srv, const struct kaal_recv_ret *in,
			struct kaal_msg *reply)
{
	long err;

	(void)srv;
	if (kaal_msginfo_label(in->msg.info) == KAAL_LABEL_NOTIFICATION) {
		if (in->badge & IRQ_BADGE)
			expire();
		return SYS_SERVE_NO_REPLY;
	}
	*reply = (struct kaal_msg){ .info = kaal_msginfo(0, 0, 0) };
	err = handle(in->badge, &in->msg, reply);
	if (err)
		*reply = (struct kaal_msg){ .info = kaal_msginfo(err, 0, 0) };
	expect_cap();
	return SYS_SERVE_REPLY;
}

int main(void *x0)
{
	const struct sys_component_info *ci = sys_component_init(x0);
	const struct sys_resource *srv;
	struct sys_server server = { .handle = timer_handle };
	struct broker_device dev;
	struct broker_ret n;
	long err;

	if (!ci)
		return 1;
	ipc = (struct kaal_ipc_buffer *)ci->ipc_buffer;
	srv = sys_resource(ci, "timer", SYS_RES_SERVER);
	if (!srv) {
		printf("timer: no \"timer\" endpoint to serve\n");
		return 1;
	}
	err = broker_device_irq("arm,armv8-timer", 0, 1, &dev);
	if (err == -SYS_E_NOT_FOUND)
		err = broker_device_irq("arm,armv7-timer", 0, 1, &dev);
	if (!err && !dev.irq_handler)
		err = -SYS_E_NOT_FOUND;
	n = broker_alloc_object(KAAL_OBJ_NOTIFICATION);
	if (err || n.error) {
		printf("timer: no timer interrupt: %s\n",
		       sys_strerror(err ? err : n.error));
		return 1;
	}
	handler = dev.irq_handler;
	/* Badged, so that the timer firing cannot be mistaken for a
	 * message; bound, so that it arrives on the endpoint. */
	err = kaal_cap_mint(SYS_CAP_CNODE, IRQ_NTFN_SLOT, KAAL_WORD_BITS,
			    SYS_CAP_CNODE, n.mr[0], KAAL_WORD_BITS,
			    KAAL_RIGHT_WRITE, IRQ_BADGE);
	if (!err)
		err = kaal_irq_handler_set_ntfn(handler, IRQ_NTFN_SLOT);
	if (!err)
		err = kaal_tcb_bind_notification(SYS_CAP_TCB, n.mr[0]);
	if (!err)
		err = kaal_irq_handler_ack(handler);
	if (err) {
		printf("timer: setting up line %lu: %s\n", dev.irq,
		       sys_strerror(-err));
		return 1;
	}
	printf("timer: line %lu, %lu Hz counter, up to %d clients\n", dev.irq,
	       (unsigned long)counter_frequency(), TIMER_MAX_CLIENTS);
	expect_cap();
	server.ep = srv->cap;
	return sys_serve(&server);
}
