// SPDX-License-Identifier: BSD-2-Clause
/* Helpers of the test cases (test.h). */
#include <kaal/strerror.h>
#include <kaal/vspace.h>
#include "test.h"

/* Address space used by the tests: t_region() hands out 2 MiB blocks
 * from 1 GiB up, t_bare_region() whole level-0 entries (512 GiB) from
 * 1 TiB up, far from the program and from kaal_alloc_vaddr(). */
#define REGION_BASE	0x40000000ul
#define REGION_SIZE	0x200000ul
#define BARE_BASE	0x10000000000ul
#define BARE_SIZE	0x8000000000ul

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
	kaal_cptr_t page = t_page_at(t, base + REGION_SIZE - KAAL_PAGE_SIZE,
				     RO);

	return page ? base : 0;
}

kaal_word_t t_bare_region(struct test *t)
{
	static unsigned int next;

	(void)t;
	return BARE_BASE + next++ * BARE_SIZE;
}

int t_map(struct test *t, kaal_cptr_t page, kaal_word_t vaddr, kaal_word_t perms)
{
	enum kaal_error err = kaal_vspace_map(t->a, KAAL_CAP_INIT_VSPACE, page,
					      vaddr, perms);

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
			    KAAL_CAP_INIT_CNODE, cap, KAAL_WORD_BITS, rights, badge);
	if (err) {
		test_fail(t, 0, "cannot mint slot %lu: %s", cap, kaal_strerror(err));
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
		test_fail(t, 0, "cannot create a thread: %s", kaal_strerror(err));
		return 0;
	}
	return 1;
}
