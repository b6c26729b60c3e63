// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host IPC tests' world (ipc_env.h): the kernel's neighbours faked,
 * and objects from one static arena.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/irq.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <kaal/sched.h>
#include <uapi/kaal/message.h>

#include "../../kernel/sched_queue.h"
#include "fake_arch.h"
#include "ipc_env.h"

/* ---- fakes for the kernel's other neighbours --------------------------- */

void printk(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

jmp_buf *ipc_env_panic_catch;
char ipc_env_panic_msg[256];

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ipc_env_panic_catch) {
		jmp_buf *to = ipc_env_panic_catch;

		vsnprintf(ipc_env_panic_msg, sizeof(ipc_env_panic_msg), fmt,
			  ap);
		va_end(ap);
		ipc_env_panic_catch = NULL;
		longjmp(*to, 1);
	}
	fprintf(stderr, "kernel panic: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

bool panic_in_progress(void)
{
	return false;
}

void console_putc(char c)
{
	(void)c;
}

/* ---- the arena --------------------------------------------------------- */

unsigned char ipc_env_arena[IPC_ENV_ARENA_SIZE] __attribute__((aligned(4096)));
size_t ipc_env_arena_used;

void ipc_env_reset(void)
{
	fake_arch_reset();
	sched_reset();
	sched_domain = 0;
	memset(&cdt_root, 0, sizeof(cdt_root));
	cspace_dying = NULL;
	current = NULL;
	memset(ipc_env_arena, 0, ipc_env_arena_used);
	ipc_env_arena_used = 0;
}

void *ipc_env_alloc(size_t size, size_t align)
{
	size_t at = (ipc_env_arena_used + align - 1) & ~(align - 1);

	if (at + size > sizeof(ipc_env_arena)) {
		fprintf(stderr, "ipc_env: arena exhausted\n");
		abort();
	}
	ipc_env_arena_used = at + size;
	return ipc_env_arena + at;
}

struct cte *ipc_env_cnode(unsigned int radix)
{
	return ipc_env_alloc(sizeof(struct cte) << radix, sizeof(struct cte)
								  << radix);
}

struct cap ipc_env_root_cap(struct cte *slots, unsigned int radix,
			    uint64_t guard)
{
	return cap_make_cnode(slots, radix, 64 - radix, guard);
}

struct tcb *ipc_env_thread(const struct cap *root, unsigned int prio,
			   unsigned int domain, bool queue)
{
	struct tcb *t = ipc_env_alloc(1u << KAAL_TCB_BITS, 1u << KAAL_TCB_BITS);

	tcb_init(t);
	t->sched.prio = (uint8_t)prio;
	t->sched.domain = (uint8_t)domain;
	if (root)
		cspace_insert(&t->cspace_root, root, NULL);
	if (queue)
		tcb_set_runnable(t);
	return t;
}

void ipc_env_put(struct cte *slot, unsigned int type, void *object,
		 unsigned int rights, uint64_t badge, struct cte *parent)
{
	struct cap c = {
		.type = (uint8_t)type,
		.rights = (uint8_t)rights,
		.flags = badge ? CAP_F_BADGED : 0,
		.object = (uint64_t)(uintptr_t)object,
	};

	if (cap_has_badge(&c))
		cap_set_badge(&c, badge);

	cspace_insert(slot, &c, parent);
}

uint64_t *ipc_env_ipc_buffer(struct tcb *t)
{
	uint64_t *page = ipc_env_alloc(4096, 4096);
	struct cap c = {
		.type = KAAL_OBJ_PAGE,
		.size_bits = 12,
		.rights = KAAL_RIGHT_READ | KAAL_RIGHT_WRITE,
		.object = virt_to_phys(page),
	};

	cspace_insert(&t->ipc_buffer_frame, &c, NULL);
	t->ipc_buffer = 0x10000;
	return page;
}

unsigned int ipc_env_runq(unsigned int d, struct tcb **out, unsigned int max)
{
	unsigned int n = 0;

#ifdef SCHED_QUEUE_PRIO
	/* Highest level first, FIFO within a level. */
	for (int p = SCHED_NR_PRIOS - 1; p >= 0; p--) {
		struct sched_node *h = sched_queues[d].levels[p].head, *s = h;

		if (!h)
			continue;
		do {
			if (n < max)
				out[n] = ipc_env_tcb_of(s);
			n++;
			s = s->next;
		} while (s != h && n <= 4096);
	}
#else
	struct sched_node *h = sched_runq[d].head, *s = h;

	if (h) {
		do {
			if (n < max)
				out[n] = ipc_env_tcb_of(s);
			n++;
			s = s->next;
		} while (s != h && n <= 4096);
	}
#endif
	return n;
}
