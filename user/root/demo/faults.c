// SPDX-License-Identifier: BSD-2-Clause
/*
 * (b), (d) Faults of child threads. Each child shares the root task's
 * CSpace and VSpace and has a fault endpoint: a copy of one endpoint
 * minted with a badge of its own (0x42, 0x43, ...). The kernel turns the
 * child's fault into a message on it; the root task receives it, reports
 * it and suspends the child. A last child has no fault endpoint: the
 * kernel suspends it by itself and logs the fault, and the root task runs
 * on.
 */
#include <stdio.h>
#include <libkaal/strerror.h>
#include <libkaal/thread.h>
#include "demo.h"

#define FIRST_BADGE    0x42ul
#define UNMAPPED_VADDR 0xdead0000ul
#define KERNEL_VADDR   0xffff000040000000ul

struct fault_case {
	const char *what;
	kaal_thread_fn *fn;
	kaal_word_t type; /* the fault it must cause */
	kaal_word_t addr;
};

static void child_write_unmapped(kaal_word_t arg)
{
	*(volatile kaal_word_t *)UNMAPPED_VADDR = arg;
}

static void child_exec_nx(kaal_word_t arg)
{
	((void (*)(kaal_word_t))DEMO_PAGE_VADDR)(arg);
}

static void child_read_kernel(kaal_word_t arg)
{
	(void)arg;
	(void)*(volatile kaal_word_t *)KERNEL_VADDR;
}

static void child_write_read_only(kaal_word_t arg)
{
	*(volatile kaal_word_t *)DEMO_RO_PAGE_VADDR = arg;
}

static const struct fault_case cases[] = {
	{ "writes to unmapped memory", child_write_unmapped,
	  KAAL_FAULT_VM_WRITE, UNMAPPED_VADDR },
	{ "jumps to a non-executable page", child_exec_nx, KAAL_FAULT_VM_EXEC,
	  DEMO_PAGE_VADDR },
	{ "reads kernel memory", child_read_kernel, KAAL_FAULT_VM_READ,
	  KERNEL_VADDR },
	{ "writes to a read-only page", child_write_read_only,
	  KAAL_FAULT_VM_WRITE, DEMO_RO_PAGE_VADDR },
};

static const char *fault_name(kaal_word_t type)
{
	static const char *const names[] = {
		"none",	     "read",	  "write",   "exec",
		"undefined", "alignment", "syscall", "other",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

/* Receive the fault message of the child with this badge and check it. */
static int report_fault(kaal_cptr_t ep, const struct fault_case *c,
			kaal_word_t badge)
{
	struct kaal_recv_ret r = kaal_recv(ep);
	kaal_word_t type = KAAL_MSGINFO_LABEL(r.msg.info);

	if (r.error) {
		printf("root task: recv on the fault endpoint failed: %s\n",
		       kaal_strerror(r.error));
		return 1;
	}
	printf("root task: caught fault from child: type=%lu (%s) addr=0x%lx "
	       "pc=0x%lx badge=0x%lx esr=0x%lx\n",
	       type, fault_name(type), r.msg.mr[0], r.msg.mr[2], r.badge,
	       r.msg.mr[1]);
	if (type != c->type || r.msg.mr[0] != c->addr || r.badge != badge ||
	    KAAL_MSGINFO_LEN(r.msg.info) != KAAL_FAULT_MSG_LEN) {
		printf("root task: expected type=%lu (%s) addr=0x%lx badge=0x%lx "
		       "length %d\n",
		       c->type, fault_name(c->type), c->addr, badge,
		       KAAL_FAULT_MSG_LEN);
		return 1;
	}
	return 0;
}

/* Start a child on case c with a fault endpoint minted with badge,
 * catch its fault, suspend it. */
static int run_case(struct kaal_alloc *a, kaal_cptr_t ep,
		    const struct fault_case *c, kaal_word_t badge)
{
	struct kaal_cap_ret minted = kaal_alloc_slot(a);
	struct kaal_thread child;
	enum kaal_error err;
	int failed;

	if (minted.error)
		return 1;
	err = kaal_cap_mint(KAAL_CAP_INIT_CNODE, minted.cap, KAAL_WORD_BITS,
			    KAAL_CAP_INIT_CNODE, ep, KAAL_WORD_BITS,
			    KAAL_RIGHTS_ALL, badge);
	if (!err)
		err = kaal_thread_create(a, &child, minted.cap);
	if (!err)
		err = kaal_thread_start(&child, c->fn, badge);
	if (err) {
		printf("root task: cannot start the child: %s\n",
		       kaal_strerror(err));
		return 1;
	}
	printf("root task: child (badge 0x%lx) %s\n", badge, c->what);
	failed = report_fault(ep, c, badge);
	err = kaal_thread_suspend(child.tcb);
	if (err) {
		printf("root task: suspending the child failed: %s\n",
		       kaal_strerror(err));
		return 1;
	}
	return failed;
}

static volatile int unhandled_ran;

static void child_unhandled(kaal_word_t arg)
{
	unhandled_ran = 1;
	*(volatile kaal_word_t *)(UNMAPPED_VADDR + KAAL_PAGE_SIZE) = arg;
}

/*
 * A child without a fault endpoint, at the root task's priority so that
 * yielding lets it run: the kernel suspends it when it faults, and the
 * root task finds it stopped at the faulting instruction.
 */
static int run_unhandled(struct kaal_alloc *a)
{
	const struct kaal_ipc_buffer *ipc = (void *)a->bi->ipc_buffer;
	struct kaal_thread child;
	enum kaal_error err;

	err = kaal_thread_create(a, &child, 0);
	if (!err)
		err = kaal_tcb_set_priority(child.tcb, KAAL_CAP_INIT_TCB,
					    a->bi->config.max_priority);
	if (!err)
		err = kaal_thread_start(&child, child_unhandled, 0);
	if (err) {
		printf("root task: cannot start the child: %s\n",
		       kaal_strerror(err));
		return 1;
	}
	puts("root task: child without a fault endpoint writes to unmapped memory");
	for (int i = 0; i < 1000 && !unhandled_ran; i++)
		kaal_yield();
	kaal_yield();
	err = kaal_tcb_read_registers(child.tcb).error;
	if (!unhandled_ran || err) {
		printf("root task: the child did not run (%s)\n",
		       kaal_strerror(err));
		return 1;
	}
	printf("root task: the kernel stopped it at pc=0x%lx; the root task runs on\n",
	       ipc->mr[KAAL_REGS_PC]);
	return 0;
}

int faults_demo(struct kaal_alloc *a)
{
	struct kaal_cap_ret ep = kaal_alloc_object(a, KAAL_OBJ_ENDPOINT, 0);
	int failed = 0;

	if (ep.error) {
		printf("root task: no endpoint: %s\n", kaal_strerror(ep.error));
		return 1;
	}
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		failed += run_case(a, ep.cap, &cases[i], FIRST_BADGE + i);
	failed += run_unhandled(a);
	return failed;
}
