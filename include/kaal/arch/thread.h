/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thread-owned EL0 state that exception entry does not save (struct
 * arch_tls: the thread pointers), and what an svc of the thread is
 * (struct arch_entry). The live values are in the CPU while the
 * thread runs and in its TCB otherwise; they move only when the running
 * thread changes, so system calls and IPC within one thread cost nothing.
 * Implemented inline in <asm/thread.h>.
 */
#ifndef KAAL_ARCH_THREAD_H
#define KAAL_ARCH_THREAD_H

#include <kaal/tcb.h>

/* The CPU stops running @prev (NULL: a thread that was destroyed) and will
 * run @next: keep @prev's thread pointers, load @next's. */
static __always_inline void arch_tls_switch(struct tcb *prev, struct tcb *next);

/* @t's thread pointers: the CPU's while @t is the running thread. */
static inline struct arch_tls arch_tls_get(const struct tcb *t);

/* Set the thread pointers of @t (live at once if it is running). */
static inline void arch_tls_set(struct tcb *t, struct arch_tls tls);

/* From @t's next svc on, that svc is a foreign system call (@foreign: an
 * unknown-syscall fault, fault_deliver_syscall) or a KaaL one. Kept where
 * the arch's exception entry decides what an svc is without a test of
 * its own (arm64: the syndrome a KaaL call has, compared with the one
 * taken, struct arch_entry). A new thread is in KaaL mode (tcb_init). */
static inline void arch_syscall_set_foreign(struct tcb *t, bool foreign);

/* Is @t in foreign mode? */
static inline bool arch_syscall_foreign(const struct tcb *t);

#include <asm/thread.h>

#endif /* KAAL_ARCH_THREAD_H */
