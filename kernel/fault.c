// SPDX-License-Identifier: GPL-2.0-only
/*
 * User faults: sent to the thread's fault endpoint as a message (layout in
 * include/uapi/kaal/fault.h); a thread without one is suspended and the
 * kernel says so. Nothing a user thread does can stop the kernel.
 *
 * One kind is a system call rather than an exception: the svc of a thread
 * in foreign mode (tcb_set_syscall_mode), the unknown-syscall fault. Its
 * message is the thread's registers, read when it is delivered, and the
 * reply writes registers back, so that a personality server answers a
 * foreign call with one reply. The thread is held after its svc; a fault
 * that is abandoned moves it back to the svc (fault_abandon), as a
 * faulting thread executes its faulting instruction again.
 */
#include <kaal/arch/regs.h>
#include <kaal/ipc.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/fault.h>
#include <uapi/kaal/message.h>

static const char *const fault_names[] = {
	[KAAL_FAULT_VM_READ] = "read fault",
	[KAAL_FAULT_VM_WRITE] = "write fault",
	[KAAL_FAULT_VM_EXEC] = "execute fault",
	[KAAL_FAULT_UNDEFINED] = "undefined instruction",
	[KAAL_FAULT_ALIGNMENT] = "alignment fault",
	[KAAL_FAULT_OTHER] = "exception",
};

/* Send @t's fault (its label set) to its fault endpoint, as a call: false
 * when it has none it may send on. */
static bool fault_send(struct tcb *t)
{
	const struct cap *ep = &t->fault_ep.cap;

	t->fault_pending = 1;
	return ep->type == KAAL_OBJ_ENDPOINT &&
	       (ep->rights & KAAL_RIGHT_WRITE) &&
	       endpoint_send(t, ep, 0, true, true) != KAAL_E_NO_RIGHTS;
}

void fault_deliver(struct tcb *t, uint32_t label, uint64_t addr,
		   uint64_t syndrome)
{
	t->fault_label = label;
	t->fault[0] = addr;
	t->fault[1] = syndrome;
	t->fault[2] = arch_regs_pc(&t->ctx);
	t->fault[3] = arch_regs_sp(&t->ctx);
	if (fault_send(t))
		return;
	pr_warn("fault: thread %lu: %s at 0x%lx (pc 0x%lx, syndrome 0x%lx), no "
		"fault handler: thread suspended\n",
		t->id,
		label < ARRAY_SIZE(fault_names) && fault_names[label] ?
			fault_names[label] :
			"fault",
		addr, t->fault[2], syndrome);
	tcb_suspend(t);
}

void fault_deliver_syscall(struct tcb *t)
{
	t->fault_label = KAAL_FAULT_UNKNOWN_SYSCALL;
	if (fault_send(t))
		return;
	pr_warn("fault: thread %lu: foreign system call %lu (pc 0x%lx), no "
		"fault handler: thread suspended\n",
		t->id, arch_regs_foreign_word(&t->ctx, KAAL_FAULT_SYSCALL_NR),
		arch_regs_pc(&t->ctx));
	tcb_suspend(t); /* back at the svc (fault_abandon) */
}

uint64_t fault_syscall_message(const struct tcb *from, struct tcb *to)
{
	uint64_t *buf = tcb_ipc_words(to);
	unsigned int len = buf ? KAAL_FAULT_SYSCALL_LEN : KAAL_MSG_REG_WORDS;

	for (unsigned int i = 0; i < len; i++) {
		word_t w = arch_regs_foreign_word(&from->ctx, i);

		if (i < KAAL_MSG_REG_WORDS)
			arch_regs_set_mr(&to->ctx, i, w);
		else
			buf[KAAL_IPCBUF_MR(i)] = w;
	}
	return KAAL_MSGINFO(KAAL_FAULT_UNKNOWN_SYSCALL, 0, len);
}

int fault_reply(struct tcb *t, struct tcb *caller, uint64_t info)
{
	word_t w[KAAL_FAULT_SYSCALL_LEN];
	const uint64_t *buf = tcb_ipc_words(t);
	unsigned int len = kaal_msginfo_len(info);

	if (caller->fault_label != KAAL_FAULT_UNKNOWN_SYSCALL)
		return KAAL_OK; /* restarts at the faulting instruction */
	/* Without an IPC buffer only the message registers travel. */
	len = MIN(len, buf ? KAAL_FAULT_SYSCALL_LEN : KAAL_MSG_REG_WORDS);
	for (unsigned int i = 0; i < len; i++)
		w[i] = i < KAAL_MSG_REG_WORDS ? arch_regs_mr(&t->ctx, i) :
						buf[KAAL_IPCBUF_MR(i)];
	if ((len > KAAL_FAULT_SYSCALL_PC &&
	     w[KAAL_FAULT_SYSCALL_PC] >= USER_VA_END) ||
	    (len > KAAL_FAULT_SYSCALL_SP &&
	     w[KAAL_FAULT_SYSCALL_SP] >= USER_VA_END))
		return KAAL_E_BAD_ADDRESS;
	for (unsigned int i = 0; i < len; i++)
		arch_regs_set_foreign_word(&caller->ctx, i, w[i]);
	return KAAL_OK;
}

bool fault_is_syscall(const struct tcb *t)
{
	return t->fault_pending && t->fault_label == KAAL_FAULT_UNKNOWN_SYSCALL;
}

void fault_abandon(struct tcb *t)
{
	if (fault_is_syscall(t))
		arch_regs_restart_syscall(&t->ctx);
	t->fault_pending = 0;
}
