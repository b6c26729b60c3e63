/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The benchmark root task (CONFIG_ROOT_TASK_BENCH, Documentation/
 * benchmarks.rst). Every figure is a number of instructions read from the
 * PMU, which the kernel starts for user space (CONFIG_EXPORT_PMU_USER):
 * PMCCNTR_EL0 counts cycles and PMEVCNTR0_EL0 event 0x08, instructions
 * retired, at EL0 and EL1. Under QEMU's -icount shift=0 the two advance
 * together, one per instruction, so each stamp reads both and the report
 * checks that they agree.
 *
 * A measurement is a pair of stamps around the operation, each "isb; mrs
 * cycles; mrs instructions". The same pair with nothing between them is
 * the overhead, subtracted from every sample as sel4bench does, so that a
 * system call counts from its svc to the eret that ends it.
 */
#ifndef USER_ROOT_BENCH_BENCH_H
#define USER_ROOT_BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libkaal/alloc.h>
#include <libkaal/counter.h>
#include <libkaal/thread.h>

/* No FP/SIMD in the benchmarks but the explicit d16 accesses of the
 * context_switch_fp figures (sched.c): a thread that used FP would add
 * lazy traps, or eager loads, to what we measure. */
#pragma GCC target("general-regs-only")

#define BENCH_WARMUP 100  /* iterations run first and not counted */
#define BENCH_ITERS  1000 /* iterations counted */
#define BENCH_RUNS   (BENCH_WARMUP + BENCH_ITERS)

/* Priorities: the root task (255) waits while the threads run, so the
 * scheduler only ever sees the threads of the benchmark. */
#define PRIO_LOW  100
#define PRIO_HIGH 101

#define CNODE  KAAL_CAP_INIT_CNODE
#define VSPACE KAAL_CAP_INIT_VSPACE
#define DEPTH  KAAL_WORD_BITS
#define RW     (KAAL_MAP_READ | KAAL_MAP_WRITE)

/* The cheapest system call: a number the kernel does not know. It goes
 * through the whole entry, dispatch and exit and returns
 * KAAL_E_INVALID_SYSCALL (seL4's "null syscall" returns at once too). */
#define BENCH_NULL_SYSCALL 0x00

/* Both counters at one point of a thread's execution. */
struct stamp {
	uint64_t cyc;
	uint64_t ins;
};

/* Start and end stamps of up to four series, in memory that every thread
 * of a benchmark sees at the same address (SHARED_VADDR, also mapped in
 * the server's address space). */
struct bench_shared {
	struct stamp s[4][BENCH_RUNS + 1];
	kaal_word_t err[4]; /* a thread's first failed system call */
};

#define SHARED_VADDR 0x40000000ul
#define SHARED_PAGES \
	((sizeof(struct bench_shared) + KAAL_PAGE_SIZE - 1) / KAAL_PAGE_SIZE)
#define shared ((struct bench_shared *)SHARED_VADDR)

#define STAMP_ASM(c, i) COUNTER_STAMP_ASM(c, i)

/* The measurement overhead: two stamps back to back. */
static inline void bench_stamp_pair(struct stamp *start, struct stamp *end)
{
	uint64_t c0, i0, c1, i1;

	__asm__ volatile(STAMP_ASM("%0", "%1") STAMP_ASM("%2", "%3")
			 : "=&r"(c0), "=&r"(i0), "=r"(c1), "=r"(i1)
			 :
			 : "memory");
	*start = (struct stamp){ c0, i0 };
	*end = (struct stamp){ c1, i1 };
}

/* One stamp, for a chain of them on one thread: the difference of two
 * consecutive ones is everything the system ran between them. */
static inline void bench_stamp(struct stamp *s)
{
	uint64_t c, i;

	__asm__ volatile(STAMP_ASM("%0", "%1") : "=r"(c), "=r"(i) : : "memory");
	*s = (struct stamp){ c, i };
}

/*
 * A system call between two stamps: the first is taken right before the
 * svc, the second right after the call returns to this thread (which, for
 * a call that blocks, is when another thread has made it return).
 * start or end may be NULL. Returns x0 (the error code).
 */
static inline kaal_word_t bench_syscall(kaal_word_t nr, kaal_word_t a0,
					kaal_word_t a1, kaal_word_t a2,
					kaal_word_t a3, kaal_word_t a4,
					kaal_word_t a5, kaal_word_t a6,
					struct stamp *start, struct stamp *end)
{
	register kaal_word_t x0 __asm__("x0") = a0;
	register kaal_word_t x1 __asm__("x1") = a1;
	register kaal_word_t x2 __asm__("x2") = a2;
	register kaal_word_t x3 __asm__("x3") = a3;
	register kaal_word_t x4 __asm__("x4") = a4;
	register kaal_word_t x5 __asm__("x5") = a5;
	register kaal_word_t x6 __asm__("x6") = a6;
	register kaal_word_t x7 __asm__("x7") = 0;
	register kaal_word_t x8 __asm__("x8") = nr;
	uint64_t c0, i0, c1, i1;

	__asm__ volatile(STAMP_ASM("%[c0]", "%[i0]") "svc #0\n\t" STAMP_ASM(
				 "%[c1]", "%[i1]")
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6), "+r"(x7),
			   "+r"(x8), [c0] "=&r"(c0), [i0] "=&r"(i0),
			   [c1] "=r"(c1), [i1] "=r"(i1)
			 :
			 : "memory", "cc");
	if (start)
		*start = (struct stamp){ c0, i0 };
	if (end)
		*end = (struct stamp){ c1, i1 };
	return x0;
}

/* A 32-bit store to device memory between two stamps (interrupt
 * benchmark: the store makes the device raise its interrupt). */
static inline void bench_store32(volatile uint32_t *reg, uint32_t val,
				 struct stamp *start, struct stamp *end)
{
	uint64_t c0, i0, c1, i1;

	__asm__ volatile(
		STAMP_ASM("%[c0]", "%[i0]") "str %w[v], [%[r]]\n\t" STAMP_ASM(
			"%[c1]", "%[i1]")
		: [c0] "=&r"(c0), [i0] "=&r"(i0), [c1] "=r"(c1), [i1] "=r"(i1)
		: [v] "r"(val), [r] "r"(reg)
		: "memory");
	*start = (struct stamp){ c0, i0 };
	*end = (struct stamp){ c1, i1 };
}

/* ---- stats.c ----------------------------------------------------------- */

/* Measure the overhead (once, at start). */
void stats_init(void);

/* Samples end[i] - start[i] - overhead for i in [BENCH_WARMUP, BENCH_RUNS). */
void stats_report(const char *name, const struct stamp *start,
		  const struct stamp *end);

/* Samples end[i] - start[i], overhead included, for i in [from, to). */
void stats_report_raw(const char *name, const struct stamp *start,
		      const struct stamp *end, unsigned int from,
		      unsigned int to);

/* stats_report_raw, and the bytes (and ring slots, if not 0) that each
 * sample moved, as "bytes=<n> slots=<n>" at the end of the line. */
void stats_report_bytes(const char *name, const struct stamp *start,
			const struct stamp *end, unsigned int from,
			unsigned int to, unsigned int bytes,
			unsigned int slots);

/* Report that a benchmark could not run. */
void stats_fail(const char *name, const char *what, long err);

/* ---- main.c: the pieces the benchmarks share -------------------------- */

#define BENCH_THREADS	4
#define BENCH_FP_THREAD 2 /* threads 2 and 3 are the FP users */

struct bench_env {
	struct kaal_alloc a;
	const struct kaal_bootinfo *bi;
	kaal_cptr_t done; /* notification: a benchmark is over */
	/* In the root task's spaces. Only BENCH_FP_THREAD and the next one
	 * ever use FP/SIMD: with eager switching (CONFIG_FPU_EAGER) a thread
	 * that has used it is switched with its registers from then on. */
	struct kaal_thread thread[BENCH_THREADS];
	kaal_cptr_t shared_page[SHARED_PAGES];
};

/* Run fn(arg) on thread i of env at priority prio. */
enum kaal_error bench_start(struct bench_env *env, unsigned int i,
			    kaal_thread_fn *fn, kaal_word_t arg,
			    unsigned int prio);

/* Wait until a thread signals env->done, then suspend every thread. */
void bench_wait_done(struct bench_env *env);

/* The done notification, for the threads in the root task's CSpace. */
extern kaal_cptr_t bench_done;

/* Clear the stamps and error words before a benchmark: a stamp still 0
 * afterwards is one that was never taken (stats.c reports that). */
void bench_reset(void);

/* After a benchmark: report the first error a thread recorded, if any;
 * returns 1 when there was one. */
int bench_failed(const char *name);

/* Record err (if it is one and the first) in the thread's error word. */
static inline void bench_check(unsigned int thread, kaal_word_t err)
{
	if (err && !shared->err[thread])
		shared->err[thread] = err;
}

/* ---- space.c: a second address space ---------------------------------- */

/* A thread with its own VSpace and CSpace. The VSpace maps the program's
 * image frames at their usual addresses (code executable, the rest
 * read-only), a stack page, an IPC buffer and the shared pages. */
struct bench_space {
	kaal_cptr_t vspace;
	kaal_cptr_t cnode; /* its CSpace root */
	kaal_cptr_t tcb;
	kaal_word_t stack_top;
};

#define SPACE_CNODE_BITS 4 /* 16 slots */

/* Slots of the space's CNode: the IPC benchmark's endpoint; the ring
 * benchmark's producer's own notification and its consumer's; the
 * foreign system call benchmark's. */
#define SPACE_SLOT_EP	       1
#define SPACE_SLOT_RING_WAIT   2
#define SPACE_SLOT_RING_SIGNAL 3
/* The foreign system call benchmark's endpoint, and the done
 * notification its server signals for the client. */
#define SPACE_SLOT_FOREIGN_EP  4
#define SPACE_SLOT_DONE	       5
/* The queue benchmark's (queue.c): slots 6 and 7. */

enum kaal_error space_create(struct bench_env *env, struct bench_space *s);

/* Copy capability cap of the root CNode into slot of the space's CNode. */
enum kaal_error space_give(struct bench_space *s, unsigned int slot,
			   kaal_cptr_t cap);

/* Map a copy of page capability page (of the root CNode) at va in the
 * space. */
enum kaal_error space_map(struct bench_env *env, struct bench_space *s,
			  kaal_cptr_t page, kaal_word_t va, kaal_word_t perms);

/* Start fn(arg) in the space at priority prio. fn must never return. */
enum kaal_error space_start(struct bench_space *s, void (*fn)(kaal_word_t),
			    kaal_word_t arg, unsigned int prio);

/* ---- the benchmarks ---------------------------------------------------- */

void bench_ipc(struct bench_env *env, struct bench_space *s);
void bench_sched(struct bench_env *env, struct bench_space *s);
void bench_irq(struct bench_env *env);
void bench_vm(struct bench_env *env);
void bench_ring(struct bench_env *env, struct bench_space *s);
void bench_queue(struct bench_env *env, struct bench_space *s);
void bench_foreign(struct bench_env *env, struct bench_space *s);

/* smp.c: the round trips within and across CPUs (nothing on one CPU);
 * the scaling runs, alone on a boot whose command line says
 * "bench.scale" (bench_smp_scale_only). */
void bench_smp(struct bench_env *env);
bool bench_smp_scale_only(struct bench_env *env);
void bench_smp_scale(struct bench_env *env);

#endif /* USER_ROOT_BENCH_BENCH_H */
