// SPDX-License-Identifier: GPL-2.0-only
/*
 * Notifications: a word of badge bits. signal ORs the capability's badge
 * in and wakes one waiter (which takes and clears the word); wait blocks
 * until the word is non-zero; poll never blocks.
 */
#include <kaal/ipc.h>
#include <uapi/kaal/errors.h>

static void deliver(struct tcb *t, uint64_t word)
{
	t->ctx.x[0] = KAAL_OK;
	t->ctx.x[1] = word;
	tcb_set_runnable(t);
}

int notification_signal(const struct cap *c)
{
	struct notification *n = cap_object(c);
	struct tcb *t = n->queue.head;
	uint64_t badge = c->data ? c->data : 1;	/* unbadged: bit 0 */

	if (!(c->rights & KAAL_RIGHT_WRITE))
		return KAAL_E_NO_RIGHTS;
	if (t) {
		tcbq_remove(&n->queue, t);
		t->blocked_ntfn = NULL;
		deliver(t, n->word | badge);
		n->word = 0;
		return KAAL_OK;
	}
	n->word |= badge;
	return KAAL_OK;
}

int notification_wait(struct tcb *t, const struct cap *c, bool blocking)
{
	struct notification *n = cap_object(c);

	if (!(c->rights & KAAL_RIGHT_READ))
		return KAAL_E_NO_RIGHTS;
	if (n->word || !blocking) {
		t->ctx.x[1] = n->word;
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

void notification_destroy(struct notification *n)
{
	while (n->queue.head) {
		struct tcb *t = n->queue.head;

		tcbq_remove(&n->queue, t);
		t->blocked_ntfn = NULL;
		ipc_wake_with_error(t, KAAL_E_DELETED);
	}
	if (n->bound) {
		n->bound->bound_ntfn = NULL;
		n->bound = NULL;
	}
}
