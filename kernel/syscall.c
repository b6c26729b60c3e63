// SPDX-License-Identifier: GPL-2.0-only
/*
 * System call dispatch. Numbers and registers: include/uapi/kaal/syscall.h
 * and Documentation/abi.rst. Each handler validates every argument and
 * returns KAAL_OK, an error (nothing changed), or SYSCALL_BLOCKED.
 */
#include <kaal/arch/cpu.h>
#include <kaal/console.h>
#include <kaal/cspace.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/printk.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/syscall.h>

static int ep_op(struct tcb *t, unsigned int type, struct lookup_ret *r)
{
	*r = cspace_lookup_typed(t, t->ctx.x[0], type);
	return r->err;
}

static int sys_send(struct tcb *t, bool blocking, bool call)
{
	struct lookup_ret r;

	if (ep_op(t, KAAL_OBJ_ENDPOINT, &r))
		return r.err;
	return endpoint_send(t, &r.slot->cap, blocking, call);
}

static int sys_recv(struct tcb *t, bool blocking)
{
	struct lookup_ret r;

	if (ep_op(t, KAAL_OBJ_ENDPOINT, &r))
		return r.err;
	return endpoint_recv(t, &r.slot->cap, blocking);
}

static int sys_reply_recv(struct tcb *t)
{
	struct lookup_ret r;

	if (ep_op(t, KAAL_OBJ_ENDPOINT, &r))
		return r.err;
	return endpoint_reply_recv(t, &r.slot->cap);
}

static int sys_ntfn(struct tcb *t, int op)
{
	struct lookup_ret r;

	if (ep_op(t, KAAL_OBJ_NOTIFICATION, &r))
		return r.err;
	if (op == KAAL_SYS_SIGNAL)
		return notification_signal(&r.slot->cap);
	return notification_wait(t, &r.slot->cap, op == KAAL_SYS_WAIT);
}

static int sys_debug(struct tcb *t, int op)
{
	if (!IS_ENABLED(CONFIG_DEBUG_SYSCALLS))
		return KAAL_E_INVALID_SYSCALL;
	if (op == KAAL_SYS_DEBUG_PUTCHAR) {
		if (t->ctx.x[0] == '\n')
			console_putc('\r');
		console_putc((char)t->ctx.x[0]);
		return KAAL_OK;
	}
	pr_info("KaaL: thread %lu asked to halt: powering off\n", t->id);
	arch_power_off();
	return KAAL_E_ILLEGAL_OP;
}

static int dispatch(struct tcb *t, uint64_t nr)
{
	switch (nr) {
	case KAAL_SYS_SEND:		return sys_send(t, true, false);
	case KAAL_SYS_NBSEND:		return sys_send(t, false, false);
	case KAAL_SYS_CALL:		return sys_send(t, true, true);
	case KAAL_SYS_RECV:		return sys_recv(t, true);
	case KAAL_SYS_NBRECV:		return sys_recv(t, false);
	case KAAL_SYS_REPLY:		return endpoint_reply(t);
	case KAAL_SYS_REPLY_RECV:	return sys_reply_recv(t);
	case KAAL_SYS_YIELD:		thread_yield(); return KAAL_OK;
	case KAAL_SYS_THREAD_SUSPEND:	return sys_thread_suspend(t);
	case KAAL_SYS_THREAD_RESUME:	return sys_thread_resume(t);
	case KAAL_SYS_WAIT:
	case KAAL_SYS_SIGNAL:
	case KAAL_SYS_POLL:		return sys_ntfn(t, (int)nr);
	case KAAL_SYS_MEMORY_MAP:	return sys_memory_map(t);
	case KAAL_SYS_MEMORY_UNMAP:	return sys_memory_unmap(t);
	case KAAL_SYS_MEMORY_PROTECT:	return sys_memory_protect(t);
	case KAAL_SYS_PAGE_TABLE_MAP:	return sys_page_table_map(t);
	case KAAL_SYS_PAGE_TABLE_UNMAP:	return sys_page_table_unmap(t);
	case KAAL_SYS_PAGE_ADDRESS:	return sys_page_address(t);
	case KAAL_SYS_RETYPE:		return sys_retype(t);
	case KAAL_SYS_CAP_COPY:		return sys_cap_copy(t, false);
	case KAAL_SYS_CAP_MINT:		return sys_cap_copy(t, true);
	case KAAL_SYS_CAP_MOVE:		return sys_cap_move(t);
	case KAAL_SYS_CAP_DELETE:	return sys_cap_delete(t);
	case KAAL_SYS_CAP_REVOKE:	return sys_cap_revoke(t);
	case KAAL_SYS_CAP_IDENTIFY:	return sys_cap_identify(t);
	case KAAL_SYS_IRQ_HANDLER_GET:	return sys_irq_handler_get(t);
	case KAAL_SYS_IRQ_HANDLER_ACK:	return sys_irq_handler_ack(t);
	case KAAL_SYS_IRQ_HANDLER_SET_NTFN: return sys_irq_handler_set_ntfn(t);
	case KAAL_SYS_DEBUG_PUTCHAR:
	case KAAL_SYS_DEBUG_HALT:	return sys_debug(t, (int)nr);
	case KAAL_SYS_TCB_CONFIGURE:	return sys_tcb_configure(t);
	case KAAL_SYS_TCB_SET_PRIORITY:	return sys_tcb_set_priority(t);
	case KAAL_SYS_TCB_WRITE_REGISTERS: return sys_tcb_write_registers(t);
	case KAAL_SYS_TCB_READ_REGISTERS: return sys_tcb_read_registers(t);
	case KAAL_SYS_TCB_BIND_NOTIFICATION: return sys_tcb_bind_notification(t);
	case KAAL_SYS_TCB_SET_DOMAIN:	return sys_tcb_set_domain(t);
	case KAAL_SYS_TCB_SET_MCP:	return sys_tcb_set_mcp(t);
	}
	return KAAL_E_INVALID_SYSCALL;
}

void syscall_handle(struct tcb *t)
{
	int ret = dispatch(t, t->ctx.x[8]);

	if (ret == SYSCALL_RESTART)
		t->ctx.elr -= 4;	/* execute the svc again, same registers */
	else if (ret != SYSCALL_BLOCKED)
		t->ctx.x[0] = (uint64_t)ret;
	invariants_check();
}
