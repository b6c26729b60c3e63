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
 * KAAL_SYSCALL_TABLE as the dispatcher uses it: for each number, whether
 * the call exists and the object types its capability may have, one bit
 * per KAAL_OBJ_* (none: the call invokes no capability).
 */
#define SYSCALL_EXISTS		(1u << KAAL_OBJ_TYPE_MAX)
#define SYSCALL_TYPES		(SYSCALL_EXISTS - 1)
#define INVOKES_TYPES(inv)						\
	((inv) == KAAL_INVOKES_NONE ? 0u :				\
	 (inv) == KAAL_INVOKES_ANY ? SYSCALL_TYPES & ~1u :		\
	 (inv) == KAAL_INVOKES_FRAME ?					\
	 (1u << KAAL_OBJ_PAGE) | (1u << KAAL_OBJ_LARGE_PAGE) :		\
	 1u << (inv))
_Static_assert(KAAL_OBJ_TYPE_MAX < 16, "object types fit the table");

static const uint16_t syscall_table[KAAL_SYS_NR_MAX] = {
#define X(name, nr, invokes, args, results)				\
	[nr] = SYSCALL_EXISTS | INVOKES_TYPES(invokes),
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

/* debug_putchar(c), debug_halt() */
static int sys_debug(struct tcb *t, struct syscall_args *a)
{
	word_t c = syscall_arg(a, 0);

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

static int dispatch(struct tcb *t, struct syscall_args *a, unsigned int nr)
{
	switch (nr) {
	case KAAL_SYS_SEND:
	case KAAL_SYS_NBSEND:
	case KAAL_SYS_CALL:		return sys_send(t, a);
	case KAAL_SYS_RECV:
	case KAAL_SYS_NBRECV:		return sys_recv(t, a);
	case KAAL_SYS_REPLY:		return sys_reply(t, a);
	case KAAL_SYS_REPLY_RECV:	return sys_reply_recv(t, a);
	case KAAL_SYS_YIELD:		thread_yield(); return KAAL_OK;
	case KAAL_SYS_THREAD_SUSPEND:	return sys_thread_suspend(t, a);
	case KAAL_SYS_THREAD_RESUME:	return sys_thread_resume(t, a);
	case KAAL_SYS_WAIT:
	case KAAL_SYS_POLL:		return sys_wait(t, a);
	case KAAL_SYS_SIGNAL:		return sys_signal(t, a);
	case KAAL_SYS_MEMORY_MAP:	return sys_memory_map(t, a);
	case KAAL_SYS_MEMORY_UNMAP:	return sys_memory_unmap(t, a);
	case KAAL_SYS_MEMORY_PROTECT:	return sys_memory_protect(t, a);
	case KAAL_SYS_PAGE_TABLE_MAP:	return sys_page_table_map(t, a);
	case KAAL_SYS_PAGE_TABLE_UNMAP:	return sys_page_table_unmap(t, a);
	case KAAL_SYS_PAGE_ADDRESS:	return sys_page_address(t, a);
	case KAAL_SYS_RETYPE:		return sys_retype(t, a);
	case KAAL_SYS_CAP_COPY:
	case KAAL_SYS_CAP_MINT:		return sys_cap_copy(t, a);
	case KAAL_SYS_CAP_MOVE:		return sys_cap_move(t, a);
	case KAAL_SYS_CAP_DELETE:	return sys_cap_delete(t, a);
	case KAAL_SYS_CAP_REVOKE:	return sys_cap_revoke(t, a);
	case KAAL_SYS_CAP_IDENTIFY:	return sys_cap_identify(t, a);
	case KAAL_SYS_IRQ_HANDLER_GET:	return sys_irq_handler_get(t, a);
	case KAAL_SYS_IRQ_HANDLER_ACK:	return sys_irq_handler_ack(t, a);
	case KAAL_SYS_IRQ_HANDLER_SET_NTFN: return sys_irq_handler_set_ntfn(t, a);
	case KAAL_SYS_DEBUG_PUTCHAR:
	case KAAL_SYS_DEBUG_HALT:	return sys_debug(t, a);
	case KAAL_SYS_TCB_CONFIGURE:	return sys_tcb_configure(t, a);
	case KAAL_SYS_TCB_SET_PRIORITY:	return sys_tcb_set_priority(t, a);
	case KAAL_SYS_TCB_WRITE_REGISTERS: return sys_tcb_write_registers(t, a);
	case KAAL_SYS_TCB_READ_REGISTERS: return sys_tcb_read_registers(t, a);
	case KAAL_SYS_TCB_BIND_NOTIFICATION: return sys_tcb_bind_notification(t, a);
	case KAAL_SYS_TCB_SET_DOMAIN:	return sys_tcb_set_domain(t, a);
	case KAAL_SYS_TCB_SET_MCP:	return sys_tcb_set_mcp(t, a);
	}
	return KAAL_E_INVALID_SYSCALL;
}

void syscall_handle(struct tcb *t)
{
	word_t nr = arch_regs_syscall_nr(&t->ctx);
	unsigned int entry = nr < KAAL_SYS_NR_MAX ? syscall_table[nr] : 0;
	struct syscall_args a;	/* res[] is read only where res_mask says */
	int ret;

	if (!entry) {
		syscall_write_results(t, KAAL_E_INVALID_SYSCALL, NULL, 0);
		return;
	}
	a.regs = &t->ctx;
	a.nr = (unsigned int)nr;
	a.res_mask = 0;
	ret = lookup_invoked(t, &a, entry & SYSCALL_TYPES);
	if (!ret)
		ret = dispatch(t, &a, (unsigned int)nr);
	if (ret == SYSCALL_RESTART)
		arch_regs_restart_syscall(&t->ctx);
	else if (ret != SYSCALL_BLOCKED)
		syscall_write_results(t, ret, a.res, a.res_mask);
	invariants_check();
}

void syscall_slow(struct trap_frame *ctx)
{
	struct tcb *t = current;

	kassert(t && ctx == &t->ctx);
	syscall_handle(t);
	thread_exit_to_user();
}
