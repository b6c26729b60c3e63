/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kaal_thread_tls_entry: where kaal_thread_start() starts a thread
 * (TCB write_registers with pc = kaal_thread_tls_entry, sp = its stack),
 * whose thread-local block (kaal_thread_tls_init) begins at sp: it sets
 * TPIDR_EL0 to sp and goes on as kaal_thread_entry.
 *
 * kaal_thread_entry: the same without thread-local storage, for threads
 * whose stack has no such block (TPIDR_EL0 stays as the kernel made it,
 * 0: such a thread must not call C library functions that keep state
 * per thread, errno among them).
 *
 * Register use:
 *   x0   on entry: the thread function
 *   x1   on entry: its argument, passed to it in x0
 *   x2   on entry: the thread's own TCB capability, kept in x19
 *   x16  the function while it is called
 *   x8   the system call number when the function has returned
 *   x9   the thread pointer (kaal_thread_tls_entry)
 */
#include <uapi/kaal/syscall.h>

	.text
	.globl	kaal_thread_tls_entry
	.type	kaal_thread_tls_entry, %function
kaal_thread_tls_entry:
	mov	x9, sp
	msr	tpidr_el0, x9
	/* and on into kaal_thread_entry */
	.size	kaal_thread_tls_entry, . - kaal_thread_tls_entry

	.globl	kaal_thread_entry
	.type	kaal_thread_entry, %function
kaal_thread_entry:
	mov	x19, x2
	mov	x29, xzr
	mov	x30, xzr
	mov	x16, x0
	mov	x0, x1
	blr	x16
	/* The function returned: suspend this thread. Should anyone resume
	 * it, suspend it again. */
1:	mov	x0, x19
	mov	x8, #KAAL_SYS_THREAD_SUSPEND
	svc	#0
	b	1b
	.size	kaal_thread_entry, . - kaal_thread_entry
