// SPDX-License-Identifier: BSD-2-Clause
/*
 * CSpace structure: CNodes inside CNodes with guards, each lookup error
 * on its own, rights that only shrink, badges that never change, and
 * revoke reaching every descendant wherever it lives (another CNode, a
 * moved slot, a capability received by IPC), even thousands of them.
 */
#include "test.h"

/*
 * The two-level tree of these cases, named from the guarded copy of L1:
 *
 *   L1: 2^4 slots, guard 0xa of 4 bits  -> 8 bits, slot L1_SLOT holds
 *   L2: 2^3 slots, guard 0x1 of 2 bits  -> 5 more bits (13 in all)
 */
#define G1_BITS	    4
#define G1	    0xaul
#define L1_BITS	    4
#define L1_SLOT	    5ul
#define G2_BITS	    2
#define G2	    0x1ul
#define L2_BITS	    3
#define DEPTH1	    (G1_BITS + L1_BITS)
#define DEPTH2	    (DEPTH1 + G2_BITS + L2_BITS)
#define PATH1(slot) ((G1 << L1_BITS) | (slot))
#define PATH2(slot) ((((PATH1(L1_SLOT) << G2_BITS) | G2) << L2_BITS) | (slot))

struct tree {
	kaal_cptr_t l1, l2; /* the original caps (guards cover 64 bits) */
	kaal_cptr_t g1;	    /* L1 with the guard G1 */
};

static int make_tree(struct test *t, struct tree *tr)
{
	tr->l1 = t_cnode(t, L1_BITS);
	tr->l2 = t_cnode(t, L2_BITS);
	tr->g1 = tr->l1 ? t_mint(t, tr->l1, KAAL_RIGHTS_ALL,
				 GUARD(G1_BITS, G1)) :
			  0;
	if (!tr->l2 || !tr->g1)
		return 0;
	return EXPECT_OK(t, kaal_cap_mint(tr->g1, PATH1(L1_SLOT), DEPTH1, CNODE,
					  tr->l2, DEPTH, KAAL_RIGHTS_ALL,
					  GUARD(G2_BITS, G2)));
}

/* A slot two levels down is reached by (guarded L1, 13-bit path, 13). */
static void cspace_two_levels(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t back = t_slot(t);
	struct kaal_identify_ret r;
	struct tree tr;

	if (!ep || !n || !back || !make_tree(t, &tr))
		return;
	EXPECT_OK(t, kaal_cap_copy(tr.g1, PATH2(6), DEPTH2, CNODE, ep, DEPTH,
				   KAAL_RIGHT_READ | KAAL_RIGHT_WRITE));
	/* It is in L2's slot 6, and only there. */
	EXPECT_EQ(t, t_type_at(t, tr.l2, 6, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, t_type_at(t, tr.l2, 5, DEPTH), KAAL_OBJ_NULL);
	EXPECT_EQ(t, t_type_at(t, tr.l1, 6, DEPTH), KAAL_OBJ_NULL);
	EXPECT_EQ(t, t_type_at(t, tr.l1, L1_SLOT, DEPTH), KAAL_OBJ_CNODE);
	/* One level down: L1's own slots. */
	EXPECT_OK(t, kaal_cap_copy(tr.g1, PATH1(3), DEPTH1, CNODE, n, DEPTH,
				   KAAL_RIGHTS_ALL));
	EXPECT_EQ(t, t_type_at(t, tr.l1, 3, DEPTH), KAAL_OBJ_NOTIFICATION);
	/* Copy it back out: the same endpoint, with the rights it was given. */
	EXPECT_OK(t, kaal_cap_copy(CNODE, back, DEPTH, tr.g1, PATH2(6), DEPTH2,
				   KAAL_RIGHTS_ALL));
	r = kaal_cap_identify(back);
	EXPECT_EQ(t, r.type, KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, r.rights, KAAL_RIGHT_READ | KAAL_RIGHT_WRITE);
	EXPECT_OK(t, kaal_cap_delete(CNODE, back, DEPTH));
	/* Move within the lower CNode, then delete, both by path. */
	EXPECT_OK(t, kaal_cap_move(tr.g1, PATH2(2), DEPTH2, tr.g1, PATH2(6),
				   DEPTH2));
	EXPECT_EQ(t, t_type_at(t, tr.l2, 6, DEPTH), KAAL_OBJ_NULL);
	EXPECT_EQ(t, t_type_at(t, tr.l2, 2, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_OK(t, kaal_cap_delete(tr.g1, PATH2(2), DEPTH2));
	EXPECT_EQ(t, t_type_at(t, tr.l2, 2, DEPTH), KAAL_OBJ_NULL);
	/* The endpoint itself lives on in its original slot. */
	EXPECT_EQ(t, slot_type(ep), KAAL_OBJ_ENDPOINT);
}

/* Each lookup failure has its own error, and none changes anything. */
static void cspace_lookup_errors(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t d = t_slot(t);
	struct tree tr;

	if (!ep || !d || !make_tree(t, &tr) ||
	    !EXPECT_OK(t, kaal_cap_copy(tr.g1, PATH2(6), DEPTH2, CNODE, ep,
					DEPTH, KAAL_RIGHTS_ALL)))
		return;
#define COPY_FROM(idx, depth) \
	kaal_cap_copy(CNODE, d, DEPTH, tr.g1, (idx), (depth), KAAL_RIGHTS_ALL)
	/* The depth ends inside L1's guard and index. */
	EXPECT_ERR(t, COPY_FROM(PATH1(L1_SLOT) >> 2, DEPTH1 - 2), KAAL_E_DEPTH);
	/* ... inside L2's guard and index. */
	EXPECT_ERR(t, COPY_FROM((PATH1(L1_SLOT) << 2) | G2, DEPTH1 + 2),
		   KAAL_E_DEPTH);
	/* ... beyond a slot that is not a CNode (full or empty). */
	EXPECT_ERR(t, COPY_FROM(PATH2(6) << 3, DEPTH2 + 3), KAAL_E_DEPTH);
	EXPECT_ERR(t, COPY_FROM(PATH2(7) << 3, DEPTH2 + 3), KAAL_E_DEPTH);
	EXPECT_ERR(t, COPY_FROM(PATH1(2) << 5, DEPTH1 + 5), KAAL_E_DEPTH);
	EXPECT_ERR(t, COPY_FROM(PATH2(6), 0), KAAL_E_DEPTH);
	EXPECT_ERR(t, COPY_FROM(PATH2(6), 65), KAAL_E_DEPTH);
	/* A guard mismatch, at the first and at the second level. */
	EXPECT_ERR(t, COPY_FROM(((G1 ^ 1) << L1_BITS) | L1_SLOT, DEPTH1),
		   KAAL_E_GUARD);
	EXPECT_ERR(t, COPY_FROM(PATH2(6) ^ (1ul << (L2_BITS + 1)), DEPTH2),
		   KAAL_E_GUARD);
	/* The path is right, the slot empty. */
	EXPECT_ERR(t, COPY_FROM(PATH2(7), DEPTH2), KAAL_E_MISSING_CAP);
	/* The destination is full. */
	EXPECT_ERR(t,
		   kaal_cap_copy(tr.g1, PATH2(6), DEPTH2, CNODE, ep, DEPTH,
				 KAAL_RIGHTS_ALL),
		   KAAL_E_SLOT_FULL);
	/* Delete and revoke resolve the same way. */
	EXPECT_ERR(t, kaal_cap_delete(tr.g1, PATH2(6) >> 1, DEPTH2 - 1),
		   KAAL_E_DEPTH);
	EXPECT_ERR(t, kaal_cap_delete(tr.g1, PATH2(6) ^ (1ul << 12), DEPTH2),
		   KAAL_E_GUARD);
	EXPECT_ERR(t, kaal_cap_revoke(tr.g1, PATH2(6) << 1, DEPTH2 + 1),
		   KAAL_E_DEPTH);
#undef COPY_FROM
	/* Nothing moved: the destination is empty, the endpoint in place. */
	EXPECT(t, slot_empty(d));
	EXPECT_EQ(t, t_type_at(t, tr.l2, 6, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, t_type_at(t, tr.l2, 7, DEPTH), KAAL_OBJ_NULL);
	EXPECT_OK(t, kaal_cap_copy(CNODE, d, DEPTH, tr.g1, PATH2(6), DEPTH2,
				   KAAL_RIGHTS_ALL));
}

/* A guard must fit the word with the CNode's index, and its value must
 * fit its size. */
static void cspace_guard_errors(struct test *t)
{
	kaal_cptr_t cn = t_cnode(t, 4), d = t_slot(t);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);

	if (!cn || !d || !ep)
		return;
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, d, DEPTH, CNODE, cn, DEPTH,
				 KAAL_RIGHTS_ALL, GUARD(61, 0)),
		   KAAL_E_INVALID_ARG);
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, d, DEPTH, CNODE, cn, DEPTH,
				 KAAL_RIGHTS_ALL, GUARD(4, 0x10)),
		   KAAL_E_INVALID_ARG);
	EXPECT(t, slot_empty(d));
	/* 60 + 4 bits: exactly a word. */
	EXPECT_OK(t, kaal_cap_mint(CNODE, d, DEPTH, CNODE, cn, DEPTH,
				   KAAL_RIGHTS_ALL, GUARD(60, 0x123)));
	/* Through the guard (0x123 in bits 63..4) to slot 9. */
	EXPECT_OK(t, kaal_cap_copy(d, (0x123ul << 4) | 9, DEPTH, CNODE, ep,
				   DEPTH, KAAL_RIGHTS_ALL));
	EXPECT_EQ(t, t_type_at(t, cn, 9, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_ERR(t, kaal_cap_delete(d, (0x124ul << 4) | 9, DEPTH),
		   KAAL_E_GUARD);
	EXPECT_EQ(t, t_type_at(t, cn, 9, DEPTH), KAAL_OBJ_ENDPOINT);
}

/*
 * A thread whose CSpace root is a guarded CNode holding another one:
 * capability pointers (depth 64) go through both levels. The root
 * consumes 8 bits (guard 0x3, index), the lower CNode the other 56
 * (a 52-bit zero guard, index).
 */
#define R_CPTR(slot) ((0x30ul | (slot)) << 56)
#define L_CPTR(slot) (R_CPTR(2) | (slot))
#define C_DONE	     R_CPTR(1) /* notification */
#define C_PARK	     R_CPTR(4) /* notification, never signalled */
#define C_EP	     L_CPTR(7)
/* The root CNode itself, in the lower CNode: a lookup that reaches a
 * CNode capability with bits left goes on into it, so a CNode
 * capability is named where the 64 bits end. */
#define C_SELF	     L_CPTR(10)
#define NR_LOOKUPS   10

struct lookup_ctx {
	volatile long err[NR_LOOKUPS];
	volatile kaal_word_t type[2];
	volatile int done;
	volatile long after_revoke;
};

static void two_level_child(kaal_word_t arg)
{
	struct lookup_ctx *c = (void *)arg;

	c->type[0] = kaal_cap_identify(C_EP).type;
	c->type[1] = kaal_cap_identify(C_DONE).type;
	c->err[0] = kaal_cap_identify(C_EP).error;
	c->err[1] = kaal_cap_identify(L_CPTR(8)).error;
	c->err[2] = kaal_cap_identify(R_CPTR(0)).error;
	c->err[3] = kaal_cap_identify(C_EP ^ (1ul << 63)).error;
	c->err[4] = kaal_cap_identify(C_EP | (1ul << 20)).error;
	/* CNode operations on its own root with explicit depths. */
	c->err[5] = kaal_cap_copy(C_SELF, L_CPTR(9), DEPTH, C_SELF, C_EP, DEPTH,
				  KAAL_RIGHT_WRITE);
	c->err[6] = kaal_cap_identify(L_CPTR(9)).rights;
	c->err[7] = kaal_cap_delete(C_SELF, 0x3, 4);
	c->err[8] = kaal_cap_delete(C_SELF, (C_DONE >> 48) | 5, 16);
	c->err[9] = kaal_cap_delete(C_SELF, L_CPTR(9) >> 8, 56);
	c->done = 1;
	c->err[0] |= kaal_signal(C_DONE) << 8;
	kaal_wait(C_PARK);
	/* Woken after the root task revoked this thread's CSpace. */
	c->after_revoke = kaal_cap_identify(C_EP).error;
	for (;;)
		kaal_yield();
}

static void cspace_thread_lookup(struct test *t)
{
	kaal_cptr_t r = t_cnode(t, 4), l = t_cnode(t, 4);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t done = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t park = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t gr = r ? t_mint(t, r, KAAL_RIGHTS_ALL, GUARD(4, 0x3)) : 0;
	struct lookup_ctx ctx = { { -1 }, { 0 }, 0, -1 };
	struct kaal_thread th;

	if (!l || !ep || !done || !park || !gr)
		return;
	if (!EXPECT_OK(t, kaal_cap_mint(r, 2, DEPTH, CNODE, l, DEPTH,
					KAAL_RIGHTS_ALL, GUARD(52, 0))) ||
	    !EXPECT_OK(t, kaal_cap_copy(r, 1, DEPTH, CNODE, done, DEPTH,
					KAAL_RIGHT_WRITE)) ||
	    !EXPECT_OK(t, kaal_cap_copy(l, 10, DEPTH, CNODE, gr, DEPTH,
					KAAL_RIGHTS_ALL)) ||
	    !EXPECT_OK(t, kaal_cap_copy(r, 4, DEPTH, CNODE, park, DEPTH,
					KAAL_RIGHTS_ALL)) ||
	    !EXPECT_OK(t, kaal_cap_copy(l, 7, DEPTH, CNODE, ep, DEPTH,
					KAAL_RIGHTS_ALL)) ||
	    !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_configure(th.tcb, 0, gr, VSPACE,
					     (kaal_word_t)th.ipc_buffer,
					     th.ipc_frame)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, two_level_child,
					    (kaal_word_t)&ctx)))
		return;
	YIELD_UNTIL(ctx.done, 100);
	if (!EXPECT(t, ctx.done) ||
	    !EXPECT_EQ(t, kaal_poll(done).value, 1)) { /* it signalled */
		kaal_thread_suspend(th.tcb);
		return;
	}
	EXPECT_EQ(t, ctx.type[0], KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, ctx.type[1], KAAL_OBJ_NOTIFICATION);
	EXPECT_ERR(t, ctx.err[0], KAAL_OK);
	EXPECT_ERR(t, ctx.err[1], KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, ctx.err[2], KAAL_E_MISSING_CAP);
	EXPECT_ERR(t, ctx.err[3], KAAL_E_GUARD);
	EXPECT_ERR(t, ctx.err[4], KAAL_E_GUARD);
	EXPECT_ERR(t, ctx.err[5], KAAL_OK);
	EXPECT_EQ(t, ctx.err[6], KAAL_RIGHT_WRITE);
	EXPECT_ERR(t, ctx.err[7], KAAL_E_DEPTH);
	EXPECT_ERR(t, ctx.err[8], KAAL_E_DEPTH);
	EXPECT_ERR(t, ctx.err[9], KAAL_E_DEPTH);
	/* The refused deletes left the tree alone. */
	EXPECT_EQ(t, t_type_at(t, l, 9, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, t_type_at(t, r, 2, DEPTH), KAAL_OBJ_CNODE);
	EXPECT_EQ(t, t_type_at(t, r, 1, DEPTH), KAAL_OBJ_NOTIFICATION);
	/* Revoking the guarded CNode capability reaches the thread's copy
	 * of it (its CSpace root): the thread is left without a CSpace. */
	EXPECT_OK(t, kaal_cap_revoke(CNODE, gr, DEPTH));
	EXPECT_EQ(t, t_type_at(t, l, 10, DEPTH), KAAL_OBJ_NULL);
	EXPECT_OK(t, kaal_signal(park));
	YIELD_UNTIL(ctx.after_revoke != -1, 100);
	kaal_thread_suspend(th.tcb);
	EXPECT_ERR(t, ctx.after_revoke, KAAL_E_INVALID_ROOT);
}

/* A copy or mint has the source's rights ANDed with those asked for. */
static void cap_rights_shrink(struct test *t)
{
	static const kaal_word_t sets[] = {
		KAAL_RIGHTS_ALL,
		KAAL_RIGHT_READ | KAAL_RIGHT_WRITE,
		KAAL_RIGHT_READ,
		KAAL_RIGHT_WRITE | KAAL_RIGHT_GRANT,
		KAAL_RIGHT_GRANT | KAAL_RIGHT_GRANT_REPLY,
		0,
	};
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t src = t_slot(t), d = t_slot(t);

	if (!ep || !src || !d)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(sets); i++) {
		if (!EXPECT_OK(t, kaal_cap_mint(CNODE, src, DEPTH, CNODE, ep,
						DEPTH, sets[i], 0)))
			return;
		for (unsigned int j = 0; j < ARRAY_SIZE(sets); j++) {
			int mint = (i + j) & 1;
			enum kaal_error err =
				mint ? kaal_cap_mint(CNODE, d, DEPTH, CNODE,
						     src, DEPTH, sets[j], 0) :
				       kaal_cap_copy(CNODE, d, DEPTH, CNODE,
						     src, DEPTH, sets[j]);

			if (!EXPECT_OK(t, err))
				return;
			if (kaal_cap_identify(d).rights != (sets[i] & sets[j]))
				test_fail(t, __LINE__,
					  "%s with 0x%lx of 0x%lx "
					  "gave 0x%lx",
					  mint ? "mint" : "copy", sets[j],
					  sets[i], kaal_cap_identify(d).rights);
			kaal_cap_delete(CNODE, d, DEPTH);
		}
		kaal_cap_delete(CNODE, src, DEPTH);
	}
	/* Unknown rights bits are refused, not ignored. */
	EXPECT_ERR(t,
		   kaal_cap_copy(CNODE, d, DEPTH, CNODE, ep, DEPTH,
				 KAAL_RIGHTS_ALL + 1),
		   KAAL_E_INVALID_ARG);
	EXPECT(t, slot_empty(d));
	/* The rights left are the ones that work: read-only cannot send. */
	EXPECT_OK(t, kaal_cap_copy(CNODE, d, DEPTH, CNODE, ep, DEPTH,
				   KAAL_RIGHT_READ));
	EXPECT_ERR(t, kaal_nbsend(d, &(struct kaal_msg){ 0, { 0 } }),
		   KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_nbrecv(d).error, KAAL_E_WOULD_BLOCK);
}

/* A badge is set once: later mints cannot change it, copies keep it. */
static void cap_badge_fixed(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t b = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0x11) : 0;
	kaal_cptr_t nb = n ? t_mint(t, n, KAAL_RIGHTS_ALL, 0x30) : 0;
	kaal_cptr_t d = t_slot(t), d2 = t_slot(t);

	if (!b || !nb || !d || !d2)
		return;
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, d, DEPTH, CNODE, b, DEPTH,
				 KAAL_RIGHTS_ALL, 0x22),
		   KAAL_E_ILLEGAL_OP);
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, d, DEPTH, CNODE, nb, DEPTH,
				 KAAL_RIGHTS_ALL, 0x1),
		   KAAL_E_ILLEGAL_OP);
	EXPECT(t, slot_empty(d));
	EXPECT_EQ(t, kaal_cap_identify(b).badge, 0x11);
	/* Badge 0 asks for nothing: the copy keeps 0x11. */
	EXPECT_OK(t, kaal_cap_mint(CNODE, d, DEPTH, CNODE, b, DEPTH,
				   KAAL_RIGHTS_ALL, 0));
	EXPECT_EQ(t, kaal_cap_identify(d).badge, 0x11);
	EXPECT_OK(t, kaal_cap_copy(CNODE, d2, DEPTH, CNODE, d, DEPTH,
				   KAAL_RIGHT_WRITE));
	EXPECT_EQ(t, kaal_cap_identify(d2).badge, 0x11);
	EXPECT_ERR(t,
		   kaal_cap_mint(CNODE, ep, DEPTH, CNODE, d2, DEPTH,
				 KAAL_RIGHTS_ALL, 0x11),
		   KAAL_E_SLOT_FULL);
	EXPECT_EQ(t, kaal_cap_identify(ep).badge, 0);
	kaal_cap_delete(CNODE, d, DEPTH);
	/* A copy of a badged notification signals with that badge. */
	EXPECT_OK(t, kaal_cap_copy(CNODE, d, DEPTH, CNODE, nb, DEPTH,
				   KAAL_RIGHTS_ALL));
	EXPECT_OK(t, kaal_signal(d));
	EXPECT_EQ(t, kaal_poll(n).value, 0x30);
}

/* A moved capability keeps its place in the derivation tree: revoking
 * its parent still reaches it, and it still reaches its children. */
static void cap_move_keeps_tree(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t cn = t_cnode(t, 4), orig = t_slot(t);
	kaal_cptr_t a = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0x5) : 0;
	kaal_cptr_t b = a ? t_mint(t, a, KAAL_RIGHT_WRITE, 0) : 0;

	if (!cn || !orig || !b)
		return;
	/* a goes into another CNode; its child b stays here. */
	EXPECT_OK(t, kaal_cap_move(cn, 3, DEPTH, CNODE, a, DEPTH));
	EXPECT(t, slot_empty(a));
	/* The original goes elsewhere too. */
	EXPECT_OK(t, kaal_cap_move(CNODE, orig, DEPTH, CNODE, ep, DEPTH));
	/* Revoking the moved a removes b; revoking the moved original
	 * removes a. */
	EXPECT_OK(t, kaal_cap_revoke(cn, 3, DEPTH));
	EXPECT(t, slot_empty(b));
	EXPECT_EQ(t, t_type_at(t, cn, 3, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_OK(t, kaal_cap_revoke(CNODE, orig, DEPTH));
	EXPECT_EQ(t, t_type_at(t, cn, 3, DEPTH), KAAL_OBJ_NULL);
	EXPECT_EQ(t, slot_type(orig), KAAL_OBJ_ENDPOINT);
}

/* Revoke reaches copies in other CNodes, and copies of those copies. */
static void cap_revoke_across_cnodes(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t x = t_cnode(t, 3), y = t_cnode(t, 3);
	kaal_cptr_t c0 = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0) : 0;
	kaal_cptr_t other = t_object(t, KAAL_OBJ_ENDPOINT, 0);

	if (!x || !y || !c0 || !other)
		return;
	for (kaal_word_t i = 0; i < 4; i++) {
		EXPECT_OK(t, kaal_cap_copy(x, i, DEPTH, CNODE, c0, DEPTH,
					   KAAL_RIGHTS_ALL));
		EXPECT_OK(t, kaal_cap_mint(y, i, DEPTH, x, i, DEPTH,
					   KAAL_RIGHTS_ALL, 0x40 + i));
	}
	/* A bystander in the same CNode: not derived from ep. */
	EXPECT_OK(t, kaal_cap_copy(y, 7, DEPTH, CNODE, other, DEPTH,
				   KAAL_RIGHTS_ALL));
	EXPECT_OK(t, kaal_cap_revoke(CNODE, ep, DEPTH));
	EXPECT(t, slot_empty(c0));
	for (kaal_word_t i = 0; i < 4; i++) {
		EXPECT_EQ(t, t_type_at(t, x, i, DEPTH), KAAL_OBJ_NULL);
		EXPECT_EQ(t, t_type_at(t, y, i, DEPTH), KAAL_OBJ_NULL);
	}
	EXPECT_EQ(t, t_type_at(t, y, 7, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, slot_type(ep), KAAL_OBJ_ENDPOINT);
}

struct grant_ctx {
	kaal_cptr_t ep, slot;
	struct kaal_ipc_buffer *ipc;
	volatile long error;
	volatile kaal_word_t info;
};

static void cap_receiver(kaal_word_t arg)
{
	struct grant_ctx *c = (void *)arg;
	struct kaal_recv_ret r;

	c->ipc->recv_cnode = CNODE;
	c->ipc->recv_index = c->slot;
	c->ipc->recv_depth = DEPTH;
	r = kaal_recv(c->ep);
	c->info = r.msg.info;
	c->error = r.error;
}

/* A capability another thread received by IPC is a descendant of the
 * sender's: revoking the sender's original removes it. */
static void cap_revoke_received(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t nc = n ? t_mint(t, n, KAAL_RIGHTS_ALL, 0x9) : 0;
	struct grant_ctx ctx = { ep, t_slot(t), 0, -1, 0 };
	struct kaal_msg m = { KAAL_MSGINFO(1, 1, 0), { 0 } };
	struct kaal_thread th;

	if (!nc || !ctx.slot || !t_thread(t, &th, 0))
		return;
	ctx.ipc = th.ipc_buffer;
	if (!EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&th, cap_receiver, (kaal_word_t)&ctx)))
		return;
	yield_n(5);
	t->ipc->caps[0] = nc;
	EXPECT_OK(t, kaal_nbsend(ep, &m));
	YIELD_UNTIL(ctx.error != -1, 100);
	EXPECT_OK(t, ctx.error);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(ctx.info), 1);
	EXPECT_EQ(t, slot_type(ctx.slot), KAAL_OBJ_NOTIFICATION);
	EXPECT_EQ(t, kaal_cap_identify(ctx.slot).badge, 0x9);
	EXPECT_OK(t, kaal_cap_revoke(CNODE, n, DEPTH));
	EXPECT(t, slot_empty(nc));
	EXPECT(t, slot_empty(ctx.slot));
	EXPECT_EQ(t, slot_type(n), KAAL_OBJ_NOTIFICATION);
}

/*
 * Revoke of 2000 descendants: 1000 copies side by side and a chain of
 * 1000 copies of copies, in a CNode of their own. Revoke is preemptible
 * (it restarts after an interrupt), which the caller never notices.
 */
#define BIG_BITS  11
#define BIG_FLAT  1000
#define BIG_CHAIN 1000

static void cap_revoke_large(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t cn = t_cnode(t, BIG_BITS);
	unsigned int left = 0;

	if (!ep || !cn)
		return;
	for (kaal_word_t i = 0; i < BIG_FLAT; i++)
		if (!EXPECT_OK(t, kaal_cap_copy(cn, i, DEPTH, CNODE, ep, DEPTH,
						KAAL_RIGHTS_ALL)))
			return;
	if (!EXPECT_OK(t, kaal_cap_copy(cn, BIG_FLAT, DEPTH, CNODE, ep, DEPTH,
					KAAL_RIGHTS_ALL)))
		return;
	for (kaal_word_t i = BIG_FLAT + 1; i < BIG_FLAT + BIG_CHAIN; i++)
		if (!EXPECT_OK(t, kaal_cap_copy(cn, i, DEPTH, cn, i - 1, DEPTH,
						KAAL_RIGHTS_ALL)))
			return;
	EXPECT_OK(t, kaal_cap_revoke(CNODE, ep, DEPTH));
	for (kaal_word_t i = 0; i < BIG_FLAT + BIG_CHAIN; i++)
		left += t_type_at(t, cn, i, DEPTH) != KAAL_OBJ_NULL;
	EXPECT_EQ(t, left, 0);
	EXPECT_EQ(t, slot_type(ep), KAAL_OBJ_ENDPOINT);
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
	EXPECT_OK(t, kaal_cap_revoke(CNODE, ep, DEPTH));
}

/*
 * Revoke of an untyped with 65536 endpoints made from it, in 16 CNodes:
 * it takes long enough (several milliseconds) that a timer tick usually
 * arrives while it runs, so it stops and restarts. Afterwards every slot
 * is empty (a second retype into each window of 256 slots succeeds) and
 * the memory is whole again (the second round fits exactly).
 */
#define MANY_CNODES 16
#define MANY_BITS   12	/* slots per CNode */
#define MANY_BATCH  256 /* objects per retype */

static void cap_revoke_many_objects(struct test *t)
{
	kaal_cptr_t u = t_untyped(t, 16 + KAAL_ENDPOINT_BITS);
	kaal_cptr_t cn[MANY_CNODES];

	for (unsigned int c = 0; c < MANY_CNODES; c++)
		if (!(cn[c] = t_cnode(t, MANY_BITS)))
			return;
	if (!u)
		return;
	for (int round = 0; round < 2; round++) {
		for (unsigned int c = 0; c < MANY_CNODES; c++)
			for (kaal_word_t w = 0; w < (1ul << MANY_BITS);
			     w += MANY_BATCH)
				if (!EXPECT_OK(t,
					       kaal_retype(u, KAAL_OBJ_ENDPOINT,
							   0, cn[c], DEPTH, w,
							   MANY_BATCH)))
					return;
		/* Full: not one more endpoint. */
		EXPECT_ERR(t,
			   kaal_retype(u, KAAL_OBJ_ENDPOINT, 0, CNODE, DEPTH,
				       t_slot(t), 1),
			   KAAL_E_NO_MEMORY);
		EXPECT_EQ(t,
			  t_type_at(t, cn[MANY_CNODES - 1],
				    (1ul << MANY_BITS) - 1, DEPTH),
			  KAAL_OBJ_ENDPOINT);
		EXPECT_OK(t, kaal_cap_revoke(CNODE, u, DEPTH));
	}
	EXPECT_EQ(t, t_type_at(t, cn[0], 0, DEPTH), KAAL_OBJ_NULL);
	EXPECT_EQ(t, slot_type(u), KAAL_OBJ_UNTYPED);
}

static const struct test_case cases[] = {
	{ "cspace_two_levels", cspace_two_levels },
	{ "cspace_lookup_errors", cspace_lookup_errors },
	{ "cspace_guard_errors", cspace_guard_errors },
	{ "cspace_thread_lookup", cspace_thread_lookup },
	{ "cap_rights_shrink", cap_rights_shrink },
	{ "cap_badge_fixed", cap_badge_fixed },
	{ "cap_move_keeps_tree", cap_move_keeps_tree },
	{ "cap_revoke_across_cnodes", cap_revoke_across_cnodes },
	{ "cap_revoke_received", cap_revoke_received },
	{ "cap_revoke_large", cap_revoke_large },
	{ "cap_revoke_many_objects", cap_revoke_many_objects },
};

TEST_SUITE(cspace_suite, cases);
