// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPC fast path (CONFIG_IPC_FASTPATH): call and reply_recv with a
 * register-only message (at most six words, no capabilities) to a partner
 * that is already waiting and may run at once (same domain, priority at
 * least the caller's). It makes exactly the state changes of the generic
 * path (kernel/endpoint.c: transfer, reply link, sched_handoff) in one
 * straight line and switches to the partner directly. Anything else goes
 * to the generic path (syscall_slow) before any state has changed, so the
 * results are identical by construction; only the instruction count
 * differs. It reads the arguments through the same register contract as
 * the generic path (kaal/arch/regs.h) and writes the receiver's results
 * inline: exactly the registers syscall_write_results would.
 *
 * The one long function of the kernel, on purpose: everything is inlined.
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/fpu.h>
#include <kaal/arch/thread.h>
#include <kaal/cspace.h>
#include <kaal/fastpath.h>
#include <kaal/ipc.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>
#include "sched_queue.h"

/* An endpoint capability found by a one-level lookup in the thread's
 * root CNode (the common case: its guard covers the remaining bits). A
 * dying root CNode has no guard bits (kernel/cspace.c), so it fails the
 * guard test and goes to the generic path, which refuses it. */
static __always_inline struct cap *fast_lookup(const struct tcb *t,
					       uint64_t cptr)
{
	const struct cap *root = &t->cspace_root.cap;
	unsigned int radix = root->size_bits;
	struct cap *c;

	if (root->type != KAAL_OBJ_CNODE ||
	    cap_cnode_guard_bits(root) + radix != 64 ||
	    (cptr >> radix) != cap_cnode_guard(root))
		return NULL;
	/* The guard bits above the index are the guard: XOR leaves the index. */
	c = &cnode_slots(root)[cptr ^ (cap_cnode_guard(root) << radix)].cap;
	return c->type == KAAL_OBJ_ENDPOINT ? c : NULL;
}

/* Copy @len message registers and set the receiver's result registers,
 * as transfer() does for a register-only message. */
static __always_inline void fast_transfer(const struct tcb *from,
					  struct tcb *to, uint64_t info,
					  uint64_t badge)
{
	unsigned int len = kaal_msginfo_len(info);
	unsigned int i = 0;

	if (len) { /* shaped so that an empty message costs one branch */
		do
			arch_regs_set_mr(&to->ctx, i,
					 arch_regs_mr(&from->ctx, i));
		while (++i < len);
	}
	arch_regs_set_result(&to->ctx, KAAL_RES_ERROR, KAAL_OK);
	arch_regs_set_result(&to->ctx, KAAL_RES_INFO,
			     (info & ~KAAL_MSGINFO_FIELDS_MASK) | len);
	arch_regs_set_result(&to->ctx, KAAL_RES_BADGE, badge);
}

/* May @to run at once in @from's place (sched_handoff's rule)? */
static __always_inline bool fast_may_switch(const struct tcb *from,
					    const struct tcb *to)
{
	return (SCHED_DOMAINS == 1 || to->sched.domain == from->sched.domain) &&
	       (!IS_ENABLED(CONFIG_SCHED_FIXED_PRIO) ||
		to->sched.prio >= from->sched.prio);
}

static void __noreturn __attribute__((noinline))
fast_fpu_switch_and_return(struct tcb *next)
{
	arch_fpu_switch(next);
	arch_return_to_user(&next->ctx);
}

/* From @prev, the caller (never NULL here), to @next. Nothing on the
 * common path calls a function that returns, so the fast path keeps its
 * values in scratch registers and saves none (the rare FPU change and a
 * handoff that is not in place go through the noinline helpers below). */
static __always_inline void __noreturn fast_switch(struct tcb *prev,
						   struct tcb *next)
{
	arch_tls_switch(prev, next);
	current = next;
	vspace_activate(next);
	if (arch_fpu_switch_needed(next))
		fast_fpu_switch_and_return(next);
	arch_return_to_user(&next->ctx);
}

static void __noreturn __attribute__((noinline))
fast_handoff_and_switch(struct tcb *prev, struct tcb *next)
{
	sched_handoff(&prev->sched, &next->sched);
	fast_switch(prev, next);
}

void fastpath_call(struct trap_frame *ctx)
{
	struct tcb *t = current, *r;
	uint64_t info = arch_regs_arg(ctx, KAAL_ARG_INFO);
	struct endpoint *ep;
	struct cap *c;

	/* Length <= 6 and no capabilities. */
	if ((info & KAAL_MSGINFO_LEN_CAPS_MASK) > KAAL_MSG_REG_WORDS ||
	    !(c = fast_lookup(t, arch_regs_arg(ctx, KAAL_ARG_CPTR))) ||
	    !(c->rights & KAAL_RIGHT_WRITE))
		syscall_slow(ctx);
	ep = cap_object(c);
	r = ep->queue.head;
	if (ep->state != EP_RECV || r->reply_to || !fast_may_switch(t, r))
		syscall_slow(ctx);

	/* Dequeue the receiver from the endpoint (it is the head). */
	ep->queue.head = r->ep_next;
	if (r->ep_next)
		r->ep_next->ep_prev = NULL;
	else {
		ep->queue.tail = NULL;
		ep->state = EP_IDLE;
	}
	r->ep_next = NULL;
	r->blocked_ep = NULL;

	t->msginfo = info;
	t->reply_grant = !!(c->rights & KAAL_RIGHT_GRANT_REPLY);
	fast_transfer(t, r, info, cap_ep_badge(c));
	r->reply_to = t;
	t->replier = r;
	t->state = TS_BLOCKED_REPLY;
	r->state = TS_RUNNABLE;
	if (!sched_handoff_in_place(&t->sched, &r->sched))
		fast_handoff_and_switch(t, r);
	fast_switch(t, r);
}

void fastpath_reply_recv(struct trap_frame *ctx)
{
	struct tcb *t = current, *caller = t->reply_to;
	uint64_t info = arch_regs_arg(ctx, KAAL_ARG_INFO);
	struct endpoint *ep;
	struct cap *c;

	if (!caller || caller->fault_pending ||
	    (info & KAAL_MSGINFO_LEN_CAPS_MASK) > KAAL_MSG_REG_WORDS ||
	    !(c = fast_lookup(t, arch_regs_arg(ctx, KAAL_ARG_CPTR))) ||
	    !(c->rights & KAAL_RIGHT_READ) ||
	    (t->bound_ntfn && t->bound_ntfn->word) ||
	    !fast_may_switch(t, caller))
		syscall_slow(ctx);
	ep = cap_object(c);
	if (ep->state == EP_SEND)
		syscall_slow(ctx);

	t->reply_to = NULL;
	caller->replier = NULL;
	t->msginfo = info;
	fast_transfer(t, caller, info, 0);
	caller->state = TS_RUNNABLE;

	/* Wait on the endpoint (at the tail of its receive queue). */
	t->blocked_ep = ep;
	t->ep_next = NULL;
	t->ep_prev = ep->queue.tail;
	if (ep->queue.tail)
		ep->queue.tail->ep_next = t;
	else
		ep->queue.head = t;
	ep->queue.tail = t;
	ep->state = EP_RECV;
	t->state = TS_BLOCKED_RECV;
	if (!sched_handoff_in_place(&t->sched, &caller->sched))
		fast_handoff_and_switch(t, caller);
	fast_switch(t, caller);
}
