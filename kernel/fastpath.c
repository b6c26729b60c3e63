// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPC fast path (CONFIG_IPC_FASTPATH): call and reply_recv with a
 * register-only message (at most six words, no capabilities) to a partner
 * that is already waiting. It makes exactly the state changes of the
 * generic path (kernel/endpoint.c) in one straight line and, when the
 * partner is the thread the scheduler would pick next, switches to it
 * directly. Anything unusual goes to the generic path, so the results are
 * identical by construction; only the instruction count differs.
 */
#include <kaal/cspace.h>
#include <kaal/arch/cpu.h>
#include <kaal/arch/fpu.h>
#include <kaal/fastpath.h>
#include <kaal/ipc.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/message.h>

/* Message info the fast path can take: length <= 6, no capabilities. */
static inline bool fast_info(uint64_t info)
{
	return (info & 0x1ff) <= KAAL_MSG_REG_WORDS;
}

/* An endpoint capability found by a one-level lookup in the thread's
 * root CNode (the common case: the guard covers the remaining bits). */
static inline struct cap *fast_lookup(struct tcb *t, uint64_t cptr)
{
	const struct cap *root = &t->cspace_root.cap;
	unsigned int radix = root->size_bits;
	struct cap *c;

	if (root->type != KAAL_OBJ_CNODE || root->extra + radix != 64 ||
	    (cptr >> radix) != root->data)
		return NULL;
	c = &cnode_slots(root)[cptr & ((1ull << radix) - 1)].cap;
	return c->type == KAAL_OBJ_ENDPOINT ? c : NULL;
}

/* Copy @len message registers and set the receiver's result registers,
 * as transfer() does. */
static inline void fast_transfer(struct tcb *from, struct tcb *to,
				 uint64_t info, uint64_t badge)
{
	unsigned int len = (unsigned int)(info & 0x7f);
	uint64_t *buf;

	for (unsigned int i = 0; i < len; i++)
		to->ctx.x[2 + i] = from->ctx.x[2 + i];
	info = (info & ~0xfffull) | len;
	to->ctx.x[0] = KAAL_OK;
	to->ctx.x[1] = info;
	to->ctx.x[8] = badge;
	buf = tcb_ipc_words(to);
	if (buf)
		buf[0] = info;
}

/* Switch to @next if the scheduler agrees, else let it choose. */
static inline void __noreturn fast_switch(struct tcb *next)
{
	if (sched_pick() != &next->sched)
		thread_exit_to_user();
	current = next;
	vspace_activate(next);
	arch_fpu_switch(next);
	arch_return_to_user(&next->ctx);
}

void fastpath_call(struct trap_frame *ctx)
{
	struct tcb *t = current, *r;
	uint64_t info = ctx->x[1];
	struct endpoint *ep;
	struct cap *c;

	if (!fast_info(info) || !(c = fast_lookup(t, ctx->x[0])) ||
	    !(c->rights & KAAL_RIGHT_WRITE))
		arch_user_exception(ctx, VEC_EL0_SYNC);
	ep = cap_object(c);
	if (ep->state != EP_RECV)
		arch_user_exception(ctx, VEC_EL0_SYNC);
	r = ep->queue.head;
	tcbq_remove(&ep->queue, r);
	if (!ep->queue.head)
		ep->state = EP_IDLE;
	r->blocked_ep = NULL;
	t->msginfo = info;
	t->reply_grant = !!(c->rights & KAAL_RIGHT_GRANT_REPLY);
	fast_transfer(t, r, info, c->data);
	tcb_set_runnable(r);
	ipc_reply_link(r, t);
	tcb_block(t, TS_BLOCKED_REPLY);
	fast_switch(r);
}

void fastpath_reply_recv(struct trap_frame *ctx)
{
	struct tcb *t = current, *caller = t->reply_to;
	uint64_t info = ctx->x[1];
	struct endpoint *ep;
	struct cap *c;

	if (!caller || caller->fault_pending || !fast_info(info) ||
	    !(c = fast_lookup(t, ctx->x[0])) || !(c->rights & KAAL_RIGHT_READ) ||
	    (t->bound_ntfn && t->bound_ntfn->word))
		arch_user_exception(ctx, VEC_EL0_SYNC);
	ep = cap_object(c);
	if (ep->state == EP_SEND)
		arch_user_exception(ctx, VEC_EL0_SYNC);
	t->reply_to = NULL;
	caller->replier = NULL;
	t->msginfo = info;
	fast_transfer(t, caller, info, 0);
	tcb_set_runnable(caller);
	t->blocked_ep = ep;
	tcbq_append(&ep->queue, t);
	ep->state = EP_RECV;
	tcb_block(t, TS_BLOCKED_RECV);
	fast_switch(caller);
}
