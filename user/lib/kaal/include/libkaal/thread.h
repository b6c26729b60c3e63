/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads that share the root task's CSpace and VSpace
 * (KAAL_CAP_INIT_CNODE, KAAL_CAP_INIT_VSPACE), each with a stack of its
 * own (below it an unmapped guard page) and an IPC buffer.
 */
#ifndef LIBKAAL_THREAD_H
#define LIBKAAL_THREAD_H

#include <libkaal/alloc.h>

#define KAAL_THREAD_STACK_PAGES 2

struct kaal_thread {
	kaal_cptr_t tcb;
	kaal_cptr_t ipc_frame;
	struct kaal_ipc_buffer *ipc_buffer;
	kaal_word_t stack_top;
};

typedef void kaal_thread_fn(kaal_word_t arg);

/*
 * Make the TCB, stack and IPC buffer of a thread and configure it with
 * fault endpoint fault_ep (0: none, the kernel suspends the thread when
 * it faults). The thread does not run until kaal_thread_start().
 */
enum kaal_error kaal_thread_create(struct kaal_alloc *a, struct kaal_thread *t,
				   kaal_cptr_t fault_ep);

/*
 * Run fn(arg) on thread t, which must not be running. The thread has its
 * own thread-local storage (errno and the rest of picolibc's per-thread
 * state) at the top of its stack. When fn returns, the thread suspends
 * itself (kaal_thread_entry in thread_entry.S).
 */
enum kaal_error kaal_thread_start(struct kaal_thread *t, kaal_thread_fn *fn,
				  kaal_word_t arg);

/*
 * Lay out a thread-local block with its initial values just below top
 * (the top of a thread's stack) and return the thread pointer for it
 * (TPIDR_EL0), below which that thread's stack begins.
 */
kaal_word_t kaal_thread_tls_init(kaal_word_t top);

/* The first instruction of threads started by kaal_thread_start: with
 * x0 = fn, x1 = arg, x2 = the thread's TCB, sp = kaal_thread_tls_init's
 * thread pointer. kaal_thread_entry is the same for a thread without
 * thread-local storage (TPIDR_EL0 stays 0). */
void kaal_thread_tls_entry(void);
void kaal_thread_entry(void);

#endif /* LIBKAAL_THREAD_H */
