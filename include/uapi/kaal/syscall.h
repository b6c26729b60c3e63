/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KaaL system call numbers and the calling convention.
 *
 * A system call is "svc #0" with:
 *   x8        system call number (below)
 *   x0        capability pointer of the object invoked (where there is one)
 *   x1-x7     arguments, in the order the libkaal wrapper lists them
 * and returns with:
 *   x0        error code: KAAL_OK (0) or one of KAAL_E* (errors.h)
 *   x1-x7     results, where the call has any
 * Every other register is preserved. IPC calls use the message layout of
 * message.h instead (documented there). See Documentation/abi.rst.
 *
 * The registers are the arm64 binding of a portable numbering: argument
 * i (KAAL_ARG_*) is x<i>, result i (KAAL_RES_*) is x<i>, the number is x8.
 * KAAL_SYSCALL_TABLE lists every call with the object it invokes and how
 * many arguments and results it has. The numbers are usable from assembly.
 */
#ifndef UAPI_KAAL_SYSCALL_H
#define UAPI_KAAL_SYSCALL_H

/* IPC (message.h) */
#define KAAL_SYS_SEND		0x01
#define KAAL_SYS_RECV		0x02
#define KAAL_SYS_CALL		0x03
#define KAAL_SYS_REPLY		0x04
#define KAAL_SYS_YIELD		0x05
#define KAAL_SYS_THREAD_SUSPEND 0x06
#define KAAL_SYS_THREAD_RESUME	0x07
#define KAAL_SYS_REPLY_RECV	0x08
#define KAAL_SYS_NBSEND		0x09
#define KAAL_SYS_NBRECV		0x0a

/* Notifications */
#define KAAL_SYS_WAIT	0x10
#define KAAL_SYS_SIGNAL 0x11
#define KAAL_SYS_POLL	0x12

/* Virtual memory */
#define KAAL_SYS_MEMORY_MAP	  0x20
#define KAAL_SYS_MEMORY_UNMAP	  0x21
#define KAAL_SYS_MEMORY_PROTECT	  0x22
#define KAAL_SYS_PAGE_TABLE_MAP	  0x23
#define KAAL_SYS_PAGE_TABLE_UNMAP 0x24
#define KAAL_SYS_PAGE_ADDRESS	  0x25
#define KAAL_SYS_RETYPE		  0x26

/* Capabilities */
#define KAAL_SYS_CAP_COPY     0x30
#define KAAL_SYS_CAP_MOVE     0x31
#define KAAL_SYS_CAP_DELETE   0x32
#define KAAL_SYS_CAP_REVOKE   0x33
#define KAAL_SYS_CAP_MINT     0x34
#define KAAL_SYS_CAP_IDENTIFY 0x35

/* Interrupts */
#define KAAL_SYS_IRQ_HANDLER_GET	  0x40
#define KAAL_SYS_IRQ_HANDLER_ACK	  0x41
#define KAAL_SYS_IRQ_HANDLER_SET_NTFN	  0x42
#define KAAL_SYS_IRQ_HANDLER_SET_DEADLINE 0x43

/* Debugging (CONFIG_DEBUG_SYSCALLS only; else KAAL_E_INVALID_SYSCALL) */
#define KAAL_SYS_DEBUG_PUTCHAR 0x50
#define KAAL_SYS_DEBUG_HALT    0x51
#define KAAL_SYS_DEBUG_IDLE    0x52

/* Threads */
#define KAAL_SYS_TCB_CONFIGURE		0x60
#define KAAL_SYS_TCB_SET_PRIORITY	0x61
#define KAAL_SYS_TCB_WRITE_REGISTERS	0x62
#define KAAL_SYS_TCB_READ_REGISTERS	0x63
#define KAAL_SYS_TCB_BIND_NOTIFICATION	0x64
#define KAAL_SYS_TCB_SET_DOMAIN		0x65
#define KAAL_SYS_TCB_SET_MCP		0x66
#define KAAL_SYS_TCB_SET_SYSCALL_MODE	0x67
#define KAAL_SYS_TCB_READ_FP_REGISTERS	0x68
#define KAAL_SYS_TCB_WRITE_FP_REGISTERS 0x69
#define KAAL_SYS_TCB_SET_AFFINITY	0x6a
#define KAAL_SYS_TCB_SET_CPUS		0x6b

/* Argument positions common to every call. */
#define KAAL_ARG_CPTR  0	 /* the capability invoked */
#define KAAL_ARG_INFO  1	 /* IPC send side: message info */
#define KAAL_ARG_MR(i) (2 + (i)) /* IPC: message register i < 6 */
#define KAAL_ARG_COUNT 8	 /* arguments 0..7 */

/* Result positions: result 0 is the error code of every call. */
#define KAAL_RES_ERROR	   0
#define KAAL_RES_INFO	   1	     /* IPC receive side: message info */
#define KAAL_RES_MR(i)	   (2 + (i)) /* IPC: message register i < 6 */
#define KAAL_RES_BADGE	   8	     /* IPC receive side: the sender's badge */
#define KAAL_RES_NTFN_WORD 1	     /* wait, poll: the notification word */
#define KAAL_RES_COUNT	   9	     /* results 0..8 */

/* What the capability in argument KAAL_ARG_CPTR must be, besides the
 * object types of object.h (the kernel checks it before anything else). */
#define KAAL_INVOKES_NONE  0	 /* argument 0 is no capability */
#define KAAL_INVOKES_FRAME 0x100 /* a page or a large page */
#define KAAL_INVOKES_ANY   0x101 /* any capability */

#ifndef __ASSEMBLER__
#include "object.h"

/*
 * Every system call, X(name, number, invokes, args, results):
 *   name     KAAL_SYS_<name>
 *   invokes  KAAL_OBJ_* type of the capability argument 0 names, or one of
 *            the KAAL_INVOKES_* above
 *   args     number of argument words (positions 0 .. args - 1; IPC sends
 *            use 0 = cptr, 1 = info, 2-7 = message registers 0-5)
 *   results  number of result words after the error code (positions 1 ..
 *            results; IPC receives: 1 = info, 2-7 = message registers,
 *            8 = badge)
 * The argument order is the libkaal wrapper's, documented at each handler
 * and in Documentation/abi.rst.
 */
/* clang-format off */
#define KAAL_SYSCALL_TABLE(X)						\
	X(SEND,			KAAL_SYS_SEND,		KAAL_OBJ_ENDPOINT,	8, 0) \
	X(RECV,			KAAL_SYS_RECV,		KAAL_OBJ_ENDPOINT,	1, 8) \
	X(CALL,			KAAL_SYS_CALL,		KAAL_OBJ_ENDPOINT,	8, 8) \
	X(REPLY,		KAAL_SYS_REPLY,		KAAL_INVOKES_NONE,	8, 0) \
	X(YIELD,		KAAL_SYS_YIELD,		KAAL_INVOKES_NONE,	0, 0) \
	X(THREAD_SUSPEND,	KAAL_SYS_THREAD_SUSPEND, KAAL_OBJ_TCB,		1, 0) \
	X(THREAD_RESUME,	KAAL_SYS_THREAD_RESUME,	KAAL_OBJ_TCB,		1, 0) \
	X(REPLY_RECV,		KAAL_SYS_REPLY_RECV,	KAAL_OBJ_ENDPOINT,	8, 8) \
	X(NBSEND,		KAAL_SYS_NBSEND,	KAAL_OBJ_ENDPOINT,	8, 0) \
	X(NBRECV,		KAAL_SYS_NBRECV,	KAAL_OBJ_ENDPOINT,	1, 8) \
	X(WAIT,			KAAL_SYS_WAIT,		KAAL_OBJ_NOTIFICATION,	1, 1) \
	X(SIGNAL,		KAAL_SYS_SIGNAL,	KAAL_OBJ_NOTIFICATION,	1, 0) \
	X(POLL,			KAAL_SYS_POLL,		KAAL_OBJ_NOTIFICATION,	1, 1) \
	X(MEMORY_MAP,		KAAL_SYS_MEMORY_MAP,	KAAL_INVOKES_FRAME,	4, 0) \
	X(MEMORY_UNMAP,		KAAL_SYS_MEMORY_UNMAP,	KAAL_INVOKES_FRAME,	1, 0) \
	X(MEMORY_PROTECT,	KAAL_SYS_MEMORY_PROTECT, KAAL_INVOKES_FRAME,	2, 0) \
	X(PAGE_TABLE_MAP,	KAAL_SYS_PAGE_TABLE_MAP, KAAL_OBJ_PAGE_TABLE,	3, 1) \
	X(PAGE_TABLE_UNMAP,	KAAL_SYS_PAGE_TABLE_UNMAP, KAAL_OBJ_PAGE_TABLE,	1, 0) \
	X(PAGE_ADDRESS,		KAAL_SYS_PAGE_ADDRESS,	KAAL_INVOKES_FRAME,	1, 1) \
	X(RETYPE,		KAAL_SYS_RETYPE,	KAAL_OBJ_UNTYPED,	7, 0) \
	X(CAP_COPY,		KAAL_SYS_CAP_COPY,	KAAL_OBJ_CNODE,		7, 0) \
	X(CAP_MOVE,		KAAL_SYS_CAP_MOVE,	KAAL_OBJ_CNODE,		6, 0) \
	X(CAP_DELETE,		KAAL_SYS_CAP_DELETE,	KAAL_OBJ_CNODE,		3, 0) \
	X(CAP_REVOKE,		KAAL_SYS_CAP_REVOKE,	KAAL_OBJ_CNODE,		3, 0) \
	X(CAP_MINT,		KAAL_SYS_CAP_MINT,	KAAL_OBJ_CNODE,		8, 0) \
	X(CAP_IDENTIFY,		KAAL_SYS_CAP_IDENTIFY,	KAAL_INVOKES_ANY,	1, 4) \
	X(IRQ_HANDLER_GET,	KAAL_SYS_IRQ_HANDLER_GET, KAAL_OBJ_IRQ_CONTROL,	5, 0) \
	X(IRQ_HANDLER_ACK,	KAAL_SYS_IRQ_HANDLER_ACK, KAAL_OBJ_IRQ_HANDLER,	1, 0) \
	X(IRQ_HANDLER_SET_NTFN,	KAAL_SYS_IRQ_HANDLER_SET_NTFN, KAAL_OBJ_IRQ_HANDLER, 2, 0) \
	X(IRQ_HANDLER_SET_DEADLINE, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, KAAL_OBJ_IRQ_HANDLER, 2, 0) \
	X(DEBUG_PUTCHAR,	KAAL_SYS_DEBUG_PUTCHAR,	KAAL_INVOKES_NONE,	1, 0) \
	X(DEBUG_HALT,		KAAL_SYS_DEBUG_HALT,	KAAL_INVOKES_NONE,	0, 0) \
	X(DEBUG_IDLE,		KAAL_SYS_DEBUG_IDLE,	KAAL_INVOKES_NONE,	0, 1) \
	X(TCB_CONFIGURE,	KAAL_SYS_TCB_CONFIGURE,	KAAL_OBJ_TCB,		6, 0) \
	X(TCB_SET_PRIORITY,	KAAL_SYS_TCB_SET_PRIORITY, KAAL_OBJ_TCB,	3, 0) \
	X(TCB_WRITE_REGISTERS,	KAAL_SYS_TCB_WRITE_REGISTERS, KAAL_OBJ_TCB,	7, 0) \
	X(TCB_READ_REGISTERS,	KAAL_SYS_TCB_READ_REGISTERS, KAAL_OBJ_TCB,	1, 1) \
	X(TCB_BIND_NOTIFICATION, KAAL_SYS_TCB_BIND_NOTIFICATION, KAAL_OBJ_TCB,	2, 0) \
	X(TCB_SET_DOMAIN,	KAAL_SYS_TCB_SET_DOMAIN, KAAL_OBJ_DOMAIN,	3, 0) \
	X(TCB_SET_MCP,		KAAL_SYS_TCB_SET_MCP,	KAAL_OBJ_TCB,		3, 0) \
	X(TCB_SET_SYSCALL_MODE,	KAAL_SYS_TCB_SET_SYSCALL_MODE, KAAL_OBJ_TCB,	2, 0) \
	X(TCB_READ_FP_REGISTERS, KAAL_SYS_TCB_READ_FP_REGISTERS, KAAL_OBJ_TCB, 1, 1) \
	X(TCB_WRITE_FP_REGISTERS, KAAL_SYS_TCB_WRITE_FP_REGISTERS, KAAL_OBJ_TCB, 2, 0) \
	X(TCB_SET_AFFINITY,	KAAL_SYS_TCB_SET_AFFINITY, KAAL_OBJ_TCB,	3, 0) \
	X(TCB_SET_CPUS,		KAAL_SYS_TCB_SET_CPUS,	KAAL_OBJ_TCB,		3, 0)
/* clang-format on */

/* Each call's counts as integer constants, KAAL_SYS_ARGS_<name> and
 * KAAL_SYS_RESULTS_<name>, for wrappers to check themselves against at
 * compile time (libkaal's KAAL_SYSCALL does). */
enum {
#define KAAL__SYSCALL_COUNTS(name, nr, invokes, args, results) \
	KAAL_SYS_ARGS_##name = (args), KAAL_SYS_RESULTS_##name = (results),
	KAAL_SYSCALL_TABLE(KAAL__SYSCALL_COUNTS)
#undef KAAL__SYSCALL_COUNTS
};

/*
 * The position of every argument of every call, KAAL_ARG_<call>_<name>,
 * in the order of the libkaal wrapper (argument 0 is always the invoked
 * capability, KAAL_ARG_CPTR, or unused). The last of each call is
 * checked against the table's count below. IPC calls use KAAL_ARG_INFO
 * and KAAL_ARG_MR(i).
 */
enum {
	/* memory_map(page, vspace, vaddr, perms) */
	KAAL_ARG_MEMORY_MAP_VSPACE = 1,
	KAAL_ARG_MEMORY_MAP_VADDR,
	KAAL_ARG_MEMORY_MAP_PERMS,
	/* memory_protect(page, perms) */
	KAAL_ARG_MEMORY_PROTECT_PERMS = 1,
	/* page_table_map(pt, vspace, vaddr) */
	KAAL_ARG_PAGE_TABLE_MAP_VSPACE = 1,
	KAAL_ARG_PAGE_TABLE_MAP_VADDR,
	/* retype(untyped, type, size_bits, dest_cnode, dest_depth,
	 *        dest_offset, count) */
	KAAL_ARG_RETYPE_TYPE = 1,
	KAAL_ARG_RETYPE_SIZE_BITS,
	KAAL_ARG_RETYPE_DEST_CNODE,
	KAAL_ARG_RETYPE_DEST_DEPTH,
	KAAL_ARG_RETYPE_DEST_OFFSET,
	KAAL_ARG_RETYPE_COUNT,
	/* cap_copy/cap_mint/cap_move(dest_cnode, dest_index, dest_depth,
	 *        src_cnode, src_index, src_depth, rights, badge_or_guard) */
	KAAL_ARG_CAP_DEST_INDEX = 1,
	KAAL_ARG_CAP_DEST_DEPTH,
	KAAL_ARG_CAP_SRC_CNODE,
	KAAL_ARG_CAP_SRC_INDEX,
	KAAL_ARG_CAP_SRC_DEPTH,
	KAAL_ARG_CAP_RIGHTS,
	KAAL_ARG_CAP_MINT_DATA,
	/* cap_delete/cap_revoke(cnode, index, depth) */
	KAAL_ARG_CAP_INDEX = 1,
	KAAL_ARG_CAP_DEPTH,
	/* irq_handler_get(irq_control, irq, dest_cnode, dest_index,
	 *        dest_depth) */
	KAAL_ARG_IRQ_HANDLER_GET_IRQ = 1,
	KAAL_ARG_IRQ_HANDLER_GET_DEST_CNODE,
	KAAL_ARG_IRQ_HANDLER_GET_DEST_INDEX,
	KAAL_ARG_IRQ_HANDLER_GET_DEST_DEPTH,
	/* irq_handler_set_ntfn(handler, ntfn) */
	KAAL_ARG_IRQ_HANDLER_SET_NTFN_NTFN = 1,
	/* irq_handler_set_deadline(handler, deadline) */
	KAAL_ARG_IRQ_HANDLER_SET_DEADLINE_COUNT = 1,
	/* debug_putchar(c) */
	KAAL_ARG_DEBUG_PUTCHAR_CHAR = 0,
	/* tcb_configure(tcb, fault_ep, cspace_root, vspace, ipc_buffer,
	 *        ipc_buffer_frame) */
	KAAL_ARG_TCB_CONFIGURE_FAULT_EP = 1,
	KAAL_ARG_TCB_CONFIGURE_CSPACE_ROOT,
	KAAL_ARG_TCB_CONFIGURE_VSPACE,
	KAAL_ARG_TCB_CONFIGURE_IPC_BUFFER,
	KAAL_ARG_TCB_CONFIGURE_IPC_BUFFER_FRAME,
	/* tcb_set_priority/tcb_set_mcp(tcb, authority_tcb, prio),
	 * tcb_set_affinity(tcb, authority_tcb, cpu),
	 * tcb_set_cpus(tcb, authority_tcb, mask) */
	KAAL_ARG_TCB_AUTHORITY = 1,
	KAAL_ARG_TCB_PRIO,
	KAAL_ARG_TCB_CPU = KAAL_ARG_TCB_PRIO,
	KAAL_ARG_TCB_CPUS = KAAL_ARG_TCB_PRIO,
	/* tcb_write_registers(tcb, flags, pc, sp, arg0, arg1, arg2) */
	KAAL_ARG_TCB_WRITE_FLAGS = 1,
	KAAL_ARG_TCB_WRITE_PC,
	KAAL_ARG_TCB_WRITE_SP,
	KAAL_ARG_TCB_WRITE_ARG0, /* and ARG0 + 1, ARG0 + 2 */
	KAAL_ARG_TCB_WRITE_ARG2 = KAAL_ARG_TCB_WRITE_ARG0 + 2,
	/* tcb_bind_notification(tcb, ntfn) */
	KAAL_ARG_TCB_BIND_NOTIFICATION_NTFN = 1,
	/* tcb_set_domain(domain_cap, tcb, domain) */
	KAAL_ARG_TCB_SET_DOMAIN_TCB = 1,
	KAAL_ARG_TCB_SET_DOMAIN_DOMAIN,
	/* tcb_set_syscall_mode(tcb, mode) */
	KAAL_ARG_TCB_SET_SYSCALL_MODE_MODE = 1,
	/* tcb_write_fp_registers(tcb, status) */
	KAAL_ARG_TCB_WRITE_FP_STATUS = 1,
};

/*
 * tcb_set_syscall_mode: what an svc of the thread is. In KaaL mode (every
 * thread's at creation) it is a KaaL system call; in foreign mode it
 * never is, whatever its registers say, but an unknown-syscall fault to
 * the thread's fault endpoint (fault.h), for a personality server to
 * serve. Any other value: KAAL_E_INVALID_ARG, nothing changes.
 */
enum kaal_syscall_mode {
	KAAL_SYSCALL_MODE_KAAL = 0,
	KAAL_SYSCALL_MODE_FOREIGN = 1,
};

/* Result positions beyond KAAL_RES_ERROR: cap_identify's four, and the
 * one word of tcb_read_registers (the count written),
 * tcb_read_fp_registers (the FP status word, message.h), page_table_map
 * (the new table's level), page_address (the physical address),
 * debug_idle (counter ticks idle), wait and poll (the notification word,
 * KAAL_RES_NTFN_WORD). */
enum {
	KAAL_RES_IDENTIFY_TYPE = 1,
	KAAL_RES_IDENTIFY_RIGHTS,
	KAAL_RES_IDENTIFY_BADGE,
	KAAL_RES_IDENTIFY_SIZE_BITS,
	KAAL_RES_WORD = 1,
};
_Static_assert((int)KAAL_RES_IDENTIFY_SIZE_BITS ==
		       (int)KAAL_SYS_RESULTS_CAP_IDENTIFY,
	       "KAAL_RES_IDENTIFY_*: not the table's count");

#define KAAL__LAST_ARG(name, last)                                   \
	_Static_assert((int)(last) + 1 == (int)KAAL_SYS_ARGS_##name, \
		       "KAAL_ARG_" #name "_*: not the table's count")
KAAL__LAST_ARG(MEMORY_MAP, KAAL_ARG_MEMORY_MAP_PERMS);
KAAL__LAST_ARG(MEMORY_PROTECT, KAAL_ARG_MEMORY_PROTECT_PERMS);
KAAL__LAST_ARG(PAGE_TABLE_MAP, KAAL_ARG_PAGE_TABLE_MAP_VADDR);
KAAL__LAST_ARG(RETYPE, KAAL_ARG_RETYPE_COUNT);
KAAL__LAST_ARG(CAP_COPY, KAAL_ARG_CAP_RIGHTS);
KAAL__LAST_ARG(CAP_MINT, KAAL_ARG_CAP_MINT_DATA);
KAAL__LAST_ARG(CAP_MOVE, KAAL_ARG_CAP_SRC_DEPTH);
KAAL__LAST_ARG(CAP_DELETE, KAAL_ARG_CAP_DEPTH);
KAAL__LAST_ARG(CAP_REVOKE, KAAL_ARG_CAP_DEPTH);
KAAL__LAST_ARG(IRQ_HANDLER_GET, KAAL_ARG_IRQ_HANDLER_GET_DEST_DEPTH);
KAAL__LAST_ARG(IRQ_HANDLER_SET_NTFN, KAAL_ARG_IRQ_HANDLER_SET_NTFN_NTFN);
KAAL__LAST_ARG(IRQ_HANDLER_SET_DEADLINE,
	       KAAL_ARG_IRQ_HANDLER_SET_DEADLINE_COUNT);
KAAL__LAST_ARG(DEBUG_PUTCHAR, KAAL_ARG_DEBUG_PUTCHAR_CHAR);
KAAL__LAST_ARG(TCB_CONFIGURE, KAAL_ARG_TCB_CONFIGURE_IPC_BUFFER_FRAME);
KAAL__LAST_ARG(TCB_SET_PRIORITY, KAAL_ARG_TCB_PRIO);
KAAL__LAST_ARG(TCB_SET_MCP, KAAL_ARG_TCB_PRIO);
KAAL__LAST_ARG(TCB_WRITE_REGISTERS, KAAL_ARG_TCB_WRITE_ARG2);
KAAL__LAST_ARG(TCB_BIND_NOTIFICATION, KAAL_ARG_TCB_BIND_NOTIFICATION_NTFN);
KAAL__LAST_ARG(TCB_SET_DOMAIN, KAAL_ARG_TCB_SET_DOMAIN_DOMAIN);
KAAL__LAST_ARG(TCB_SET_SYSCALL_MODE, KAAL_ARG_TCB_SET_SYSCALL_MODE_MODE);
KAAL__LAST_ARG(TCB_WRITE_FP_REGISTERS, KAAL_ARG_TCB_WRITE_FP_STATUS);
KAAL__LAST_ARG(TCB_SET_AFFINITY, KAAL_ARG_TCB_CPU);
KAAL__LAST_ARG(TCB_SET_CPUS, KAAL_ARG_TCB_CPUS);
#undef KAAL__LAST_ARG

/* One past the highest system call number. */
#define KAAL_SYS_NR_MAX 0x6c

#endif /* !__ASSEMBLER__ */

#endif /* UAPI_KAAL_SYSCALL_H */
