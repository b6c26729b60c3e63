/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Building a process: a new CSpace, VSpace and thread running a static
 * ELF image, the way the root task starts system_init and system_init
 * starts the components (Documentation/components.rst).
 *
 * All objects are made with the creator's allocator (<libkaal/alloc.h>) and
 * their capabilities stay in the creator's CSpace, so the creator can
 * later inspect, stop or tear the process down. The process's own CNode
 * receives only what the creator puts there (process_give, or retype
 * straight into it). Layout of the new VSpace:
 *
 *   ELF segments      where the image says (user.lds: its link slot),
 *                     with the segment's permissions (never W+X)
 *   stack             SYS_STACK_PAGES pages below SYS_STACK_TOP, an
 *                     unmapped guard page under them
 *   info page         SYS_INFO_VADDR, read-only (its contents are the
 *                     creator's business: bootinfo or component info)
 *   IPC buffer        SYS_IPC_BUFFER_VADDR
 */
#ifndef LIBSYS_PROCESS_H
#define LIBSYS_PROCESS_H

#include <stddef.h>
#include <libkaal/alloc.h>
#include <libsys/component.h>

/* Errors: 0 or -E (<libsys/error.h>): a kernel error, or PROCESS_E_ELF
 * and PROCESS_E_SEGMENT for the image. */
#include <libsys/error.h>

struct process {
	kaal_cptr_t cnode;     /* guarded: depth-64 slot numbers */
	kaal_cptr_t cnode_raw; /* the capability retype made */
	kaal_cptr_t vspace, tcb;
	kaal_cptr_t ipc_frame;	   /* mapped in the process */
	kaal_cptr_t info_frame;	   /* mapped in the creator, writable */
	kaal_cptr_t info_frame_ro; /* mapped in the process, read-only */
	void *info;		   /* the creator's view of the info page */
	kaal_word_t entry;
	unsigned int cnode_bits;
	unsigned long pages; /* frames and page tables it took */
	const char *failed;  /* what failed, for the message */
};

/*
 * Make the CNode (2^cnode_bits slots), VSpace, TCB, stack, IPC buffer
 * and info page, load the ELF image and configure the thread (fault
 * endpoint @fault_ep, a capability of the creator's: 0 for none;
 * priority @prio, with the creator's TCB as authority). Fixed slots
 * SYS_CAP_TCB, _CNODE, _VSPACE, _IPC_BUFFER and _INFO_FRAME of the new
 * CNode are filled. The thread does not run until process_start().
 * Returns 0 or -E (a kernel error or PROCESS_E_*); p->failed says
 * which step failed.
 */
long process_create(struct process *p, struct kaal_alloc *a, const void *elf,
		    size_t elf_size, unsigned int cnode_bits,
		    kaal_cptr_t fault_ep, unsigned int prio);

/* Copy (badge 0: copy; else mint with badge) the creator's capability
 * @src into slot @slot of the process's CNode, with @rights. */
long process_give(struct process *p, kaal_word_t slot, kaal_cptr_t src,
		  kaal_word_t rights, kaal_word_t badge);

/* Map the creator's frame capability @frame (a copy of it is made for
 * the process) at @vaddr in the process with KAAL_MAP_* @perms. */
long process_map_copy(struct process *p, struct kaal_alloc *a,
		      kaal_cptr_t frame, kaal_word_t vaddr, kaal_word_t perms);

/* Start the thread at the ELF entry with x0 = @arg. */
long process_start(struct process *p, kaal_word_t arg);

#endif /* LIBSYS_PROCESS_H */
