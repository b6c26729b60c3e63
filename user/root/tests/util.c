// SPDX-License-Identifier: BSD-2-Clause
/* Helpers of the test cases (test.h). */
#include <libkaal/strerror.h>
#include <libkaal/vspace.h>
#include "test.h"

/* Address space used by the tests: t_region() hands out 2 MiB blocks
 * from 1 GiB up, t_bare_region() whole level-0 entries (512 GiB) from
 * 1 TiB up, far from the program and from kaal_alloc_vaddr(). */
#define REGION_BASE 0x40000000ul
#define REGION_SIZE 0x200000ul
#define BARE_BASE   0x10000000000ul
#define BARE_SIZE   0x8000000000ul

kaal_cptr_t t_object(struct test *t, enum kaal_object_type type,
		     unsigned int size_bits)
{
	struct kaal_cap_ret r = kaal_alloc_object(t->a, type, size_bits);

	if (r.error) {
		test_fail(t, 0, "cannot make an object of type %d: %s", type,
			  kaal_strerror(r.error));
		return 0;
	}
	return r.cap;
}

kaal_cptr_t t_slot(struct test *t)
{
	struct kaal_cap_ret r = kaal_alloc_slot(t->a);

	if (r.error) {
		test_fail(t, 0, "out of slots");
		return 0;
	}
	return r.cap;
}

kaal_cptr_t t_slots(struct test *t, unsigned int n)
{
	kaal_cptr_t first = t_slot(t);

	for (unsigned int i = 1; first && i < n; i++)
		if (!t_slot(t))
			return 0;
	return first;
}

kaal_cptr_t t_untyped(struct test *t, unsigned int bits)
{
	return t_object(t, KAAL_OBJ_UNTYPED, bits);
}

kaal_word_t t_region(struct test *t)
{
	static unsigned int next;
	kaal_word_t base = REGION_BASE + next++ * REGION_SIZE;
	/* A page at the end of the block makes the tables; it stays. */
	kaal_cptr_t page =
		t_page_at(t, base + REGION_SIZE - KAAL_PAGE_SIZE, RO);

	return page ? base : 0;
}

kaal_word_t t_bare_region(struct test *t)
{
	static unsigned int next;

	(void)t;
	return BARE_BASE + next++ * BARE_SIZE;
}

int t_map(struct test *t, kaal_cptr_t page, kaal_word_t vaddr,
	  kaal_word_t perms)
{
	enum kaal_error err =
		kaal_vspace_map(t->a, KAAL_CAP_INIT_VSPACE, page, vaddr, perms);

	if (err) {
		test_fail(t, 0, "cannot map slot %lu at 0x%lx: %s", page, vaddr,
			  kaal_strerror(err));
		return 0;
	}
	return 1;
}

kaal_cptr_t t_page_at(struct test *t, kaal_word_t vaddr, kaal_word_t perms)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);

	if (!page || !t_map(t, page, vaddr, perms))
		return 0;
	return page;
}

kaal_cptr_t t_mint(struct test *t, kaal_cptr_t cap, kaal_word_t rights,
		   kaal_word_t badge)
{
	kaal_cptr_t slot = t_slot(t);
	enum kaal_error err;

	if (!slot)
		return 0;
	err = kaal_cap_mint(KAAL_CAP_INIT_CNODE, slot, KAAL_WORD_BITS,
			    KAAL_CAP_INIT_CNODE, cap, KAAL_WORD_BITS, rights,
			    badge);
	if (err) {
		test_fail(t, 0, "cannot mint slot %lu: %s", cap,
			  kaal_strerror(err));
		return 0;
	}
	return slot;
}

int slot_empty(kaal_cptr_t slot)
{
	struct kaal_identify_ret r = kaal_cap_identify(slot);

	return r.error == KAAL_E_MISSING_CAP ||
	       (r.error == KAAL_OK && r.type == KAAL_OBJ_NULL);
}

kaal_word_t slot_type(kaal_cptr_t slot)
{
	struct kaal_identify_ret r = kaal_cap_identify(slot);

	return r.error ? KAAL_OBJ_NULL : r.type;
}

int t_thread(struct test *t, struct kaal_thread *th, kaal_cptr_t fault_ep)
{
	enum kaal_error err = kaal_thread_create(t->a, th, fault_ep);

	if (err) {
		test_fail(t, 0, "cannot create a thread: %s",
			  kaal_strerror(err));
		return 0;
	}
	return 1;
}

int t_spawn(struct test *t, struct kaal_thread *th, kaal_word_t prio,
	    kaal_thread_fn *fn, kaal_word_t arg)
{
	enum kaal_error err;

	if (!t_thread(t, th, 0))
		return 0;
	err = kaal_tcb_set_priority(th->tcb, KAAL_CAP_INIT_TCB, prio);
	if (!err)
		err = kaal_thread_start(th, fn, arg);
	if (err) {
		test_fail(t, 0, "cannot start a thread: %s",
			  kaal_strerror(err));
		return 0;
	}
	return 1;
}

void yield_n(int n)
{
	while (n-- > 0)
		kaal_yield();
}

kaal_cptr_t t_cnode(struct test *t, unsigned int bits)
{
	return t_object(t, KAAL_OBJ_CNODE, bits);
}

/* One slot, made on first use, where t_type_at() puts its copies. */
static kaal_cptr_t scratch_slot(struct test *t)
{
	static kaal_cptr_t scratch;

	if (!scratch)
		scratch = t_slot(t);
	return scratch;
}

kaal_word_t t_type_at(struct test *t, kaal_cptr_t cnode, kaal_word_t index,
		      kaal_word_t depth)
{
	kaal_cptr_t s = scratch_slot(t);
	kaal_word_t type;
	enum kaal_error err;

	if (!s)
		return KAAL_OBJ_NULL;
	err = kaal_cap_copy(CNODE, s, DEPTH, cnode, index, depth,
			    KAAL_RIGHTS_ALL);
	if (err == KAAL_E_ILLEGAL_OP) {
		/* Untyped and page tables are not copied: look at them in
		 * the scratch slot and put them back. */
		if (kaal_cap_move(CNODE, s, DEPTH, cnode, index, depth))
			return KAAL_OBJ_NULL;
		type = slot_type(s);
		if (kaal_cap_move(cnode, index, depth, CNODE, s, DEPTH))
			test_fail(t, 0, "cannot put slot 0x%lx back", index);
		return type;
	}
	if (err)
		return KAAL_OBJ_NULL;
	type = slot_type(s);
	kaal_cap_delete(CNODE, s, DEPTH);
	return type;
}

struct untyped_ret t_untyped_at(struct test *t, unsigned int bits)
{
	struct untyped_ret u = { t_untyped(t, bits), 0 };
	kaal_cptr_t s = scratch_slot(t);
	struct kaal_word_ret pa;

	if (!u.cap || !s)
		return (struct untyped_ret){ 0, 0 };
	if (kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s, 1)) {
		test_fail(t, 0, "cannot make a page of a new untyped");
		return (struct untyped_ret){ 0, 0 };
	}
	pa = kaal_page_address(s);
	kaal_cap_delete(CNODE, s, DEPTH);
	u.paddr = pa.value;
	return u;
}

struct watchdog {
	kaal_cptr_t ntfn;
	kaal_word_t deadline;
};

static void watchdog(kaal_word_t arg)
{
	const struct watchdog *w = (const void *)arg;

	while (t_now() < w->deadline)
		;
	kaal_signal(w->ntfn);
}

kaal_word_t t_wait_for(struct test *t, kaal_cptr_t ntfn, unsigned int ms)
{
	struct watchdog w = { t_mint(t, ntfn, KAAL_RIGHT_WRITE, WATCHDOG_BADGE),
			      t_deadline(ms) };
	struct kaal_thread th;
	struct kaal_word_ret r;

	if (!w.ntfn || !t_spawn(t, &th, 0, watchdog, (kaal_word_t)&w))
		return WATCHDOG_BADGE;
	r = kaal_wait(ntfn);
	kaal_thread_suspend(th.tcb);
	if (r.error) {
		test_fail(t, 0, "wait: %s", kaal_strerror(r.error));
		return WATCHDOG_BADGE;
	}
	return r.value;
}

/* A device untyped region with room for a page, away from the console
 * UART (another test drives that one), or 0. */
kaal_cptr_t t_device_untyped(const struct kaal_bootinfo *bi)
{
	return kaal_device_untyped(bi, 16, 1ul << 16);
}
