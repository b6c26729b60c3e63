// SPDX-License-Identifier: GPL-2.0-only
/*
 * System call dispatch. Numbers, arguments and the object each call
 * invokes: KAAL_SYSCALL_TABLE (include/uapi/kaal/syscall.h); the rules
 * for results: Documentation/abi.rst.
 *
 * A call is decoded here, once: its number, and the capability it
 * invokes, looked up in the caller's CSpace and checked against the type
 * the table names before any handler runs. Handlers read their arguments
 * through syscall_arg() and return their results in struct syscall_args;
 * this file writes them, and syscall_write_results is the only code that
 * writes results into a thread's registers.
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/fpu.h>
#include <kaal/console.h>
#include <kaal/cspace.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/printk.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/syscall.h>

/*
 * KAAL_SYSCALL_TABLE as the dispatcher uses it: for each call, the object
 * types its capability may have, one bit per KAAL_OBJ_* (0: the call
 * invokes no capability). Integer constants, so each case of the switch
 * checks its own type with one shift and test, and a call that invokes
 * nothing pays nothing.
 */
#define ANY_TYPE ((1u << KAAL_OBJ_TYPE_MAX) - 2) /* all but NULL */
#define INVOKES_TYPES(inv)                                                   \
	((inv) == KAAL_INVOKES_NONE  ? 0u :                                  \
	 (inv) == KAAL_INVOKES_ANY   ? ANY_TYPE :                            \
	 (inv) == KAAL_INVOKES_FRAME ? (1u << KAAL_OBJ_PAGE) |               \
					       (1u << KAAL_OBJ_LARGE_PAGE) : \
				       1u << (inv))

_Static_assert(offsetof(struct tcb, ctx) == 0,
	       "syscall_entry finds the thread from its registers");

enum {
#define X(name, nr, invokes, args, results) \
	SYSCALL_TYPES_##name = INVOKES_TYPES(invokes),
	KAAL_SYSCALL_TABLE(X)
#undef X
};

/*
 * The common case of cspace_lookup_cap, inline: @cptr names a slot of the
 * thread's root CNode, whose guard covers every bit above the index (the
 * root task's CSpace and every CSpace built like it), and that slot holds
 * a capability of one of @types that is not being destroyed. Then
 * cspace_lookup_cap would find the same slot and the same capability;
 * anything else (NULL) goes to it, which finds the error. A dying root
 * CNode has no guard bits (kernel/cspace.c), so it fails the first test.
 */
static __always_inline struct cte *
lookup_one_level(const struct tcb *t, word_t cptr, unsigned int types)
{
	const struct cap *root = &t->cspace_root.cap;
	unsigned int radix;
	struct cte *slot;

	if (root->type != KAAL_OBJ_CNODE)
		return NULL;
	radix = cap_cnode_radix(root); /* 1 .. KAAL_CNODE_MAX_BITS */
	if (cap_cnode_guard_bits(root) + radix != KAAL_WORD_BITS ||
	    (cptr >> radix) != cap_cnode_guard(root))
		return NULL;
	/* The bits above the index are the guard: XOR leaves the index. */
	slot = &cnode_slots(root)[cptr ^ (cap_cnode_guard(root) << radix)];
	if (!((types >> slot->cap.type) & 1) || (slot->cap.flags & CAP_F_DYING))
		return NULL;
	return slot;
}

/* The capability the call invokes, of one of @types, into @a->slot. */
static __always_inline int lookup_invoked(struct tcb *t, struct syscall_args *a,
					  unsigned int types)
{
	word_t cptr = syscall_arg(a, KAAL_ARG_CPTR);
	struct lookup_ret r;

	if (!types)
		return KAAL_OK;
	if (likely((a->slot = lookup_one_level(t, cptr, types)) != NULL))
		return KAAL_OK;
	r = cspace_lookup_cap(t, cptr);
	if (!r.err && !((types >> r.slot->cap.type) & 1))
		r.err = KAAL_E_WRONG_TYPE;
	a->slot = r.slot;
	return r.err;
}

/*
 * Decode @nr's call into @a: look up what it invokes, then run its
 * handler. @a is built here, per call, and only as far as the call gets:
 * no field is written for a call that invokes nothing or fails its lookup.
 * A call that fails its lookup has changed nothing: *@quick.
 */
static __always_inline int
invoke(struct tcb *t, struct syscall_args *a, word_t nr, unsigned int types,
       int (*handler)(struct tcb *, struct syscall_args *), bool *quick)
{
	int err;

	a->regs = &t->ctx;
	err = lookup_invoked(t, a, types);
	if (err) {
		*quick = true;
		return err;
	}
	a->nr = (unsigned int)nr; /* a handler's number is below 2^32 */
	a->res_mask = 0;
	return handler(t, a);
}

/*
 * A call of the first kind, CALL, may change who runs next (it wakes,
 * blocks, suspends, reprioritises or destroys threads) or registers of
 * its caller other than its results: its caller leaves through the
 * scheduler. A call of the second, QUICK, never does either (it maps,
 * retypes, copies capabilities, reads registers, or takes a notification
 * word that is there), so when it completes, with KAAL_OK or an error,
 * its caller continues at once (syscall_entry returns); a restart (which
 * moves the caller's PC) or a wait that blocks leaves through the
 * scheduler. Any call that fails the lookup of its capability has
 * changed nothing and continues at once too. Debug builds check each
 * quick exit (check_quick).
 */
#define CALL(name, handler)                                            \
	case KAAL_SYS_##name:                                          \
		quick = false;                                         \
		ret = invoke(t, &a, nr, SYSCALL_TYPES_##name, handler, \
			     &quick);                                  \
		break
#define QUICK(name, handler)                                           \
	case KAAL_SYS_##name:                                          \
		quick = true;                                          \
		ret = invoke(t, &a, nr, SYSCALL_TYPES_##name, handler, \
			     &quick);                                  \
		break

/* debug_putchar(c), debug_halt(), debug_idle() */
static int sys_debug(struct tcb *t, struct syscall_args *a)
{
	word_t c = syscall_arg(a, KAAL_ARG_DEBUG_PUTCHAR_CHAR);

	if (!IS_ENABLED(CONFIG_DEBUG_SYSCALLS))
		return KAAL_E_INVALID_SYSCALL;
	if (a->nr == KAAL_SYS_DEBUG_IDLE) {
		syscall_set_result(a, KAAL_RES_WORD, thread_idle_ticks());
		return KAAL_OK;
	}
	if (a->nr == KAAL_SYS_DEBUG_PUTCHAR) {
		if (c == '\n')
			console_putc('\r');
		console_putc((char)c);
		return KAAL_OK;
	}
	pr_info("KaaL: thread %lu asked to halt: powering off\n", t->id);
	arch_power_off();
	return KAAL_E_ILLEGAL_OP;
}

/*
 * Decode and run the system call @t made. Returns true when @t continues
 * at once, with nothing of its state changed but its results (the
 * dispatcher's quick exit), false when it leaves through the scheduler.
 *
 * Calls with a handler share one exit, which reads a.res_mask only once
 * the handler has set it (ret KAAL_OK); yield and an unknown number have
 * no results and leave at once, through the same writer with mask 0.
 */
static __always_inline bool syscall_dispatch(struct tcb *t)
{
	word_t nr = arch_regs_syscall_nr(&t->ctx);
	struct syscall_args a; /* res[] is read only where res_mask says */
	bool quick;
	int ret;

	/* clang-format off */
	switch (nr) {
	CALL(SEND, sys_send);
	CALL(NBSEND, sys_nbsend);
	CALL(CALL, sys_call);
	CALL(RECV, sys_recv);
	CALL(NBRECV, sys_recv);
	CALL(REPLY, sys_reply);
	CALL(REPLY_RECV, sys_reply_recv);
	case KAAL_SYS_YIELD:
		thread_yield();
		syscall_write_results(t, KAAL_OK, NULL, 0);
		invariants_check();
		return false;
	CALL(THREAD_SUSPEND, sys_thread_suspend);
	CALL(THREAD_RESUME, sys_thread_resume);
	QUICK(WAIT, sys_wait);		/* quick unless it blocks */
	QUICK(POLL, sys_wait);
	CALL(SIGNAL, sys_signal);
	QUICK(MEMORY_MAP, sys_memory_map);
	QUICK(MEMORY_UNMAP, sys_memory_unmap);
	QUICK(MEMORY_PROTECT, sys_memory_protect);
	QUICK(PAGE_TABLE_MAP, sys_page_table_map);
	QUICK(PAGE_TABLE_UNMAP, sys_page_table_unmap);
	QUICK(PAGE_ADDRESS, sys_page_address);
	QUICK(RETYPE, sys_retype);
	QUICK(CAP_COPY, sys_cap_copy);
	QUICK(CAP_MINT, sys_cap_copy);
	QUICK(CAP_MOVE, sys_cap_move);
	CALL(CAP_DELETE, sys_cap_delete);
	CALL(CAP_REVOKE, sys_cap_revoke);
	QUICK(CAP_IDENTIFY, sys_cap_identify);
	QUICK(IRQ_HANDLER_GET, sys_irq_handler_get);
	QUICK(IRQ_HANDLER_ACK, sys_irq_handler_ack);
	QUICK(IRQ_HANDLER_SET_NTFN, sys_irq_handler_set_ntfn);
	QUICK(IRQ_HANDLER_SET_DEADLINE, sys_irq_handler_set_deadline);
	QUICK(DEBUG_PUTCHAR, sys_debug);
	QUICK(DEBUG_HALT, sys_debug);
	QUICK(DEBUG_IDLE, sys_debug);
	CALL(TCB_CONFIGURE, sys_tcb_configure);
	CALL(TCB_SET_PRIORITY, sys_tcb_set_priority);
	CALL(TCB_WRITE_REGISTERS, sys_tcb_write_registers);
	QUICK(TCB_READ_REGISTERS, sys_tcb_read_registers);
	CALL(TCB_BIND_NOTIFICATION, sys_tcb_bind_notification);
	CALL(TCB_SET_DOMAIN, sys_tcb_set_domain);
	QUICK(TCB_SET_MCP, sys_tcb_set_mcp);
	QUICK(TCB_SET_SYSCALL_MODE, sys_tcb_set_syscall_mode);
	QUICK(TCB_READ_FP_REGISTERS, sys_tcb_read_fp_registers);
	QUICK(TCB_WRITE_FP_REGISTERS, sys_tcb_write_fp_registers);
	CALL(TCB_SET_AFFINITY, sys_tcb_set_affinity);
	QUICK(TCB_SET_CPUS, sys_tcb_set_cpus);
	/* clang-format on */
	default:
		syscall_write_results(t, KAAL_E_INVALID_SYSCALL, NULL, 0);
		invariants_check();
		return true;
	}
	if (ret == SYSCALL_RESTART) {
		arch_regs_restart_syscall(&t->ctx);
		quick = false;
	} else if (ret == SYSCALL_BLOCKED) {
		quick = false;
	} else {
		syscall_write_results(t, ret, a.res, ret ? 0 : a.res_mask);
	}
	invariants_check();
	return quick;
}

/*
 * Debug builds: a quick exit is right only if @t is still runnable, the
 * scheduler would pick it again and its FP/SIMD access stays as it is,
 * which is what the QUICK calls promise. With CONFIG_SMP another CPU may
 * have queued a thread of higher priority here while @t ran in user
 * space: its IPI is still pending (a CPU may take the svc first), and
 * the scheduler runs when the IPI is taken, right after the return. The
 * call did not do that, so only the rest is checked.
 */
static __always_inline void check_quick(struct tcb *t)
{
	kassert(t == current && t->state == TS_RUNNABLE &&
		(NR_CPUS > 1 || sched_pick() == &t->sched) &&
		!arch_fpu_switch_needed(t));
}

struct trap_frame *syscall_entry(struct trap_frame *ctx)
{
	struct tcb *t = (struct tcb *)ctx; /* the first member */

	kassert(t == current);
	if (!syscall_dispatch(t))
		thread_exit_to_user();
	check_quick(t);
	return ctx;
}

void syscall_slow(struct trap_frame *ctx)
{
	kassert(current && ctx == &current->ctx);
	arch_return_to_user(syscall_entry(ctx));
}

#ifndef __KAAL_KERNEL__
/* Host unit tests only: the same decoding, without the exit. */
bool syscall_handle(struct tcb *t)
{
	return syscall_dispatch(t);
}
#endif
