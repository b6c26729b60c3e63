// SPDX-License-Identifier: BSD-2-Clause
/*
 * System call numbers and capability addressing: missing capabilities,
 * wrong object types, slots out of range, bad depths and roots, and the
 * capability operations (identify, copy, mint, move, delete, revoke).
 * After each refused call the slots involved must be as they were.
 */
#include <libkaal/strerror.h>
#include "test.h"

static const struct kaal_msg empty_msg;

static void syscall_invalid_number(struct test *t)
{
	/* Holes between the groups of <uapi/kaal/syscall.h>, and far beyond. */
	static const kaal_word_t bad[] = {
		0x00, 0x0b, 0x0f, 0x13, 0x1f, 0x27, 0x2f,  0x36,       0x3f,
		0x44, 0x4f, 0x53, 0x5f, 0x6c, 0x7f, 0x100, 0xffffffff, ~0ul,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		struct kaal_sysret r = kaal_syscall(bad[i], KAAL_CAP_INIT_TCB,
						    1, 2, 3, 4, 5, 6, 7);

		if (r.x0 != KAAL_E_INVALID_SYSCALL)
			test_fail(t, __LINE__,
				  "system call 0x%lx = %s, want %s", bad[i],
				  kaal_strerror(r.x0),
				  kaal_strerror(KAAL_E_INVALID_SYSCALL));
	}
}

static void cap_missing(struct test *t)
{
	kaal_cptr_t empty = t_slot(t), dest = t_slot(t);
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_word_t va = t_region(t);

	if (!empty || !dest || !page || !tcb || !va)
		return;
	EXPECT(t, slot_empty(empty));
	EXPECT_ERR(t, kaal_memory_map(empty, VSPACE, va, RW),
		   KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_memory_map(page, empty, va, RW), KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_memory_unmap(empty), KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_memory_protect(empty, RO), KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_page_address(empty).error, KAAL_E_MISSING_CAP);
	EXPECT_ERR(t,
		   kaal_retype(empty, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 1),
		   KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_thread_resume(empty), KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, empty, va, page),
		   KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_signal(empty), KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_poll(empty).error, KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_nbsend(empty, &empty_msg), KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_nbrecv(empty).error, KAAL_E_MISSING_CAP);
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, dest, DEPTH, CNODE, empty, DEPTH,
				 KAAL_RIGHTS_ALL),
		   KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_cap_move(CNODE, dest, DEPTH, CNODE, empty, DEPTH),
		   KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_irq_handler_ack(empty), KAAL_E_MISSING_CAP);
	/* Nothing appeared, and the page was not mapped. */
	EXPECT(t, slot_empty(empty));
	EXPECT(t, slot_empty(dest));
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
}

static void cap_wrong_type(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t ut = t_untyped(t, 12), dest = t_slot(t);
	kaal_word_t va = t_region(t);

	if (!page || !ep || !tcb || !ut || !dest || !va)
		return;
	/* A CNode is not a page, a page not a VSpace or a page table. */
	EXPECT_ERR(t, kaal_memory_map(CNODE, VSPACE, va, RW),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_memory_map(page, CNODE, va, RW), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_memory_map(page, page, va, RW), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_page_table_map(page, VSPACE, va).error,
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_page_address(CNODE).error, KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_memory_unmap(ep), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t,
		   kaal_retype(KAAL_CAP_INIT_TCB, KAAL_OBJ_PAGE, 0, CNODE,
			       DEPTH, dest, 1),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t,
		   kaal_retype(page, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 1),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_thread_suspend(ep), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, page, va, page),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_signal(ep), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_nbsend(page, &empty_msg), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_nbrecv(tcb).error, KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_irq_handler_ack(ep), KAAL_E_WRONG_TYPE);
	/* The cnode of a (cnode, index, depth) slot name must be a CNode. */
	EXPECT_ERR(t,
		   kaal_cap_copy(KAAL_CAP_INIT_TCB, dest, DEPTH, CNODE, ep,
				 DEPTH, KAAL_RIGHTS_ALL),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, dest, DEPTH, VSPACE, ep, DEPTH,
				 KAAL_RIGHTS_ALL),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_cap_delete(ep, 0, DEPTH), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_cap_revoke(page, 0, DEPTH), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_cap_move(CNODE, dest, DEPTH, tcb, 1, DEPTH),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, tcb, DEPTH, dest, 1),
		   KAAL_E_WRONG_TYPE);
	/* Everything is still what it was, and the page still unmapped. */
	EXPECT_EQ(t, slot_type(CNODE), KAAL_OBJ_CNODE);
	EXPECT_EQ(t, slot_type(page), KAAL_OBJ_PAGE);
	EXPECT(t, slot_empty(dest));
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 1));
}

static void cap_out_of_range(struct test *t)
{
	kaal_word_t slots = 1ul << t->bi->cnode_size_bits;
	kaal_cptr_t ut = t_untyped(t, 14), dest = t_slots(t, 4);
	kaal_word_t va = t_region(t);

	if (!ut || !dest || !va)
		return;
	/* A slot number past the end of the root CNode: its index bits are
	 * out of range, or they fall into the guard. */
	EXPECT_ERR2(t, kaal_cap_identify(slots).error, KAAL_E_RANGE,
		    KAAL_E_GUARD);
	EXPECT_ERR2(t, kaal_cap_identify((1ul << 40) | KAAL_CAP_INIT_TCB).error,
		    KAAL_E_RANGE, KAAL_E_GUARD);
	EXPECT_ERR2(t, kaal_memory_map(slots, VSPACE, va, RW), KAAL_E_RANGE,
		    KAAL_E_GUARD);
	EXPECT_ERR2(t,
		    kaal_cap_copy(CNODE, slots, DEPTH, CNODE, KAAL_CAP_INIT_TCB,
				  DEPTH, KAAL_RIGHTS_ALL),
		    KAAL_E_RANGE, KAAL_E_GUARD);
	/* Retype windows that leave the CNode. */
	EXPECT(t, t->bi->empty.end == slots && slot_empty(slots - 1));
	EXPECT_ERR(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, slots, 1),
		   KAAL_E_RANGE);
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, slots - 1,
			       2),
		   KAAL_E_RANGE);
	EXPECT_ERR2(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 0),
		    KAAL_E_RANGE, KAAL_E_INVALID_ARG);
	EXPECT(t, slot_empty(slots - 1));
	/* The untyped region gave nothing away. */
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 4));
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_ENDPOINT, 0, CNODE, DEPTH,
			       slots - 1, 1),
		   KAAL_E_NO_MEMORY);
}

static void cap_bad_depth(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, 12), dest = t_slot(t);

	if (!ut || !dest)
		return;
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, dest, 65, CNODE, KAAL_CAP_INIT_TCB,
				 DEPTH, KAAL_RIGHTS_ALL),
		   KAAL_E_DEPTH);
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, dest, DEPTH, CNODE, KAAL_CAP_INIT_TCB,
				 65, KAAL_RIGHTS_ALL),
		   KAAL_E_DEPTH);
	/* Five bits cannot get through the root CNode's guard and index. */
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, dest, 5, CNODE, KAAL_CAP_INIT_TCB,
				 DEPTH, KAAL_RIGHTS_ALL),
		   KAAL_E_DEPTH);
	EXPECT_ERR(t, kaal_cap_delete(CNODE, KAAL_CAP_INIT_TCB, 65),
		   KAAL_E_DEPTH);
	EXPECT_ERR(t, kaal_cap_revoke(CNODE, KAAL_CAP_INIT_TCB, 65),
		   KAAL_E_DEPTH);
	EXPECT_ERR(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, 65, dest, 1),
		   KAAL_E_DEPTH);
	EXPECT(t, slot_empty(dest));
	EXPECT_EQ(t, slot_type(KAAL_CAP_INIT_TCB), KAAL_OBJ_TCB);
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 1));
}

static volatile long no_cspace_result = -1;
static volatile int no_cspace_go;

static void no_cspace(kaal_word_t arg)
{
	(void)arg;
	while (!no_cspace_go)
		kaal_yield();
	no_cspace_result = kaal_cap_identify(KAAL_CAP_INIT_TCB).error;
	for (;;)
		kaal_yield();
}

/*
 * A thread whose CSpace root slot is empty cannot name anything. (Such a
 * thread cannot be started, so the child loses its CSpace while it runs.)
 */
static void cap_invalid_root(struct test *t)
{
	struct kaal_thread th;

	if (!t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						t->bi->config.max_priority)) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, no_cspace, 0)))
		return;
	kaal_yield();
	EXPECT_OK(t,
		  kaal_tcb_configure(th.tcb, 0, 0, VSPACE,
				     (kaal_word_t)th.ipc_buffer, th.ipc_frame));
	no_cspace_go = 1;
	for (int i = 0; i < 100 && no_cspace_result < 0; i++)
		kaal_yield();
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
	EXPECT_ERR(t, no_cspace_result, KAAL_E_INVALID_ROOT);
}

/* type, and size_bits unless want_bits is ~0. */
static void expect_identity(struct test *t, int line, kaal_cptr_t cap,
			    kaal_word_t type, kaal_word_t want_bits)
{
	struct kaal_identify_ret r = kaal_cap_identify(cap);

	if (r.error)
		test_fail(t, line, "identify slot %lu: %s", cap,
			  kaal_strerror(r.error));
	else if (r.type != type)
		test_fail(t, line, "slot %lu has type %lu, want %lu", cap,
			  r.type, type);
	else if (want_bits != ~0ul && r.size_bits != want_bits)
		test_fail(t, line, "slot %lu has size_bits %lu, want %lu", cap,
			  r.size_bits, want_bits);
}

/*
 * The root task's image frames and page tables: two ranges of pages and
 * page tables, or one range that holds both (the ranges are then equal).
 */
static void expect_image_caps(struct test *t, const struct kaal_bootinfo *bi)
{
	const struct kaal_slot_region *f = &bi->image_frames,
				      *p = &bi->page_tables;
	int mixed = f->start == p->start && f->end == p->end;
	unsigned int pages = 0, tables = 0;

	for (kaal_cptr_t s = f->start; s < f->end; s++)
		pages += slot_type(s) == KAAL_OBJ_PAGE;
	for (kaal_cptr_t s = p->start; s < p->end; s++)
		tables += slot_type(s) == KAAL_OBJ_PAGE_TABLE;
	if (mixed)
		EXPECT_EQ(t, pages + tables, f->end - f->start);
	else {
		EXPECT_EQ(t, pages, f->end - f->start);
		EXPECT_EQ(t, tables, p->end - p->start);
	}
	/* At least text, rodata and data, and the three levels below the
	 * VSpace for them. */
	EXPECT(t, pages >= 3);
	EXPECT(t, tables >= 3);
}

static void cap_identify(struct test *t)
{
	const struct kaal_bootinfo *bi = t->bi;
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t minted =
		ep ? t_mint(t, ep, KAAL_RIGHT_READ | KAAL_RIGHT_WRITE, 0x1234) :
		     0;
	struct kaal_identify_ret r;

	expect_identity(t, __LINE__, KAAL_CAP_INIT_TCB, KAAL_OBJ_TCB, ~0ul);
	expect_identity(t, __LINE__, CNODE, KAAL_OBJ_CNODE,
			bi->cnode_size_bits);
	expect_identity(t, __LINE__, VSPACE, KAAL_OBJ_VSPACE, ~0ul);
	expect_identity(t, __LINE__, KAAL_CAP_IRQ_CONTROL, KAAL_OBJ_IRQ_CONTROL,
			~0ul);
	expect_identity(t, __LINE__, KAAL_CAP_INIT_IPC_BUFFER, KAAL_OBJ_PAGE,
			~0ul);
	expect_identity(t, __LINE__, KAAL_CAP_BOOTINFO_FRAME, KAAL_OBJ_PAGE,
			~0ul);
	expect_identity(t, __LINE__, KAAL_CAP_DOMAIN, KAAL_OBJ_DOMAIN, ~0ul);
	EXPECT(t, slot_empty(KAAL_CAP_NULL));
	EXPECT(t, bi->untyped.end - bi->untyped.start == bi->nr_untyped);
	for (uint32_t i = 0; i < bi->nr_untyped; i++)
		expect_identity(t, __LINE__, bi->untyped.start + i,
				KAAL_OBJ_UNTYPED,
				bi->untyped_list[i].size_bits);
	expect_image_caps(t, bi);
	if (!minted)
		return;
	r = kaal_cap_identify(minted);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.type, KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, r.badge, 0x1234);
	EXPECT_EQ(t, r.rights, KAAL_RIGHT_READ | KAAL_RIGHT_WRITE);
	EXPECT_EQ(t, kaal_cap_identify(ep).badge, 0);
}

static void cap_copy(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t a = t_slot(t), b = t_slot(t);
	struct kaal_identify_ret r;

	if (!ep || !a || !b)
		return;
	EXPECT_OK(t, kaal_cap_copy(CNODE, a, DEPTH, CNODE, ep, DEPTH,
				   KAAL_RIGHTS_ALL));
	EXPECT_EQ(t, slot_type(a), KAAL_OBJ_ENDPOINT);
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, a, DEPTH, CNODE, ep, DEPTH,
				 KAAL_RIGHTS_ALL),
		   KAAL_E_SLOT_FULL);
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, ep, DEPTH, CNODE, ep, DEPTH,
				 KAAL_RIGHTS_ALL),
		   KAAL_E_SLOT_FULL);
	/* Copying can drop rights, never add them back. */
	EXPECT_OK(t, kaal_cap_copy(CNODE, b, DEPTH, CNODE, ep, DEPTH,
				   KAAL_RIGHT_READ));
	r = kaal_cap_identify(b);
	EXPECT_EQ(t, r.rights, KAAL_RIGHT_READ);
	EXPECT_OK(t, kaal_cap_delete(CNODE, b, DEPTH));
	EXPECT(t, slot_empty(b));
	EXPECT_OK(t, kaal_cap_copy(CNODE, b, DEPTH, CNODE, a, DEPTH,
				   KAAL_RIGHTS_ALL));
	EXPECT_EQ(t, kaal_cap_identify(b).rights, kaal_cap_identify(ep).rights);
}

static void cap_mint(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t ro, again;
	struct kaal_identify_ret r;

	if (!ep || !(ro = t_mint(t, ep, KAAL_RIGHT_READ, 0x55)))
		return;
	r = kaal_cap_identify(ro);
	EXPECT_EQ(t, r.type, KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, r.badge, 0x55);
	EXPECT_EQ(t, r.rights, KAAL_RIGHT_READ);
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, ro, DEPTH, CNODE, ep, DEPTH,
				 KAAL_RIGHTS_ALL, 1),
		   KAAL_E_SLOT_FULL);
	EXPECT_EQ(t, kaal_cap_identify(ro).badge, 0x55);
	/* A badge is set once. */
	again = t_slot(t);
	if (!again)
		return;
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, again, DEPTH, CNODE, ro, DEPTH,
				 KAAL_RIGHTS_ALL, 0x66),
		   KAAL_E_ILLEGAL_OP);
	EXPECT(t, slot_empty(again));
	/* Copying the read-only copy cannot give back write. */
	EXPECT_OK(t, kaal_cap_copy(CNODE, again, DEPTH, CNODE, ro, DEPTH,
				   KAAL_RIGHTS_ALL));
	r = kaal_cap_identify(again);
	EXPECT_EQ(t, r.rights, KAAL_RIGHT_READ);
	EXPECT_EQ(t, r.badge, 0x55);
}

/* Untyped and page-table capabilities have one owner: they move, they
 * are not copied. */
static void cap_copy_illegal(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, 12),
		    pt = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_cptr_t dest = t_slot(t);

	if (!ut || !pt || !dest)
		return;
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, dest, DEPTH, CNODE, ut, DEPTH,
				 KAAL_RIGHTS_ALL),
		   KAAL_E_ILLEGAL_OP);
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, dest, DEPTH, CNODE, pt, DEPTH,
				 KAAL_RIGHTS_ALL, 0),
		   KAAL_E_ILLEGAL_OP);
	EXPECT(t, slot_empty(dest));
	EXPECT_OK(t, kaal_cap_move(CNODE, dest, DEPTH, CNODE, ut, DEPTH));
	EXPECT(t, slot_empty(ut));
	EXPECT_EQ(t, slot_type(dest), KAAL_OBJ_UNTYPED);
}

static void cap_move(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t ep2 = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t src = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 7) : 0;
	kaal_cptr_t dest = t_slot(t);

	if (!ep2 || !src || !dest)
		return;
	EXPECT_OK(t, kaal_cap_move(CNODE, dest, DEPTH, CNODE, src, DEPTH));
	EXPECT(t, slot_empty(src));
	EXPECT_EQ(t, slot_type(dest), KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, kaal_cap_identify(dest).badge, 7);
	EXPECT_ERR(t, kaal_cap_move(CNODE, dest, DEPTH, CNODE, src, DEPTH),
		   KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, kaal_cap_move(CNODE, ep2, DEPTH, CNODE, dest, DEPTH),
		   KAAL_E_SLOT_FULL);
	EXPECT_EQ(t, kaal_cap_identify(dest).badge, 7);
	EXPECT_EQ(t, kaal_cap_identify(ep2).badge, 0);
}

static void cap_delete_revoke(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, 14), pages = t_slots(t, 4);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t c1 = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 1) : 0;
	kaal_cptr_t c2 = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 2) : 0;

	if (!ut || !pages || !c1 || !c2)
		return;
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, pages, 4));
	EXPECT_OK(t, kaal_cap_delete(CNODE, pages, DEPTH));
	EXPECT(t, slot_empty(pages));
	EXPECT_EQ(t, slot_type(pages + 1), KAAL_OBJ_PAGE);
	/* Revoking the untyped region removes what was made from it and
	 * makes all of it available again. */
	EXPECT_OK(t, kaal_cap_revoke(CNODE, ut, DEPTH));
	for (int i = 1; i < 4; i++)
		EXPECT(t, slot_empty(pages + i));
	EXPECT_EQ(t, slot_type(ut), KAAL_OBJ_UNTYPED);
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, pages, 4));
	/* Revoking an endpoint removes its copies, not itself. */
	EXPECT_OK(t, kaal_cap_revoke(CNODE, ep, DEPTH));
	EXPECT(t, slot_empty(c1));
	EXPECT(t, slot_empty(c2));
	EXPECT_EQ(t, slot_type(ep), KAAL_OBJ_ENDPOINT);
}

static const struct test_case cases[] = {
	{ "syscall_invalid_number", syscall_invalid_number },
	{ "cap_missing", cap_missing },
	{ "cap_wrong_type", cap_wrong_type },
	{ "cap_out_of_range", cap_out_of_range },
	{ "cap_bad_depth", cap_bad_depth },
	{ "cap_invalid_root", cap_invalid_root },
	{ "cap_identify", cap_identify },
	{ "cap_copy", cap_copy },
	{ "cap_mint", cap_mint },
	{ "cap_copy_illegal", cap_copy_illegal },
	{ "cap_move", cap_move },
	{ "cap_delete_revoke", cap_delete_revoke },
};

TEST_SUITE(cap_suite, cases);
