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

enum {
#define X(name, nr, invokes, args, results) \
	SYSCALL_TYPES_##name = INVOKES_TYPES(invokes),
	KAAL_SYSCALL_TABLE(X)
#undef X
};

/* The capability the call invokes, of one of @types, into @a->slot. */
static __always_inline int lookup_invoked(struct tcb *t, struct syscall_args *a,
					  unsigned int types)
{
	struct lookup_ret r;

	if (!types)
		return KAAL_OK;
	r = cspace_lookup_cap(t, syscall_arg(a, KAAL_ARG_CPTR));
	if (!r.err && !((types >> r.slot->cap.type) & 1))
		r.err = KAAL_E_WRONG_TYPE;
	a->slot = r.slot;
	return r.err;
}

/*
 * Decode @nr's call into @a: look up what it invokes, then run its
 * handler. @a is built here, per call, and only as far as the call gets:
 * no field is written for a call that invokes nothing or fails its lookup.
 */
static __always_inline int
invoke(struct tcb *t, struct syscall_args *a, word_t nr, unsigned int types,
       int (*handler)(struct tcb *, struct syscall_args *))
{
	int err;

	a->regs = &t->ctx;
	err = lookup_invoked(t, a, types);
	if (err)
		return err;
	a->nr = (unsigned int)nr; /* a handler's number is below 2^32 */
	a->res_mask = 0;
	return handler(t, a);
}

#define CALL(name, handler)                                             \
	case KAAL_SYS_##name:                                           \
		ret = invoke(t, &a, nr, SYSCALL_TYPES_##name, handler); \
		break

/* debug_putchar(c), debug_halt() */
static int sys_debug(struct tcb *t, struct syscall_args *a)
{
	word_t c = syscall_arg(a, KAAL_ARG_DEBUG_PUTCHAR_CHAR);

	if (!IS_ENABLED(CONFIG_DEBUG_SYSCALLS))
		return KAAL_E_INVALID_SYSCALL;
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
 * The end of every call: @ret and, when it is KAAL_OK, the results of
 * @mask from @res written (or the call restarted, or left blocked).
 */
static __always_inline void syscall_done(struct tcb *t, int ret,
					 const word_t *res, unsigned int mask)
{
	if (ret == SYSCALL_RESTART)
		arch_regs_restart_syscall(&t->ctx);
	else if (ret != SYSCALL_BLOCKED)
		syscall_write_results(t, ret, res, mask);
	invariants_check();
}

/*
 * Calls with a handler share one exit, which reads a.res_mask only once
 * the handler has set it (ret KAAL_OK); yield and an unknown number have
 * no results and leave at once, through the same writer with mask 0.
 */
void syscall_handle(struct tcb *t)
{
	word_t nr = arch_regs_syscall_nr(&t->ctx);
	struct syscall_args a; /* res[] is read only where res_mask says */
	int ret;

	/* clang-format off */
	switch (nr) {
	CALL(SEND, sys_send);
	CALL(NBSEND, sys_send);
	CALL(CALL, sys_send);
	CALL(RECV, sys_recv);
	CALL(NBRECV, sys_recv);
	CALL(REPLY, sys_reply);
	CALL(REPLY_RECV, sys_reply_recv);
	case KAAL_SYS_YIELD:
		thread_yield();
		syscall_done(t, KAAL_OK, NULL, 0);
		return;
	CALL(THREAD_SUSPEND, sys_thread_suspend);
	CALL(THREAD_RESUME, sys_thread_resume);
	CALL(WAIT, sys_wait);
	CALL(POLL, sys_wait);
	CALL(SIGNAL, sys_signal);
	CALL(MEMORY_MAP, sys_memory_map);
	CALL(MEMORY_UNMAP, sys_memory_unmap);
	CALL(MEMORY_PROTECT, sys_memory_protect);
	CALL(PAGE_TABLE_MAP, sys_page_table_map);
	CALL(PAGE_TABLE_UNMAP, sys_page_table_unmap);
	CALL(PAGE_ADDRESS, sys_page_address);
	CALL(RETYPE, sys_retype);
	CALL(CAP_COPY, sys_cap_copy);
	CALL(CAP_MINT, sys_cap_copy);
	CALL(CAP_MOVE, sys_cap_move);
	CALL(CAP_DELETE, sys_cap_delete);
	CALL(CAP_REVOKE, sys_cap_revoke);
	CALL(CAP_IDENTIFY, sys_cap_identify);
	CALL(IRQ_HANDLER_GET, sys_irq_handler_get);
	CALL(IRQ_HANDLER_ACK, sys_irq_handler_ack);
	CALL(IRQ_HANDLER_SET_NTFN, sys_irq_handler_set_ntfn);
	CALL(DEBUG_PUTCHAR, sys_debug);
	CALL(DEBUG_HALT, sys_debug);
	CALL(TCB_CONFIGURE, sys_tcb_configure);
	CALL(TCB_SET_PRIORITY, sys_tcb_set_priority);
	CALL(TCB_WRITE_REGISTERS, sys_tcb_write_registers);
	CALL(TCB_READ_REGISTERS, sys_tcb_read_registers);
	CALL(TCB_BIND_NOTIFICATION, sys_tcb_bind_notification);
	CALL(TCB_SET_DOMAIN, sys_tcb_set_domain);
	CALL(TCB_SET_MCP, sys_tcb_set_mcp);
	/* clang-format on */
	default:
		syscall_done(t, KAAL_E_INVALID_SYSCALL, NULL, 0);
		return;
	}
	syscall_done(t, ret, a.res, ret ? 0 : a.res_mask);
}

void syscall_slow(struct trap_frame *ctx)
{
	struct tcb *t = current;

	kassert(t && ctx == &t->ctx);
	syscall_handle(t);
	thread_exit_to_user();
}
