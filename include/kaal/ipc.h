/* SPDX-License-Identifier: GPL-2.0-only */
/* Endpoints, notifications and fault delivery (kernel/endpoint.c,
 * kernel/notification.c, kernel/fault.c). */
#ifndef KAAL_IPC_H
#define KAAL_IPC_H

#include <kaal/tcb.h>

/* Thread queue embedded in endpoints and notifications. */
struct tcb_queue {
	struct tcb *head, *tail;
};

enum ep_state { EP_IDLE = 0, EP_SEND, EP_RECV };

struct endpoint {
	struct tcb_queue queue;
	uint32_t state; /* enum ep_state: who is waiting */
	uint32_t pad;
	uint64_t reserved;
};

struct notification {
	struct tcb_queue queue; /* waiters */
	uint64_t word;		/* OR of pending badges */
	struct tcb *bound;	/* TCB bound with tcb_bind_notification */
};

_Static_assert(sizeof(struct endpoint) <= (1u << KAAL_ENDPOINT_BITS),
	       "endpoint size");
_Static_assert(sizeof(struct notification) <= (1u << KAAL_NOTIFICATION_BITS),
	       "ntfn size");

/* Handler result meaning "the caller blocked": it gets its results when
 * the call completes, from whoever completes it, through
 * syscall_write_results (Documentation/abi.rst). */
#define SYSCALL_BLOCKED (-1)
/* Handler result meaning "stopped at a preemption point: run the system
 * call again after the pending interrupt" (its arguments are unchanged). */
#define SYSCALL_RESTART (-2)

void tcbq_append(struct tcb_queue *q, struct tcb *t);
void tcbq_remove(struct tcb_queue *q, struct tcb *t);

/* Take @r, the head of the receive queue of @ep (state EP_RECV), off the
 * queue: tcbq_remove of the head, inline for the send paths (generic and
 * fast). The endpoint goes idle when @r was its only receiver. */
static __always_inline void ep_dequeue_receiver(struct endpoint *ep,
						struct tcb *r)
{
	struct tcb *next = r->ep_next;

	if (likely(!next)) {
		ep->queue.head = NULL;
		ep->queue.tail = NULL;
		ep->state = EP_IDLE;
	} else {
		ep->queue.head = next;
		next->ep_prev = NULL;
	}
	r->ep_next = NULL;
	r->blocked_ep = NULL;
}

/* Send @info (KAAL_MSGINFO; the message registers are @t's) on the
 * endpoint of @c; blocking: queue when no receiver waits; call: then wait
 * for the reply. Also used to send a fault (@t->fault_pending; @info is
 * then unused). */
int endpoint_send(struct tcb *t, const struct cap *ep, uint64_t info,
		  bool blocking, bool call);
void endpoint_cancel(struct tcb *t);
void endpoint_destroy(struct endpoint *ep);
bool endpoint_wake_one(struct endpoint *ep);
void ipc_wake_with_error(struct tcb *t, int err);
void ipc_reply_link(struct tcb *receiver, struct tcb *caller);

void notification_signal_badge(struct notification *n, uint64_t badge);
void notification_cancel(struct tcb *t);
void notification_destroy(struct notification *n);
bool notification_wake_one(struct notification *n);
/* Bind @n to @t (NULL: unbind); a notification binds one thread. */
int notification_bind(struct tcb *t, struct notification *n);

/* Deliver a fault of @label with the four words of fault.h for @t
 * (@syndrome: the arch's description of the exception, e.g. ESR_EL1). */
void fault_deliver(struct tcb *t, uint32_t label, uint64_t addr,
		   uint64_t syndrome);

/* The current thread @t, in foreign mode, executed an svc: deliver its
 * unknown-syscall fault (its registers, fault.h). */
void fault_deliver_syscall(struct tcb *t);

/* Its message, read from @from's registers into @to's message registers
 * and IPC buffer; returns the message info @to receives. */
uint64_t fault_syscall_message(const struct tcb *from, struct tcb *to);

/* @t replies @info to @caller, whose fault is pending: for an
 * unknown-syscall fault, the reply's words into @caller's registers.
 * An error (a PC or SP outside user space) changes nothing. */
int fault_reply(struct tcb *t, struct tcb *caller, uint64_t info);

/* Is @t waiting for the reply to an unknown-syscall fault? */
bool fault_is_syscall(const struct tcb *t);

/* @t's pending fault gets no reply (the thread is suspended or woken with
 * an error): it executes the faulting instruction, or its svc, again. */
void fault_abandon(struct tcb *t);

#endif /* KAAL_IPC_H */
