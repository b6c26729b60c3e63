// SPDX-License-Identifier: GPL-2.0-only
/*
 * Notifications: a word of badge bits. signal ORs the capability's badge
 * in and wakes one waiter (which takes and clears the word); wait blocks
 * until the word is non-zero; poll never blocks.
 */
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/syscalls.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>

/* Wake @t, blocked in wait, with the notification word. */
static void deliver(struct tcb *t, uint64_t word)
{
	word_t res[KAAL_RES_COUNT];

	res[KAAL_RES_NTFN_WORD] = word;
	syscall_write_results(t, KAAL_OK, res, BIT(KAAL_RES_NTFN_WORD));
	tcb_set_runnable(t);
}

/* A thread bound to @n and blocked in recv is woken by the signal. */
static bool wake_bound(struct notification *n, uint64_t word)
{
	struct tcb *t = n->bound;
	word_t res[KAAL_RES_COUNT];

	if (!t || t->state != TS_BLOCKED_RECV)
		return false;
	endpoint_cancel(t);
	res[KAAL_RES_INFO] = KAAL_MSGINFO(KAAL_LABEL_NOTIFICATION, 0, 0);
	res[KAAL_RES_BADGE] = word;
	syscall_write_results(t, KAAL_OK, res,
			      BIT(KAAL_RES_INFO) | BIT(KAAL_RES_BADGE));
	tcb_set_runnable(t);
	return true;
}

/* signal(ntfn) */
int sys_signal(struct tcb *t, struct syscall_args *a)
{
	const struct cap *c = &a->slot->cap;

	(void)t;
	if (!(c->rights & KAAL_RIGHT_WRITE))
		return KAAL_E_NO_RIGHTS;
	notification_signal_badge(cap_object(c),
				  cap_ntfn_badge(c) ? cap_ntfn_badge(c) : 1);
	return KAAL_OK;
}

/* OR @badge into @n, or hand it to a waiter or the bound thread. */
void notification_signal_badge(struct notification *n, uint64_t badge)
{
	struct tcb *t = n->queue.head;

	if (t) {
		tcbq_remove(&n->queue, t);
		t->blocked_ntfn = NULL;
		deliver(t, n->word | badge);
		n->word = 0;
		return;
	}
	if (wake_bound(n, n->word | badge)) {
		n->word = 0;
		return;
	}
	n->word |= badge;
}

/* wait, poll(ntfn) -> word */
int sys_wait(struct tcb *t, struct syscall_args *a)
{
	const struct cap *c = &a->slot->cap;
	struct notification *n = cap_object(c);

	if (!(c->rights & KAAL_RIGHT_READ))
		return KAAL_E_NO_RIGHTS;
	if (n->word || a->nr == KAAL_SYS_POLL) {
		syscall_set_result(a, KAAL_RES_NTFN_WORD, n->word);
		n->word = 0;
		return KAAL_OK;
	}
	t->blocked_ntfn = n;
	tcbq_append(&n->queue, t);
	tcb_block(t, TS_BLOCKED_NTFN);
	return SYSCALL_BLOCKED;
}

void notification_cancel(struct tcb *t)
{
	if (!t->blocked_ntfn)
		return;
	tcbq_remove(&t->blocked_ntfn->queue, t);
	t->blocked_ntfn = NULL;
}

/* The last capability to @n is gone: no thread or interrupt can signal
 * it any more. Its waiters are woken one a step (notification_wake_one)
 * while the capability dies (kernel/cspace.c). */
void notification_destroy(struct notification *n)
{
	if (n->bound) {
		n->bound->bound_ntfn = NULL;
		n->bound = NULL;
	}
	irqhandler_forget_ntfn(n);
}

/* Wake the first thread waiting on the dying notification @n with
 * KAAL_E_DELETED. Returns false when none was left. */
bool notification_wake_one(struct notification *n)
{
	struct tcb *t = n->queue.head;

	if (!t)
		return false;
	tcbq_remove(&n->queue, t);
	t->blocked_ntfn = NULL;
	ipc_wake_with_error(t, KAAL_E_DELETED);
	return true;
}

/* tcb_bind_notification(tcb, ntfn): ntfn 0 unbinds. */
int notification_bind(struct tcb *t, struct notification *n)
{
	if (n && n->bound && n->bound != t)
		return KAAL_E_BUSY;
	if (t->bound_ntfn) {
		t->bound_ntfn->bound = NULL;
		t->bound_ntfn = NULL;
	}
	if (!n)
		return KAAL_OK;
	n->bound = t;
	t->bound_ntfn = n;
	return KAAL_OK;
}
