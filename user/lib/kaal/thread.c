// SPDX-License-Identifier: BSD-2-Clause
/* Threads in the root task's address space (libkaal/thread.h). */
#include <libkaal/thread.h>
#include <libkaal/vspace.h>

static enum kaal_error map_stack(struct kaal_alloc *a, struct kaal_thread *t)
{
	kaal_word_t base = kaal_alloc_vaddr(a, 1 + KAAL_THREAD_STACK_PAGES) +
			   KAAL_PAGE_SIZE; /* the first page is the guard */

	for (unsigned int i = 0; i < KAAL_THREAD_STACK_PAGES; i++) {
		struct kaal_cap_ret p = kaal_vspace_new_page(
			a, KAAL_CAP_INIT_VSPACE, base + i * KAAL_PAGE_SIZE,
			KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (p.error)
			return p.error;
	}
	t->stack_top = base + KAAL_THREAD_STACK_PAGES * KAAL_PAGE_SIZE;
	return KAAL_OK;
}

enum kaal_error kaal_thread_create(struct kaal_alloc *a, struct kaal_thread *t,
				   kaal_cptr_t fault_ep)
{
	kaal_word_t ipc_vaddr = kaal_alloc_vaddr(a, 1);
	struct kaal_cap_ret tcb, ipc;
	enum kaal_error err;

	tcb = kaal_alloc_object(a, KAAL_OBJ_TCB, 0);
	if (tcb.error)
		return tcb.error;
	ipc = kaal_vspace_new_page(a, KAAL_CAP_INIT_VSPACE, ipc_vaddr,
				   KAAL_MAP_READ | KAAL_MAP_WRITE);
	if (ipc.error)
		return ipc.error;
	err = map_stack(a, t);
	if (err)
		return err;
	t->tcb = tcb.cap;
	t->ipc_frame = ipc.cap;
	t->ipc_buffer = (struct kaal_ipc_buffer *)ipc_vaddr;
	return kaal_tcb_configure(tcb.cap, fault_ep, KAAL_CAP_INIT_CNODE,
				  KAAL_CAP_INIT_VSPACE, ipc_vaddr, ipc.cap);
}

enum kaal_error kaal_thread_start(struct kaal_thread *t, kaal_thread_fn *fn,
				  kaal_word_t arg)
{
	return kaal_tcb_write_registers(t->tcb, 1,
					(kaal_word_t)kaal_thread_entry,
					t->stack_top, (kaal_word_t)fn, arg,
					t->tcb);
}
