/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thread control blocks (kernel/tcb.c) and the current thread.
 */
#ifndef KAAL_TCB_H
#define KAAL_TCB_H

#include <kaal/object.h>
#include <kaal/sched.h>
#include <kaal/smp.h>
#include <kaal/arch/regs.h>

enum thread_state {
	TS_INACTIVE = 0, /* never started, or suspended */
	TS_RUNNABLE,
	TS_BLOCKED_SEND,  /* in an endpoint's send queue */
	TS_BLOCKED_RECV,  /* in an endpoint's receive queue */
	TS_BLOCKED_REPLY, /* called, waiting for the reply */
	TS_BLOCKED_NTFN,  /* waiting on a notification */
};

struct endpoint;
struct notification;

struct tcb {
	struct trap_frame ctx;	 /* first: entry.S saves user state here */
	struct arch_entry entry; /* next: what its svc is (entry.S reads) */
	struct arch_tls tls;	 /* thread pointers, while not running */
	struct sched_node sched;
	uint8_t state;	       /* enum thread_state */
	uint8_t mcp;	       /* maximum controlled priority */
	uint8_t fault_pending; /* blocked delivering a fault */
	uint8_t is_call;       /* blocked in send because of call/fault */
	uint32_t timeslice;    /* ticks left */
	/* IPC state (the words the fast path stores in pairs, with STP,
	 * whose reach is 504 bytes, come first). */
	struct notification *blocked_ntfn;
	struct endpoint *blocked_ep;   /* endpoint whose queue we are in */
	struct tcb *ep_next, *ep_prev; /* that queue's links */
	/* Capabilities the thread holds, as CDT children of the caller's. */
	struct cte cspace_root;
	struct cte vspace_root;
	struct cte ipc_buffer_frame;
	struct cte fault_ep;
	vaddr_t ipc_buffer;   /* user address of the IPC buffer */
	uint64_t badge;	      /* badge of the cap used to send */
	uint8_t send_grant;   /* that cap had the grant right */
	uint8_t reply_grant;  /* our caller may receive caps in the reply */
	uint64_t msginfo;     /* message info while blocked sending */
	struct tcb *reply_to; /* caller this thread must answer */
	struct tcb *replier;  /* thread holding our reply right */
	struct notification *bound_ntfn;
	uint64_t fault[4]; /* pending fault message (fault.h) */
	uint32_t fault_label;
	uint64_t id;	      /* for log messages */
	uint8_t fpu_used;     /* has executed FP/SIMD (first trap) */
	uint8_t cpus;	      /* CPUs it may place threads on, as authority */
	struct fpu_state fpu; /* its FP/SIMD registers, when not live */
};

_Static_assert(sizeof(struct tcb) <= (1u << KAAL_TCB_BITS),
	       "TCB fits its object");

/* The thread this CPU runs (NULL: none, the idle loop). With CONFIG_SMP
 * one per CPU, an lvalue like the uniprocessor's variable. */
#if NR_CPUS > 1
extern struct tcb *cpu_current[NR_CPUS];
#define current (cpu_current[this_cpu()])
#else
extern struct tcb *current;
#endif

/* Is @t the thread some CPU runs? */
static inline bool tcb_running(const struct tcb *t)
{
#if NR_CPUS > 1
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (cpu_current[c] == t)
			return true;
	return false;
#else
	return t == current;
#endif
}

/* kernel/tcb.c */
void tcb_init(struct tcb *t);
void tcb_set_runnable(struct tcb *t);
void tcb_block(struct tcb *t, enum thread_state state);
void tcb_suspend(struct tcb *t);
void tcb_destroy(struct tcb *t);
/* Kernel address of @t's IPC buffer, or NULL when it has none. The
 * contract is an assumption of the IPC proofs (kernel/tcb.c is not
 * proved): a buffer is a whole mapped page (Documentation/assurance.rst). */
/*@ assigns \nothing;
    ensures \result == \null ||
	    \valid(\result + (0 .. KAAL_IPCBUF_WORDS - 1));
 */
uint64_t *tcb_ipc_words(const struct tcb *t);

/* kernel/thread.c: pick the next thread and return to user space. */
void __noreturn thread_exit_to_user(void);
/* Counter ticks the CPU spent waiting for interrupts since boot. */
uint64_t thread_idle_ticks(void);
void thread_timer_tick(void);
void thread_yield(void);

#endif /* KAAL_TCB_H */
