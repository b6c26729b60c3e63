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
 * Lazy scheduling (kaal/sched.h): the caller, the running thread, is
 * normally in the run queue without being linked into a list (a lazy
 * node), and the partner takes its place the same way: the switch
 * touches no list. A caller that is linked (a generic path picked it) is
 * handled by the same code on the kernel stack (the _general variants),
 * which unlinks it.
 *
 * In a release kernel fastpath_call and fastpath_reply_recv run on no
 * stack at all (entry.S, asm/fastpath.h): everything is inlined, and
 * they leave only by branches, to user space or to C code on the kernel
 * stack (the slow path, the _general variants, fastpath_finish). The
 * build checks it (kernel/Kbuild: -Wstack-usage=0).
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/fastpath.h>
#include <kaal/arch/fpu.h>
#include <kaal/arch/thread.h>
#include <kaal/cspace.h>
#include <kaal/fastpath.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>
#include "sched_queue.h"

/* The thread that entered the kernel: @ctx is its saved registers
 * (entry.S saves them into its TCB). */
static __always_inline struct tcb *tcb_of_ctx(struct trap_frame *ctx)
{
	return (struct tcb *)(void *)((char *)ctx - offsetof(struct tcb, ctx));
}

/* To the generic path, nothing changed. */
static __always_inline void __noreturn fast_slow(struct trap_frame *ctx)
{
	arch_fastpath_leave1(syscall_slow, ctx);
}

/* The endpoint capability @cptr names in @t's CSpace, with @right, when
 * the root decodes @cptr in one level (kaal/capability.h, CAP_F_ONE_LEVEL:
 * the common case); otherwise to the generic path. A dying root is not
 * one-level: the generic path refuses it. */
static __always_inline struct cap *fast_lookup(struct trap_frame *ctx,
					       const struct tcb *t,
					       uint64_t cptr,
					       unsigned int right)
{
	const struct cap *root = &t->cspace_root.cap;
	struct cap *c;
	uint64_t i;

	if (!cap_cnode_one_level(root))
		fast_slow(ctx);
	i = cptr ^ cap_cnode_decode_word(root);
	if (i >> cap_cnode_radix(root))
		fast_slow(ctx); /* the guard does not match */
	c = &cnode_slots(root)[i].cap;
	if (c->type != KAAL_OBJ_ENDPOINT || !(c->rights & right))
		fast_slow(ctx);
	return c;
}

/* Copy @len (at most 6) message registers and set the receiver's result
 * registers, as transfer() does for a register-only message: the info
 * without its unwrapped bits (no capability was sent). */
static __always_inline void fast_transfer(const struct tcb *from,
					  struct tcb *to, uint64_t info,
					  uint64_t len, uint64_t badge)
{
	uint64_t i = 0;

	if (len) { /* shaped so that an empty message costs one branch */
		do
			arch_regs_set_mr(&to->ctx, (unsigned int)i,
					 arch_regs_mr(&from->ctx,
						      (unsigned int)i));
		while (++i < len);
	}
	arch_regs_set_result(&to->ctx, KAAL_RES_ERROR, KAAL_OK);
	arch_regs_set_result(&to->ctx, KAAL_RES_INFO,
			     info & ~(KAAL_MSGINFO_FIELDS_MASK &
				      ~KAAL_MSGINFO_LEN_CAPS_MASK));
	arch_regs_set_result(&to->ctx, KAAL_RES_BADGE, badge);
}

/* May @to run at once in @from's place (sched_handoff's rule)? */
static __always_inline bool fast_may_switch(const struct tcb *from,
					    const struct tcb *to)
{
	return (SCHED_DOMAINS == 1 || to->sched.domain == from->sched.domain) &&
	       (!IS_ENABLED(CONFIG_SCHED_FIXED_PRIO) ||
		to->sched.prio >= from->sched.prio) &&
	       (NR_CPUS == 1 ||
		(to->sched.cpu == this_cpu() && from->sched.cpu == this_cpu()));
}

/* fast_may_switch, and @from's node is lazy. With one domain and fixed
 * priorities in one compare of the nodes' keys (kaal/sched.h): @to is
 * blocked (queued 0, domain 0), so its key with SCHED_LAZY added is at
 * least @from's exactly when @from is lazy (SCHED_LAZY < SCHED_LINKED)
 * and @to's priority is at least @from's. */
static __always_inline bool fast_may_switch_lazy(const struct tcb *from,
						 const struct tcb *to)
{
	if (SCHED_DOMAINS == 1 && IS_ENABLED(CONFIG_SCHED_FIXED_PRIO) &&
	    NR_CPUS == 1)
		return (to->sched.key |
			((uint32_t)SCHED_LAZY << SCHED_KEY_QUEUED_SHIFT)) >=
		       from->sched.key;
	return from->sched.queued == SCHED_LAZY && fast_may_switch(from, to);
}

void __noreturn fastpath_finish(struct tcb *next);
void __noreturn fastpath_call_general(struct trap_frame *ctx);
void __noreturn fastpath_reply_recv_general(struct trap_frame *ctx);

/* From @prev, the caller, now in @prev_state, to @next, which takes
 * @prev's place in the run queue lazily (@prev's node is lazy or, on the
 * general path, out of its list already). */
static __always_inline void __noreturn fast_switch(struct tcb *prev,
						   unsigned int prev_state,
						   struct tcb *next)
{
	prev->state = (uint8_t)prev_state;
	prev->sched.queued = SCHED_NOT_QUEUED;
	next->state = TS_RUNNABLE;
	next->sched.queued = SCHED_LAZY;
	arch_tls_switch(prev, next);
	current = next;
	/* Invariants are checked after every system call, these included:
	 * that needs the kernel stack, so such a kernel always finishes
	 * there. */
	if (IS_ENABLED(CONFIG_KERNEL_INVARIANTS) ||
	    !arch_fastpath_vspace(tcb_vspace_token(next)) ||
	    arch_fpu_switch_needed_from(prev, next))
		arch_fastpath_leave1(fastpath_finish, next);
	arch_fastpath_return(&next->ctx);
}

/* The functions below run on the kernel stack: the fast path leaves for
 * them (arch_fastpath_leave*), never calls them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstack-usage="

/* The rest of fast_switch when the address space switch changes EPD0 or
 * the FP/SIMD access changes, or the kernel checks its invariants. */
void fastpath_finish(struct tcb *next)
{
	invariants_check();
	vspace_activate(next);
	arch_fpu_switch(next);
	arch_return_to_user(&next->ctx);
}

#pragma GCC diagnostic pop

/* call; @general: on the kernel stack, the caller's node linked or lazy. */
static __always_inline void __noreturn fast_call(struct trap_frame *ctx,
						 bool general)
{
	struct tcb *t = tcb_of_ctx(ctx), *r;
	uint64_t info = arch_regs_arg(ctx, KAAL_ARG_INFO);
	uint64_t len = info & KAAL_MSGINFO_LEN_CAPS_MASK; /* no caps: len */
	struct endpoint *ep;
	struct cap *c;

	if (len > KAAL_MSG_REG_WORDS)
		fast_slow(ctx);
	c = fast_lookup(ctx, t, arch_regs_arg(ctx, KAAL_ARG_CPTR),
			KAAL_RIGHT_WRITE);
	ep = cap_object(c);
	r = ep->queue.head;
	if (ep->state != EP_RECV || r->reply_to)
		fast_slow(ctx);
	if (general ? !fast_may_switch(t, r) : !fast_may_switch_lazy(t, r)) {
		if (general)
			fast_slow(ctx);
		arch_fastpath_leave1(fastpath_call_general, ctx);
	}

	/* Dequeue the receiver from the endpoint (it is the head; mostly the
	 * only one). */
	ep_dequeue_receiver(ep, r);

	t->msginfo = info;
	t->reply_grant = !!(c->rights & KAAL_RIGHT_GRANT_REPLY);
	fast_transfer(t, r, info, len, cap_ep_badge(c));
	r->reply_to = t;
	t->replier = r;
	if (general)
		sched_dequeue(&t->sched);
	fast_switch(t, TS_BLOCKED_REPLY, r);
}

/* reply_recv; @general as for fast_call. */
static __always_inline void __noreturn fast_reply_recv(struct trap_frame *ctx,
						       bool general)
{
	struct tcb *t = tcb_of_ctx(ctx), *caller = t->reply_to;
	uint64_t info = arch_regs_arg(ctx, KAAL_ARG_INFO);
	uint64_t len = info & KAAL_MSGINFO_LEN_CAPS_MASK; /* no caps: len */
	struct endpoint *ep;
	struct tcb *tail;
	struct cap *c;

	if (!caller || caller->fault_pending || len > KAAL_MSG_REG_WORDS)
		fast_slow(ctx);
	c = fast_lookup(ctx, t, arch_regs_arg(ctx, KAAL_ARG_CPTR),
			KAAL_RIGHT_READ);
	if (t->bound_ntfn && t->bound_ntfn->word)
		fast_slow(ctx);
	ep = cap_object(c);
	if (ep->state == EP_SEND)
		fast_slow(ctx);
	if (general ? !fast_may_switch(t, caller) :
		      !fast_may_switch_lazy(t, caller)) {
		if (general)
			fast_slow(ctx);
		arch_fastpath_leave1(fastpath_reply_recv_general, ctx);
	}

	t->reply_to = NULL;
	caller->replier = NULL;
	t->msginfo = info;
	fast_transfer(t, caller, info, len, 0);

	/* Wait on the endpoint (at the tail of its receive queue; mostly
	 * alone). */
	tail = ep->queue.tail;
	t->blocked_ep = ep;
	t->ep_next = NULL;
	t->ep_prev = tail;
	if (likely(!tail))
		ep->queue.head = t;
	else
		tail->ep_next = t;
	ep->queue.tail = t;
	ep->state = EP_RECV;
	if (general)
		sched_dequeue(&t->sched);
	fast_switch(t, TS_BLOCKED_RECV, caller);
}

void fastpath_call(struct trap_frame *ctx)
{
	fast_call(ctx, false);
}

void fastpath_reply_recv(struct trap_frame *ctx)
{
	fast_reply_recv(ctx, false);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstack-usage="

void fastpath_call_general(struct trap_frame *ctx)
{
	fast_call(ctx, true);
}

void fastpath_reply_recv_general(struct trap_frame *ctx)
{
	fast_reply_recv(ctx, true);
}

#pragma GCC diagnostic pop
