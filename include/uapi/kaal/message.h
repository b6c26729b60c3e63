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

#include <stddef.h>
#include <stdint.h>

#define KAAL_MSG_MAX_WORDS 64
#define KAAL_MSG_REG_WORDS 6 /* message registers passed in x2-x7 */
#define KAAL_MSG_MAX_CAPS  3

/* Message info: label[63:12] caps_unwrapped[11:9] extra_caps[8:7]
 * length[6:0] (words, 0..64). */
#define KAAL_MSGINFO_LEN_MASK	     0x7full
#define KAAL_MSGINFO_CAPS_SHIFT	     7
#define KAAL_MSGINFO_CAPS_MASK	     3ull
#define KAAL_MSGINFO_UNWRAPPED_SHIFT 9
#define KAAL_MSGINFO_UNWRAPPED_MASK  7ull
#define KAAL_MSGINFO_LABEL_SHIFT     12
/* The length and extra_caps fields together: a register-only message
 * without capabilities has these bits <= KAAL_MSG_REG_WORDS. */
#define KAAL_MSGINFO_LEN_CAPS_MASK   0x1ffull
/* Everything below the label. */
#define KAAL_MSGINFO_FIELDS_MASK     ((1ull << KAAL_MSGINFO_LABEL_SHIFT) - 1)

#define KAAL_MSGINFO(label, caps, len)                     \
	(((uint64_t)(label) << KAAL_MSGINFO_LABEL_SHIFT) | \
	 ((uint64_t)(caps) << KAAL_MSGINFO_CAPS_SHIFT) | (uint64_t)(len))
#define KAAL_MSGINFO_LABEL(i) ((i) >> KAAL_MSGINFO_LABEL_SHIFT)
#define KAAL_MSGINFO_UNWRAPPED(i) \
	(((i) >> KAAL_MSGINFO_UNWRAPPED_SHIFT) & KAAL_MSGINFO_UNWRAPPED_MASK)
#define KAAL_MSGINFO_CAPS(i) \
	(((i) >> KAAL_MSGINFO_CAPS_SHIFT) & KAAL_MSGINFO_CAPS_MASK)
#define KAAL_MSGINFO_LEN(i) ((i)&KAAL_MSGINFO_LEN_MASK)

/* The same as functions, for code that prefers types to macros. */
static inline uint64_t kaal_msginfo(uint64_t label, unsigned int caps,
				    unsigned int len)
{
	return KAAL_MSGINFO(label, caps, len);
}

static inline uint64_t kaal_msginfo_label(uint64_t info)
{
	return KAAL_MSGINFO_LABEL(info);
}

/*@ assigns \nothing;
    ensures \result <= KAAL_MSGINFO_LEN_MASK; */
static inline unsigned int kaal_msginfo_len(uint64_t info)
{
	return (unsigned int)KAAL_MSGINFO_LEN(info);
}

/*@ assigns \nothing;
    ensures \result <= KAAL_MSGINFO_CAPS_MASK; */
static inline unsigned int kaal_msginfo_caps(uint64_t info)
{
	return (unsigned int)KAAL_MSGINFO_CAPS(info);
}

/*@ assigns \nothing;
    ensures \result <= KAAL_MSGINFO_UNWRAPPED_MASK; */
static inline unsigned int kaal_msginfo_unwrapped(uint64_t info)
{
	return (unsigned int)KAAL_MSGINFO_UNWRAPPED(info);
}

/* @info with its capability fields replaced: @unwrapped (bit i: caps[i]
 * was unwrapped to its badge) and @caps transferred, as delivered. */
static inline uint64_t
kaal_msginfo_with_caps(uint64_t info, unsigned int unwrapped, unsigned int caps)
{
	return (info & ~(KAAL_MSGINFO_FIELDS_MASK & ~KAAL_MSGINFO_LEN_MASK)) |
	       ((uint64_t)unwrapped << KAAL_MSGINFO_UNWRAPPED_SHIFT) |
	       ((uint64_t)caps << KAAL_MSGINFO_CAPS_SHIFT);
}

/* A receive woken by the thread's bound notification (tcb_bind_notification)
 * instead of a message: info has this label and length 0; x8 holds the
 * notification word, which is cleared. */
#define KAAL_LABEL_NOTIFICATION 0xfffffffffffffull

/* tcb_read_registers and tcb_write_registers with KAAL_TCB_WRITE_ALL:
 * positions in the IPC buffer's mr[]. */
#define KAAL_REGS_X(n)	  (n) /* x0..x30 */
#define KAAL_REGS_SP	  31
#define KAAL_REGS_PC	  32
#define KAAL_REGS_SPSR	  33
#define KAAL_REGS_TPIDR	  34 /* TPIDR_EL0: the thread pointer */
#define KAAL_REGS_TPIDRRO 35 /* TPIDRRO_EL0: read-only at EL0 */
#define KAAL_REGS_COUNT	  36

/*
 * tcb_read_fp_registers and tcb_write_fp_registers: the FP/SIMD registers
 * q0..q31 in the IPC buffer's mr[0..63], each as its low then its high
 * 64 bits (q<n> = mr[2n], mr[2n + 1]), and the status word, the call's
 * result or argument: FPSR in bits 31..0, FPCR in bits 63..32 (as
 * Linux's struct fpsimd_context holds them, fpsr then fpcr). A write may
 * set only the bits a program may set (below); others: KAAL_E_INVALID_ARG.
 */
#define KAAL_FP_REGS_COUNT 64
#define KAAL_FP_STATUS(fpsr, fpcr) \
	((uint64_t)(uint32_t)(fpsr) | (uint64_t)(uint32_t)(fpcr) << 32)
/* FPSR: N, Z, C, V, QC, IDC, IXC, UFC, OFC, DZC, IOC. */
#define KAAL_FP_FPSR_USER   0xf800009ful
/* FPCR: AHP, DN, FZ, RMode, FZ16, IDE, IXE, UFE, OFE, DZE, IOE. */
#define KAAL_FP_FPCR_USER   0x07c89f00ul
#define KAAL_FP_STATUS_USER KAAL_FP_STATUS(KAAL_FP_FPSR_USER, KAAL_FP_FPCR_USER)

/* tcb_write_registers' second argument. */
#define KAAL_TCB_WRITE_RESUME 1ul /* then make the thread runnable */
#define KAAL_TCB_WRITE_ALL \
	2ul /* every register from the caller's IPC
					 * buffer mr[0..35] (KAAL_REGS_*);
					 * the pc, sp, arg arguments are unused */
#define KAAL_TCB_WRITE_FLAGS (KAAL_TCB_WRITE_RESUME | KAAL_TCB_WRITE_ALL)
/* The SPSR bits a thread may set: the condition flags N, Z, C, V. */
#define KAAL_REGS_SPSR_USER  0xf0000000ul

/* The IPC buffer: one 4 KiB page per thread, set with TCB configure. */
struct kaal_ipc_buffer {
	uint64_t tag;			  /* free for user space; the kernel
						 * neither reads nor writes it */
	uint64_t mr[KAAL_MSG_MAX_WORDS];  /* mr[0..5] travel in registers */
	uint64_t user_data;		  /* free for the thread (TLS) */
	uint64_t caps[KAAL_MSG_MAX_CAPS]; /* send: cptrs; recv: badges */
	uint64_t recv_cnode;		  /* where received caps go: CNode */
	uint64_t recv_index;		  /* ... slot in it */
	uint64_t recv_depth;		  /* ... depth of recv_cnode lookup */
};

_Static_assert(sizeof(struct kaal_ipc_buffer) == 576, "IPC buffer layout");

/* The same layout as word offsets, for code that sees the buffer as an
 * array of words (the kernel, through its window onto RAM). */
#define KAAL_IPCBUF_TAG	       0
#define KAAL_IPCBUF_MR(i)      (1 + (i))
#define KAAL_IPCBUF_USER_DATA  (1 + KAAL_MSG_MAX_WORDS)
#define KAAL_IPCBUF_CAP(i)     (KAAL_IPCBUF_USER_DATA + 1 + (i))
#define KAAL_IPCBUF_RECV_CNODE KAAL_IPCBUF_CAP(KAAL_MSG_MAX_CAPS)
#define KAAL_IPCBUF_RECV_INDEX (KAAL_IPCBUF_RECV_CNODE + 1)
#define KAAL_IPCBUF_RECV_DEPTH (KAAL_IPCBUF_RECV_CNODE + 2)
#define KAAL_IPCBUF_WORDS      (KAAL_IPCBUF_RECV_DEPTH + 1)

_Static_assert(KAAL_IPCBUF_MR(0) * 8 == offsetof(struct kaal_ipc_buffer, mr),
	       "IPC buffer: mr");
_Static_assert(KAAL_IPCBUF_USER_DATA * 8 ==
		       offsetof(struct kaal_ipc_buffer, user_data),
	       "IPC buffer: user_data");
_Static_assert(KAAL_IPCBUF_CAP(0) * 8 == offsetof(struct kaal_ipc_buffer, caps),
	       "IPC buffer: caps");
_Static_assert(KAAL_IPCBUF_RECV_CNODE * 8 ==
		       offsetof(struct kaal_ipc_buffer, recv_cnode),
	       "IPC buffer: recv_cnode");
_Static_assert(KAAL_IPCBUF_RECV_DEPTH * 8 ==
		       offsetof(struct kaal_ipc_buffer, recv_depth),
	       "IPC buffer: recv_depth");
_Static_assert(KAAL_IPCBUF_WORDS * 8 == sizeof(struct kaal_ipc_buffer),
	       "IPC buffer: size");

#endif /* UAPI_KAAL_MESSAGE_H */
