// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzzed IPC, notification and interrupt calls made by the fuzzer itself.
 * The fuzzer never blocks (its threads do): it sends and receives without
 * blocking, serves the faults of its workers that reach it, and drives
 * the RTC whose interrupt the pool's IRQ handlers deliver.
 */
#include <libkaal/counter.h>
#include "fuzz.h"

#define R (&fz.rng)

static struct kaal_ipc_buffer *own_ipc(void)
{
	return (struct kaal_ipc_buffer *)fz.bi->ipc_buffer;
}

/* Received capabilities land in the pool, never in a slot of the fuzzer. */
static void recv_into_pool(struct kaal_ipc_buffer *ipc, uint64_t *rng)
{
	ipc->recv_cnode = CNODE;
	ipc->recv_index = fz_empty(rng);
	ipc->recv_depth = DEPTH;
}

static void op_nbsend(void)
{
	struct kaal_ipc_buffer *ipc = own_ipc();
	kaal_cptr_t ep = fz_cap(R, KAAL_OBJ_ENDPOINT);
	unsigned int caps = fz_chance(R, 30) ? (unsigned int)fz_below(R, 4) : 0;
	unsigned int len = fz_chance(R, 5) ? 64 : (unsigned int)fz_below(R, 8);
	struct kaal_msg m = { KAAL_MSGINFO(fz_below(R, 100), caps, len),
			      { 1, 2, 3, 4, 5, 6 } };

	for (unsigned int k = 0; k < caps; k++)
		ipc->caps[k] = fz_cap(R, KAAL_OBJ_ENDPOINT +
						 (unsigned int)fz_below(R, 6));
	for (unsigned int k = KAAL_MSG_REG_WORDS; k < len; k++)
		ipc->mr[k] = k;
	fz_rec(FAM_IPC, "nbsend", kaal_nbsend(ep, &m), ep, m.info, 0);
}

/* A worker's fault reached the fuzzer: send the worker back to the start
 * of its loop, then let the reply restart it there. */
static void serve_fault(unsigned int i)
{
	struct fz_worker *w = &fz.wk[i];

	if (w->tcb)
		fz_aux(kaal_tcb_write_registers(
			w->tcb, 0, (kaal_word_t)kaal_thread_entry, w->stack_top,
			(kaal_word_t)fz_worker_main, i, w->tcb));
}

/*
 * The reply to a worker's unknown-syscall fault (the worker is in foreign
 * mode): its words are registers (<uapi/kaal/fault.h>), so it restarts
 * the worker by itself, with what serve_fault wrote: none of them, x0-x2,
 * or all eleven with the PC and SP. Sometimes a kernel PC, which the
 * kernel must refuse (the worker keeps waiting for a good reply).
 */
static void syscall_reply(unsigned int i, struct kaal_msg *m)
{
	static const unsigned int lens[] = { 0, 3, KAAL_FAULT_SYSCALL_LEN };
	const struct fz_worker *w = &fz.wk[i];
	kaal_word_t *mr = own_ipc()->mr;

	*m = (struct kaal_msg){ KAAL_MSGINFO(7, 0, lens[fz_below(R, 3)]),
				{ (kaal_word_t)fz_worker_main, i, w->tcb } };
	for (unsigned int k = KAAL_MSG_REG_WORDS; k < KAAL_FAULT_SYSCALL_PC;
	     k++)
		mr[k] = 0;
	mr[KAAL_FAULT_SYSCALL_PC] = fz_chance(R, 10) ?
					    0xffff000000000000ul :
					    (kaal_word_t)kaal_thread_entry;
	mr[KAAL_FAULT_SYSCALL_SP] = w->stack_top;
}

static void op_nbrecv(void)
{
	kaal_cptr_t ep = fz_cap(R, KAAL_OBJ_ENDPOINT);
	struct kaal_recv_ret r;
	kaal_word_t label;

	recv_into_pool(own_ipc(), R);
	r = kaal_nbrecv(ep);
	if (!r.error && KAAL_MSGINFO_CAPS(r.msg.info))
		fz_shadow_set(own_ipc()->recv_index, FZ_SHADOW_ANY, 0);
	fz_rec(FAM_IPC, "nbrecv", r.error, ep, r.msg.info, r.badge);
	if (r.error || !fz_room())
		return;
	label = KAAL_MSGINFO_LABEL(r.msg.info);
	if (label >= KAAL_FAULT_VM_READ && label <= KAAL_FAULT_OTHER &&
	    r.badge >= FZ_BADGE_MIN && r.badge < FZ_BADGE_MIN + FZ_WORKERS)
		serve_fault(r.badge - FZ_BADGE_MIN);
	else if (fz_chance(R, 50))
		return; /* the caller waits until deleted */
	if (label == KAAL_FAULT_UNKNOWN_SYSCALL && r.badge >= FZ_BADGE_MIN &&
	    r.badge < FZ_BADGE_MIN + FZ_WORKERS)
		syscall_reply(r.badge - FZ_BADGE_MIN, &r.msg);
	else
		r.msg.info = KAAL_MSGINFO(7, 0, fz_below(R, 7));
	fz_rec(FAM_IPC, "reply", kaal_reply(&r.msg), 0, r.msg.info, 0);
}

static void op_reply(void)
{
	struct kaal_msg m = { KAAL_MSGINFO(1, 0, 1), { 42 } };

	fz_rec(FAM_IPC, "reply", kaal_reply(&m), 0, 0, 0);
}

static void op_yield(void)
{
	fz_rec(FAM_IPC, "yield", kaal_yield(), 0, 0, 0);
}

static void op_signal(void)
{
	kaal_cptr_t n = fz_cap(R, KAAL_OBJ_NOTIFICATION);

	fz_rec(FAM_NTFN, "signal", kaal_signal(n), n, 0, 0);
}

static void op_poll(void)
{
	kaal_cptr_t n = fz_cap(R, KAAL_OBJ_NOTIFICATION);
	struct kaal_word_ret r = kaal_poll(n);

	fz_rec(FAM_NTFN, "poll", r.error, n, r.value, 0);
}

static void op_irq_get(void)
{
	kaal_cptr_t ctl = fz_chance(R, 30) ? KAAL_CAP_IRQ_CONTROL :
					     fz_cap(R, KAAL_OBJ_IRQ_CONTROL);
	kaal_word_t irq = fz_chance(R, 60) ? fz.rtc_irq :
			  fz_chance(R, 50) ? fz.timer_irq :
					     fz_below(R, 300);
	struct fz_ref d = fz_ref_empty(R);
	int err = kaal_irq_handler_get(ctl, irq, d.cnode, d.index, d.depth);

	if (!err && d.pool >= 0)
		fz.type[d.pool] = KAAL_OBJ_IRQ_HANDLER;
	fz_rec(FAM_IRQ, "irq_get", err, ctl, irq, d.index);
}

static void op_irq_set_ntfn(void)
{
	kaal_cptr_t h = fz_cap(R, KAAL_OBJ_IRQ_HANDLER);
	kaal_cptr_t n = fz_cap(R, KAAL_OBJ_NOTIFICATION);

	fz_rec(FAM_IRQ, "irq_set_ntfn", kaal_irq_handler_set_ntfn(h, n), h, n,
	       0);
}

/* Quieten or trigger the device, then acknowledge: a raised, unmasked
 * line is delivered at once. */
static void op_irq_ack(void)
{
	kaal_cptr_t h = fz_cap(R, KAAL_OBJ_IRQ_HANDLER);

	fz_rtc_poke(fz_chance(R, 60));
	fz_rec(FAM_IRQ, "irq_ack", kaal_irq_handler_ack(h), h, 0, 0);
}

/* Arm the user timer (the handler of another line: refused) soon, long
 * from now, in the past, or disarm it. The trace shows the deadline
 * relative to now (what a replay repeats), 0 for disarm. */
static void op_irq_set_deadline(void)
{
	kaal_cptr_t h = fz_cap(R, KAAL_OBJ_IRQ_HANDLER);
	int64_t delta = fz_chance(R, 20) ? 0 :
			fz_chance(R, 30) ? -(int64_t)fz_below(R, 1000) - 1 :
			fz_chance(R, 80) ? (int64_t)fz_below(R, 100000) + 1 :
					   (int64_t)(fz_next(R) >> 8);

	fz_rec(FAM_IRQ, "irq_set_deadline",
	       kaal_irq_handler_set_deadline(
		       h, delta ? counter_ticks() + (uint64_t)delta : 0),
	       h, (kaal_word_t)delta, 0);
}

const struct fz_op fz_ipc_ops[] = {
	{ "nbsend", 5, op_nbsend },
	{ "nbrecv", 6, op_nbrecv },
	{ "reply", 1, op_reply },
	{ "yield", 4, op_yield },
	{ "signal", 4, op_signal },
	{ "poll", 3, op_poll },
	{ "irq_get", 2, op_irq_get },
	{ "irq_set_ntfn", 2, op_irq_set_ntfn },
	{ "irq_ack", 3, op_irq_ack },
	{ "irq_set_deadline", 2, op_irq_set_deadline },
};
const unsigned int fz_nr_ipc_ops = ARRAY_SIZE(fz_ipc_ops);
