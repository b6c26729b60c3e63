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
	uint32_t state;		/* enum ep_state: who is waiting */
	uint32_t pad;
	uint64_t reserved;
};

struct notification {
	struct tcb_queue queue;	/* waiters */
	uint64_t word;		/* OR of pending badges */
	struct tcb *bound;	/* TCB bound with tcb_bind_notification */
};

_Static_assert(sizeof(struct endpoint) <= (1u << KAAL_ENDPOINT_BITS), "endpoint size");
_Static_assert(sizeof(struct notification) <= (1u << KAAL_NOTIFICATION_BITS), "ntfn size");

/* Handler result meaning "leave the caller's result registers alone": it
 * blocked (they are set when it wakes) or they were already set. */
#define SYSCALL_BLOCKED	(-1)
/* Handler result meaning "stopped at a preemption point: run the system
 * call again after the pending interrupt" (its arguments are unchanged). */
#define SYSCALL_RESTART	(-2)

void tcbq_append(struct tcb_queue *q, struct tcb *t);
void tcbq_remove(struct tcb_queue *q, struct tcb *t);

int endpoint_send(struct tcb *t, const struct cap *ep, bool blocking, bool call);
int endpoint_recv(struct tcb *t, const struct cap *ep, bool blocking);
int endpoint_reply(struct tcb *t);
int endpoint_reply_recv(struct tcb *t, const struct cap *ep);
void endpoint_cancel(struct tcb *t);
void endpoint_destroy(struct endpoint *ep);
bool endpoint_wake_one(struct endpoint *ep);
void ipc_wake_with_error(struct tcb *t, int err);
void ipc_reply_link(struct tcb *receiver, struct tcb *caller);

int notification_signal(const struct cap *c);
void notification_signal_badge(struct notification *n, uint64_t badge);
int notification_wait(struct tcb *t, const struct cap *c, bool blocking);
void notification_cancel(struct tcb *t);
void notification_destroy(struct notification *n);
bool notification_wake_one(struct notification *n);
/* Bind @n to @t (NULL: unbind); a notification binds one thread. */
int notification_bind(struct tcb *t, struct notification *n);

/* Deliver a fault of @label with the four words of fault.h for @t. */
void fault_deliver(struct tcb *t, uint32_t label, uint64_t addr, uint64_t esr);

#endif /* KAAL_IPC_H */
