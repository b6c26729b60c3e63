// SPDX-License-Identifier: BSD-2-Clause
/*
 * Deleting the last capability destroys the object: threads blocked on an
 * endpoint or notification wake with KAAL_E_DELETED, a TCB stops, a page
 * table or VSpace stops translating, a CNode's contents are deleted,
 * long chains of CNodes go without exhausting the kernel, and a CNode of
 * 2^16 full slots goes in restartable steps. Deleting any other
 * capability destroys nothing.
 *
 * The root task waits for children by yielding a bounded number of
 * times, so a kernel that fails to wake one produces a FAIL, not a hang.
 * These cases run last: the long chains are the hardest on the kernel.
 */
#include <libkaal/vspace.h>
#include "test.h"

enum block_op { OP_RECV, OP_SEND, OP_CALL, OP_WAIT };

struct blocker {
	kaal_cptr_t cap;
	enum block_op op;
	volatile long error;
	volatile kaal_word_t value;
};

static void block_on(kaal_word_t arg)
{
	struct blocker *b = (void *)arg;
	struct kaal_msg m = { KAAL_MSGINFO(3, 0, 1), { 0x33 } };
	struct kaal_recv_ret r = { 0 };
	struct kaal_word_ret w;

	switch (b->op) {
	case OP_RECV:
		r = kaal_recv(b->cap);
		break;
	case OP_SEND:
		r.error = kaal_send(b->cap, &m);
		break;
	case OP_CALL:
		r = kaal_call(b->cap, &m);
		break;
	case OP_WAIT:
		w = kaal_wait(b->cap);
		r.error = w.error;
		r.msg.mr[0] = w.value;
		break;
	}
	b->value = r.msg.mr[0];
	b->error = r.error;
}

/* Start n children blocking with ops on cap; they are blocked when this
 * returns (each ran until it blocked). */
static int start_blockers(struct test *t, struct blocker *b, unsigned int n,
			  kaal_cptr_t cap, const enum block_op *ops)
{
	for (unsigned int i = 0; i < n; i++) {
		struct kaal_thread th;

		b[i] = (struct blocker){ cap, ops[i], -1, 0 };
		if (!t_spawn(t, &th, ROOT_PRIO(t), block_on,
			     (kaal_word_t)&b[i]))
			return 0;
		yield_n(3);
		if (!EXPECT_EQ(t, b[i].error, -1))
			return 0;
	}
	return 1;
}

static int all_woken(const struct blocker *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (b[i].error == -1)
			return 0;
	return 1;
}

static void expect_woken(struct test *t, int line, struct blocker *b,
			 unsigned int n, long err)
{
	YIELD_UNTIL(all_woken(b, n), 100);
	for (unsigned int i = 0; i < n; i++)
		test_expect_err(t, line, "error of a woken thread", b[i].error,
				err, err);
}

/* Receivers, senders and callers of a destroyed endpoint all wake. */
static void destroy_endpoint_waiters(struct test *t)
{
	static const enum block_op recv2[] = { OP_RECV, OP_RECV };
	static const enum block_op send2[] = { OP_SEND, OP_CALL };
	kaal_cptr_t e1 = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t e2 = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct blocker r[2], s[2];

	if (!e1 || !e2 || !start_blockers(t, r, 2, e1, recv2) ||
	    !start_blockers(t, s, 2, e2, send2))
		return;
	EXPECT_OK(t, kaal_cap_delete(CNODE, e1, DEPTH));
	expect_woken(t, __LINE__, r, 2, KAAL_E_DELETED);
	EXPECT_EQ(t, s[0].error + s[1].error, -2); /* still blocked */
	EXPECT_OK(t, kaal_cap_delete(CNODE, e2, DEPTH));
	expect_woken(t, __LINE__, s, 2, KAAL_E_DELETED);
}

static void destroy_notification_waiters(struct test *t)
{
	static const enum block_op wait2[] = { OP_WAIT, OP_WAIT };
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t bound = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t other = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct kaal_msg m = { KAAL_MSGINFO(4, 0, 1), { 0x44 } };
	struct blocker w[2], r[1];
	struct kaal_thread th;

	if (!n || !bound || !other || !ep || !start_blockers(t, w, 2, n, wait2))
		return;
	EXPECT_OK(t, kaal_cap_delete(CNODE, n, DEPTH));
	expect_woken(t, __LINE__, w, 2, KAAL_E_DELETED);
	/* A thread bound to a notification that goes keeps waiting on its
	 * endpoint, unbound. */
	r[0] = (struct blocker){ ep, OP_RECV, -1, 0 };
	if (!t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_bind_notification(th.tcb, bound)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, block_on, (kaal_word_t)&r[0])))
		return;
	yield_n(3);
	EXPECT_OK(t, kaal_cap_delete(CNODE, bound, DEPTH));
	yield_n(3);
	EXPECT_EQ(t, r[0].error, -1);
	EXPECT_OK(t, kaal_tcb_bind_notification(th.tcb, other));
	EXPECT_OK(t, kaal_nbsend(ep, &m));
	YIELD_UNTIL(r[0].error != -1, 100);
	EXPECT_OK(t, r[0].error);
	EXPECT_EQ(t, r[0].value, 0x44);
}

/*
 * Only the last capability destroys. Two copies of an endpoint outlive
 * their original as siblings in the derivation tree; deleting one of
 * them must leave the endpoint (and the thread waiting on it) alone.
 */
static void destroy_only_last(struct test *t)
{
	static const enum block_op recv1[] = { OP_RECV };
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t a = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0) : 0;
	kaal_cptr_t b = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0) : 0;
	struct kaal_msg m = { KAAL_MSGINFO(5, 0, 1), { 0x55 } };
	struct blocker r[1];

	if (!a || !b || !start_blockers(t, r, 1, b, recv1))
		return;
	EXPECT_OK(t, kaal_cap_delete(CNODE, ep, DEPTH));
	yield_n(3);
	EXPECT_EQ(t, r[0].error, -1);
	EXPECT_OK(t, kaal_cap_delete(CNODE, a, DEPTH));
	yield_n(3);
	if (!EXPECT_EQ(t, r[0].error, -1))
		return;
	/* b is the last one, and the thread still receives through it. */
	EXPECT_OK(t, kaal_nbsend(b, &m));
	YIELD_UNTIL(r[0].error != -1, 100);
	EXPECT_OK(t, r[0].error);
	EXPECT_EQ(t, r[0].value, 0x55);
	EXPECT_OK(t, kaal_cap_delete(CNODE, b, DEPTH));
}

/*
 * Deleting a capability in the middle of the derivation tree hands its
 * children, with their own children, to its parent: the tree below is
 * kept, revoke still reaches it, and the object lives while any copy does.
 */
static void destroy_keeps_grandchildren(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t a = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0) : 0;
	kaal_cptr_t c = a ? t_mint(t, a, KAAL_RIGHTS_ALL, 0x7) : 0;
	kaal_cptr_t d = c ? t_mint(t, c, KAAL_RIGHT_WRITE, 0) : 0;

	if (!d)
		return;
	/* ep's child a has a child c, which has a child d. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, ep, DEPTH));
	EXPECT_EQ(t, slot_type(a), KAAL_OBJ_ENDPOINT);
	EXPECT_EQ(t, kaal_cap_identify(d).badge, 0x7);
	EXPECT_OK(t, kaal_cap_revoke(CNODE, c, DEPTH));
	EXPECT(t, slot_empty(d));
	EXPECT_EQ(t, slot_type(c), KAAL_OBJ_ENDPOINT);
	EXPECT_OK(t, kaal_cap_revoke(CNODE, a, DEPTH));
	EXPECT(t, slot_empty(c));
	EXPECT_ERR(t, kaal_nbrecv(a).error, KAAL_E_WOULD_BLOCK);
}

static volatile kaal_word_t spins;

/* Count, giving the CPU back after each step (the root task at the same
 * priority need not wait for the end of a time slice). */
static void spin_count(kaal_word_t arg)
{
	(void)arg;
	for (;;) {
		spins++;
		kaal_yield();
	}
}

struct self_ctx {
	kaal_cptr_t tcb;
	volatile int before, after;
	volatile long error;
};

static void delete_self(kaal_word_t arg)
{
	struct self_ctx *c = (void *)arg;

	c->before = 1;
	c->error = kaal_cap_delete(CNODE, c->tcb, DEPTH);
	c->after = 1;
}

/* A destroyed TCB never runs again, whoever deletes it, and lets go of
 * its bound notification. */
static void destroy_tcb(struct test *t)
{
	struct self_ctx self = { 0, 0, 0, -1 };
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t other = t_object(t, KAAL_OBJ_TCB, 0);
	struct kaal_thread th, me;
	kaal_word_t seen;

	if (!n || !other || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_bind_notification(th.tcb, n)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, spin_count, 0)))
		return;
	EXPECT_ERR(t, kaal_tcb_bind_notification(other, n), KAAL_E_BUSY);
	YIELD_UNTIL(spins != 0, 100);
	if (!EXPECT(t, spins != 0))
		return;
	EXPECT_OK(t, kaal_cap_delete(CNODE, th.tcb, DEPTH));
	seen = spins;
	yield_n(5);
	EXPECT_EQ(t, spins, seen);
	EXPECT(t, slot_empty(th.tcb));
	EXPECT_OK(t, kaal_tcb_bind_notification(other, n));
	/* A thread that deletes its own TCB stops in that system call. */
	if (!t_thread(t, &me, 0))
		return;
	self.tcb = me.tcb;
	if (!EXPECT_OK(t, kaal_tcb_set_priority(me.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&me, delete_self, (kaal_word_t)&self)))
		return;
	yield_n(5);
	EXPECT(t, self.before);
	EXPECT(t, !self.after);
	EXPECT_EQ(t, self.error, -1);
	EXPECT(t, slot_empty(me.tcb));
}

/* A thread blocked sending is gone from the queue once destroyed. */
static void destroy_tcb_queued(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct blocker s[2] = {
		{ ep, OP_SEND, -1, 0 },
		{ ep, OP_CALL, -1, 0 },
	};
	struct kaal_thread a, b;
	struct kaal_recv_ret r;

	if (!ep || !t_spawn(t, &a, ROOT_PRIO(t), block_on, (kaal_word_t)&s[0]))
		return;
	yield_n(3);
	if (!t_spawn(t, &b, ROOT_PRIO(t), block_on, (kaal_word_t)&s[1]))
		return;
	yield_n(3);
	/* Both wait; destroy the first in the queue and the caller is next. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, a.tcb, DEPTH));
	r = kaal_nbrecv(ep);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.msg.mr[0], 0x33);
	/* The caller now waits for our reply; destroyed, it is owed none. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, b.tcb, DEPTH));
	EXPECT_ERR(t, kaal_reply(&(struct kaal_msg){ 0, { 0 } }),
		   KAAL_E_NO_REPLY);
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
	EXPECT_EQ(t, s[0].error + s[1].error, -2); /* neither ran again */
}

void child_load(void);

/* Receive the fault of a thread that was started at a load from va;
 * checks it is a read fault at va. */
static void expect_read_fault(struct test *t, int line, kaal_word_t va)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct kaal_thread th;
	struct kaal_recv_ret r = { .error = KAAL_E_WOULD_BLOCK };

	if (!ep || !t_thread(t, &th, ep) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_tcb_write_registers(th.tcb, 1,
						   (kaal_word_t)child_load,
						   th.stack_top, va, 0, 0)))
		return;
	for (int i = 0; i < 20 && r.error == KAAL_E_WOULD_BLOCK; i++) {
		kaal_yield();
		r = kaal_nbrecv(ep);
	}
	kaal_thread_suspend(th.tcb);
	if (test_expect_err(t, line, "fault message", r.error, KAAL_OK,
			    KAAL_OK)) {
		test_expect_eq(t, line, "fault type",
			       KAAL_MSGINFO_LABEL(r.msg.info),
			       KAAL_FAULT_VM_READ);
		test_expect_eq(t, line, "fault address", r.msg.mr[0], va);
	}
}

/* A deleted page table is unmapped: what was mapped through it faults,
 * and the page's capability finds itself unmapped. */
static void destroy_page_table(struct test *t)
{
	kaal_word_t va = t_bare_region(t) + 0x5000;
	kaal_word_t other = t_region(t);
	kaal_cptr_t pt[4], page = t_object(t, KAAL_OBJ_PAGE, 0);

	for (int i = 0; i < 4; i++)
		pt[i] = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	if (!page || !pt[3] || !other)
		return;
	for (kaal_word_t level = 1; level <= 3; level++)
		if (!EXPECT_EQ(
			    t,
			    kaal_page_table_map(pt[level - 1], VSPACE, va).value,
			    level))
			return;
	if (!EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW)))
		return;
	*(volatile kaal_word_t *)va = 0x77;
	EXPECT_OK(t, kaal_cap_delete(CNODE, pt[2], DEPTH));
	expect_read_fault(t, __LINE__, va);
	/* The page's capability notices the mapping is gone... */
	EXPECT_ERR(t, kaal_memory_protect(page, RO), KAAL_E_NOT_MAPPED);
	/* ... and maps again elsewhere, with its contents. */
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, other, RO));
	EXPECT_EQ(t, *(volatile kaal_word_t *)other, 0x77);
	/* A new level-3 table goes where the old one was. */
	EXPECT_EQ(t, kaal_page_table_map(pt[3], VSPACE, va).value, 3);
}

/*
 * A thread in an address space of its own, running code from a page we
 * wrote: it counts in a page shared with us. When the last capability to
 * its VSpace goes (the thread's own copy, by reconfiguring it) the thread
 * faults at its next instruction and the pages find themselves unmapped.
 */
#define CODE_VA 0x10000000ul
#define DATA_VA 0x10001000ul

static const uint32_t count_loop[] = {
	0xf9400001, /* 1: ldr x1, [x0] */
	0x91000421, /*    add x1, x1, #1 */
	0xf9000001, /*    str x1, [x0] */
	0x17fffffd, /*    b 1b */
};

static void destroy_vspace(struct test *t)
{
	kaal_cptr_t vs = t_object(t, KAAL_OBJ_VSPACE, 0);
	kaal_cptr_t code = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t data = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t code2 = t_slot(t), data2 = t_slot(t);
	kaal_word_t va = t_region(t);
	volatile uint32_t *insn = (volatile uint32_t *)va;
	volatile kaal_word_t *count = (volatile kaal_word_t *)(va + PAGE);
	struct kaal_recv_ret r = { .error = KAAL_E_WOULD_BLOCK };
	kaal_word_t seen;

	if (!vs || !code || !data || !tcb || !ep || !code2 || !data2 || !va ||
	    !EXPECT_OK(t, kaal_memory_map(code, VSPACE, va, RW)) ||
	    !EXPECT_OK(t, kaal_memory_map(data, VSPACE, va + PAGE, RW)))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(count_loop); i++)
		insn[i] = count_loop[i];
	if (!EXPECT_OK(t, kaal_cap_copy(CNODE, code2, DEPTH, CNODE, code, DEPTH,
					KAAL_RIGHT_READ | KAAL_RIGHT_EXEC)) ||
	    !EXPECT_OK(t, kaal_cap_copy(CNODE, data2, DEPTH, CNODE, data, DEPTH,
					KAAL_RIGHTS_ALL)) ||
	    !EXPECT_OK(t, kaal_vspace_map(t->a, vs, code2, CODE_VA, RX)) ||
	    !EXPECT_OK(t, kaal_vspace_map(t->a, vs, data2, DATA_VA, RW)) ||
	    !EXPECT_OK(t, kaal_tcb_configure(tcb, ep, CNODE, vs, 0, 0)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_tcb_write_registers(tcb, 1, CODE_VA, 0, DATA_VA,
						   0, 0)))
		return;
	YIELD_UNTIL(*count != 0, 20);
	if (!EXPECT(t, *count != 0)) {
		kaal_thread_suspend(tcb);
		return;
	}
	/* Our original VSpace capability goes: the thread's copy keeps the
	 * address space alive and the thread counting. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, vs, DEPTH));
	seen = *count;
	YIELD_UNTIL(*count != seen, 20);
	EXPECT(t, *count != seen);
	/* Now its own: the VSpace is destroyed. */
	EXPECT_OK(t, kaal_tcb_configure(tcb, ep, CNODE, 0, 0, 0));
	for (int i = 0; i < 20 && r.error == KAAL_E_WOULD_BLOCK; i++) {
		kaal_yield();
		r = kaal_nbrecv(ep);
	}
	kaal_thread_suspend(tcb);
	if (EXPECT_OK(t, r.error)) {
		EXPECT_EQ(t, KAAL_MSGINFO_LABEL(r.msg.info),
			  KAAL_FAULT_VM_EXEC);
		EXPECT(t, r.msg.mr[2] >= CODE_VA && r.msg.mr[2] < CODE_VA + 16);
	}
	seen = *count;
	yield_n(3);
	EXPECT_EQ(t, *count, seen);
	/* The pages that were mapped there are free to map again. */
	EXPECT_ERR(t, kaal_memory_protect(code2, RX), KAAL_E_NOT_MAPPED);
	EXPECT_ERR2(t, kaal_memory_unmap(data2), KAAL_OK, KAAL_E_NOT_MAPPED);
	EXPECT_OK(t, kaal_memory_map(data2, VSPACE, va + 2 * PAGE, RO));
	EXPECT_EQ(t, *(volatile kaal_word_t *)(va + 2 * PAGE), *count);
}

struct cnode_ctx {
	volatile long error;
};

/* Slots of the CSpace of destroy_cnode_contents' child: Y's own 2 index
 * bits, then X (a 61-bit zero guard, 1 index bit). */
#define Y_CPTR(slot) ((kaal_word_t)(slot) << 62)
#define C_E2	     (Y_CPTR(1) | 0) /* X slot 0 */
#define C_PARK2	     Y_CPTR(2)

static void recv_in_x(kaal_word_t arg)
{
	struct cnode_ctx *c = (void *)arg;

	c->error = kaal_recv(C_E2).error;
	kaal_wait(C_PARK2);
	for (;;)
		kaal_yield();
}

/* A CNode destroyed with the only capability to an endpoint inside it:
 * the endpoint is destroyed too, and its waiter wakes. */
static void destroy_cnode_contents(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, 12);
	kaal_cptr_t x = t_cnode(t, 1), y = t_cnode(t, 2);
	kaal_cptr_t park = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t gy = y ? t_mint(t, y, KAAL_RIGHTS_ALL, GUARD(0, 0)) : 0;
	struct cnode_ctx ctx = { -1 };
	struct kaal_thread th;

	if (!ut || !x || !park || !gy ||
	    !EXPECT_OK(t,
		       kaal_retype(ut, KAAL_OBJ_ENDPOINT, 0, x, DEPTH, 0, 1)) ||
	    !EXPECT_OK(t, kaal_cap_mint(y, 1, DEPTH, CNODE, x, DEPTH,
					KAAL_RIGHTS_ALL, GUARD(61, 0))) ||
	    !EXPECT_OK(t, kaal_cap_copy(y, 2, DEPTH, CNODE, park, DEPTH,
					KAAL_RIGHTS_ALL)) ||
	    !EXPECT_OK(t, kaal_cap_delete(CNODE, x, DEPTH)) ||
	    !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_configure(th.tcb, 0, gy, VSPACE,
					     (kaal_word_t)th.ipc_buffer,
					     th.ipc_frame)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, recv_in_x, (kaal_word_t)&ctx)))
		return;
	yield_n(5);
	EXPECT_EQ(t, ctx.error, -1);
	/* Y's slot 1 holds the last capability to X. */
	EXPECT_OK(t, kaal_cap_delete(y, 1, DEPTH));
	YIELD_UNTIL(ctx.error != -1, 100);
	kaal_thread_suspend(th.tcb);
	EXPECT_ERR(t, ctx.error, KAAL_E_DELETED);
	/* The endpoint, destroyed, was the untyped's only child. */
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_UNTYPED, 12, CNODE, DEPTH, x, 1));
}

/*
 * An untyped whose capability lives in a CNode made from it: revoking it
 * destroys that CNode, and with it the slot being revoked. The revoke
 * stops there, cleanly.
 */
static void destroy_revoke_own_cnode(struct test *t)
{
	kaal_cptr_t u = t_untyped(t, 14), cn = t_slot(t);
	kaal_cptr_t keep = t_object(t, KAAL_OBJ_ENDPOINT, 0);

	if (!u || !cn || !keep ||
	    !EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_CNODE, 4, CNODE, DEPTH, cn,
				      1)) ||
	    !EXPECT_OK(t,
		       kaal_retype(u, KAAL_OBJ_ENDPOINT, 0, cn, DEPTH, 1, 2)) ||
	    !EXPECT_OK(t, kaal_cap_copy(cn, 3, DEPTH, CNODE, keep, DEPTH,
					KAAL_RIGHTS_ALL)) ||
	    !EXPECT_OK(t, kaal_cap_move(cn, 0, DEPTH, CNODE, u, DEPTH)))
		return;
	EXPECT_OK(t, kaal_cap_revoke(cn, 0, DEPTH));
	EXPECT(t, slot_empty(cn));
	/* The endpoint copied in survives its copy's CNode. */
	EXPECT_EQ(t, slot_type(keep), KAAL_OBJ_ENDPOINT);
	EXPECT_ERR(t, kaal_nbrecv(keep).error, KAAL_E_WOULD_BLOCK);
	/* The same with delete. */
	u = t_untyped(t, 14);
	if (!u ||
	    !EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_CNODE, 4, CNODE, DEPTH, cn,
				      1)) ||
	    !EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_NOTIFICATION, 0, cn, DEPTH, 1,
				      1)) ||
	    !EXPECT_OK(t, kaal_cap_move(cn, 0, DEPTH, CNODE, u, DEPTH)))
		return;
	EXPECT_OK(t, kaal_cap_delete(cn, 0, DEPTH));
	EXPECT_EQ(t, t_type_at(t, cn, 0, DEPTH), KAAL_OBJ_NULL);
	EXPECT_EQ(t, t_type_at(t, cn, 1, DEPTH), KAAL_OBJ_NOTIFICATION);
	EXPECT_OK(t, kaal_cap_delete(CNODE, cn, DEPTH));
	EXPECT(t, slot_empty(cn));
}

/*
 * 200 CNodes, each holding the only capability to the next; deleting the
 * first destroys them all, without recursion in the kernel, and gives all
 * their memory back.
 */
#define CHAIN 200

static void destroy_cnode_chain(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 15);
	kaal_cptr_t h = t_cnode(t, 8), s = t_slot(t);
	unsigned int left = 0;

	if (!u.cap || !h || !s ||
	    !EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_CNODE, 1, h, DEPTH, 0,
				      CHAIN)))
		return;
	/* CNode i takes CNode i + 1 into its slot 0, from the end. */
	for (kaal_word_t i = CHAIN - 1; i-- > 0;)
		if (!EXPECT_OK(t,
			       kaal_cap_move(CNODE, s, DEPTH, h, i, DEPTH)) ||
		    !EXPECT_OK(t,
			       kaal_cap_move(s, 0, DEPTH, h, i + 1, DEPTH)) ||
		    !EXPECT_OK(t, kaal_cap_move(h, i, DEPTH, CNODE, s, DEPTH)))
			return;
	for (kaal_word_t i = 1; i < CHAIN; i++)
		left += t_type_at(t, h, i, DEPTH) != KAAL_OBJ_NULL;
	if (!EXPECT_EQ(t, left, 0))
		return;
	EXPECT_OK(t, kaal_cap_delete(h, 0, DEPTH));
	EXPECT_EQ(t, t_type_at(t, h, 0, DEPTH), KAAL_OBJ_NULL);
	/* All of the untyped is free again. */
	EXPECT_OK(t,
		  kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 15, CNODE, DEPTH, s, 1));
}

/*
 * The same with a TCB between each pair of CNodes: CNode i holds the only
 * capability to TCB i, whose CSpace root is the only capability to CNode
 * i + 1. Destroying a TCB deletes its CSpace root, which destroys the next
 * CNode, whose TCB ... 200 levels deep.
 */
static void destroy_cnode_tcb_chain(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 19);
	kaal_cptr_t ht = t_cnode(t, 8), hc = t_cnode(t, 8);
	kaal_cptr_t s1 = t_slot(t), s2 = t_slot(t);

	if (!u.cap || !ht || !hc || !s1 || !s2 ||
	    !EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_TCB, 0, ht, DEPTH, 0,
				      CHAIN)) ||
	    !EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_CNODE, 1, hc, DEPTH, 0,
				      CHAIN + 1)))
		return;
	for (kaal_word_t i = CHAIN; i-- > 0;) {
		if (!EXPECT_OK(t,
			       kaal_cap_move(CNODE, s1, DEPTH, ht, i, DEPTH)) ||
		    !EXPECT_OK(t, kaal_cap_move(CNODE, s2, DEPTH, hc, i + 1,
						DEPTH)) ||
		    !EXPECT_OK(t, kaal_tcb_configure(s1, 0, s2, 0, 0, 0)) ||
		    !EXPECT_OK(t, kaal_cap_delete(CNODE, s2, DEPTH)) ||
		    !EXPECT_OK(t,
			       kaal_cap_move(CNODE, s2, DEPTH, hc, i, DEPTH)) ||
		    !EXPECT_OK(t,
			       kaal_cap_move(s2, 0, DEPTH, CNODE, s1, DEPTH)) ||
		    !EXPECT_OK(t,
			       kaal_cap_move(hc, i, DEPTH, CNODE, s2, DEPTH)))
			return;
	}
	EXPECT_OK(t, kaal_cap_delete(hc, 0, DEPTH));
	EXPECT_EQ(t, t_type_at(t, hc, 0, DEPTH), KAAL_OBJ_NULL);
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 19, CNODE, DEPTH, s1,
				 1));
}

/*
 * The largest CNode the memory allows (2^16 slots, fewer if it must),
 * each slot holding the only capability to an endpoint: deleting it
 * destroys them all, in bounded steps; the call stops for each pending
 * interrupt and is restarted. Afterwards the slot is empty, a copy of one
 * endpoint lives on, and once it goes too the whole untyped is free.
 *
 * A thread of the same priority probes the slot meanwhile. Whenever the
 * delete outlasts the root task's time slice, the probe runs in the
 * middle of it and must find the capability still there, dying
 * (KAAL_E_DELETED), never half gone. (Under QEMU a delete of 2^16
 * endpoints takes a few ticks, and longer with the invariant checks of
 * debug.config at every restart; time slices drift by a tick or two.)
 */
struct probe {
	kaal_cptr_t slot;
	volatile int deleting;
	volatile kaal_word_t dying_seen;
};

static void probe_slot(kaal_word_t arg)
{
	struct probe *p = (void *)arg;

	for (;;) {
		if (p->deleting &&
		    kaal_cap_identify(p->slot).error == KAAL_E_DELETED)
			p->dying_seen++;
		kaal_yield();
	}
}

/* An untyped for a CNode of 2^bits slots and 2^bits endpoints, as big as
 * there is (down to 2^12), without counting the smaller tries as
 * failures. */
static kaal_cptr_t huge_untyped(struct test *t, unsigned int *bits)
{
	for (*bits = 16; *bits >= 12; --*bits) {
		struct kaal_cap_ret u =
			kaal_alloc_object(t->a, KAAL_OBJ_UNTYPED, *bits + 7);

		if (!u.error)
			return u.cap;
	}
	test_fail(t, 0, "no untyped of 2^19 bytes or more");
	return 0;
}

static void destroy_huge_cnode(struct test *t)
{
	struct probe p = { 0, 0, 0 };
	struct kaal_thread th;
	kaal_cptr_t keep = t_slot(t), big = t_slot(t), cn = t_slot(t);
	unsigned int bits = 0;
	kaal_cptr_t u = keep && big && cn ? huge_untyped(t, &bits) : 0;
	kaal_word_t n = 1ul << bits, t0, t1;
	kaal_word_t slice = TICK(t) * t->bi->config.timeslice_ticks;

	if (!u || !EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_CNODE, bits, CNODE,
					    DEPTH, cn, 1)))
		return;
	for (kaal_word_t i = 0; i < n; i += 256)
		if (!EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_ENDPOINT, 0, cn,
					      DEPTH, i, 256)))
			return;
	if (!EXPECT_EQ(t, t_type_at(t, cn, n - 1, DEPTH), KAAL_OBJ_ENDPOINT) ||
	    !EXPECT_OK(t, kaal_cap_copy(CNODE, keep, DEPTH, cn, 7, DEPTH,
					KAAL_RIGHTS_ALL)))
		return;
	/* Full: not even a small untyped fits in what is left. */
	EXPECT_ERR(t,
		   kaal_retype(u, KAAL_OBJ_UNTYPED, bits + 6, CNODE, DEPTH, big,
			       1),
		   KAAL_E_NO_MEMORY);
	p.slot = cn;
	if (!t_spawn(t, &th, ROOT_PRIO(t), probe_slot, (kaal_word_t)&p))
		return;
	kaal_yield();
	p.deleting = 1;
	t0 = t_now();
	EXPECT_OK(t, kaal_cap_delete(CNODE, cn, DEPTH));
	t1 = t_now();
	p.deleting = 0;
	kaal_thread_suspend(th.tcb);
	EXPECT(t, slot_empty(cn));
	/* Counter time: with several CPUs QEMU's other vCPUs take the host
	 * from this one, and the call can outlast two slices of counter
	 * time without two slices of ticks (Documentation/smp.rst,
	 * "Limits"). */
	if (t1 - t0 > 2 * slice + 2 * TICK(t) &&
	    t->bi->config.nr_domains == 1 && t->bi->config.nr_cpus == 1)
		EXPECT(t, p.dying_seen > 0);
	/* Only the copy's endpoint is left, and it works. */
	EXPECT_EQ(t, slot_type(keep), KAAL_OBJ_ENDPOINT);
	EXPECT_ERR(t, kaal_nbrecv(keep).error, KAAL_E_WOULD_BLOCK);
	EXPECT_ERR(t,
		   kaal_retype(u, KAAL_OBJ_UNTYPED, bits + 7, CNODE, DEPTH, big,
			       1),
		   KAAL_E_NO_MEMORY);
	EXPECT_OK(t, kaal_cap_delete(CNODE, keep, DEPTH));
	EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_UNTYPED, bits + 7, CNODE, DEPTH,
				 big, 1));
	EXPECT_OK(t, kaal_cap_delete(CNODE, big, DEPTH));
}

/* A thread's CSpace root holds the last capability to a CNode of 4096
 * endpoints: tcb_configure replacing it destroys them all (the old root
 * goes first, in restartable steps) and installs the new one. */
static void destroy_cspace_by_configure(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 19);
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t cn = t_slot(t), s = t_slot(t);

	if (!u.cap || !tcb || !cn || !s ||
	    !EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_CNODE, 12, CNODE, DEPTH,
				      cn, 1)))
		return;
	for (kaal_word_t i = 0; i < 4096; i += 256)
		if (!EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_ENDPOINT, 0, cn,
					      DEPTH, i, 256)))
			return;
	if (!EXPECT_OK(t, kaal_tcb_configure(tcb, 0, cn, 0, 0, 0)) ||
	    !EXPECT_OK(t, kaal_cap_delete(CNODE, cn, DEPTH)))
		return;
	EXPECT_ERR(t,
		   kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 19, CNODE, DEPTH, s, 1),
		   KAAL_E_NO_MEMORY);
	EXPECT_OK(t, kaal_tcb_configure(tcb, 0, CNODE, 0, 0, 0));
	EXPECT_OK(t,
		  kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 19, CNODE, DEPTH, s, 1));
	/* Its new root is a copy of ours: deleting the thread leaves it. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, tcb, DEPTH));
}

static const struct test_case cases[] = {
	{ "destroy_endpoint_waiters", destroy_endpoint_waiters },
	{ "destroy_notification_waiters", destroy_notification_waiters },
	{ "destroy_only_last", destroy_only_last },
	{ "destroy_tcb", destroy_tcb },
	{ "destroy_tcb_queued", destroy_tcb_queued },
	{ "destroy_page_table", destroy_page_table },
	{ "destroy_vspace", destroy_vspace },
	{ "destroy_cnode_contents", destroy_cnode_contents },
	{ "destroy_revoke_own_cnode", destroy_revoke_own_cnode },
	{ "destroy_cnode_chain", destroy_cnode_chain },
	{ "destroy_keeps_grandchildren", destroy_keeps_grandchildren },
	{ "destroy_cnode_tcb_chain", destroy_cnode_tcb_chain },
	{ "destroy_huge_cnode", destroy_huge_cnode },
	{ "destroy_cspace_by_configure", destroy_cspace_by_configure },
};

TEST_SUITE(destroy_suite, cases);
