// SPDX-License-Identifier: BSD-2-Clause
/*
 * A second address space, as sel4bench gives its IPC server a process of
 * its own: a new VSpace and a CSpace (a CNode of 16 slots). The program
 * is not loaded again: copies of the image frame capabilities (bootinfo
 * image_frames) are mapped at the addresses the program runs at, code
 * executable and everything else read-only, so a function of this
 * program runs there as long as it writes only to its stack, its IPC
 * buffer and the shared pages.
 */
#include <libkaal/vspace.h>
#include "bench.h"

#define SPACE_STACK_VADDR 0x10000000ul /* one page, nothing below */
#define SPACE_IPC_VADDR	  0x10002000ul

extern char __user_start[], _end[], bench_rodata_start[];

/* A copy of cap in a new slot of the root CNode. */
static struct kaal_cap_ret copy_cap(struct bench_env *env, kaal_cptr_t cap)
{
	struct kaal_cap_ret slot = kaal_alloc_slot(&env->a);

	if (!slot.error)
		slot.error = kaal_cap_copy(CNODE, slot.cap, DEPTH, CNODE, cap,
					   DEPTH, KAAL_RIGHTS_ALL);
	return slot;
}

/* The image frames come first in the image_frames range, one per page
 * from __user_start on, physically contiguous (kernel/boot.c): check
 * that before relying on it. */
static enum kaal_error map_image(struct bench_env *env, struct bench_space *s)
{
	kaal_word_t start = (kaal_word_t)__user_start;
	kaal_word_t pages = ((kaal_word_t)_end - start) / KAAL_PAGE_SIZE;
	kaal_cptr_t first = env->bi->image_frames.start;
	struct kaal_word_ret base = kaal_page_address(first);

	if ((kaal_word_t)bench_rodata_start % KAAL_PAGE_SIZE ||
	    first + pages > env->bi->image_frames.end)
		return KAAL_E_ALIGN;
	if (base.error)
		return base.error;
	for (kaal_word_t i = 0; i < pages; i++) {
		kaal_word_t va = start + i * KAAL_PAGE_SIZE;
		kaal_word_t perms = va < (kaal_word_t)bench_rodata_start ?
					    KAAL_MAP_READ | KAAL_MAP_EXEC :
					    KAAL_MAP_READ;
		struct kaal_word_ret pa = kaal_page_address(first + i);
		struct kaal_cap_ret copy;
		enum kaal_error err;

		if (pa.error || pa.value != base.value + i * KAAL_PAGE_SIZE)
			return pa.error ? pa.error : KAAL_E_INVALID_ARG;
		copy = copy_cap(env, first + i);
		if (copy.error)
			return copy.error;
		err = kaal_vspace_map(&env->a, s->vspace, copy.cap, va, perms);
		if (err)
			return err;
	}
	return KAAL_OK;
}

enum kaal_error space_map(struct bench_env *env, struct bench_space *s,
			  kaal_cptr_t page, kaal_word_t va, kaal_word_t perms)
{
	struct kaal_cap_ret copy = copy_cap(env, page);

	if (copy.error)
		return copy.error;
	return kaal_vspace_map(&env->a, s->vspace, copy.cap, va, perms);
}

static enum kaal_error map_shared(struct bench_env *env, struct bench_space *s)
{
	enum kaal_error err = KAAL_OK;

	for (unsigned int i = 0; !err && i < SHARED_PAGES; i++)
		err = space_map(env, s, env->shared_page[i],
				SHARED_VADDR + i * KAAL_PAGE_SIZE, RW);
	return err;
}

enum kaal_error space_create(struct bench_env *env, struct bench_space *s)
{
	struct kaal_cap_ret vspace, cnode, tcb, stack, ipc;
	enum kaal_error err;

	vspace = kaal_alloc_object(&env->a, KAAL_OBJ_VSPACE, 0);
	if (vspace.error)
		return vspace.error;
	s->vspace = vspace.cap;
	/* A new CNode's guard makes its index bits the last of a 64-bit
	 * capability pointer, as the root CNode's does: slot numbers are
	 * capability pointers in the space. */
	cnode = kaal_alloc_object(&env->a, KAAL_OBJ_CNODE, SPACE_CNODE_BITS);
	if (cnode.error)
		return cnode.error;
	s->cnode = cnode.cap;
	err = map_image(env, s);
	if (!err)
		err = map_shared(env, s);
	if (err)
		return err;
	stack = kaal_vspace_new_page(&env->a, s->vspace, SPACE_STACK_VADDR, RW);
	ipc = kaal_vspace_new_page(&env->a, s->vspace, SPACE_IPC_VADDR, RW);
	tcb = kaal_alloc_object(&env->a, KAAL_OBJ_TCB, 0);
	if (stack.error || ipc.error || tcb.error)
		return stack.error ? stack.error :
		       ipc.error   ? ipc.error :
				     tcb.error;
	s->tcb = tcb.cap;
	s->stack_top = SPACE_STACK_VADDR + KAAL_PAGE_SIZE;
	return kaal_tcb_configure(tcb.cap, 0, s->cnode, s->vspace,
				  SPACE_IPC_VADDR, ipc.cap);
}

enum kaal_error space_give(struct bench_space *s, unsigned int slot,
			   kaal_cptr_t cap)
{
	kaal_cap_delete(s->cnode, slot, DEPTH);
	return kaal_cap_copy(s->cnode, slot, DEPTH, CNODE, cap, DEPTH,
			     KAAL_RIGHTS_ALL);
}

enum kaal_error space_start(struct bench_space *s, void (*fn)(kaal_word_t),
			    kaal_word_t arg, unsigned int prio)
{
	enum kaal_error err = kaal_thread_suspend(s->tcb);

	if (!err)
		err = kaal_tcb_set_priority(s->tcb, KAAL_CAP_INIT_TCB, prio);
	if (!err)
		err = kaal_tcb_write_registers(s->tcb, 1, (kaal_word_t)fn,
					       s->stack_top, arg, 0, 0);
	return err;
}
