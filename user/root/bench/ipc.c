// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPC, measured as sel4bench does: a client thread in the root task's
 * address space calls a server in the second address space, both at the
 * same priority.
 *
 *   ipc_call          from the client's svc (call) to the server's return
 *                     from reply_recv (or its first recv)
 *   ipc_reply_recv    from the server's svc (reply_recv) to the client's
 *                     return from call
 *   ipc_call_6, ipc_reply_recv_6
 *                     the same with 6-word messages, the largest the
 *                     fast path takes (all in registers)
 *   ipc_call_7, ipc_reply_recv_7
 *                     7-word messages (word 6 in the IPC buffers), the
 *                     smallest the fast path leaves to the generic path
 *   ipc_call_10, ipc_reply_recv_10
 *                     the same with 10-word messages (words 6-9 in the
 *                     IPC buffers)
 *
 * With CONFIG_IPC_FASTPATH the 0-word figures are the fast path's; a
 * build with configs/nofastpath.config measures the generic path.
 */
#include "bench.h"

static kaal_cptr_t client_ep; /* the endpoint in the root task's CSpace */

/* Client: series 0 (call start) and 3 (reply end); it ends the benchmark.
 * Its last call (BENCH_RUNS) makes the server's last counted reply_recv
 * return, so that the server stores that one's start stamp. */
static void ipc_client(kaal_word_t info)
{
	for (unsigned int i = 0; i <= BENCH_RUNS; i++)
		bench_check(0, bench_syscall(KAAL_SYS_CALL, client_ep, info, 0,
					     0, 0, 0, 0, &shared->s[0][i],
					     &shared->s[3][i]));
	kaal_signal(bench_done);
}

/*
 * Server, in the second address space: series 1 (call end) and 2 (reply
 * start). Its reply to call i starts stamp 2[i]; the same reply_recv
 * receives call i + 1 (stamp 1[i + 1]). It never returns.
 */
static void ipc_server(kaal_word_t info)
{
	struct kaal_msg reply = { .info = info };

	bench_check(1, bench_syscall(KAAL_SYS_RECV, SPACE_SLOT_EP, 0, 0, 0, 0,
				     0, 0, NULL, &shared->s[1][0]));
	for (unsigned int i = 0; i < BENCH_RUNS; i++)
		bench_check(1,
			    bench_syscall(KAAL_SYS_REPLY_RECV, SPACE_SLOT_EP,
					  info, 0, 0, 0, 0, 0, &shared->s[2][i],
					  &shared->s[1][i + 1]));
	for (;;)
		kaal_reply_recv(SPACE_SLOT_EP, &reply);
}

static void ipc_run(struct bench_env *env, struct bench_space *s,
		    kaal_cptr_t ep, unsigned int words, const char *call_name,
		    const char *reply_name)
{
	kaal_word_t info = KAAL_MSGINFO(0, 0, words);
	enum kaal_error err;

	bench_reset();
	client_ep = ep;
	err = space_start(s, ipc_server, info, PRIO_LOW);
	if (!err)
		err = bench_start(env, 0, ipc_client, info, PRIO_LOW);
	if (err) {
		stats_fail(call_name, "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	kaal_thread_suspend(s->tcb);
	if (bench_failed(call_name))
		return;
	stats_report(call_name, shared->s[0], shared->s[1]);
	stats_report(reply_name, shared->s[2], shared->s[3]);
}

void bench_ipc(struct bench_env *env, struct bench_space *s)
{
	struct kaal_cap_ret ep =
		kaal_alloc_object(&env->a, KAAL_OBJ_ENDPOINT, 0);
	enum kaal_error err = ep.error;

	if (!err)
		err = space_give(s, SPACE_SLOT_EP, ep.cap);
	if (err) {
		stats_fail("ipc_call", "cannot make the endpoint", err);
		return;
	}
	ipc_run(env, s, ep.cap, 0, "ipc_call", "ipc_reply_recv");
	ipc_run(env, s, ep.cap, 6, "ipc_call_6", "ipc_reply_recv_6");
	ipc_run(env, s, ep.cap, 7, "ipc_call_7", "ipc_reply_recv_7");
	ipc_run(env, s, ep.cap, 10, "ipc_call_10", "ipc_reply_recv_10");
}
