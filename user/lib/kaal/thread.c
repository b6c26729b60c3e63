// SPDX-License-Identifier: BSD-2-Clause
/* Threads in the root task's address space (libkaal/thread.h). */
#include <stdint.h>
#include <libkaal/thread.h>
#include <libkaal/vspace.h>

/* picolibc (libc/picolib/inittls.c): copy the template into the block
 * whose variables start at tls. */
void _init_tls(void *tls);

/* The thread-local template (user/user.lds). */
extern char __tls_size[], __arm64_tls_tcb_offset[];

kaal_word_t kaal_thread_tls_init(kaal_word_t top)
{
	/* AArch64 TLS variant 1: the thread pointer, then a control block
	 * of __arm64_tls_tcb_offset bytes (16, or the template's alignment
	 * if larger: a power of two), then the variables. */
	kaal_word_t tcb = (kaal_word_t)(uintptr_t)__arm64_tls_tcb_offset;
	kaal_word_t tp = (top - tcb - (kaal_word_t)(uintptr_t)__tls_size) &
			 ~(tcb - 1);

	_init_tls((void *)(uintptr_t)(tp + tcb));
	return tp;
}

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
	/* Made again on every start: a thread started anew starts with the
	 * initial values, as the main thread does. */
	kaal_word_t tp = kaal_thread_tls_init(t->stack_top);

	return kaal_tcb_write_registers(t->tcb, 1,
					(kaal_word_t)kaal_thread_tls_entry, tp,
					(kaal_word_t)fn, arg, t->tcb);
}
