// SPDX-License-Identifier: GPL-2.0-only
/*
 * User faults: sent to the thread's fault endpoint as a message (layout in
 * include/uapi/kaal/fault.h); a thread without one is suspended and the
 * kernel says so. Nothing a user thread does can stop the kernel.
 */
#include <kaal/ipc.h>
#include <kaal/printk.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/fault.h>

static const char *const fault_names[] = {
	[KAAL_FAULT_VM_READ] = "read fault",
	[KAAL_FAULT_VM_WRITE] = "write fault",
	[KAAL_FAULT_VM_EXEC] = "execute fault",
	[KAAL_FAULT_UNDEFINED] = "undefined instruction",
	[KAAL_FAULT_ALIGNMENT] = "alignment fault",
	[KAAL_FAULT_OTHER] = "exception",
};

void fault_deliver(struct tcb *t, uint32_t label, uint64_t addr,
		   uint64_t syndrome)
{
	const struct cap *ep = &t->fault_ep.cap;

	t->fault_label = label;
	t->fault[0] = addr;
	t->fault[1] = syndrome;
	t->fault[2] = arch_regs_pc(&t->ctx);
	t->fault[3] = arch_regs_sp(&t->ctx);
	t->fault_pending = 1;
	if (ep->type == KAAL_OBJ_ENDPOINT && (ep->rights & KAAL_RIGHT_WRITE) &&
	    endpoint_send(t, ep, 0, true, true) != KAAL_E_NO_RIGHTS)
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
