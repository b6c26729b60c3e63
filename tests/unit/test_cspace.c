// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/cspace.c and kernel/cdt.c on the host: guarded multi-level
 * capability lookup with every error, the derivation tree's "last
 * capability" rule after deletions in the middle, iterative revoke of
 * deep and wide trees, and the destruction of a CNode's contents, in
 * steps that stop for a pending interrupt and are restarted, with the
 * kernel's invariant checker (kernel/invariants.c) run at every stop.
 * Object destruction is faked: it only counts what would be destroyed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/cspace.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#include "ktest.h"

/* ---- fakes for what cspace.c calls ------------------------------------ */

struct tcb *current; /* kernel/tcb.c's; invariants.c reads it */

static int finalised[KAAL_OBJ_TYPE_MAX];

void object_finalise(struct cap *cap)
{
	finalised[cap->type]++;
}

/* One endpoint object (address waiting_ep) has @waiting threads queued. */
static uint64_t waiting_ep;
static unsigned int waiting, woken;

bool object_has_waiters(const struct cap *cap)
{
	return cap->type == KAAL_OBJ_ENDPOINT && cap->object == waiting_ep &&
	       waiting > 0;
}

bool object_wake_one(struct cap *cap)
{
	CHECK(cap->flags & CAP_F_DYING);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_ENDPOINT]); /* finalised first */
	if (!object_has_waiters(cap))
		return false;
	waiting--;
	woken++;
	return true;
}

void vspace_unmap_cap(struct cap *cap)
{
	cap->flags &= (uint8_t)~CAP_F_MAPPED;
}

/* The objects here are made-up addresses: kernel/invariants_objects.c,
 * which would look into them, is tests/unit/test_ipc's business. */
void invariants_objects_begin(void)
{
}

void invariants_object(const struct cte *n)
{
	(void)n;
}

void invariants_objects_end(void)
{
}

static bool irq_pending;

bool arch_irq_pending(void)
{
	return irq_pending;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* ---- helpers ---------------------------------------------------------- */

static struct cte *new_cnode(unsigned int radix)
{
	return calloc(1ul << radix, sizeof(struct cte));
}

static struct cap cnode_cap(struct cte *slots, unsigned int radix,
			    unsigned int guard_bits, uint64_t guard)
{
	return cap_make_cnode(slots, radix, guard_bits, guard);
}

static struct cap ep_cap(uint64_t object)
{
	return (struct cap){ .type = KAAL_OBJ_ENDPOINT,
			     .rights = KAAL_RIGHTS_ALL,
			     .object = object };
}

static void reset(void)
{
	memset(finalised, 0, sizeof(finalised));
	memset(&cdt_root, 0, sizeof(cdt_root));
}

/* ---- lookup ----------------------------------------------------------- */

TEST(one_level_guarded_lookup)
{
	struct cte *s = new_cnode(4);
	struct cap root = cnode_cap(s, 4, 60, 0);
	struct lookup_ret r;

	r = cspace_resolve(&root, 5, 64, false);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&s[5], r.slot);
	CHECK_EQ_INT(KAAL_E_GUARD,
		     cspace_resolve(&root, (1ull << 60) | 5, 64, false).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, 5, 0, false).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, 5, 65, false).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, 5, 32, false).err);
	root.type = KAAL_OBJ_ENDPOINT;
	CHECK_EQ_INT(KAAL_E_INVALID_ROOT,
		     cspace_resolve(&root, 5, 64, false).err);
	free(s);
}

TEST(two_level_lookup)
{
	struct cte *a = new_cnode(4), *b = new_cnode(8);
	struct cap root =
		cnode_cap(a, 4, 4, 0xa); /* 8 bits: guard 0xa, index */
	uint64_t cptr = (0xa3ull << 56) | 0x77;
	struct lookup_ret r;

	a[3].cap = cnode_cap(b, 8, 48, 0); /* the remaining 56 bits */
	r = cspace_resolve(&root, cptr, 64, true);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&b[0x77], r.slot);
	/* Depth 8 names the slot holding the second-level CNode itself. */
	r = cspace_resolve(&root, 0xa3, 8, true);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&a[3], r.slot);
	/* Depth that ends inside the second CNode's bits. */
	CHECK_EQ_INT(KAAL_E_DEPTH,
		     cspace_resolve(&root, cptr >> 4, 60, true).err);
	/* A guard mismatch in the second level. */
	CHECK_EQ_INT(KAAL_E_GUARD,
		     cspace_resolve(&root, cptr | (1ull << 40), 64, true).err);
	/* Past a non-CNode slot: exact lookups refuse, others stop there. */
	a[4].cap = ep_cap(0x1000);
	CHECK_EQ_INT(KAAL_E_DEPTH,
		     cspace_resolve(&root, 0xa4ull << 56, 64, true).err);
	r = cspace_resolve(&root, 0xa4ull << 56, 64, false);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&a[4], r.slot);
	free(a);
	free(b);
}

/* ---- derivation tree -------------------------------------------------- */

TEST(last_capability_after_middle_deletions)
{
	struct cte *s = new_cnode(4);
	struct cap e = ep_cap(0x2000);

	reset();
	cspace_insert(&s[0], &e, NULL);	 /* original */
	cspace_insert(&s[1], &e, &s[0]); /* copy a */
	cspace_insert(&s[2], &e, &s[0]); /* copy b */
	cspace_insert(&s[3], &e, &s[1]); /* copy of a */
	cspace_insert(&s[4],
		      &(struct cap){ .type = KAAL_OBJ_NOTIFICATION,
				     .object = 0x3000 },
		      NULL); /* an unrelated sibling */
	cspace_delete_slot(&s[0]);
	cspace_delete_slot(&s[1]);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK(cdt_has_other_refs(&s[2]));
	CHECK(cdt_has_other_refs(&s[3]));
	cspace_delete_slot(&s[2]);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK(!cdt_has_other_refs(&s[3]));
	cspace_delete_slot(&s[3]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_NOTIFICATION]);
	free(s);
}

TEST(children_keep_their_place)
{
	struct cte *s = new_cnode(4);
	struct cap e = ep_cap(0x2000);

	reset();
	cspace_insert(&s[0], &e, NULL);
	cspace_insert(&s[1], &e, &s[0]);
	cspace_insert(&s[2], &e, &s[1]); /* grandchild */
	cspace_delete_slot(&s[1]);
	CHECK_EQ_PTR(&s[0], cdt_parent(&s[2]));
	CHECK_EQ_PTR(&s[2], s[0].first_child);
	/* Revoking the original still reaches the grandchild. */
	CHECK_EQ_INT(0, cspace_revoke_slot(&s[0]));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[2].cap.type);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	free(s);
}

TEST(cdt_move_keeps_position)
{
	struct cte *s = new_cnode(4);
	struct cap e = ep_cap(0x2000);

	reset();
	cspace_insert(&s[0], &e, NULL);
	cspace_insert(&s[1], &e, &s[0]);
	cspace_insert(&s[2], &e, &s[1]);
	s[5].cap = s[1].cap;
	cdt_move(&s[5], &s[1]);
	memset(&s[1].cap, 0, sizeof(s[1].cap));
	CHECK_EQ_PTR(&s[0], cdt_parent(&s[5]));
	CHECK_EQ_PTR(&s[5], cdt_parent(&s[2]));
	CHECK_EQ_PTR(&s[5], s[0].first_child);
	CHECK_EQ_INT(0, cspace_revoke_slot(&s[0]));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[2].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[5].cap.type);
	free(s);
}

/* Moving or deleting a capability with 2^16 copies below it takes a
 * constant number of link updates (kernel/cdt.c); the children keep their
 * order and their place, and the tree stays consistent. */
TEST(move_and_delete_with_many_children)
{
	enum { N = 1 << 16, C = 16 };
	struct cte *s = new_cnode(17);
	struct cap e = ep_cap(0x2000);
	const struct cte *k;
	unsigned int i = 0;

	reset();
	cspace_insert(&s[0], &e, NULL);
	cspace_insert(&s[3], &e, &s[0]);
	cspace_insert(&s[1], &e, &s[0]); /* s[0]: s[1], s[3] */
	for (unsigned int j = N; j-- > 0;)
		cspace_insert(&s[C + j], &e, &s[1]); /* s[1]: s[C] .. */
	s[5].cap = s[1].cap;
	cdt_move(&s[5], &s[1]);
	memset(&s[1].cap, 0, sizeof(s[1].cap));
	CHECK_EQ_PTR(&s[5], s[0].first_child);
	CHECK_EQ_PTR(&s[3], cdt_next_sibling(&s[5]));
	CHECK_EQ_PTR(&s[5], cdt_parent(&s[C]));
	CHECK_EQ_PTR(&s[5], cdt_parent(&s[C + N - 1]));
	invariants_check();
	CHECK_EQ_INT(0, cspace_delete_slot(&s[5]));
	CHECK_EQ_PTR(&s[C], s[0].first_child);
	for (k = s[0].first_child; k && k != &s[3]; k = cdt_next_sibling(k))
		if (!CHECK_EQ_PTR(&s[C + i++], k))
			break;
	CHECK_EQ_UINT(N, i);
	CHECK_EQ_PTR(&s[3], k);
	CHECK_NULL(cdt_next_sibling(&s[3]));
	CHECK_EQ_PTR(&s[0], cdt_parent(&s[3]));
	invariants_check();
	/* An interrupt always pending: revoke still gains 64 a call. */
	irq_pending = true;
	for (i = 0; cspace_revoke_slot(&s[0]) == SYSCALL_RESTART; i++)
		;
	irq_pending = false;
	CHECK_EQ_UINT((N + 1) / 64, i);
	CHECK_NULL(s[0].first_child);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	invariants_check();
	free(s);
}

/* The last capability to an endpoint with 1000 waiters, alone and as the
 * content of a CNode being destroyed: the waiters are woken in steps, 64
 * a call when an interrupt is always pending, the capability staying in
 * its slot, dying, meanwhile. */
TEST(endpoint_waiters_woken_in_steps)
{
	struct cte *s = new_cnode(2), *inner = new_cnode(2);
	struct cap e = ep_cap(0x7000);
	unsigned int calls = 0;

	reset();
	waiting_ep = 0x7000;
	waiting = 1000;
	woken = 0;
	cspace_insert(&s[0], &e, NULL);
	irq_pending = true;
	while (cspace_delete_slot(&s[0]) == SYSCALL_RESTART) {
		calls++;
		CHECK(s[0].cap.flags & CAP_F_DYING);
		invariants_check();
	}
	CHECK_EQ_UINT(1000 / 64, calls);
	CHECK_EQ_UINT(1000, woken);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[0].cap.type);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_ENDPOINT]);
	/* Inside a CNode: the CNode's chain goes down to the endpoint. */
	reset();
	waiting = 200;
	woken = 0;
	cspace_insert(&inner[1], &e, NULL);
	cspace_insert(&s[1], (struct cap[]){ cnode_cap(inner, 2, 62, 0) },
		      NULL);
	for (calls = 0; cspace_delete_slot(&s[1]) == SYSCALL_RESTART; calls++)
		invariants_check();
	irq_pending = false;
	CHECK(calls >= 200 / 64);
	CHECK_EQ_UINT(200, woken);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, inner[1].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[1].cap.type);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_CNODE]);
	CHECK_NULL(cdt_root.first_child);
	waiting_ep = 0;
	free(s);
	free(inner);
}

/* A chain far deeper than any recursion could survive under ASan. */
TEST(revoke_deep_and_wide_trees)
{
	enum { DEEP = 1 << 16, WIDE = 1 << 12 };
	struct cte *deep = new_cnode(16), *wide = new_cnode(12);
	struct cap e = ep_cap(0x2000), n = ep_cap(0x4000);

	reset();
	cspace_insert(&deep[0], &e, NULL);
	for (unsigned int i = 1; i < DEEP; i++)
		cspace_insert(&deep[i], &e, &deep[i - 1]);
	cspace_insert(&wide[0], &n, NULL);
	for (unsigned int i = 1; i < WIDE; i++)
		cspace_insert(&wide[i], &n, &wide[0]);
	CHECK_EQ_INT(0, cspace_revoke_slot(&deep[0]));
	CHECK_EQ_INT(0, cspace_revoke_slot(&wide[0]));
	CHECK_NULL(deep[0].first_child);
	CHECK_NULL(wide[0].first_child);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, deep[DEEP - 1].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, wide[WIDE - 1].cap.type);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	cspace_delete_slot(&deep[0]);
	cspace_delete_slot(&wide[0]);
	CHECK_EQ_INT(2, finalised[KAAL_OBJ_ENDPOINT]);
	free(deep);
	free(wide);
}

/* Deleting the last capability to a CNode destroys what only it held,
 * through a chain of CNodes, without recursion. */
TEST(cnode_chain_contents_destroyed)
{
	enum { LEN = 2000 };
	struct cte *holder = new_cnode(1);
	struct cte *nodes[LEN];

	reset();
	for (int i = 0; i < LEN; i++)
		nodes[i] = new_cnode(2);
	for (int i = 0; i < LEN - 1; i++) {
		struct cap c = cnode_cap(nodes[i + 1], 2, 62, 0);

		cspace_insert(&nodes[i][0], &c, NULL);
	}
	cspace_insert(&nodes[LEN - 1][1],
		      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
				     .object = 0x5000 },
		      NULL);
	cspace_insert(&holder[0],
		      (struct cap[]){ cnode_cap(nodes[0], 2, 62, 0) }, NULL);
	cspace_delete_slot(&holder[0]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, nodes[LEN - 1][1].cap.type);
	CHECK_NULL(cdt_root.first_child);
	for (int i = 0; i < LEN; i++)
		free(nodes[i]);
	free(holder);
}

/* ---- preemptible destruction ------------------------------------------ */

/*
 * With an interrupt always pending, every cspace_delete_slot() call
 * stops after one batch of steps; the system call would then restart.
 * Run it until done like that, checking the kernel's invariants at every
 * stop; returns the number of calls, 0 if one of them did too much.
 */
static unsigned int delete_preempted(struct cte *slot, unsigned int batch)
{
	unsigned int calls = 0;
	int before, err;

	irq_pending = true;
	do {
		before = finalised[KAAL_OBJ_ENDPOINT];
		err = cspace_delete_slot(slot);
		calls++;
		invariants_check();
		if (finalised[KAAL_OBJ_ENDPOINT] - before > (int)batch)
			calls = 0;
	} while (err == SYSCALL_RESTART && calls);
	irq_pending = false;
	CHECK_EQ_INT(0, err);
	return calls;
}

/* An untyped capability in @slot (a CDT parent for the objects). */
static void untyped_at(struct cte *slot, uint64_t object)
{
	cspace_insert(slot,
		      &(struct cap){ .type = KAAL_OBJ_UNTYPED,
				     .size_bits = 30,
				     .object = object },
		      NULL);
}

/* A CNode of 2^16 slots, each holding the only capability to an
 * endpoint, goes in about 2^16 / 64 restarted calls, with the kernel's
 * state consistent at each stop and the CNode's memory in use until the
 * end. */
TEST(huge_cnode_destroyed_in_preemptible_steps)
{
	enum { BITS = 16, N = 1 << BITS };
	struct cte *holder = new_cnode(2), *big = new_cnode(BITS);
	struct cap c = cnode_cap(big, BITS, 64 - BITS, 0);
	struct tcb *caller = calloc(1, sizeof(*caller));
	uint64_t in_big = (1ull << BITS) | 77; /* holder[1], big[77] */
	unsigned int calls;

	reset();
	/* The caller's CSpace: holder (48 bits), then big (its 16 bits). */
	caller->cspace_root.cap = cnode_cap(holder, 2, 46, 0);
	cap_cnode_set_guard(&c, 0, 0);
	untyped_at(&holder[0], 0x40000000);
	cspace_insert(&holder[1], &c, &holder[0]);
	for (unsigned int i = 0; i < N; i++)
		cspace_insert(&big[i],
			      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
					     .object = 0x1000000 + 32ull * i },
			      &holder[0]);
	CHECK_EQ_PTR(&big[77], cspace_lookup_cap(caller, in_big).slot);
	irq_pending = true;
	REQUIRE(CHECK_EQ_INT(SYSCALL_RESTART, cspace_delete_slot(&holder[1])));
	/* Stopped: the capability is still there, dying, still a child of
	 * its untyped; it cannot be used, and nothing is looked up through
	 * it any more. */
	CHECK(holder[1].cap.flags & CAP_F_DYING);
	CHECK_EQ_PTR(&holder[0], cdt_parent(&holder[1]));
	CHECK_EQ_PTR(&holder[1], cspace_dying);
	CHECK_EQ_INT(KAAL_E_INVALID_ROOT,
		     cspace_resolve(&holder[1].cap, 5, 64, false).err);
	CHECK_EQ_INT(KAAL_E_DELETED, cspace_lookup_cap(caller, in_big).err);
	CHECK_EQ_INT(KAAL_E_DELETED,
		     cspace_lookup_cap(caller, 1ull << BITS).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_lookup_cnode(caller, in_big, 64).err);
	CHECK_EQ_INT(KAAL_E_DELETED, cspace_lookup_cnode(caller, 1, 48).err);
	CHECK(finalised[KAAL_OBJ_ENDPOINT] > 0);
	CHECK(finalised[KAAL_OBJ_ENDPOINT] <= 64);
	invariants_check();
	calls = delete_preempted(&holder[1], 64);
	CHECK(calls >= N / 64 - 1);
	CHECK(calls <= N / 64 + 2);
	CHECK_EQ_INT(N, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_CNODE]);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, holder[1].cap.type);
	CHECK_NULL(holder[0].first_child);
	CHECK_NULL(cspace_dying);
	free(caller);
	free(big);
	free(holder);
}

/* Nested CNodes and a TCB, all held only from inside the CNode being
 * deleted: destroyed depth first, with a stop every few steps. */
TEST(nested_destruction_restarts_where_it_stopped)
{
	enum { LEN = 300 };
	struct cte *holder = new_cnode(2), *nodes[LEN];
	struct tcb *t = calloc(1, sizeof(*t));
	struct cte *inner = new_cnode(6);
	unsigned int calls;

	reset();
	untyped_at(&holder[0], 0x40000000);
	for (int i = 0; i < LEN; i++)
		nodes[i] = new_cnode(3);
	/* Node i: the next node in slot 5, an endpoint in slot 2. */
	for (int i = 0; i < LEN; i++) {
		if (i + 1 < LEN)
			cspace_insert(
				&nodes[i][5],
				&(struct cap){ .type = KAAL_OBJ_CNODE,
					       .size_bits = 3,
					       .object = (uint64_t)(uintptr_t)
						       nodes[i + 1] },
				&holder[0]);
		cspace_insert(&nodes[i][2],
			      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
					     .object = 0x5000 + 32ull * i },
			      &holder[0]);
	}
	/* The last node holds a TCB whose CSpace root is the only capability
	 * to a CNode of 64 endpoints. */
	cspace_insert(&nodes[LEN - 1][7],
		      &(struct cap){ .type = KAAL_OBJ_TCB,
				     .object = (uint64_t)(uintptr_t)t },
		      &holder[0]);
	cspace_insert(&t->cspace_root,
		      (struct cap[]){ cnode_cap(inner, 6, 58, 0) }, &holder[0]);
	for (int i = 0; i < 64; i++)
		cspace_insert(&inner[i],
			      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
					     .object = 0x900000 + 32ull * i },
			      &holder[0]);
	cspace_insert(&holder[1],
		      (struct cap[]){ cnode_cap(nodes[0], 3, 61, 0) },
		      &holder[0]);
	calls = delete_preempted(&holder[1], 64);
	CHECK(calls > 1);
	CHECK_EQ_INT(LEN + 64, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(LEN + 1, finalised[KAAL_OBJ_CNODE]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_TCB]);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, t->cspace_root.cap.type);
	CHECK_NULL(holder[0].first_child);
	CHECK_NULL(cspace_dying);
	for (int i = 0; i < LEN; i++)
		free(nodes[i]);
	free(inner);
	free(t);
	free(holder);
}

/*
 * Two CNodes, each holding the only capability to the other, go when
 * their untyped is revoked: the first capability of the chain lies in an
 * object the chain destroys, and is moved out of it first. The same for
 * a CNode holding its own only capability.
 */
TEST(destruction_cycles_are_broken)
{
	struct cte *holder = new_cnode(2), *a = new_cnode(2), *b = new_cnode(2);
	struct cte *self = new_cnode(2);
	struct cap ca = cnode_cap(a, 2, 62, 0), cb = cnode_cap(b, 2, 62, 0);
	struct cap cs = cnode_cap(self, 2, 62, 0);
	int err;

	reset();
	untyped_at(&holder[0], 0x40000000);
	cspace_insert(&a[1], &cb, &holder[0]);
	cspace_insert(&b[2], &ca, &holder[0]);
	cspace_insert(&a[3],
		      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
				     .object = 0x7000 },
		      &holder[0]);
	cspace_insert(&self[0],
		      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
				     .object = 0x7020 },
		      &holder[0]);
	cspace_insert(&self[2], &cs, &holder[0]);
	irq_pending = true;
	do {
		err = cspace_revoke_slot(&holder[0]);
		invariants_check();
	} while (err == SYSCALL_RESTART);
	irq_pending = false;
	CHECK_EQ_INT(0, err);
	CHECK_NULL(holder[0].first_child);
	CHECK_EQ_INT(2, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(3, finalised[KAAL_OBJ_CNODE]);
	CHECK_NULL(cspace_dying);
	/* Every slot is left as new: no capability, no links. */
	for (int i = 0; i < 4; i++) {
		static const struct cte empty;

		CHECK_EQ_MEM(&empty, &a[i], sizeof(empty));
		CHECK_EQ_MEM(&empty, &b[i], sizeof(empty));
		CHECK_EQ_MEM(&empty, &self[i], sizeof(empty));
	}
	free(a);
	free(b);
	free(self);
	free(holder);
}

/* While one destruction is stopped, deleting an endpoint is immediate;
 * destroying another CNode completes the first one before it starts. */
TEST(second_destruction_waits_for_the_first)
{
	struct cte *holder = new_cnode(3), *big = new_cnode(10);
	struct cte *small = new_cnode(1);
	struct cap cbig = cnode_cap(big, 10, 54, 0);
	struct cap csmall = cnode_cap(small, 1, 63, 0);
	int err;

	reset();
	untyped_at(&holder[0], 0x40000000);
	cspace_insert(&holder[1], &cbig, &holder[0]);
	cspace_insert(&holder[2], &csmall, &holder[0]);
	cspace_insert(&holder[3],
		      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
				     .object = 0x8000 },
		      &holder[0]);
	for (int i = 0; i < 1024; i++)
		cspace_insert(&big[i],
			      &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
					     .object = 0x1000000 + 32ull * i },
			      &holder[0]);
	cspace_insert(&small[0],
		      &(struct cap){ .type = KAAL_OBJ_NOTIFICATION,
				     .object = 0x9000 },
		      &holder[0]);
	irq_pending = true;
	REQUIRE(CHECK_EQ_INT(SYSCALL_RESTART, cspace_delete_slot(&holder[1])));
	CHECK_EQ_INT(0, cspace_delete_slot(&holder[3]));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, holder[3].cap.type);
	do {
		err = cspace_delete_slot(&holder[2]);
		invariants_check();
		if (holder[1].cap.type != KAAL_OBJ_NULL)
			CHECK_EQ_INT(0, finalised[KAAL_OBJ_NOTIFICATION]);
	} while (err == SYSCALL_RESTART);
	irq_pending = false;
	CHECK_EQ_INT(0, err);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, holder[1].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, holder[2].cap.type);
	CHECK_EQ_INT(1025, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_NOTIFICATION]);
	CHECK_NULL(holder[0].first_child);
	free(big);
	free(small);
	free(holder);
}
