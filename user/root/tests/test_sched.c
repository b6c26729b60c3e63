// SPDX-License-Identifier: BSD-2-Clause
/*
 * Scheduling: priorities bounded by the maximum controlled priority, the
 * fixed-priority order (also when IPC wakes a thread), round-robin
 * fairness and timer preemption, FP/SIMD state across preemption and
 * IPC, registers of a stopped thread, and domains (isolation, and time
 * slices across domain windows).
 *
 * Threads that spin watch the generic timer's counter and give up after a
 * deadline, and the root task waits with a watchdog (t_wait_for), so a
 * scheduler that fails to run someone gives a FAIL, not a hang.
 */
#include <stdbool.h>
#include "test.h"

#define SPIN_PRIO 100 /* below the root task: run while it waits */

/*
 * How long cases spin and wait follows the configuration: a case that
 * needs n time slices of its threads (and r rounds of the domain
 * schedule) spins for those plus SPIN_MARGIN_MS, and the root task
 * waits WAIT_MARGIN_MS longer. A case whose slices alone would take more
 * than SLICES_MAX_MS (long slices at a slow tick, say 100 ticks at 10
 * Hz) reports "not run"; tests/boot/user_cases.txt says in which
 * configurations, with KAAL_SLICES_FIT (tests/boot/usercases.py
 * computes it from the same slice as slice_ms() below).
 */
#define SPIN_MARGIN_MS 3000
#define WAIT_MARGIN_MS 1000
#define SLICES_MAX_MS  10000

/* Ticks of one round of the domain schedule (*round) and of domain 0's
 * windows in it (*mine): 1 and 1 without domains. */
static void domain_round(unsigned long *round, unsigned long *mine)
{
#ifdef CONFIG_SCHED_DOMAIN_SCHEDULE
	const char *p = CONFIG_SCHED_DOMAIN_SCHEDULE; /* "0:10,1:5" */
	unsigned long dom, ticks;

	*round = *mine = 0;
	while (*p) {
		for (dom = 0; *p >= '0' && *p <= '9'; p++)
			dom = dom * 10 + (unsigned long)(*p - '0');
		p += *p == ':';
		for (ticks = 0; *p >= '0' && *p <= '9'; p++)
			ticks = ticks * 10 + (unsigned long)(*p - '0');
		while (*p == ',' || *p == ' ')
			p++;
		*round += ticks;
		*mine += dom == 0 ? ticks : 0;
	}
	if (!*mine) /* checked at build time; never divide by zero */
		*round = *mine = 1;
#else
	*round = *mine = 1;
#endif
}

/* Milliseconds of one time slice of a thread of domain 0, stretched by
 * the other domains' windows that interrupt it. */
static unsigned long slice_ms(struct test *t)
{
	const struct kaal_boot_config *cfg = &t->bi->config;
	unsigned long round, mine;

	domain_round(&round, &mine);
	return cfg->timeslice_ticks * round * 1000 / (mine * cfg->hz);
}

/* Milliseconds of one round of the domain schedule (0 without domains). */
static unsigned long round_ms(struct test *t)
{
	unsigned long round, mine;

	domain_round(&round, &mine);
	return round == mine ? 0 : round * 1000 / t->bi->config.hz;
}

/* How long a case needing slices time slices and rounds domain rounds
 * lets its threads spin; 0 (and the case reports "not run") when the
 * slices take longer than SLICES_MAX_MS. */
static unsigned int spin_ms(struct test *t, unsigned int slices,
			    unsigned int rounds)
{
	if (slices * slice_ms(t) > SLICES_MAX_MS) {
		test_skip(t, "its time slices would take over 10 s");
		return 0;
	}
	return (unsigned int)(slices * slice_ms(t) + rounds * round_ms(t)) +
	       SPIN_MARGIN_MS;
}

/* How long the root task waits for a case that spins for ms. */
#define WAIT_MS(ms) ((ms) + WAIT_MARGIN_MS)

/* The case needs the fixed-priority scheduler. */
static int not_fixed_prio(struct test *t)
{
	return t->bi->config.sched != 1 &&
	       test_skip(t, "needs the fixed-priority scheduler");
}

/* The case needs more than one scheduling domain. */
static int no_domains(struct test *t)
{
	return t->bi->config.nr_domains < 2 &&
	       test_skip(t, "needs scheduling domains");
}

/* ---- maximum controlled priority --------------------------------------- */

struct mcp_ctx {
	kaal_cptr_t self, other;
	volatile long err[6];
	volatile int done;
};

static void mcp_child(kaal_word_t arg)
{
	struct mcp_ctx *c = (void *)arg;

	c->err[0] = kaal_tcb_set_priority(c->self, c->self, 51);
	c->err[1] = kaal_tcb_set_mcp(c->self, c->self, 51);
	c->err[2] = kaal_tcb_set_mcp(c->self, c->self, 40);
	c->err[3] = kaal_tcb_set_priority(c->other, c->self, 41);
	c->err[4] = kaal_tcb_set_priority(c->other, c->self, 40);
	c->err[5] = kaal_tcb_set_mcp(c->self, c->self, 50);
	c->done = 1;
}

/* A thread with MCP 50 cannot raise itself (or its MCP) above 50, can
 * lower its MCP, and then cannot raise it back. */
static void sched_mcp(struct test *t)
{
	struct kaal_thread a, b;
	struct mcp_ctx c = { 0 };

	if (!t_thread(t, &a, 0) || !t_thread(t, &b, 0))
		return;
	c.self = a.tcb;
	c.other = b.tcb;
	if (!EXPECT_OK(t, kaal_tcb_set_mcp(a.tcb, KAAL_CAP_INIT_TCB, 50)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(a.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&a, mcp_child, (kaal_word_t)&c)))
		return;
	YIELD_UNTIL(c.done, 100);
	if (!EXPECT(t, c.done))
		return;
	EXPECT_ERR(t, c.err[0], KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, c.err[1], KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, c.err[2], KAAL_OK);
	EXPECT_ERR(t, c.err[3], KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, c.err[4], KAAL_OK);
	EXPECT_ERR(t, c.err[5], KAAL_E_NO_RIGHTS);
	/* Its MCP is 40 now: it may still grant 40, no more. */
	EXPECT_ERR(t, kaal_tcb_set_priority(b.tcb, a.tcb, 41),
		   KAAL_E_NO_RIGHTS);
	EXPECT_OK(t, kaal_tcb_set_priority(b.tcb, a.tcb, 40));
}

/* ---- fixed priorities ---------------------------------------------------- */

#define LOG_LEN 16

struct order_ctx {
	struct kaal_thread high, mid, low_spin;
	kaal_cptr_t mid_ntfn, done;
	volatile char log[LOG_LEN];
	volatile unsigned int n;
};

static void order_log(struct order_ctx *c, char what)
{
	if (c->n < LOG_LEN - 1)
		c->log[c->n++] = what;
}

static void order_high(kaal_word_t arg)
{
	order_log((void *)arg, 'H');
}

static void order_mid(kaal_word_t arg)
{
	struct order_ctx *c = (void *)arg;

	kaal_wait(c->mid_ntfn);
	order_log(c, 'M');
}

static void order_raised(kaal_word_t arg)
{
	order_log((void *)arg, 'R');
}

/*
 * At priority 100: resume a thread of priority 200, signal one of 150
 * waiting on a notification, raise one of 50 to 120. Each runs before
 * the call that made it runnable returns.
 */
static void order_low(kaal_word_t arg)
{
	struct order_ctx *c = (void *)arg;

	order_log(c, '1');
	kaal_thread_resume(c->high.tcb);
	order_log(c, '2');
	kaal_signal(c->mid_ntfn);
	order_log(c, '3');
	kaal_tcb_set_priority(c->low_spin.tcb, KAAL_CAP_INIT_TCB, 120);
	order_log(c, '4');
	kaal_signal(c->done);
}

/* Set up th to run fn(arg) at prio, without starting it. */
static int prepare(struct test *t, struct kaal_thread *th, kaal_word_t prio,
		   kaal_thread_fn *fn, kaal_word_t arg)
{
	return t_thread(t, th, 0) &&
	       EXPECT_OK(t, kaal_tcb_set_priority(th->tcb, KAAL_CAP_INIT_TCB,
						  prio)) &&
	       EXPECT_OK(t,
			 kaal_tcb_write_registers(
				 th->tcb, 0, (kaal_word_t)kaal_thread_entry,
				 th->stack_top, (kaal_word_t)fn, arg, th->tcb));
}

static void sched_priority_order(struct test *t)
{
	static struct order_ctx c;
	struct kaal_thread low;

	if (not_fixed_prio(t))
		return;
	c = (struct order_ctx){ .mid_ntfn =
					t_object(t, KAAL_OBJ_NOTIFICATION, 0),
				.done = t_object(t, KAAL_OBJ_NOTIFICATION, 0) };
	if (!c.mid_ntfn || !c.done ||
	    !prepare(t, &c.high, 200, order_high, (kaal_word_t)&c) ||
	    !prepare(t, &c.low_spin, 50, order_raised, (kaal_word_t)&c) ||
	    !t_spawn(t, &c.mid, 150, order_mid, (kaal_word_t)&c) ||
	    !EXPECT_OK(t, kaal_thread_resume(c.low_spin.tcb)) ||
	    !t_spawn(t, &low, 100, order_low, (kaal_word_t)&c))
		return;
	/* Nothing below us ran yet: the mid thread is not even waiting. */
	EXPECT_EQ(t, c.n, 0);
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(spin_ms(t, 0, 1))), 1);
	c.log[c.n] = 0;
	for (unsigned int i = 0; i < 8; i++)
		if (c.log[i] != "1H2M3R4"[i]) {
			test_fail(t, __LINE__, "order \"%s\", want \"1H2M3R4\"",
				  (const char *)c.log);
			break;
		}
}

/*
 * IPC hands the CPU to the partner only if the scheduler would pick it:
 * a call to a waiting server of priority 100, or a reply to a caller of
 * priority 100, lets a ready thread of priority 150 run first.
 */
struct ipc_prio_ctx {
	kaal_cptr_t ep, ready, go, done;
	int server_goes; /* the server, not the client, signals go */
	volatile char log[LOG_LEN];
	volatile unsigned int n;
};

static void ipc_log(struct ipc_prio_ctx *c, char what)
{
	if (c->n < LOG_LEN - 1)
		c->log[c->n++] = what;
}

/* The server: reply to one call, then wait for the next. */
static void ipc_prio_server(kaal_word_t arg)
{
	struct ipc_prio_ctx *c = (void *)arg;
	struct kaal_msg m = { 0, { 0 } };

	kaal_recv(c->ep);
	for (;;) {
		ipc_log(c, 'S');
		if (c->server_goes)
			kaal_signal(c->go);
		kaal_reply_recv(c->ep, &m);
	}
}

/* Lowest: runs when the others wait, to tell the root task so. */
static void ipc_prio_ready(kaal_word_t arg)
{
	kaal_signal(((struct ipc_prio_ctx *)arg)->ready);
}

static void ipc_prio_middle(kaal_word_t arg)
{
	struct ipc_prio_ctx *c = (void *)arg;

	kaal_wait(c->go);
	ipc_log(c, 'M');
}

static void ipc_prio_client(kaal_word_t arg)
{
	struct ipc_prio_ctx *c = (void *)arg;
	struct kaal_msg m = { 0, { 0 } };

	if (!c->server_goes)
		kaal_signal(c->go); /* the middle thread is ready ... */
	kaal_call(c->ep, &m);	    /* ... when the server gets this */
	ipc_log(c, 'C');
	kaal_signal(c->done);
}

/* Run one round: server at sprio waiting, client at cprio calling it,
 * middle thread at 150 made ready just before the call (or the reply);
 * returns the log. */
static const char *ipc_prio_round(struct test *t, struct ipc_prio_ctx *c,
				  kaal_word_t sprio, kaal_word_t cprio)
{
	struct kaal_thread s, r, m, cl;

	c->n = 0;
	c->log[0] = 0;
	if (!t_spawn(t, &s, sprio, ipc_prio_server, (kaal_word_t)c) ||
	    !t_spawn(t, &r, 1, ipc_prio_ready, (kaal_word_t)c) ||
	    !EXPECT_EQ(t, t_wait_for(t, c->ready, WAIT_MS(spin_ms(t, 0, 1))),
		       1) ||
	    !prepare(t, &m, 150, ipc_prio_middle, (kaal_word_t)c) ||
	    !prepare(t, &cl, cprio, ipc_prio_client, (kaal_word_t)c) ||
	    !EXPECT_OK(t, kaal_thread_resume(m.tcb)) ||
	    !EXPECT_OK(t, kaal_thread_resume(cl.tcb)))
		return "";
	EXPECT_EQ(t, t_wait_for(t, c->done, WAIT_MS(spin_ms(t, 0, 1))), 1);
	kaal_thread_suspend(s.tcb);
	kaal_thread_suspend(m.tcb);
	c->log[c->n] = 0;
	return (const char *)c->log;
}

static int same_string(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void sched_ipc_priority(struct test *t)
{
	static struct ipc_prio_ctx c;
	const char *log;

	if (not_fixed_prio(t))
		return;
	c = (struct ipc_prio_ctx){
		.ep = t_object(t, KAAL_OBJ_ENDPOINT, 0),
		.ready = t_object(t, KAAL_OBJ_NOTIFICATION, 0),
		.go = t_object(t, KAAL_OBJ_NOTIFICATION, 0),
		.done = t_object(t, KAAL_OBJ_NOTIFICATION, 0)
	};
	if (!c.ep || !c.ready || !c.go || !c.done)
		return;
	/* Client 200 calls server 100: the middle thread (150) runs before
	 * the server. */
	c.server_goes = 0;
	log = ipc_prio_round(t, &c, 100, 200);
	if (!same_string(log, "MSC"))
		test_fail(t, __LINE__, "call: order \"%s\", want \"MSC\"", log);
	/* Server 200 replies to client 100: the middle thread runs before
	 * the client. */
	c.ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	if (!c.ep)
		return;
	c.server_goes = 1;
	log = ipc_prio_round(t, &c, 200, 100);
	if (!same_string(log, "SMC"))
		test_fail(t, __LINE__, "reply: order \"%s\", want \"SMC\"",
			  log);
}

/* ---- time slicing -------------------------------------------------------- */

#define SPINNERS 3
#define TURNS	 3

struct spin_ctx {
	kaal_cptr_t done;
	kaal_word_t deadline;
	volatile unsigned int last; /* who ran last, from 1 */
	volatile unsigned int turns[SPINNERS];
	volatile kaal_word_t count[SPINNERS];
	/* count when turn TURNS started: the iterations of the turns
	 * before, all of them complete */
	volatile kaal_word_t done_turns_count[SPINNERS];
	volatile int signalled, timed_out;
};

static unsigned int min_turns(const struct spin_ctx *c)
{
	unsigned int m = ~0u;

	for (unsigned int i = 0; i < SPINNERS; i++)
		if (c->turns[i] < m)
			m = c->turns[i];
	return m;
}

/* Count iterations and turns (stretches of running without another
 * spinner running in between) until the deadline; the first to see that
 * every spinner had TURNS turns signals the root task. */
static void fair_spinner(kaal_word_t arg)
{
	struct spin_ctx *c = (void *)(arg & ~0x7ul);
	unsigned int me = arg & 0x7;

	for (;;) {
		if (c->last != me + 1) {
			c->last = me + 1;
			if (++c->turns[me] == TURNS)
				c->done_turns_count[me] = c->count[me];
			if (min_turns(c) >= TURNS && !c->signalled) {
				c->signalled = 1;
				kaal_signal(c->done);
			}
			if (t_now() > c->deadline) {
				c->timed_out = 1;
				return;
			}
		}
		c->count[me]++;
		if (!(c->count[me] & 0xfff) && t_now() > c->deadline) {
			c->timed_out = 1;
			return;
		}
	}
}

/*
 * One measurement of sched_round_robin below: false when it could not
 * be set up (the failure is recorded); *ok when the spinners progressed
 * alike.
 */
static bool round_robin_once(struct test *t, struct spin_ctx *c,
			     unsigned int ms, bool *ok)
{
	struct kaal_thread th[SPINNERS];
	kaal_word_t lo = ~0ul, hi = 0;
	unsigned int tlo = ~0u, thi = 0;

	*ok = false;
	*c = (struct spin_ctx){ .done = t_object(t, KAAL_OBJ_NOTIFICATION, 0),
				.deadline = t_deadline(ms) };
	if (!c->done)
		return false;
	for (unsigned int i = 0; i < SPINNERS; i++)
		if (!t_spawn(t, &th[i], SPIN_PRIO, fair_spinner,
			     (kaal_word_t)c | i))
			return false;
	EXPECT_EQ(t, t_wait_for(t, c->done, WAIT_MS(ms)), 1);
	for (unsigned int i = 0; i < SPINNERS; i++)
		kaal_thread_suspend(th[i].tcb);
	EXPECT(t, !c->timed_out);
	for (unsigned int i = 0; i < SPINNERS; i++) {
		kaal_word_t n = c->done_turns_count[i];

		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
		tlo = c->turns[i] < tlo ? c->turns[i] : tlo;
		thi = c->turns[i] > thi ? c->turns[i] : thi;
	}
	*ok = !(tlo < TURNS || thi > 2 * tlo || !lo || hi > 2 * lo);
	return true;
}

/*
 * Three threads at one priority, none of which ever yields: the timer
 * preempts each in turn, and they progress alike: within a factor of two
 * in turns, and in the iterations of their first TURNS - 1 (complete)
 * turns. Under both schedulers. The iterations of a time slice depend on
 * how much of it the host gave QEMU (no -icount here), so a host busy
 * with other work can make one measurement uneven: it is taken up to
 * three times, and fails only if no measurement was even (a scheduler
 * that favours a thread is uneven every time).
 */
static void sched_round_robin(struct test *t)
{
	static struct spin_ctx c;
	unsigned int ms = spin_ms(t, (TURNS + 1) * SPINNERS, 1);
	bool ok = false;

	for (unsigned int attempt = 0; ms && attempt < 3 && !ok; attempt++)
		if (!round_robin_once(t, &c, ms, &ok))
			return;
	if (ms && !ok)
		test_fail(t, __LINE__, "turns %u %u %u, iterations %lu %lu %lu",
			  c.turns[0], c.turns[1], c.turns[2],
			  c.done_turns_count[0], c.done_turns_count[1],
			  c.done_turns_count[2]);
}

struct preempt_ctx {
	kaal_cptr_t done;
	kaal_word_t deadline;
	volatile int spinning, timed_out;
};

static void never_yield(kaal_word_t arg)
{
	struct preempt_ctx *c = (void *)arg;

	c->spinning = 1;
	while (t_now() < c->deadline)
		;
	c->timed_out = 1;
}

static void prober(kaal_word_t arg)
{
	struct preempt_ctx *c = (void *)arg;

	if (c->spinning && !c->timed_out)
		kaal_signal(c->done);
}

/* A thread that never yields does not keep the CPU from another thread
 * of its priority: the timer takes it away at the end of its slice. */
static void sched_preemption(struct test *t)
{
	unsigned int ms = spin_ms(t, 2, 1);
	struct preempt_ctx c = { 0 };
	struct kaal_thread spin, probe;

	if (!ms)
		return;
	c.done = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	c.deadline = t_deadline(ms);
	if (!c.done ||
	    !t_spawn(t, &spin, SPIN_PRIO, never_yield, (kaal_word_t)&c) ||
	    !t_spawn(t, &probe, SPIN_PRIO, prober, (kaal_word_t)&c))
		return;
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(ms)), 1);
	kaal_thread_suspend(spin.tcb);
	kaal_thread_suspend(probe.tcb);
	EXPECT(t, c.spinning);
	EXPECT(t, !c.timed_out);
}

/* ---- FP/SIMD across preemption -------------------------------------------- */

#define FP_THREADS    3
#define FP_TURNS      2
#define FPCR_RMODE(m) ((kaal_word_t)(m) << 22)

static inline kaal_word_t read_fpcr(void)
{
	kaal_word_t v;

	__asm__ volatile("mrs %0, fpcr" : "=r"(v));
	return v;
}

static inline void write_fpcr(kaal_word_t v)
{
	__asm__ volatile("msr fpcr, %0" : : "r"(v));
}

/* A sum whose last bits depend on the rounding mode. */
static __attribute__((noipa)) double fp_chunk(double seed)
{
	double s = 0;

	for (int k = 1; k <= 2000; k++)
		s += 1.0 / (seed + k) - s / (seed * 1e7 + k);
	return s;
}

/* v16-v31 := seed, seed + 1, ... (two doublewords each); x10 scratch. */
#define VREGS_FILL                                                  \
	"mov	x10, %[seed]\n"                                        \
	".irp	n, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
	"dup	v\\n\\().2d, x10\n"                                    \
	"add	x10, x10, #1\n"                                        \
	".endr\n"

/* bad := how many of the 32 doublewords of v16-v31 do not hold want,
 * want + 1, ... (what VREGS_FILL put there, for want = seed); x10, x11
 * scratch. */
#define VREGS_CHECK                                                 \
	"mov	x10, %[want]\n"                                        \
	"mov	%[bad], #0\n"                                          \
	".irp	n, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
	"umov	x11, v\\n\\().d[0]\n"                                 \
	"cmp	x11, x10\n"                                            \
	"cinc	%[bad], %[bad], ne\n"                                 \
	"umov	x11, v\\n\\().d[1]\n"                                 \
	"cmp	x11, x10\n"                                            \
	"cinc	%[bad], %[bad], ne\n"                                 \
	"add	x10, x10, #1\n"                                        \
	".endr\n"

#define VREGS_CLOBBER                                                         \
	"x10", "x11", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", \
		"v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31", "cc"

/*
 * Fill v16-v31 with seed, seed + 1, ...; spin a while, doing FP
 * arithmetic in v0-v3 as well; return how many of the 32 doublewords of
 * v16-v31 no longer hold their value.
 */
static kaal_word_t vregs_hold(kaal_word_t seed, kaal_word_t spins)
{
	kaal_word_t bad;

	__asm__ volatile(
		VREGS_FILL "fmov	d0, #1.0\n"
			   "fmov	d1, #0.5\n"
			   "mov	x9, %[spins]\n"
			   "1:	fadd	d0, d0, d1\n"
			   "fmul	d1, d1, d1\n"
			   "fmov	v2.2d, #2.0\n"
			   "fadd	v3.2d, v2.2d, v2.2d\n"
			   "subs	x9, x9, #1\n"
			   "b.ne	1b\n" VREGS_CHECK
		: [bad] "=&r"(bad)
		: [seed] "r"(seed), [want] "r"(seed), [spins] "r"(spins)
		: "x9", "v0", "v1", "v2", "v3", VREGS_CLOBBER);
	return bad;
}

struct fp_ctx {
	kaal_cptr_t done;
	kaal_word_t deadline;
	double seed[FP_THREADS], want[FP_THREADS];
	volatile unsigned int last, turns[FP_THREADS], finished;
	volatile kaal_word_t bad_regs[FP_THREADS], bad_sums[FP_THREADS],
		sums[FP_THREADS], bad_fpcr[FP_THREADS];
	volatile int timed_out;
};

static void fp_count_turn(struct fp_ctx *c, unsigned int me)
{
	if (c->last != me + 1) {
		c->last = me + 1;
		c->turns[me]++;
	}
}

static void fp_worker(kaal_word_t arg)
{
	struct fp_ctx *c = (void *)(arg & ~0x7ul);
	unsigned int me = arg & 0x7;
	volatile double seed = c->seed[me];

	write_fpcr(FPCR_RMODE(me + 1));
	/* v16-v31 held across preemption. */
	while (c->turns[me] < FP_TURNS && t_now() < c->deadline) {
		c->bad_regs[me] += vregs_hold(0x1000 * (me + 1), 20000);
		fp_count_turn(c, me);
	}
	/* C arithmetic under this thread's rounding mode. */
	c->turns[me] = 0;
	while (c->turns[me] < FP_TURNS && t_now() < c->deadline) {
		double s = fp_chunk(seed);

		c->bad_sums[me] += s != c->want[me];
		c->sums[me]++;
		fp_count_turn(c, me);
	}
	c->bad_fpcr[me] = read_fpcr() != FPCR_RMODE(me + 1);
	if (t_now() >= c->deadline)
		c->timed_out = 1;
	if (__atomic_add_fetch(&c->finished, 1, __ATOMIC_SEQ_CST) == FP_THREADS)
		kaal_signal(c->done);
}

/*
 * Three threads use FP/SIMD at once, each in its own rounding mode (FPCR)
 * and with its own values in v16-v31, and are preempted many times: each
 * sees only its own state.
 */
static void sched_fp_preemption(struct test *t)
{
	static struct fp_ctx c;
	struct kaal_thread th[FP_THREADS];
	kaal_word_t fpcr = read_fpcr();
	unsigned int ms = spin_ms(t, (FP_TURNS + 1) * FP_THREADS, 1);

	if (!ms)
		return;
	c = (struct fp_ctx){ .done = t_object(t, KAAL_OBJ_NOTIFICATION, 0),
			     .deadline = t_deadline(ms) };
	if (!c.done)
		return;
	for (unsigned int i = 0; i < FP_THREADS; i++) {
		c.seed[i] = 3.0 + i * 0.25;
		write_fpcr(FPCR_RMODE(i + 1));
		c.want[i] = fp_chunk(c.seed[i]);
		write_fpcr(fpcr);
	}
	/* Three rounding modes, three different answers. */
	EXPECT(t, c.want[0] != c.want[1] && c.want[1] != c.want[2]);
	for (unsigned int i = 0; i < FP_THREADS; i++)
		if (!t_spawn(t, &th[i], SPIN_PRIO, fp_worker,
			     (kaal_word_t)&c | i))
			return;
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(ms)), 1);
	for (unsigned int i = 0; i < FP_THREADS; i++) {
		kaal_thread_suspend(th[i].tcb);
		EXPECT_EQ(t, c.bad_regs[i], 0);
		EXPECT_EQ(t, c.bad_sums[i], 0);
		EXPECT_EQ(t, c.bad_fpcr[i], 0);
		EXPECT(t, c.sums[i] > 0);
	}
	EXPECT(t, !c.timed_out);
	EXPECT_EQ(t, read_fpcr(), fpcr);
}

/*
 * The same across IPC: fill v16-v31, make the system call nr on ep with an
 * empty message (call or reply_recv: the fast path takes both), and check
 * v16-v31 once this thread runs again. Returns the bad doublewords; *err
 * is the call's error code.
 */
static kaal_word_t vregs_ipc_want(kaal_word_t seed, kaal_word_t want,
				  kaal_word_t nr, kaal_cptr_t ep,
				  kaal_word_t *err)
{
	register kaal_word_t x0 __asm__("x0") = ep;
	register kaal_word_t x1 __asm__("x1") = KAAL_MSGINFO(0, 0, 0);
	register kaal_word_t x8 __asm__("x8") = nr;
	kaal_word_t bad;

	__asm__ volatile(VREGS_FILL "svc	#0\n" VREGS_CHECK
			 : [bad] "=&r"(bad), "+r"(x0), "+r"(x1), "+r"(x8)
			 : [seed] "r"(seed), [want] "r"(want)
			 : "x2", "x3", "x4", "x5", "x6", "x7", "memory",
			   VREGS_CLOBBER);
	*err = x0;
	return bad;
}

static kaal_word_t vregs_ipc(kaal_word_t seed, kaal_word_t nr, kaal_cptr_t ep,
			     kaal_word_t *err)
{
	return vregs_ipc_want(seed, seed, nr, ep, err);
}

#define FP_IPC_ROUNDS 200

struct fp_ipc_ctx {
	kaal_cptr_t ep, done;
	volatile kaal_word_t bad_regs[2], bad_fpcr[2], err[2], rounds;
};

/* Thread 0 calls, thread 1 answers with reply_recv; each in its own
 * rounding mode and with its own values in v16-v31. */
static void fp_ipc_client(kaal_word_t arg)
{
	struct fp_ipc_ctx *c = (void *)arg;
	kaal_word_t err = 0;

	write_fpcr(FPCR_RMODE(1));
	for (unsigned int i = 0; i < FP_IPC_ROUNDS && !err; i++) {
		c->bad_regs[0] += vregs_ipc(0x1000, KAAL_SYS_CALL, c->ep, &err);
		c->rounds++;
	}
	c->err[0] = err;
	c->bad_fpcr[0] = read_fpcr() != FPCR_RMODE(1);
	kaal_signal(c->done);
}

static void fp_ipc_server(kaal_word_t arg)
{
	struct fp_ipc_ctx *c = (void *)arg;
	kaal_word_t err = kaal_recv(c->ep).error;

	write_fpcr(FPCR_RMODE(2));
	while (!err) {
		c->bad_regs[1] +=
			vregs_ipc(0x2000, KAAL_SYS_REPLY_RECV, c->ep, &err);
		c->bad_fpcr[1] |= read_fpcr() != FPCR_RMODE(2);
	}
	c->err[1] = err;
	for (;;)
		kaal_yield();
}

/*
 * Two threads of one priority ping-pong with call and reply_recv (the
 * fast path when it is built), each holding FP/SIMD state across every
 * IPC: the switch happens in the IPC, not at a tick.
 */
static void sched_fp_ipc(struct test *t)
{
	static struct fp_ipc_ctx c;
	struct kaal_thread th[2];
	kaal_word_t fpcr = read_fpcr();

	c = (struct fp_ipc_ctx){ .ep = t_object(t, KAAL_OBJ_ENDPOINT, 0),
				 .done = t_object(t, KAAL_OBJ_NOTIFICATION,
						  0) };
	if (!c.ep || !c.done ||
	    !t_spawn(t, &th[1], SPIN_PRIO, fp_ipc_server, (kaal_word_t)&c))
		return;
	if (!t_spawn(t, &th[0], SPIN_PRIO, fp_ipc_client, (kaal_word_t)&c)) {
		kaal_thread_suspend(th[1].tcb);
		return;
	}
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(spin_ms(t, 0, 1))), 1);
	kaal_thread_suspend(th[0].tcb);
	kaal_thread_suspend(th[1].tcb);
	EXPECT_EQ(t, c.rounds, FP_IPC_ROUNDS);
	EXPECT_EQ(t, c.err[0], KAAL_OK);
	EXPECT_EQ(t, c.err[1], KAAL_OK);
	EXPECT_EQ(t, c.bad_regs[0], 0);
	EXPECT_EQ(t, c.bad_regs[1], 0);
	EXPECT_EQ(t, c.bad_fpcr[0], 0);
	EXPECT_EQ(t, c.bad_fpcr[1], 0);
	EXPECT_EQ(t, read_fpcr(), fpcr);
}

/* ---- FP/SIMD registers of another thread ---------------------------------- */

struct fp_regs_ctx {
	kaal_cptr_t ep, done;
	volatile kaal_word_t bad, fpcr, err;
};

/* v16-v31 := 0x1000..., rounding mode 1; a call; then v16-v31 must hold
 * 0x2000... and the rounding mode be 2, as the root task wrote them. */
static void fp_regs_worker(kaal_word_t arg)
{
	struct fp_regs_ctx *c = (void *)arg;
	kaal_word_t err;

	write_fpcr(FPCR_RMODE(1));
	c->bad = vregs_ipc_want(0x1000, 0x2000, KAAL_SYS_CALL, c->ep, &err);
	c->fpcr = read_fpcr();
	c->err = err;
	kaal_signal(c->done);
	for (;;)
		kaal_yield();
}

/* How many of v16-v31 in a tcb_read_fp_registers buffer are not want,
 * want + 1, ... (both halves). */
static unsigned int fp_regs_differ(const kaal_word_t *mr, kaal_word_t want)
{
	unsigned int bad = 0;

	for (unsigned int n = 16; n < 32; n++)
		bad += (mr[2 * n] != want + n - 16) +
		       (mr[2 * n + 1] != want + n - 16);
	return bad;
}

/*
 * tcb_read_fp_registers and tcb_write_fp_registers: a thread blocked in a
 * call, whose FP/SIMD state may still be live in the registers (it used
 * them last) or saved, is read as it left it and resumes with what was
 * written; a status word with bits a program may not set, or a write to
 * the caller itself, is refused and changes nothing.
 */
static void sched_fp_registers(struct test *t)
{
	static struct fp_regs_ctx c;
	kaal_word_t *mr = t->ipc->mr, fpcr = read_fpcr();
	struct kaal_thread th;
	struct kaal_word_ret r;

	c = (struct fp_regs_ctx){ .ep = t_object(t, KAAL_OBJ_ENDPOINT, 0),
				  .done = t_object(t, KAAL_OBJ_NOTIFICATION,
						   0) };
	if (!c.ep || !c.done ||
	    !t_spawn(t, &th, SPIN_PRIO, fp_regs_worker, (kaal_word_t)&c))
		return;
	if (!EXPECT_OK(t, kaal_recv(c.ep).error))
		goto out;
	r = kaal_tcb_read_fp_registers(th.tcb);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, fp_regs_differ(mr, 0x1000), 0);
	EXPECT_EQ(t, r.value, KAAL_FP_STATUS(0, FPCR_RMODE(1)));
	/* Refused: a reserved bit of FPSR, then of FPCR; the caller. */
	for (unsigned int n = 16; n < 32; n++)
		mr[2 * n] = mr[2 * n + 1] = 0x2000 + n - 16;
	EXPECT_EQ(t, kaal_tcb_write_fp_registers(th.tcb, 1ul << 5),
		  KAAL_E_INVALID_ARG);
	EXPECT_EQ(t, kaal_tcb_write_fp_registers(th.tcb, 1ul << 63),
		  KAAL_E_INVALID_ARG);
	EXPECT_EQ(t, kaal_tcb_write_fp_registers(KAAL_CAP_INIT_TCB, 0),
		  KAAL_E_ILLEGAL_OP);
	EXPECT_EQ(t, kaal_tcb_read_fp_registers(c.ep).error, KAAL_E_WRONG_TYPE);
	EXPECT_OK(t, kaal_tcb_read_fp_registers(th.tcb).error);
	EXPECT_EQ(t, fp_regs_differ(mr, 0x1000), 0);
	/* Written, with rounding mode 2 and a cumulative flag set. */
	for (unsigned int n = 16; n < 32; n++)
		mr[2 * n] = mr[2 * n + 1] = 0x2000 + n - 16;
	EXPECT_OK(t, kaal_tcb_write_fp_registers(
			     th.tcb, KAAL_FP_STATUS(0x10, FPCR_RMODE(2))));
	r = kaal_tcb_read_fp_registers(th.tcb);
	EXPECT_EQ(t, r.value, KAAL_FP_STATUS(0x10, FPCR_RMODE(2)));
	EXPECT_EQ(t, fp_regs_differ(mr, 0x2000), 0);
	EXPECT_OK(t, kaal_reply(&(struct kaal_msg){ 0, { 0 } }));
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(spin_ms(t, 0, 1))), 1);
	EXPECT_EQ(t, c.err, KAAL_OK);
	EXPECT_EQ(t, c.bad, 0);
	EXPECT_EQ(t, c.fpcr, FPCR_RMODE(2));
	/* The caller's own, live. */
	r = kaal_tcb_read_fp_registers(KAAL_CAP_INIT_TCB);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.value >> 32, fpcr);
out:
	kaal_thread_suspend(th.tcb);
}

/* ---- registers of a stopped thread ---------------------------------------- */

static volatile kaal_word_t reg_spins, reg_flag;

static void reg_spin(kaal_word_t arg)
{
	(void)arg;
	for (;;)
		reg_spins++;
}

static void reg_set_flag(kaal_word_t arg)
{
	reg_flag = arg;
}

/* Suspend a running thread, read where it is, send it elsewhere. */
static void sched_registers(struct test *t)
{
	struct kaal_thread th;
	const kaal_word_t *mr = t->ipc->mr;
	kaal_word_t pc, seen;

	if (!t_spawn(t, &th, ROOT_PRIO(t), reg_spin, 0))
		return;
	YIELD_UNTIL(reg_spins != 0, 100);
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
	if (!EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value,
		       KAAL_REGS_COUNT))
		return;
	pc = mr[KAAL_REGS_PC];
	EXPECT(t,
	       pc >= (kaal_word_t)reg_spin && pc < (kaal_word_t)reg_spin + 64);
	EXPECT(t,
	       mr[KAAL_REGS_SP] <= th.stack_top &&
		       mr[KAAL_REGS_SP] >=
			       th.stack_top - KAAL_THREAD_STACK_PAGES * PAGE);
	/* Suspended, it stays put, and reading it again gives the same. */
	seen = reg_spins;
	yield_n(3);
	EXPECT_EQ(t, reg_spins, seen);
	EXPECT_OK(t, kaal_tcb_read_registers(th.tcb).error);
	EXPECT_EQ(t, mr[KAAL_REGS_PC], pc);
	/* New registers without resuming: read back, still not running. */
	EXPECT_OK(t, kaal_tcb_write_registers(
			     th.tcb, 0, (kaal_word_t)kaal_thread_entry,
			     th.stack_top, (kaal_word_t)reg_set_flag, 0x5eed,
			     th.tcb));
	EXPECT_OK(t, kaal_tcb_read_registers(th.tcb).error);
	EXPECT_EQ(t, mr[KAAL_REGS_PC], (kaal_word_t)kaal_thread_entry);
	EXPECT_EQ(t, mr[KAAL_REGS_X(1)], 0x5eed);
	EXPECT_EQ(t, mr[KAAL_REGS_X(2)], th.tcb);
	yield_n(3);
	EXPECT_EQ(t, reg_flag, 0);
	EXPECT_OK(t, kaal_thread_resume(th.tcb));
	YIELD_UNTIL(reg_flag != 0, 100);
	EXPECT_EQ(t, reg_flag, 0x5eed);
	EXPECT_EQ(t, reg_spins, seen);
}

/* ---- domains ------------------------------------------------------------- */

struct domain_ctx {
	kaal_cptr_t done;
	kaal_word_t deadline, tick;
	volatile kaal_word_t gaps, max_gap, count0, count1;
	volatile int timed_out;
};

/* In domain 1, alone: count the stretches of at least a tick during
 * which it did not run. */
static void domain_gaps(kaal_word_t arg)
{
	struct domain_ctx *c = (void *)arg;
	kaal_word_t prev = t_now(), now;

	while (c->gaps < 3) {
		now = t_now();
		if (now - prev > c->tick) {
			c->gaps++;
			if (now - prev > c->max_gap)
				c->max_gap = now - prev;
		}
		prev = now;
		if (now > c->deadline) {
			c->timed_out = 1;
			break;
		}
	}
	kaal_signal(c->done);
}

static void domain_count1(kaal_word_t arg)
{
	struct domain_ctx *c = (void *)arg;

	while (t_now() < c->deadline)
		c->count1++;
	c->timed_out = 1;
}

static void domain_count0(kaal_word_t arg)
{
	struct domain_ctx *c = (void *)arg;

	while (t_now() < c->deadline) {
		c->count0++;
		if (c->count1 && c->count0 > 100000)
			break;
	}
	kaal_signal(c->done);
}

/* Start fn(arg) in domain at prio. */
static int spawn_in(struct test *t, struct kaal_thread *th, kaal_word_t domain,
		    kaal_word_t prio, kaal_thread_fn *fn, void *arg)
{
	return t_thread(t, th, 0) &&
	       EXPECT_OK(t, kaal_tcb_set_priority(th->tcb, KAAL_CAP_INIT_TCB,
						  prio)) &&
	       EXPECT_OK(t, kaal_tcb_set_domain(KAAL_CAP_DOMAIN, th->tcb,
						domain)) &&
	       EXPECT_OK(t, kaal_thread_start(th, fn, (kaal_word_t)arg));
}

/*
 * A thread of domain 1 runs only in domain 1's windows: alone in the
 * system it still stops for whole ticks while domain 0 has the CPU; and
 * at the highest priority it cannot starve a low-priority thread of
 * domain 0.
 */
static void sched_domains(struct test *t)
{
	static struct domain_ctx c;
	struct kaal_thread a, b, d;
	unsigned int ms;

	/* 3 gaps: 3 rounds; domain_count0 shares domain 0 with the watchdog
	 * of t_wait_for, which the round-robin scheduler may run for a
	 * slice first. */
	if (no_domains(t) || !(ms = spin_ms(t, 2, 4)))
		return;
	c = (struct domain_ctx){ .done = t_object(t, KAAL_OBJ_NOTIFICATION, 0),
				 .deadline = t_deadline(ms),
				 .tick = TICK(t) };
	if (!c.done || !spawn_in(t, &a, 1, SPIN_PRIO, domain_gaps, &c))
		return;
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(ms)), 1);
	kaal_thread_suspend(a.tcb);
	EXPECT(t, !c.timed_out);
	EXPECT(t, c.gaps >= 3);
	EXPECT(t, c.max_gap > c.tick);
	/* Domain 1 at priority 255 against domain 0 at priority 1. */
	c.deadline = t_deadline(ms);
	if (!spawn_in(t, &b, 1, ROOT_PRIO(t), domain_count1, &c) ||
	    !spawn_in(t, &d, 0, 1, domain_count0, &c))
		return;
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(ms)), 1);
	kaal_thread_suspend(b.tcb);
	kaal_thread_suspend(d.tcb);
	EXPECT(t, !c.timed_out);
	EXPECT(t, c.count0 > 100000);
	EXPECT(t, c.count1 > 0);
}

/*
 * A thread cut off by the end of its domain's window keeps the rest of
 * its time slice: ticks in which another domain has the CPU (or idles)
 * are not charged to it. Two threads of domain 0 take turns; each turn
 * (but the first) must have given its thread close to a whole slice of
 * running time, also the turns that a window of domain 1 interrupted.
 * The threads start 4 ticks into a window of domain 0, so that (with
 * slices shorter than the window) a turn is cut by the window's end.
 */
#define SLICE_TURNS 4

struct slice_ctx {
	kaal_cptr_t done;
	kaal_word_t tick, deadline;
	volatile unsigned int last; /* who ran last, from 1 */
	volatile unsigned int turns[2];
	volatile kaal_word_t shortest; /* complete turn, counter ticks */
	volatile int signalled, timed_out;
};

static void slice_spinner(kaal_word_t arg)
{
	struct slice_ctx *c = (void *)(arg & ~0x7ul);
	unsigned int me = arg & 0x7;
	kaal_word_t prev = t_now(), run = 0;

	for (;;) {
		kaal_word_t now = t_now();

		/* Short gaps (interrupts, the host) count as running; the
		 * other thread's turn and other domains' windows do not. */
		if (now - prev < 2 * c->tick)
			run += now - prev;
		prev = now;
		if (c->last == me + 1)
			continue;
		c->last = me + 1;
		if (++c->turns[me] > 2 && run < c->shortest)
			c->shortest = run; /* turn turns - 1, complete */
		run = 0;
		if (c->turns[0] > SLICE_TURNS && c->turns[1] > SLICE_TURNS &&
		    !c->signalled) {
			c->signalled = 1;
			kaal_signal(c->done);
		}
		if (now > c->deadline) {
			c->timed_out = 1;
			return;
		}
	}
}

static void sched_domain_slices(struct test *t)
{
	static struct slice_ctx c;
	struct kaal_thread th[2];
	kaal_word_t prev, now, slice;
	unsigned int ms;

	if (no_domains(t) || !(ms = spin_ms(t, 2 * (SLICE_TURNS + 2), 1)))
		return;
	c = (struct slice_ctx){ .done = t_object(t, KAAL_OBJ_NOTIFICATION, 0),
				.tick = TICK(t),
				.shortest = ~0ul };
	slice = t->bi->config.timeslice_ticks * c.tick;
	for (unsigned int i = 0; i < 2; i++)
		if (!c.done || !prepare(t, &th[i], SPIN_PRIO, slice_spinner,
					(kaal_word_t)&c | i))
			return;
	/* Spin until a window of domain 0 begins (after a gap), then on for
	 * 4 ticks. */
	prev = t_now();
	c.deadline = t_deadline(spin_ms(t, 0, 1));
	for (;;) {
		now = t_now();
		if (now - prev > 2 * c.tick || now > c.deadline)
			break;
		prev = now;
	}
	while (t_now() < now + 4 * c.tick)
		;
	c.deadline = t_deadline(ms);
	EXPECT_OK(t, kaal_thread_resume(th[0].tcb));
	EXPECT_OK(t, kaal_thread_resume(th[1].tcb));
	EXPECT_EQ(t, t_wait_for(t, c.done, WAIT_MS(ms)), 1);
	kaal_thread_suspend(th[0].tcb);
	kaal_thread_suspend(th[1].tcb);
	EXPECT(t, !c.timed_out);
	if (c.shortest < slice - 2 * c.tick)
		test_fail(t, __LINE__, "a turn ran %lu us, a slice is %lu us",
			  c.shortest * 1000000 / t_freq(),
			  slice * 1000000 / t_freq());
}

static const struct test_case cases[] = {
	{ "sched_mcp", sched_mcp },
	{ "sched_priority_order", sched_priority_order },
	{ "sched_ipc_priority", sched_ipc_priority },
	{ "sched_round_robin", sched_round_robin },
	{ "sched_preemption", sched_preemption },
	{ "sched_fp_preemption", sched_fp_preemption },
	{ "sched_fp_ipc", sched_fp_ipc },
	{ "sched_fp_registers", sched_fp_registers },
	{ "sched_registers", sched_registers },
	{ "sched_domains", sched_domains },
	{ "sched_domain_slices", sched_domain_slices },
};

TEST_SUITE(sched_suite, cases);
