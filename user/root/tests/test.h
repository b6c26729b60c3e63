/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user-level test suite: a case is a function that checks results
 * with EXPECT*(); the first failed check of a case becomes the detail of
 * its "TEST <name> FAIL <details>" line. Cases share one allocator (slots,
 * untyped memory and address space are never given back) and each uses
 * fresh objects and addresses, so they do not depend on one another.
 */
#ifndef USER_ROOT_TESTS_TEST_H
#define USER_ROOT_TESTS_TEST_H

#include <stdint.h>
#include <libkaal/alloc.h>
#include <libkaal/counter.h>
#include <libkaal/thread.h>

/* Shorthands for the root task's CSpace: cptrs are slot numbers. */
#define CNODE	      KAAL_CAP_INIT_CNODE
#define VSPACE	      KAAL_CAP_INIT_VSPACE
#define DEPTH	      KAAL_WORD_BITS
#define RO	      KAAL_MAP_READ
#define RW	      (KAAL_MAP_READ | KAAL_MAP_WRITE)
#define RX	      (KAAL_MAP_READ | KAAL_MAP_EXEC)
#define PAGE	      KAAL_PAGE_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct test {
	const char *name;
	struct kaal_alloc *a;
	const struct kaal_bootinfo *bi;
	struct kaal_ipc_buffer *ipc; /* the root task's IPC buffer */
	int failed;		     /* checks that failed */
	char detail[256];	     /* the first one */
	const char *skipped;	     /* why the case does not apply here */
};

struct test_case {
	const char *name;
	void (*run)(struct test *t);
};

/* Each test_*.c file has one table of cases. */
struct test_suite {
	const struct test_case *cases;
	unsigned int count;
};

#define TEST_SUITE(name, table) \
	const struct test_suite name = { table, ARRAY_SIZE(table) }

extern const struct test_suite cap_suite, retype_suite, map_suite, ipc_suite,
	tcb_suite, fault_suite, cspace_suite, untyped_suite, endpoint_suite,
	notification_suite, sched_suite, irq_suite, destroy_suite, robust_suite,
	libc_suite, foreign_suite, smp_suite;

/* A case that does not apply to this configuration (scheduler, domains,
 * board) calls this first and returns: it is reported as not run. */
static inline int test_skip(struct test *t, const char *why)
{
	t->skipped = why;
	return 1;
}

/* Record a failure (only the first one's text is kept); line 0 for the
 * helpers below, whose failures are "setup:" problems. */
void test_fail(struct test *t, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* cond must hold. */
#define EXPECT(t, cond) ((cond) ? 1 : (test_fail(t, __LINE__, "%s", #cond), 0))

/* The call must return the error want (or want2). */
#define EXPECT_ERR(t, call, want) \
	test_expect_err(t, __LINE__, #call, (long)(call), (want), (want))
#define EXPECT_ERR2(t, call, want, want2) \
	test_expect_err(t, __LINE__, #call, (long)(call), (want), (want2))
#define EXPECT_OK(t, call) EXPECT_ERR(t, call, KAAL_OK)

/* a must equal b (words). */
#define EXPECT_EQ(t, a, b) \
	test_expect_eq(t, __LINE__, #a, (kaal_word_t)(a), (kaal_word_t)(b))

int test_expect_err(struct test *t, int line, const char *what, long got,
		    long want, long want2);
int test_expect_eq(struct test *t, int line, const char *what, kaal_word_t got,
		   kaal_word_t want);

/* ---- helpers (util.c); a failure is recorded and 0 returned ---------- */

/* A new object of type in a new slot. */
kaal_cptr_t t_object(struct test *t, enum kaal_object_type type,
		     unsigned int size_bits);
/* A new empty slot. */
kaal_cptr_t t_slot(struct test *t);
/* n new consecutive empty slots; returns the first. */
kaal_cptr_t t_slots(struct test *t, unsigned int n);
/* A new untyped region of 2^bits bytes (RAM), fresh: nothing made from it. */
kaal_cptr_t t_untyped(struct test *t, unsigned int bits);
/* A fresh 2 MiB of address space whose page tables exist. */
kaal_word_t t_region(struct test *t);
/* A 512 GiB region of address space without any page table yet. */
kaal_word_t t_bare_region(struct test *t);
/* Map page at vaddr, making page tables as needed. */
int t_map(struct test *t, kaal_cptr_t page, kaal_word_t vaddr,
	  kaal_word_t perms);
/* A new page mapped at vaddr. */
kaal_cptr_t t_page_at(struct test *t, kaal_word_t vaddr, kaal_word_t perms);
/* A copy of cap with only rights (and badge) in a new slot. */
kaal_cptr_t t_mint(struct test *t, kaal_cptr_t cap, kaal_word_t rights,
		   kaal_word_t badge);

/* A device untyped region with room for a page, away from the console
 * UART (another test drives that one), or 0. */
kaal_cptr_t t_device_untyped(const struct kaal_bootinfo *bi);

/* The slot holds no capability. */
int slot_empty(kaal_cptr_t slot);
/* The object type of the capability in slot (KAAL_OBJ_NULL: none). */
kaal_word_t slot_type(kaal_cptr_t slot);

/* A thread in the root task's spaces, not started, whose faults go to
 * fault_ep (0: none). */
int t_thread(struct test *t, struct kaal_thread *th, kaal_cptr_t fault_ep);

/* The root task's priority. A child at this priority runs when the root
 * task yields; one below it only when the root task blocks (with the
 * fixed-priority scheduler; round robin ignores priorities). */
#define ROOT_PRIO(t) ((kaal_word_t)(t)->bi->config.max_priority)

/* A new thread (no fault endpoint) at priority prio, running fn(arg). */
int t_spawn(struct test *t, struct kaal_thread *th, kaal_word_t prio,
	    kaal_thread_fn *fn, kaal_word_t arg);

/* Yield (at most n times) until cond holds. */
#define YIELD_UNTIL(cond, n)                                                  \
	do {                                                                  \
		for (int yield_i_ = 0; yield_i_ < (n) && !(cond); yield_i_++) \
			kaal_yield();                                         \
	} while (0)

/* Yield n times: a child at the root task's priority gets to run (and,
 * if it is going to, block). */
void yield_n(int n);

/* A new CNode of 2^bits slots, whose guard covers the bits above its
 * index: (cnode, i, 64) names slot i. */
kaal_cptr_t t_cnode(struct test *t, unsigned int bits);

/* The type of the capability in slot (cnode, index, depth), KAAL_OBJ_NULL
 * if the slot is empty or cannot be named; the slot is left as it was. */
kaal_word_t t_type_at(struct test *t, kaal_cptr_t cnode, kaal_word_t index,
		      kaal_word_t depth);

/* Mint badge value for a CNode guard of bits bits with value guard. */
#define GUARD(bits, guard) ((kaal_word_t)(bits) | ((kaal_word_t)(guard) << 6))

/* The generic timer's virtual counter (readable at EL0) and its rate. */
static inline kaal_word_t t_now(void)
{
	return counter_ticks();
}

static inline kaal_word_t t_freq(void)
{
	return counter_frequency();
}

/* Counter ticks in one timer tick of the kernel (1/HZ s). */
#define TICK(t) (t_freq() / (t)->bi->config.hz)

/* Wait on ntfn for at most about ms milliseconds: a watchdog thread at
 * priority 0 signals it with WATCHDOG_BADGE when the time is up, so a
 * kernel that fails to wake the caller gives a failure, not a hang.
 * Returns the notification word. */
#define WATCHDOG_BADGE (1ul << 63)
kaal_word_t t_wait_for(struct test *t, kaal_cptr_t ntfn, unsigned int ms);

/* The counter value ms milliseconds from now. */
static inline kaal_word_t t_deadline(unsigned int ms)
{
	return t_now() + t_freq() / 1000 * ms;
}

/* A fresh untyped region: memory of the smallest size that fits, from
 * which nothing is made yet, and its physical address (found by making a
 * page at its start, then revoking it). */
struct untyped_ret {
	kaal_cptr_t cap;
	kaal_word_t paddr;
};
struct untyped_ret t_untyped_at(struct test *t, unsigned int bits);

#endif /* USER_ROOT_TESTS_TEST_H */
