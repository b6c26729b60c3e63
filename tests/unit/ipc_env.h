/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small kernel world for the host IPC tests (test_ipc.c,
 * test_fastpath_equiv.c): the fakes of the kernel's neighbours that the
 * fake arch does not provide (console, interrupt controller, printk,
 * panic), and a bump allocator over one static arena, so that building
 * the same world twice puts every object at the same address.
 */
#ifndef TESTS_UNIT_IPC_ENV_H
#define TESTS_UNIT_IPC_ENV_H

#include <setjmp.h>
#include <stddef.h>

#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/tcb.h>

#define IPC_ENV_ARENA_SIZE (256u << 10)

/* panic() aborts the test program, unless a test set this: then it
 * formats its message into ipc_env_panic_msg, clears the pointer (one
 * panic is caught) and longjmps there (test_invariants.c). */
extern jmp_buf *ipc_env_panic_catch;
extern char ipc_env_panic_msg[256];

extern unsigned char ipc_env_arena[IPC_ENV_ARENA_SIZE];
extern size_t ipc_env_arena_used;

/* Everything back to power-on state: the fake arch, the run queues, the
 * derivation tree, the current thread and domain, and an empty, zeroed
 * arena. */
void ipc_env_reset(void);

/* @size zeroed bytes of the arena, aligned to @align (a power of two). */
void *ipc_env_alloc(size_t size, size_t align);

/* A CNode object of 2^@radix slots, from the arena. */
struct cte *ipc_env_cnode(unsigned int radix);

/* A runnable thread with priority @prio and domain @domain whose CSpace
 * root is @root (copied into its root slot as an original); not queued
 * when @queue is false (its state is then TS_INACTIVE). */
struct tcb *ipc_env_thread(const struct cap *root, unsigned int prio,
			   unsigned int domain, bool queue);

/* A one-level root CNode capability covering all 64 bits for @slots. */
struct cap ipc_env_root_cap(struct cte *slots, unsigned int radix,
			    uint64_t guard);

/* Store a capability in the empty slot @slot, as a CDT child of @parent
 * (NULL: an original). A non-zero @badge marks it badged. */
void ipc_env_put(struct cte *slot, unsigned int type, void *object,
		 unsigned int rights, uint64_t badge, struct cte *parent);

/* Give @t a 4 KiB IPC buffer page from the arena at user address
 * 0x10000; returns its words (KAAL_IPCBUF_*). */
uint64_t *ipc_env_ipc_buffer(struct tcb *t);

/* The thread of a run-queue node. */
static inline struct tcb *ipc_env_tcb_of(const struct sched_node *n)
{
	return n ? (struct tcb *)((uintptr_t)n - offsetof(struct tcb, sched)) :
		   NULL;
}

/* The head of domain @d's run queue that sched_pick would return if @d
 * were the current domain, and the whole queue in order: up to @max
 * threads into @out; returns how many are queued. */
unsigned int ipc_env_runq(unsigned int d, struct tcb **out, unsigned int max);

#endif /* TESTS_UNIT_IPC_ENV_H */
