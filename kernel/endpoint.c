// SPDX-License-Identifier: GPL-2.0-only
/*
 * Synchronous IPC through endpoints (seL4 semantics, generic path).
 *
 * An endpoint holds one FIFO queue: of senders or of receivers, never
 * both. A sender that finds a receiver copies its message straight into
 * the receiver and wakes it; otherwise it queues (blocking send/call) or
 * returns KAAL_E_WOULD_BLOCK (nbsend). call leaves the caller waiting
 * for a reply, and gives the receiver a one-shot reply right.
 */
#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/printk.h>
#include <kaal/string.h>
#include <kaal/syscalls.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/fault.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>

void tcbq_append(struct tcb_queue *q, struct tcb *t)
{
	t->ep_next = NULL;
	t->ep_prev = q->tail;
	if (q->tail)
		q->tail->ep_next = t;
	else
		q->head = t;
	q->tail = t;
}

void tcbq_remove(struct tcb_queue *q, struct tcb *t)
{
	if (t->ep_prev)
		t->ep_prev->ep_next = t->ep_next;
	else
		q->head = t->ep_next;
	if (t->ep_next)
		t->ep_next->ep_prev = t->ep_prev;
	else
		q->tail = t->ep_prev;
	t->ep_next = t->ep_prev = NULL;
}

/* Message register @i of @from's message into @to's. */
#define COPY_MR(from, to, i) \
	arch_regs_set_mr(&(to)->ctx, (i), arch_regs_mr(&(from)->ctx, (i)))

/*
 * Message registers 0 .. @n - 1 (@n <= KAAL_MSG_REG_WORDS) from @from's
 * arguments to @to's results, without a loop: at most three tests, and
 * two neighbouring registers at a time (a load pair and a store pair on
 * arm64). Only the @n registers are written: the others keep the
 * receiver's values, and none of the sender's other registers leak.
 */
static __always_inline void copy_reg_words(const struct tcb *from,
					   struct tcb *to, unsigned int n)
{
	_Static_assert(KAAL_MSG_REG_WORDS == 6, "three pairs");
	if (n >= 2) {
		COPY_MR(from, to, 0);
		COPY_MR(from, to, 1);
		if (n >= 4) {
			COPY_MR(from, to, 2);
			COPY_MR(from, to, 3);
			if (n == 6) {
				COPY_MR(from, to, 4);
				COPY_MR(from, to, 5);
			} else if (n == 5) {
				COPY_MR(from, to, 4);
			}
		} else if (n == 3) {
			COPY_MR(from, to, 2);
		}
	} else if (n == 1) {
		COPY_MR(from, to, 0);
	}
}

/* @n >= 1 words from @src to @dst, four and two at a time (load and
 * store pairs). IPC buffers are page-aligned (tcb_configure), so two of
 * them are the same or do not overlap. Proved to read and write only the
 * @n words of each (make prove). */
/*@ requires 1 <= n <= KAAL_MSG_MAX_WORDS;
    requires \valid(dst + (0 .. n - 1));
    requires \valid_read(src + (0 .. n - 1));
    assigns dst[0 .. n - 1];
 */
static __always_inline void copy_buf_words(uint64_t *dst, const uint64_t *src,
					   unsigned int n)
{
	unsigned int i = 0;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, dst[0 .. n - 1];
	    loop variant n - i;
	 */
	for (; i + 4 <= n; i += 4) {
		uint64_t w0 = src[i], w1 = src[i + 1], w2 = src[i + 2],
			 w3 = src[i + 3];

		dst[i] = w0;
		dst[i + 1] = w1;
		dst[i + 2] = w2;
		dst[i + 3] = w3;
	}
	if (i + 2 <= n) {
		uint64_t w0 = src[i], w1 = src[i + 1];

		dst[i] = w0;
		dst[i + 1] = w1;
		i += 2;
	}
	if (i < n)
		dst[i] = src[i];
}

/* The slot the receiver named in its IPC buffer for an incoming
 * capability, if it is valid and empty. */
static struct cte *receive_slot(struct tcb *to, const uint64_t *dst)
{
	struct lookup_ret r;

	if (!dst)
		return NULL;
	r = cspace_lookup_slot(to, dst[KAAL_IPCBUF_RECV_CNODE],
			       dst[KAAL_IPCBUF_RECV_INDEX],
			       dst[KAAL_IPCBUF_RECV_DEPTH]);
	if (r.err || !cap_is_null(&r.slot->cap))
		return NULL;
	return r.slot;
}

/*
 * Capabilities named in the sender's IPC buffer, seL4 style: a badged
 * capability to the endpoint the message travels through is "unwrapped"
 * (only its badge is delivered); the first other one is copied into the
 * receiver's receive slot; transfer stops at the first that cannot go.
 * Returns the message info's extra_caps and caps_unwrapped fields.
 */
static uint64_t __attribute__((noinline))
transfer_caps(struct tcb *from, struct tcb *to, const void *ep, unsigned int n,
	      const uint64_t *src, uint64_t *dst)
{
	struct cte *slot = receive_slot(to, dst);
	unsigned int done = 0, unwrapped = 0;

	for (; done < n; done++) {
		struct lookup_ret r =
			cspace_lookup_cap(from, src[KAAL_IPCBUF_CAP(done)]);
		struct cap c;

		if (r.err)
			break;
		c = r.slot->cap;
		if ((c.type == KAAL_OBJ_ENDPOINT) && cap_object(&c) == ep &&
		    (c.flags & CAP_F_BADGED)) {
			dst[KAAL_IPCBUF_CAP(done)] = cap_ep_badge(&c);
			unwrapped |= 1u << done;
			continue;
		}
		if (!slot || !cap_derivable(&c))
			break;
		cap_derive(&c, KAAL_RIGHTS_ALL);
		cspace_insert(slot, &c, r.slot);
		slot = NULL;
	}
	return kaal_msginfo_with_caps(0, unwrapped, done);
}

/* A fault message: @from's pending fault into @to's message registers. */
static uint64_t __attribute__((noinline))
transfer_fault(const struct tcb *from, struct tcb *to)
{
	if (from->fault_label == KAAL_FAULT_UNKNOWN_SYSCALL)
		return fault_syscall_message(from, to);
	for (unsigned int i = 0; i < KAAL_FAULT_MSG_LEN; i++)
		arch_regs_set_mr(&to->ctx, i, from->fault[i]);
	return KAAL_MSGINFO(from->fault_label, 0, KAAL_FAULT_MSG_LEN);
}

/* The part of transfer() that needs the IPC buffers, words 6 .. @len - 1
 * and capabilities (the registers are copied already), when capabilities
 * travel (@grant). Returns the message info @to receives. */
/*@ requires len <= KAAL_MSG_MAX_WORDS; */
static uint64_t __attribute__((noinline))
transfer_buffer_caps(struct tcb *from, struct tcb *to, const void *ep,
		     uint64_t info, unsigned int len)
{
	uint64_t *src = tcb_ipc_words(from), *dst = tcb_ipc_words(to);

	/* Without both buffers only the registers travel, and no
	 * capability (seL4). */
	if (!src || !dst)
		return (info & ~KAAL_MSGINFO_FIELDS_MASK) |
		       MIN(len, KAAL_MSG_REG_WORDS);
	if (len > KAAL_MSG_REG_WORDS)
		copy_buf_words(&dst[KAAL_IPCBUF_MR(KAAL_MSG_REG_WORDS)],
			       &src[KAAL_IPCBUF_MR(KAAL_MSG_REG_WORDS)],
			       len - KAAL_MSG_REG_WORDS);
	/* Capabilities and unwrapped badges are delivered into the
	 * receiver's IPC buffer. */
	return ((info & ~KAAL_MSGINFO_FIELDS_MASK) | len) |
	       transfer_caps(from, to, ep,
			     (unsigned int)KAAL_MSGINFO_CAPS(info), src, dst);
}

/* The same when no capability travels: words 6 .. @len - 1 only. */
/*@ requires len <= KAAL_MSG_MAX_WORDS; */
static uint64_t __attribute__((noinline))
transfer_buffer(struct tcb *from, struct tcb *to, uint64_t info,
		unsigned int len)
{
	uint64_t *src = tcb_ipc_words(from), *dst = tcb_ipc_words(to);

	if (!src || !dst)
		len = MIN(len, KAAL_MSG_REG_WORDS);
	else if (len > KAAL_MSG_REG_WORDS)
		copy_buf_words(&dst[KAAL_IPCBUF_MR(KAAL_MSG_REG_WORDS)],
			       &src[KAAL_IPCBUF_MR(KAAL_MSG_REG_WORDS)],
			       len - KAAL_MSG_REG_WORDS);
	return (info & ~KAAL_MSGINFO_FIELDS_MASK) | len;
}

/*
 * Copy the message @from is sending (or its fault) into @to's message
 * registers and IPC buffer, and return the message info @to receives
 * (its results: see deliver()). Capabilities travel only when @grant (the
 * sender's capability has the grant right). IPC buffers are touched only
 * for words 6..63 and capabilities: a register-only message is copied
 * here, inline, and costs no call.
 */
static __always_inline uint64_t transfer(struct tcb *from, struct tcb *to,
					 const void *ep, bool grant)
{
	uint64_t info = from->msginfo;
	unsigned int len = kaal_msginfo_len(info);

	if (unlikely(from->fault_pending))
		return transfer_fault(from, to);
	if (len)
		copy_reg_words(from, to, MIN(len, KAAL_MSG_REG_WORDS));
	if (unlikely((info & KAAL_MSGINFO_LEN_CAPS_MASK) >
		     KAAL_MSG_REG_WORDS)) {
		if (grant && KAAL_MSGINFO_CAPS(info))
			return transfer_buffer_caps(from, to, ep, info, len);
		return transfer_buffer(from, to, info, len);
	}
	/* The label, no capability fields, the length. */
	return (info & ~KAAL_MSGINFO_FIELDS_MASK) | len;
}

/*
 * The results of a receive, message info @info and @badge: into @a when
 * the receiver is the caller of the system call being handled (@a), else
 * straight into the registers of @to, which was blocked and is woken by
 * the sender (the one way a blocked receive completes).
 */
static void deliver(struct tcb *to, struct syscall_args *a, uint64_t info,
		    uint64_t badge)
{
	word_t res[KAAL_RES_COUNT];

	if (a) {
		syscall_set_result(a, KAAL_RES_INFO, info);
		syscall_set_result(a, KAAL_RES_BADGE, badge);
		return;
	}
	res[KAAL_RES_INFO] = info;
	res[KAAL_RES_BADGE] = badge;
	syscall_write_results(to, KAAL_OK, res,
			      BIT(KAAL_RES_INFO) | BIT(KAAL_RES_BADGE));
}

/* A thread that was sending a fault made no system call: it gets no
 * results but takes its fault again (fault_abandon). */
void ipc_wake_with_error(struct tcb *t, int err)
{
	if (t->fault_pending)
		fault_abandon(t);
	else
		syscall_write_results(t, err, NULL, 0);
	tcb_set_runnable(t);
}

/* @receiver now owes @caller a reply. A receiver that still owed an
 * earlier caller a reply gives that right up: the earlier caller wakes with
 * KAAL_E_NO_REPLY rather than waiting forever. */
static __always_inline void reply_link(struct tcb *receiver, struct tcb *caller)
{
	struct tcb *old = receiver->reply_to;

	if (unlikely(old)) {
		old->replier = NULL;
		ipc_wake_with_error(old, KAAL_E_NO_REPLY);
	}
	receiver->reply_to = caller;
	caller->replier = receiver;
}

void ipc_reply_link(struct tcb *receiver, struct tcb *caller)
{
	reply_link(receiver, caller);
}

/* A queued sender's message reached @receiver: a call now waits for the
 * reply, a send is done. */
static void sender_done(struct tcb *sender, struct tcb *receiver)
{
	if (sender->is_call) {
		sender->is_call = 0;
		reply_link(receiver, sender);
		sender->state = TS_BLOCKED_REPLY;
	} else {
		syscall_write_results(sender, KAAL_OK, NULL, 0);
		tcb_set_runnable(sender);
	}
}

/* For any 64-bit value: true only for a length the IPC buffer holds. */
/*@ assigns \nothing;
    ensures \result <==>
	    (info & KAAL_MSGINFO_LEN_MASK) <= KAAL_MSG_MAX_WORDS;
 */
static bool msg_valid(uint64_t info)
{
	return KAAL_MSGINFO_LEN(info) <= KAAL_MSG_MAX_WORDS;
}

/* No receiver waits: queue @t on @ep (blocking) or fail. */
static int __attribute__((noinline))
send_queue(struct tcb *t, const struct cap *c, struct endpoint *ep,
	   bool blocking, bool call)
{
	if (!blocking) {
		t->is_call = 0;
		return KAAL_E_WOULD_BLOCK;
	}
	t->is_call = call;
	t->badge = cap_ep_badge(c);
	t->send_grant = !!(c->rights & KAAL_RIGHT_GRANT);
	t->blocked_ep = ep;
	tcbq_append(&ep->queue, t);
	ep->state = EP_SEND;
	tcb_block(t, TS_BLOCKED_SEND);
	return SYSCALL_BLOCKED;
}

/*
 * endpoint_send, inline in each handler so that @blocking and @call are
 * constants there. A receiver waiting is the common case and runs
 * straight through: it is the head of the queue, so taking it out touches
 * only the head's neighbour.
 */
static __always_inline int send(struct tcb *t, const struct cap *c,
				uint64_t info, bool blocking, bool call)
{
	struct endpoint *ep = cap_object(c);
	unsigned int rights = c->rights;
	struct tcb *r;

	if (!(rights & KAAL_RIGHT_WRITE))
		return KAAL_E_NO_RIGHTS;
	if (!t->fault_pending && !msg_valid(info))
		return KAAL_E_INVALID_ARG;
	t->msginfo = info;
	t->reply_grant = !!(rights & KAAL_RIGHT_GRANT_REPLY);
	if (ep->state != EP_RECV)
		return send_queue(t, c, ep, blocking, call);
	r = ep->queue.head;
	ep_dequeue_receiver(ep, r);
	t->is_call = 0;
	deliver(r, NULL, transfer(t, r, ep, rights & KAAL_RIGHT_GRANT),
		cap_ep_badge(c));
	if (!call) {
		tcb_set_runnable(r);
		return KAAL_OK;
	}
	/* The caller waits; the receiver takes over its turn. */
	reply_link(r, t);
	t->state = TS_BLOCKED_REPLY;
	r->state = TS_RUNNABLE;
	sched_handoff(&t->sched, &r->sched);
	return SYSCALL_BLOCKED;
}

int endpoint_send(struct tcb *t, const struct cap *c, uint64_t info,
		  bool blocking, bool call)
{
	return send(t, c, info, blocking, call);
}

/* Receive on the endpoint of @c, which has the read right (the caller
 * checked); @a: the system call being handled.
 * @caller: the thread reply_recv has just answered (runnable, not
 * queued), which takes @t's turn if @t blocks, or NULL. */
static __always_inline int endpoint_recv(struct tcb *t, const struct cap *c,
					 bool blocking, struct syscall_args *a,
					 struct tcb *caller)
{
	struct endpoint *ep = cap_object(c);
	struct tcb *s;

	if (ep->state == EP_SEND) {
		s = ep->queue.head;
		tcbq_remove(&ep->queue, s);
		if (!ep->queue.head)
			ep->state = EP_IDLE;
		s->blocked_ep = NULL;
		deliver(t, a, transfer(s, t, ep, s->send_grant), s->badge);
		sender_done(s, t);
		return KAAL_OK;
	}
	if (t->bound_ntfn && t->bound_ntfn->word) {
		deliver(t, a, KAAL_MSGINFO(KAAL_LABEL_NOTIFICATION, 0, 0),
			t->bound_ntfn->word);
		t->bound_ntfn->word = 0;
		return KAAL_OK;
	}
	if (!blocking)
		return KAAL_E_WOULD_BLOCK;
	t->blocked_ep = ep;
	tcbq_append(&ep->queue, t);
	ep->state = EP_RECV;
	if (caller) {
		/* tcb_block, then sched_wake_after: in one step. */
		t->state = TS_BLOCKED_RECV;
		sched_handoff(&t->sched, &caller->sched);
	} else {
		tcb_block(t, TS_BLOCKED_RECV);
	}
	return SYSCALL_BLOCKED;
}

/* send(ep, info, mr0..5) */
int sys_send(struct tcb *t, struct syscall_args *a)
{
	return send(t, &a->slot->cap, syscall_arg(a, KAAL_ARG_INFO), true,
		    false);
}

/* nbsend(ep, info, mr0..5) */
int sys_nbsend(struct tcb *t, struct syscall_args *a)
{
	return send(t, &a->slot->cap, syscall_arg(a, KAAL_ARG_INFO), false,
		    false);
}

/* call(ep, info, mr0..5) */
int sys_call(struct tcb *t, struct syscall_args *a)
{
	return send(t, &a->slot->cap, syscall_arg(a, KAAL_ARG_INFO), true,
		    true);
}

/* recv, nbrecv(ep) -> info, mr0..5, badge */
int sys_recv(struct tcb *t, struct syscall_args *a)
{
	if (!(a->slot->cap.rights & KAAL_RIGHT_READ))
		return KAAL_E_NO_RIGHTS;
	return endpoint_recv(t, &a->slot->cap, a->nr == KAAL_SYS_RECV, a, NULL);
}

/* The reply to a fault restarts the thread where it faulted or, for an
 * unknown-syscall fault, with the registers the reply writes
 * (fault_reply, which may refuse them: then nothing changed). */
static int __attribute__((noinline, cold))
reply_to_fault(struct tcb *t, struct tcb *caller, uint64_t info)
{
	int err = fault_reply(t, caller, info);

	if (err)
		return err;
	t->reply_to = NULL;
	caller->replier = NULL;
	caller->state = TS_RUNNABLE;
	caller->fault_pending = 0;
	return KAAL_OK;
}

/* Answer the thread that called @t, once; the caller is made runnable
 * but not queued: the caller of this function queues it. */
static __always_inline int reply_to_caller(struct tcb *t, struct tcb *caller,
					   uint64_t info)
{
	if (!msg_valid(info))
		return KAAL_E_INVALID_ARG;
	if (unlikely(caller->fault_pending))
		return reply_to_fault(t, caller, info);
	t->reply_to = NULL;
	caller->replier = NULL;
	caller->state = TS_RUNNABLE;
	t->msginfo = info;
	deliver(caller, NULL, transfer(t, caller, NULL, caller->reply_grant),
		0);
	return KAAL_OK;
}

/* reply(-, info, mr0..5): the server keeps running, the caller queues. */
int sys_reply(struct tcb *t, struct syscall_args *a)
{
	struct tcb *caller = t->reply_to;
	int err;

	if (!caller)
		return KAAL_E_NO_REPLY;
	err = reply_to_caller(t, caller, syscall_arg(a, KAAL_ARG_INFO));
	if (!err)
		sched_enqueue(&caller->sched);
	return err;
}

/* reply_recv(ep, info, mr0..5): reply (if a caller is owed one), then
 * receive. When the server blocks, the caller takes over its turn. */
int sys_reply_recv(struct tcb *t, struct syscall_args *a)
{
	const struct cap *c = &a->slot->cap;
	struct tcb *caller = t->reply_to;
	int err;

	if (!(c->rights & KAAL_RIGHT_READ))
		return KAAL_E_NO_RIGHTS;
	if (caller &&
	    (err = reply_to_caller(t, caller, syscall_arg(a, KAAL_ARG_INFO))))
		return err;
	err = endpoint_recv(t, c, true, a, caller);
	/* A receive that completed at once: the caller queues behind @t. */
	if (caller && err != SYSCALL_BLOCKED)
		sched_enqueue(&caller->sched);
	return err;
}

/* Take @t out of an endpoint queue it waits in (suspend, destroy). */
void endpoint_cancel(struct tcb *t)
{
	struct endpoint *ep = t->blocked_ep;

	if (!ep)
		return;
	tcbq_remove(&ep->queue, t);
	if (!ep->queue.head)
		ep->state = EP_IDLE;
	t->blocked_ep = NULL;
	t->is_call = 0;
}

/* The last capability to @ep is gone. Its waiters are woken one a step
 * (endpoint_wake_one) while the capability dies (kernel/cspace.c), so
 * nothing is left to do here. */
void endpoint_destroy(struct endpoint *ep)
{
	(void)ep;
}

/* Wake the first thread queued on the dying endpoint @ep with
 * KAAL_E_DELETED. Returns false when none was left. */
bool endpoint_wake_one(struct endpoint *ep)
{
	struct tcb *t = ep->queue.head;

	if (!t) {
		ep->state = EP_IDLE;
		return false;
	}
	tcbq_remove(&ep->queue, t);
	t->blocked_ep = NULL;
	t->is_call = 0;
	ipc_wake_with_error(t, KAAL_E_DELETED);
	return true;
}
