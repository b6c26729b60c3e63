/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thread-owned EL0 state that exception entry does not save (struct
 * arch_tls: the thread pointers). The live values are in the CPU while the
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

#include <asm/thread.h>

#endif /* KAAL_ARCH_THREAD_H */
