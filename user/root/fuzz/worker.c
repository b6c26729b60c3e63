// SPDX-License-Identifier: BSD-2-Clause
/*
 * The worker threads: they share the fuzzer's CSpace and VSpace, pick
 * endpoints and notifications of the pool from the fuzzer's shadow with
 * their own random generator, and block in IPC, wait for signals and
 * interrupts, and fault on purpose. The fuzzer deletes, suspends,
 * reconfigures and restarts them under their feet.
 *
 * A worker only ever names pool slots (fz_cap), and only with IPC and
 * notification calls: it cannot harm the fuzzer's own capabilities.
 */
#include "fuzz.h"

static struct kaal_ipc_buffer *ipc_of(struct fz_worker *w)
{
	return (struct kaal_ipc_buffer *)w->ipc_vaddr;
}

static void prepare_recv(struct fz_worker *w)
{
	struct kaal_ipc_buffer *ipc = ipc_of(w);

	ipc->recv_cnode = CNODE;
	ipc->recv_index = fz_empty(&w->rng);
	ipc->recv_depth = DEPTH;
}

/* A message of 0..7 words (sometimes all 64) carrying up to three pool
 * capabilities of any type; the first is often the endpoint @ep it goes
 * through, which a badged capability makes an unwrapped badge. */
static struct kaal_msg message(struct fz_worker *w, kaal_cptr_t ep)
{
	struct kaal_ipc_buffer *ipc = ipc_of(w);
	unsigned int caps =
		fz_chance(&w->rng, 30) ? (unsigned int)fz_below(&w->rng, 4) : 0;
	unsigned int len =
		fz_chance(&w->rng, 5) ? 64 : (unsigned int)fz_below(&w->rng, 8);
	struct kaal_msg m = { KAAL_MSGINFO(fz_below(&w->rng, 1000), caps, len),
			      { w->loops, 1, 2, 3, 4, 5 } };

	for (unsigned int k = 0; k < caps; k++)
		ipc->caps[k] = fz_cap(
			&w->rng,
			KAAL_OBJ_TCB + (unsigned int)fz_below(&w->rng, 7));
	if (caps && ep && fz_chance(&w->rng, 50))
		ipc->caps[0] = ep;
	for (unsigned int k = KAAL_MSG_REG_WORDS; k < len; k++)
		ipc->mr[k] = w->loops + k;
	return m;
}

static kaal_cptr_t endpoint(struct fz_worker *w)
{
	return fz_cap(&w->rng, KAAL_OBJ_ENDPOINT);
}

static kaal_cptr_t notification(struct fz_worker *w)
{
	return fz_cap(&w->rng, KAAL_OBJ_NOTIFICATION);
}

/* Faults the fuzzer (or whoever receives on the fault endpoint) sees. */
static void fault_read(void)
{
	(void)*(volatile uint64_t *)0xdead0000ul;
}

static void fault_undefined(void)
{
	__asm__ volatile(".inst 0x00000000" ::: "memory"); /* UDF #0 */
}

static void reply_maybe(struct fz_worker *w, struct kaal_recv_ret r)
{
	if (!r.error && fz_chance(&w->rng, 70)) {
		struct kaal_msg m = message(w, 0);

		kaal_reply(&m);
	}
}

static void step(struct fz_worker *w)
{
	kaal_cptr_t ep = endpoint(w);
	struct kaal_msg m;

	switch (fz_below(&w->rng, 17)) {
	case 0:
	case 1:
	case 2:
		prepare_recv(w);
		reply_maybe(w, kaal_recv(ep));
		break;
	case 3:
	case 4:
		m = message(w, ep);
		kaal_send(ep, &m);
		break;
	case 5:
	case 6:
		m = message(w, ep);
		prepare_recv(w);
		kaal_call(ep, &m);
		break;
	case 7:
		m = message(w, ep);
		prepare_recv(w);
		kaal_reply_recv(ep, &m);
		break;
	case 8:
		m = message(w, ep);
		kaal_nbsend(ep, &m);
		break;
	case 9:
	case 10:
		kaal_wait(notification(w));
		break;
	case 11:
		kaal_signal(notification(w));
		break;
	case 12:
		kaal_poll(notification(w));
		break;
	case 13:
		kaal_yield();
		break;
	case 14:
		/* Into its own IPC buffer, whatever that is (or is not). */
		kaal_tcb_read_registers(fz_cap(&w->rng, KAAL_OBJ_TCB));
		break;
	case 15:
		fault_read();
		break;
	default:
		fault_undefined();
		break;
	}
}

void fz_worker_main(kaal_word_t i)
{
	struct fz_worker *w = &fz.wk[i % FZ_WORKERS];

	for (;;) {
		w->loops++;
		step(w);
	}
}
