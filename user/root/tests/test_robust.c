// SPDX-License-Identifier: BSD-2-Clause
/*
 * Robustness: memory the kernel touches on a thread's behalf is checked
 * where it is accepted, and a thread's whole user-visible state is its
 * own. Each case here crashed or leaked on an earlier kernel.
 */
#include <stdio.h>
#include "test.h"

/* An IPC buffer is RAM the caller may read and write: a device frame
 * (whose kernel address is not in the kernel's RAM window) and a
 * read-only copy of a frame are refused, and nothing changes. */
static void robust_ipc_buffer_frames(struct test *t)
{
	kaal_cptr_t dev = t_device_untyped(t->bi), s = t_slots(t, 2);
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_word_t va = t_region(t);
	kaal_cptr_t ram = va ? t_page_at(t, va, RW) : 0;
	kaal_cptr_t ro = ram ? t_mint(t, ram, KAAL_RIGHT_READ, 0) : 0;

	if (!EXPECT(t, dev != 0) || !s || !tcb || !ro)
		return;
	if (!EXPECT_OK(t,
		       kaal_retype(dev, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s, 1)))
		return;
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, s),
		   KAAL_E_DEVICE);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, ro),
		   KAAL_E_NO_RIGHTS);
	/* The refused calls installed nothing: the thread cannot be started. */
	EXPECT_ERR(t, kaal_thread_resume(tcb), KAAL_E_ILLEGAL_OP);
	EXPECT_OK(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, ram));
}

/* The TCB's copy of its IPC buffer capability is its own: replacing it
 * leaves the holder's mapping of that page in place. */
static void robust_ipc_buffer_mapping_kept(struct test *t)
{
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t other = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);
	kaal_cptr_t page = va ? t_page_at(t, va, RW) : 0;

	if (!tcb || !other || !page)
		return;
	EXPECT_OK(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, page));
	EXPECT_OK(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, 0, 0));
	EXPECT_OK(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, page));
	EXPECT_OK(t, kaal_cap_delete(CNODE, tcb, DEPTH));
	/* The page is still mapped at va, and still readable there. */
	EXPECT_ERR(t, kaal_memory_map(other, VSPACE, va, RW), KAAL_E_MAPPED);
	*(volatile kaal_word_t *)va = 0x1234;
	EXPECT_EQ(t, *(volatile kaal_word_t *)va, 0x1234);
	EXPECT_OK(t, kaal_memory_unmap(page));
}

struct receiver {
	kaal_cptr_t ep;
	int done;
	kaal_word_t error, info, mr0, badge;
};

static void receive_once(kaal_word_t arg)
{
	struct receiver *r = (void *)arg;
	struct kaal_recv_ret m = kaal_recv(r->ep);

	r->error = m.error;
	r->info = m.msg.info;
	r->mr0 = m.msg.mr[0];
	r->badge = m.badge;
	r->done = 1;
}

/* A message carrying a badged capability to its own endpoint (which is
 * unwrapped into the receiver's IPC buffer) reaches a receiver that has no
 * IPC buffer: the words arrive, no capability or badge does, and the
 * kernel writes nowhere. */
static void robust_unwrap_without_buffer(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t badged = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0x42) : 0;
	struct receiver r = { .ep = ep };
	struct kaal_thread th;
	struct kaal_msg m = { KAAL_MSGINFO(0x77, 1, 1), { 0x55 } };

	if (!badged || !t_thread(t, &th, 0))
		return;
	if (!EXPECT_OK(t, kaal_tcb_configure(th.tcb, 0, CNODE, VSPACE, 0, 0)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&th, receive_once, (kaal_word_t)&r)))
		return;
	yield_n(3); /* the receiver blocks in recv */
	t->ipc->caps[0] = badged;
	EXPECT_OK(t, kaal_send(badged, &m));
	YIELD_UNTIL(r.done, 20);
	if (!EXPECT(t, r.done))
		return;
	EXPECT_EQ(t, r.error, KAAL_OK);
	EXPECT_EQ(t, r.info, KAAL_MSGINFO(0x77, 0, 1));
	EXPECT_EQ(t, r.mr0, 0x55);
	EXPECT_EQ(t, r.badge, 0x42);
}

static inline kaal_word_t tpidr(void)
{
	kaal_word_t v;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(v));
	return v;
}

static inline void set_tpidr(kaal_word_t v)
{
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(v));
}

static inline kaal_word_t tpidrro(void)
{
	kaal_word_t v;

	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(v));
	return v;
}

#define ROOT_TP	   0xa0a0a0a0a0a0ul
#define CHILD_TP   0xc1c1c1c1c1c1ul
#define CHILD_TPRO 0x2222ul

struct tls_child {
	kaal_cptr_t ep;
	kaal_word_t start_tp, start_tpro, deadline;
	int lost, spun, done;
};

/* Spins through several time slices (so it is preempted by the timer
 * while the root task changes its own thread pointer), then calls the
 * root task, checking its own pointers at every step. */
static void tls_child(kaal_word_t arg)
{
	struct tls_child *c = (void *)arg;
	struct kaal_msg m = { KAAL_MSGINFO(0, 0, 0), { 0 } };

	c->start_tp = tpidr();
	c->start_tpro = tpidrro();
	set_tpidr(CHILD_TP);
	while (t_now() < c->deadline)
		if (tpidr() != CHILD_TP || tpidrro() != CHILD_TPRO)
			c->lost++;
	c->spun = 1;
	kaal_call(c->ep, &m);
	if (tpidr() != CHILD_TP || tpidrro() != CHILD_TPRO)
		c->lost++;
	c->done = 1;
}

/* TPIDR_EL0 and TPIDRRO_EL0 belong to each thread: zero in a new thread,
 * set through tcb_write_registers, visible through tcb_read_registers,
 * and neither lost nor seen by another thread across preemption and IPC. */
static void robust_thread_pointer(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct tls_child c = { .ep = ep };
	kaal_word_t *mr = t->ipc->mr, saved = tpidr();
	struct kaal_thread th;
	int root_lost = 0;

	if (!ep || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))))
		return;
	set_tpidr(ROOT_TP);
	if (!EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value,
		       KAAL_REGS_COUNT))
		goto out;
	EXPECT_EQ(t, mr[KAAL_REGS_TPIDR], 0);
	EXPECT_EQ(t, mr[KAAL_REGS_TPIDRRO], 0);
	/* Start it with every register given, as a personality server would. */
	mr[KAAL_REGS_PC] = (kaal_word_t)kaal_thread_entry;
	mr[KAAL_REGS_SP] = th.stack_top;
	mr[KAAL_REGS_X(0)] = (kaal_word_t)tls_child;
	mr[KAAL_REGS_X(1)] = (kaal_word_t)&c;
	mr[KAAL_REGS_X(2)] = th.tcb;
	mr[KAAL_REGS_SPSR] = ~0ul; /* only the flags may be taken */
	mr[KAAL_REGS_TPIDR] = 0x1111;
	mr[KAAL_REGS_TPIDRRO] = CHILD_TPRO;
	c.deadline = t_now() + 4 * TICK(t);
	if (!EXPECT_OK(t, kaal_tcb_write_registers_all(th.tcb,
						       KAAL_TCB_WRITE_RESUME)))
		goto out;
	while (!c.spun && t_now() < c.deadline + 100 * TICK(t)) {
		kaal_yield();
		root_lost += tpidr() != ROOT_TP;
		set_tpidr(ROOT_TP);
	}
	if (EXPECT(t, c.spun)) {
		struct kaal_recv_ret m = kaal_recv(ep);

		EXPECT_OK(t, m.error);
		root_lost += tpidr() != ROOT_TP;
		/* Blocked in call: its saved pointers, not the root task's. */
		EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value,
			  KAAL_REGS_COUNT);
		EXPECT_EQ(t, mr[KAAL_REGS_TPIDR], CHILD_TP);
		EXPECT_EQ(t, mr[KAAL_REGS_TPIDRRO], CHILD_TPRO);
		EXPECT_EQ(t, mr[KAAL_REGS_SPSR] & ~KAAL_REGS_SPSR_USER, 0);
		EXPECT_OK(t, kaal_reply(&(struct kaal_msg){ 0, { 0 } }));
		YIELD_UNTIL(c.done, 20);
	}
	EXPECT(t, c.done);
	EXPECT_EQ(t, c.start_tp, 0x1111);
	EXPECT_EQ(t, c.start_tpro, CHILD_TPRO);
	EXPECT_EQ(t, c.lost, 0);
	EXPECT_EQ(t, root_lost, 0);
	/* Its own pointers, read live while it runs. */
	EXPECT_EQ(t, kaal_tcb_read_registers(KAAL_CAP_INIT_TCB).value,
		  KAAL_REGS_COUNT);
	EXPECT_EQ(t, mr[KAAL_REGS_TPIDR], ROOT_TP);
out:
	set_tpidr(saved);
}

/*
 * Bounded system calls: a retype that zeroes tens of MiB, and the revoke
 * that frees it again, must not hold the CPU past the end of the caller's
 * time slice. A probe thread at the same priority spins and notes the
 * longest time it was kept from running; the timer's end of the root
 * task's slice is what wakes it. With preemptible calls that wait is
 * about one slice, whatever the calls cost; with a call that cannot be
 * preempted it is the whole call (the probe runs only once the call has
 * returned). Only a generous bound is asserted, and only relative to the
 * calls themselves, never a timing of the host: when some call lasts
 * three slices or more, the probe's longest wait must be under the
 * midpoint between one slice and that call (a margin of a slice or more
 * for a host that deschedules QEMU). On a host so fast that no call
 * lasts 1.25 slices the case cannot tell and says so; the mechanism
 * itself (zeroing stops at a pending interrupt and goes on where it
 * stopped) is checked exactly by tests/unit/test_untyped.c.
 */
struct gap_probe {
	volatile kaal_word_t runs, max_gap;
	volatile int stop;
};

static void gap_probe(kaal_word_t arg)
{
	struct gap_probe *p = (void *)arg;
	kaal_word_t prev = t_now();

	while (!p->stop) {
		kaal_word_t now = t_now();

		if (now - prev > p->max_gap)
			p->max_gap = now - prev;
		prev = now;
		p->runs++;
	}
}

/* The largest untyped the suite can still have, 2^bits with bits in
 * [lo, hi], or 0. */
static kaal_cptr_t largest_untyped(struct test *t, unsigned int hi,
				   unsigned int lo, unsigned int *bits)
{
	for (*bits = hi; *bits >= lo; --*bits) {
		struct kaal_cap_ret u =
			kaal_alloc_object(t->a, KAAL_OBJ_UNTYPED, *bits);

		if (!u.error)
			return u.cap;
	}
	test_fail(t, 0, "no untyped of 2^%u bytes or more", lo);
	return 0;
}

static void robust_retype_preemptible(struct test *t)
{
	kaal_word_t slice = TICK(t) * t->bi->config.timeslice_ticks;
	struct gap_probe p = { 0, 0, 0 };
	unsigned int bits = 0;
	kaal_cptr_t u = largest_untyped(t, 26, 23, &bits);
	kaal_word_t pages = u ? 1ul << (bits - 21) : 0;
	kaal_cptr_t dst = pages ? t_slots(t, (unsigned int)pages) : 0;
	kaal_word_t longest = 0, runs_during = 0;
	struct kaal_thread th;

	if (!dst)
		return;
	if (t->bi->config.nr_domains > 1)
		return (void)test_skip(t,
				       "domains: the probe may not share one");
	if (!t_spawn(t, &th, ROOT_PRIO(t), gap_probe, (kaal_word_t)&p))
		return;
	/* Each round zeroes all of u again (a revoke leaves it dirty). */
	for (int round = 0; round < 6 && longest < 3 * slice; round++) {
		kaal_word_t before = p.runs, t0 = t_now(), t1;

		if (!EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_LARGE_PAGE, 0, CNODE,
					      DEPTH, dst, pages)))
			break;
		t1 = t_now();
		if (t1 - t0 > longest)
			longest = t1 - t0;
		runs_during += p.runs != before;
		if (!EXPECT_OK(t, kaal_cap_revoke(CNODE, u, DEPTH)))
			break;
	}
	/* The probe measures a wait when it runs again: let it, once. */
	kaal_yield();
	p.stop = 1;
	kaal_thread_suspend(th.tcb);
	/* A call longer than a slice contains the end of one (the caller
	 * runs throughout). The probe's gap tells a preemptible call from
	 * one that is not only well above a slice, so it is judged only
	 * from three slices on. */
	if (longest < slice + slice / 4) {
		printf("tests: robust_retype_preemptible: 2^%u bytes, longest "
		       "call %lu counts, under 1.25 slices (%lu): too short "
		       "on this host to tell\n",
		       bits, longest, slice + slice / 4);
		return;
	}
	if (!EXPECT(t, runs_during > 0))
		test_fail(t, __LINE__,
			  "no retype call let the probe run; longest "
			  "%lu counts, slice %lu",
			  longest, slice);
	if (longest >= 3 * slice &&
	    !EXPECT(t, p.max_gap < (slice + longest) / 2))
		test_fail(t, __LINE__,
			  "probe kept out %lu counts, longest call "
			  "%lu, slice %lu",
			  p.max_gap, longest, slice);
}

static const struct test_case cases[] = {
	{ "robust_ipc_buffer_frames", robust_ipc_buffer_frames },
	{ "robust_ipc_buffer_mapping_kept", robust_ipc_buffer_mapping_kept },
	{ "robust_unwrap_without_buffer", robust_unwrap_without_buffer },
	{ "robust_thread_pointer", robust_thread_pointer },
	{ "robust_retype_preemptible", robust_retype_preemptible },
};

TEST_SUITE(robust_suite, cases);
