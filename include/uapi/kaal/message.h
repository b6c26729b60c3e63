/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPC messages: the message info word, the IPC buffer and the registers.
 *
 * Send side (send, call, reply, reply_recv, nbsend):
 *   x0 = endpoint capability pointer (unused by reply), x1 = message info,
 *   x2-x7 = message registers 0-5; registers 6..63 and the capability
 *   pointers to transfer are in the sender's IPC buffer.
 * Receive side (recv, nbrecv, the reply to a call, reply_recv):
 *   x0 = error code, x1 = message info, x2-x7 = message registers 0-5,
 *   x8 = badge of the capability the sender used (0 for a reply);
 *   the rest of the message is in the receiver's IPC buffer.
 */
#ifndef UAPI_KAAL_MESSAGE_H
#define UAPI_KAAL_MESSAGE_H

#include <stdint.h>

#define KAAL_MSG_MAX_WORDS	64
#define KAAL_MSG_REG_WORDS	6	/* message registers passed in x2-x7 */
#define KAAL_MSG_MAX_CAPS	3

/* Message info: label[63:12] caps_unwrapped[11:9] extra_caps[8:7]
 * length[6:0] (words, 0..64). */
#define KAAL_MSGINFO(label, caps, len) \
	(((uint64_t)(label) << 12) | ((uint64_t)(caps) << 7) | (uint64_t)(len))
#define KAAL_MSGINFO_LABEL(i)		((i) >> 12)
#define KAAL_MSGINFO_UNWRAPPED(i)	(((i) >> 9) & 7)
#define KAAL_MSGINFO_CAPS(i)		(((i) >> 7) & 3)
#define KAAL_MSGINFO_LEN(i)		((i) & 0x7f)

/* A receive woken by the thread's bound notification (tcb_bind_notification)
 * instead of a message: info has this label and length 0; x8 holds the
 * notification word, which is cleared. */
#define KAAL_LABEL_NOTIFICATION	0xfffffffffffffull

/* tcb_read_registers and tcb_write_registers with KAAL_TCB_WRITE_ALL:
 * positions in the IPC buffer's mr[]. */
#define KAAL_REGS_X(n)		(n)	/* x0..x30 */
#define KAAL_REGS_SP		31
#define KAAL_REGS_PC		32
#define KAAL_REGS_SPSR		33
#define KAAL_REGS_TPIDR		34	/* TPIDR_EL0: the thread pointer */
#define KAAL_REGS_TPIDRRO	35	/* TPIDRRO_EL0: read-only at EL0 */
#define KAAL_REGS_COUNT		36

/* tcb_write_registers' second argument. */
#define KAAL_TCB_WRITE_RESUME	1ul	/* then make the thread runnable */
#define KAAL_TCB_WRITE_ALL	2ul	/* every register from the caller's IPC
					 * buffer mr[0..35] (KAAL_REGS_*);
					 * the pc, sp, arg arguments are unused */
#define KAAL_TCB_WRITE_FLAGS	(KAAL_TCB_WRITE_RESUME | KAAL_TCB_WRITE_ALL)
/* The SPSR bits a thread may set: the condition flags N, Z, C, V. */
#define KAAL_REGS_SPSR_USER	0xf0000000ul

/* The IPC buffer: one 4 KiB page per thread, set with TCB configure. */
struct kaal_ipc_buffer {
	uint64_t tag;				/* free for user space; the kernel
						 * neither reads nor writes it */
	uint64_t mr[KAAL_MSG_MAX_WORDS];	/* mr[0..5] travel in registers */
	uint64_t user_data;			/* free for the thread (TLS) */
	uint64_t caps[KAAL_MSG_MAX_CAPS];	/* send: cptrs; recv: badges */
	uint64_t recv_cnode;			/* where received caps go: CNode */
	uint64_t recv_index;			/* ... slot in it */
	uint64_t recv_depth;			/* ... depth of recv_cnode lookup */
};

_Static_assert(sizeof(struct kaal_ipc_buffer) == 576, "IPC buffer layout");

#endif /* UAPI_KAAL_MESSAGE_H */
