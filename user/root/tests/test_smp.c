// SPDX-License-Identifier: BSD-2-Clause
/*
 * Several CPUs (CONFIG_SMP, Documentation/smp.rst): affinity and its
 * authority, threads that run at the same time, IPC and notifications
 * between CPUs, a thread moved between CPUs while it holds FP/SIMD state,
 * unmapping a page another CPU's thread is reading, and suspending,
 * reading and deleting a thread while another CPU runs it.
 *
 * A case that needs n CPUs reports "not run" on fewer. Threads that spin
 * watch the counter and give up when what they wait for has not happened
 * for DEADLINE_MS (each step, not the whole case: a loaded host may run
 * QEMU's CPUs slowly), so a kernel that fails gives a FAIL, not a hang.
 */
#include <stdbool.h>
#include "test.h"

#define DEADLINE_MS 5000

static unsigned int nr_cpus(struct test *t)
{
	return t->bi->config.nr_cpus;
}

static int fewer_cpus(struct test *t, unsigned int n)
{
	return nr_cpus(t) < n && test_skip(t, "needs more than one CPU");
}

/* A thread of the root task at @prio on @cpu, not started. */
static int t_thread_on(struct test *t, struct kaal_thread *th,
		       kaal_cptr_t fault_ep, kaal_word_t prio, unsigned int cpu)
{
	return t_thread(t, th, fault_ep) &&
	       EXPECT_OK(t, kaal_tcb_set_priority(th->tcb, KAAL_CAP_INIT_TCB,
						  prio)) &&
	       EXPECT_OK(t, kaal_tcb_set_affinity(th->tcb, KAAL_CAP_INIT_TCB,
						  cpu));
}

/* Spin until *@p differs from @old, for at most DEADLINE_MS. */
static bool spin_change(volatile kaal_word_t *p, kaal_word_t old)
{
	kaal_word_t deadline = t_deadline(DEADLINE_MS);

	while (*p == old)
		if (t_now() > deadline)
			return false;
	return true;
}

/* Nothing changes *@p for @ms milliseconds. */
static bool stays(volatile kaal_word_t *p, unsigned int ms)
{
	kaal_word_t v = *p, end = t_deadline(ms);

	while (t_now() < end)
		if (*p != v)
			return false;
	return true;
}

/* ---- affinity and its authority ---------------------------------------- */

/* The CPU must be online and one of the authority's; a TCB's CPUs as an
 * authority are a subset of its own authority's. Runs on one CPU too. */
static void smp_affinity_checks(struct test *t)
{
	struct kaal_thread a;
	kaal_word_t n = nr_cpus(t);

	if (!t_thread(t, &a, 0))
		return;
	EXPECT_ERR(t, kaal_tcb_set_affinity(a.tcb, KAAL_CAP_INIT_TCB, n),
		   KAAL_E_RANGE);
	EXPECT_ERR(t, kaal_tcb_set_affinity(a.tcb, KAAL_CAP_INIT_TCB, ~0ul),
		   KAAL_E_RANGE);
	EXPECT_OK(t, kaal_tcb_set_affinity(a.tcb, KAAL_CAP_INIT_TCB, n - 1));
	EXPECT_OK(t, kaal_tcb_set_affinity(a.tcb, KAAL_CAP_INIT_TCB, 0));
	/* A new TCB may place threads nowhere. */
	EXPECT_ERR(t, kaal_tcb_set_affinity(a.tcb, a.tcb, 0), KAAL_E_NO_RIGHTS);
	EXPECT_OK(t, kaal_tcb_set_cpus(a.tcb, KAAL_CAP_INIT_TCB, 1));
	EXPECT_OK(t, kaal_tcb_set_affinity(a.tcb, a.tcb, 0));
	if (n > 1)
		EXPECT_ERR(t, kaal_tcb_set_affinity(a.tcb, a.tcb, 1),
			   KAAL_E_NO_RIGHTS);
	/* Not beyond its own, nor beyond the online CPUs for the root. */
	EXPECT_ERR(t, kaal_tcb_set_cpus(a.tcb, a.tcb, 3), KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_tcb_set_cpus(a.tcb, KAAL_CAP_INIT_TCB, 1ul << n),
		   KAAL_E_NO_RIGHTS);
	EXPECT_OK(t,
		  kaal_tcb_set_cpus(a.tcb, KAAL_CAP_INIT_TCB, (1ul << n) - 1));
	/* The wrong kind of capability, as the target or the authority. */
	EXPECT_ERR(t,
		   kaal_tcb_set_affinity(KAAL_CAP_INIT_CNODE, KAAL_CAP_INIT_TCB,
					 0),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_set_affinity(a.tcb, KAAL_CAP_INIT_CNODE, 0),
		   KAAL_E_WRONG_TYPE);
}

/* ---- two CPUs at once --------------------------------------------------- */

struct pingpong {
	volatile kaal_word_t turn;
	kaal_word_t rounds;
	volatile int failed;
};

static void pong(kaal_word_t arg)
{
	struct pingpong *p = (void *)arg;

	for (kaal_word_t i = 1; i < 2 * p->rounds; i += 2) {
		if (!spin_change(&p->turn, i - 1)) {
			p->failed = 1;
			return;
		}
		p->turn = i + 1;
	}
}

/* The root task (CPU 0) and a thread of lower priority on CPU 1 hand a
 * word back and forth 1000 times through memory, neither ever entering
 * the kernel: on one CPU the lower thread would never run while the root
 * task spins. */
static void smp_parallel_spin(struct test *t)
{
	struct kaal_thread b;
	struct pingpong p = { .rounds = 1000 };

	if (fewer_cpus(t, 2) || !t_thread_on(t, &b, 0, ROOT_PRIO(t) - 1, 1) ||
	    !EXPECT_OK(t, kaal_thread_start(&b, pong, (kaal_word_t)&p)))
		return;
	for (kaal_word_t i = 0; i < 2 * p.rounds; i += 2) {
		p.turn = i + 1;
		if (!EXPECT(t, spin_change(&p.turn, i + 1)))
			break;
	}
	EXPECT(t, !p.failed);
	EXPECT_EQ(t, p.turn, 2 * p.rounds);
	EXPECT_OK(t, kaal_thread_suspend(b.tcb));
}

/* ---- IPC and notifications between CPUs --------------------------------- */

struct server_ctx {
	kaal_cptr_t ep;
	volatile kaal_word_t served, spins;
	volatile int stop;
};

/* Answers each call with its word plus one. */
static void adder(kaal_word_t arg)
{
	struct server_ctx *s = (void *)arg;
	struct kaal_msg reply = { .info = KAAL_MSGINFO(0, 0, 1) };
	struct kaal_recv_ret r = kaal_recv(s->ep);

	for (;;) {
		reply.mr[0] = r.msg.mr[0] + 1;
		s->served++;
		r = kaal_reply_recv(s->ep, &reply);
	}
}

/* Load on the server's CPU, below the server's priority. */
static void spinner(kaal_word_t arg)
{
	struct server_ctx *s = (void *)arg;

	while (!s->stop)
		s->spins++;
}

struct client_ctx {
	kaal_cptr_t ep, done;
	kaal_word_t base, calls;
	volatile kaal_word_t bad;
};

static void client(kaal_word_t arg)
{
	struct client_ctx *c = (void *)arg;
	struct kaal_msg m = { .info = KAAL_MSGINFO(0, 0, 1) };

	for (kaal_word_t i = 0; i < c->calls; i++) {
		struct kaal_recv_ret r;

		m.mr[0] = c->base + i;
		r = kaal_call(c->ep, &m);
		if (r.error || r.msg.mr[0] != c->base + i + 1)
			c->bad++;
	}
	kaal_signal(c->done);
}

/* A server on CPU 1, with a spinning thread of lower priority beside it,
 * answers 2000 calls from the root task on CPU 0 and, with three or more
 * CPUs, 2000 more from a client on CPU 2 at the same time; every answer
 * is right, and the spinner ran while the server waited. */
static void smp_ipc_cross_cpu(struct test *t)
{
	struct kaal_thread srv, spin, cl;
	struct server_ctx s = { 0 };
	struct client_ctx c = { .calls = 2000, .base = 1000000 };
	struct kaal_msg m = { .info = KAAL_MSGINFO(0, 0, 1) };
	kaal_word_t bad = 0;
	bool other = nr_cpus(t) > 2;

	if (fewer_cpus(t, 2))
		return;
	s.ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	c.ep = s.ep;
	c.done = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	if (!s.ep || !c.done || !t_thread_on(t, &srv, 0, ROOT_PRIO(t), 1) ||
	    !t_thread_on(t, &spin, 0, ROOT_PRIO(t) - 2, 1) ||
	    !EXPECT_OK(t, kaal_thread_start(&srv, adder, (kaal_word_t)&s)) ||
	    !EXPECT_OK(t, kaal_thread_start(&spin, spinner, (kaal_word_t)&s)))
		return;
	if (other &&
	    (!t_thread_on(t, &cl, 0, ROOT_PRIO(t), 2) ||
	     !EXPECT_OK(t, kaal_thread_start(&cl, client, (kaal_word_t)&c))))
		return;
	for (kaal_word_t i = 0; i < 2000; i++) {
		struct kaal_recv_ret r;

		m.mr[0] = i;
		r = kaal_call(s.ep, &m);
		if (r.error || r.msg.mr[0] != i + 1)
			bad++;
	}
	EXPECT_EQ(t, bad, 0);
	if (other) {
		EXPECT_EQ(t, t_wait_for(t, c.done, DEADLINE_MS), 1);
		EXPECT_EQ(t, c.bad, 0);
	}
	EXPECT_EQ(t, s.served, other ? 4000 : 2000);
	EXPECT(t, s.spins > 0);
	s.stop = 1;
	EXPECT_OK(t, kaal_thread_suspend(srv.tcb));
	EXPECT_OK(t, kaal_thread_suspend(spin.tcb));
	if (other)
		EXPECT_OK(t, kaal_thread_suspend(cl.tcb));
}

struct waiter_ctx {
	kaal_cptr_t in, out;
	volatile kaal_word_t woken;
};

static void waiter(kaal_word_t arg)
{
	struct waiter_ctx *w = (void *)arg;

	for (;;) {
		kaal_wait(w->in);
		w->woken++;
		kaal_signal(w->out);
	}
}

/* A thread waiting on a notification on the last CPU is woken 500 times
 * by the root task on CPU 0 (each wake-up an IPI), and answers each. */
static void smp_signal_remote(struct test *t)
{
	struct kaal_thread w;
	struct waiter_ctx c = { 0 };
	kaal_word_t missed = 0;

	if (fewer_cpus(t, 2))
		return;
	c.in = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	c.out = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	if (!c.in || !c.out ||
	    !t_thread_on(t, &w, 0, ROOT_PRIO(t), nr_cpus(t) - 1) ||
	    !EXPECT_OK(t, kaal_thread_start(&w, waiter, (kaal_word_t)&c)))
		return;
	for (int i = 0; i < 500; i++) {
		EXPECT_OK(t, kaal_signal(c.in));
		if (t_wait_for(t, c.out, DEADLINE_MS) != 1)
			missed++;
	}
	EXPECT_EQ(t, missed, 0);
	EXPECT_EQ(t, c.woken, 500);
	EXPECT_OK(t, kaal_thread_suspend(w.tcb));
}

/* ---- a thread moved between CPUs with live FP/SIMD state ---------------- */

struct fp_ctx {
	volatile kaal_word_t rounds, bad;
	volatile int stop;
};

/* Puts a pattern in v16-v31 and checks it, again and again, without a
 * system call: wherever it runs next, its registers must follow it. */
static void fp_holder(kaal_word_t arg)
{
	struct fp_ctx *c = (void *)arg;

	__asm__ volatile("movi	v16.16b, #0x16\n\tmovi	v17.16b, #0x17\n\t"
			 "movi	v18.16b, #0x18\n\tmovi	v19.16b, #0x19\n\t"
			 "movi	v20.16b, #0x20\n\tmovi	v21.16b, #0x21\n\t"
			 "movi	v22.16b, #0x22\n\tmovi	v23.16b, #0x23\n\t"
			 "movi	v24.16b, #0x24\n\tmovi	v25.16b, #0x25\n\t"
			 "movi	v26.16b, #0x26\n\tmovi	v27.16b, #0x27\n\t"
			 "movi	v28.16b, #0x28\n\tmovi	v29.16b, #0x29\n\t"
			 "movi	v30.16b, #0x30\n\tmovi	v31.16b, #0x31" ::
				 : "v16", "v17", "v18", "v19", "v20", "v21",
				   "v22", "v23", "v24", "v25", "v26", "v27",
				   "v28", "v29", "v30", "v31");
	while (!c->stop) {
		kaal_word_t sum;

		/* The sum of one byte of each: 0x16+...+0x19 + 0x20+...+0x31. */
		__asm__ volatile(
			"umov	w1, v16.b[3]\n\tmov	%0, x1\n\t"
			".irp n,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n\t"
			"umov	w1, v\\n\\().b[7]\n\tadd	%0, %0, x1\n\t"
			".endr"
			: "=&r"(sum)
			:
			: "x1");
		if (sum != 0x16 + 0x17 + 0x18 + 0x19 + 0x20 + 0x21 + 0x22 +
				   0x23 + 0x24 + 0x25 + 0x26 + 0x27 + 0x28 +
				   0x29 + 0x30 + 0x31)
			c->bad++;
		c->rounds++;
	}
}

/* The root task moves a thread that holds FP/SIMD registers from CPU to
 * CPU 200 times while it runs (each move stops it where it runs and
 * saves its registers) and it always finds its own registers. */
static void smp_migrate_fp(struct test *t)
{
	struct kaal_thread f;
	struct fp_ctx c = { 0 };

	if (fewer_cpus(t, 2) || !t_thread_on(t, &f, 0, ROOT_PRIO(t), 1) ||
	    !EXPECT_OK(t, kaal_thread_start(&f, fp_holder, (kaal_word_t)&c)))
		return;
	for (unsigned int i = 0; i < 200; i++) {
		kaal_word_t seen = c.rounds;

		if (!spin_change(&c.rounds, seen)) {
			test_fail(t, __LINE__,
				  "move %u: the thread stopped at round %lu", i,
				  (unsigned long)seen);
			break;
		}
		/* Never CPU 0 for long: the root task spins there. */
		EXPECT_OK(t, kaal_tcb_set_affinity(f.tcb, KAAL_CAP_INIT_TCB,
						   1 + i % (nr_cpus(t) - 1)));
	}
	c.stop = 1;
	EXPECT_EQ(t, c.bad, 0);
	EXPECT_OK(t, kaal_thread_suspend(f.tcb));
}

/* ---- another CPU runs the thread ---------------------------------------- */

struct counter_ctx {
	volatile kaal_word_t n;
	volatile kaal_word_t *page;
	volatile kaal_word_t sum;
};

static void counter(kaal_word_t arg)
{
	struct counter_ctx *c = (void *)arg;

	for (;;)
		c->n++;
}

/* A thread spinning on CPU 1 stops at once when suspended (and its
 * registers can be read), goes on when resumed, and stops for good when
 * its TCB is deleted; CPU 1 then runs the next thread given to it. */
static void smp_suspend_delete_remote(struct test *t)
{
	struct kaal_thread s, next;
	struct counter_ctx c = { 0 }, d = { 0 };

	if (fewer_cpus(t, 2) || !t_thread_on(t, &s, 0, ROOT_PRIO(t), 1) ||
	    !EXPECT_OK(t, kaal_thread_start(&s, counter, (kaal_word_t)&c)) ||
	    !EXPECT(t, spin_change(&c.n, 0)))
		return;
	EXPECT_OK(t, kaal_thread_suspend(s.tcb));
	EXPECT(t, stays(&c.n, 20));
	EXPECT_OK(t, kaal_tcb_read_registers(s.tcb).error);
	EXPECT_OK(t, kaal_thread_resume(s.tcb));
	EXPECT(t, spin_change(&c.n, c.n));
	EXPECT_OK(t, kaal_cap_delete(CNODE, s.tcb, DEPTH));
	EXPECT(t, stays(&c.n, 20));
	if (!t_thread_on(t, &next, 0, ROOT_PRIO(t), 1) ||
	    !EXPECT_OK(t, kaal_thread_start(&next, counter, (kaal_word_t)&d)))
		return;
	EXPECT(t, spin_change(&d.n, 0));
	EXPECT_OK(t, kaal_thread_suspend(next.tcb));
}

static void reader(kaal_word_t arg)
{
	struct counter_ctx *c = (void *)arg;

	for (;;) {
		c->sum += *c->page;
		c->n++;
	}
}

/* A thread on CPU 1 reads a page in a loop; the root task unmaps it on
 * CPU 0. Once the unmap returns, CPU 1 may finish the read in flight but
 * no other: the thread faults (its fault comes to the root task), and at
 * most one more read was counted. */
static void smp_unmap_remote(struct test *t)
{
	struct kaal_thread r;
	struct counter_ctx c = { 0 };
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_word_t va = t_region(t), deadline;
	kaal_cptr_t page = va ? t_page_at(t, va, RW) : 0;
	struct kaal_recv_ret f;
	kaal_word_t after;

	if (fewer_cpus(t, 2) || !ep || !page ||
	    !t_thread_on(t, &r, ep, ROOT_PRIO(t), 1))
		return;
	c.page = (volatile kaal_word_t *)va;
	*c.page = 1;
	if (!EXPECT_OK(t, kaal_thread_start(&r, reader, (kaal_word_t)&c)) ||
	    !EXPECT(t, spin_change(&c.n, 0)))
		return;
	EXPECT_OK(t, kaal_memory_unmap(page));
	after = c.n;
	deadline = t_deadline(DEADLINE_MS);
	do
		f = kaal_nbrecv(ep);
	while (f.error == KAAL_E_WOULD_BLOCK && t_now() < deadline);
	EXPECT_OK(t, f.error);
	EXPECT(t, c.n - after <= 1);
	EXPECT(t, stays(&c.n, 10));
	EXPECT_OK(t, kaal_thread_suspend(r.tcb));
}

static const struct test_case cases[] = {
	{ "smp_affinity_checks", smp_affinity_checks },
	{ "smp_parallel_spin", smp_parallel_spin },
	{ "smp_ipc_cross_cpu", smp_ipc_cross_cpu },
	{ "smp_signal_remote", smp_signal_remote },
	{ "smp_migrate_fp", smp_migrate_fp },
	{ "smp_suspend_delete_remote", smp_suspend_delete_remote },
	{ "smp_unmap_remote", smp_unmap_remote },
};

TEST_SUITE(smp_suite, cases);
