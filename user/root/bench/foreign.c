// SPDX-License-Identifier: BSD-2-Clause
/*
 * One emulated system call (Documentation/benchmarks.rst): a thread in
 * foreign mode (tcb_set_syscall_mode) makes Linux getpid, which the kernel
 * delivers as an unknown-syscall fault to a server in the second address
 * space, as a personality server would receive it; the server answers
 * with a one-word reply (the result, x0) and waits for the next.
 *
 *   foreign_syscall   from the client's svc to its return with the
 *                     result: the fault, the server's return from
 *                     reply_recv and its loop, its reply and the switch
 *                     back
 *
 * The client cannot signal the end (every svc it makes is a foreign
 * call): its last call, FOREIGN_EXIT, makes the server signal it.
 */
#include <uapi/kaal/fault.h>
#include "bench.h"

#define LINUX_GETPID 172
#define LINUX_EXIT   93
#define FOREIGN_EXIT 0xe817ul /* x0 of the last call */

/* Client, a foreign thread of the root task's space: series 0 and 1. */
static void foreign_client(kaal_word_t unused)
{
	(void)unused;
	for (unsigned int i = 0; i < BENCH_RUNS; i++)
		bench_check(0,
			    bench_syscall(LINUX_GETPID, 1, 0, 0, 0, 0, 0, 0,
					  &shared->s[0][i], &shared->s[1][i]));
	for (;;)
		bench_syscall(LINUX_EXIT, FOREIGN_EXIT, 0, 0, 0, 0, 0, 0, NULL,
			      NULL);
}

/* Server, in the second address space: result 0 to every call. It never
 * returns. */
static void foreign_server(kaal_word_t unused)
{
	static const struct kaal_msg result = { KAAL_MSGINFO(0, 0, 1), { 0 } };
	struct kaal_recv_ret r = kaal_recv(SPACE_SLOT_FOREIGN_EP);

	(void)unused;
	for (;;) {
		if (KAAL_MSGINFO_LABEL(r.msg.info) !=
		    KAAL_FAULT_UNKNOWN_SYSCALL)
			bench_check(1, KAAL_E_INVALID_ARG);
		if (r.msg.mr[KAAL_FAULT_SYSCALL_X(0)] == FOREIGN_EXIT)
			kaal_signal(SPACE_SLOT_DONE);
		r = kaal_reply_recv(SPACE_SLOT_FOREIGN_EP, &result);
	}
}

/* Thread 0 with fault endpoint ep (0: none) and the given mode. */
static enum kaal_error client_mode(struct bench_env *env, kaal_cptr_t ep,
				   kaal_word_t mode)
{
	const struct kaal_thread *c = &env->thread[0];
	enum kaal_error err = kaal_tcb_configure(c->tcb, ep, CNODE, VSPACE,
						 (kaal_word_t)c->ipc_buffer,
						 c->ipc_frame);

	return err ? err : kaal_tcb_set_syscall_mode(c->tcb, mode);
}

void bench_foreign(struct bench_env *env, struct bench_space *s)
{
	struct kaal_cap_ret ep =
		kaal_alloc_object(&env->a, KAAL_OBJ_ENDPOINT, 0);
	enum kaal_error err = ep.error;

	if (!err)
		err = space_give(s, SPACE_SLOT_FOREIGN_EP, ep.cap);
	if (!err)
		err = space_give(s, SPACE_SLOT_DONE, env->done);
	if (!err)
		err = kaal_thread_suspend(env->thread[0].tcb);
	if (!err)
		err = client_mode(env, ep.cap, KAAL_SYSCALL_MODE_FOREIGN);
	bench_reset();
	if (!err)
		err = space_start(s, foreign_server, 0, PRIO_LOW);
	if (!err)
		err = bench_start(env, 0, foreign_client, 0, PRIO_LOW);
	if (err) {
		stats_fail("foreign_syscall", "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	kaal_thread_suspend(s->tcb);
	/* Thread 0 as the other benchmarks know it. */
	err = client_mode(env, 0, KAAL_SYSCALL_MODE_KAAL);
	if (err)
		stats_fail("foreign_syscall", "cannot restore the thread", err);
	else if (!bench_failed("foreign_syscall"))
		stats_report("foreign_syscall", shared->s[0], shared->s[1]);
}
