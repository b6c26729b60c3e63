/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkaal system call wrappers: one static inline function per system call
 * of <uapi/kaal/syscall.h>, all built on kaal_syscall(), the only place that
 * knows the register convention:
 *
 *   x8 = system call number, x0..x7 = arguments (x0 the invoked capability)
 *   returns x0 = error (enum kaal_error), x1..x8 = results
 *
 * Every wrapper returns the error code, alone or as the first member of a
 * small *_ret structure when the call has results. A call that fails has
 * changed nothing. Capability pointers (kaal_cptr_t) are resolved in the
 * caller's CSpace with depth 64; in the root task they are slot numbers.
 */
#ifndef LIBKAAL_SYSCALLS_H
#define LIBKAAL_SYSCALLS_H

#include <stdint.h>
#include <uapi/kaal/kaal.h>

typedef uint64_t kaal_cptr_t; /* capability pointer */
typedef uint64_t kaal_word_t; /* one machine word / message register */

/* The layout of the registers tcb_read_registers stores in the IPC
 * buffer (KAAL_REGS_*) is the ABI's: <uapi/kaal/message.h>. */

/* A message as it travels in registers: the info word and mr[0..5]. The
 * rest of a longer message is in the IPC buffer. */
struct kaal_msg {
	kaal_word_t info;
	kaal_word_t mr[KAAL_MSG_REG_WORDS];
};

/* What recv, nbrecv, call and reply_recv bring back. A receive woken by
 * the thread's bound notification instead has the label
 * KAAL_LABEL_NOTIFICATION, length 0, and the notification word as badge. */
struct kaal_recv_ret {
	enum kaal_error error;
	kaal_word_t badge; /* badge of the sender's capability; 0 for a reply */
	struct kaal_msg msg;
};

/* Calls with a single result word. */
struct kaal_word_ret {
	enum kaal_error error;
	kaal_word_t value;
};

struct kaal_identify_ret {
	enum kaal_error error;
	kaal_word_t type;   /* enum kaal_object_type */
	kaal_word_t rights; /* KAAL_RIGHT_* */
	kaal_word_t badge;
	kaal_word_t size_bits;
};

/* x0..x8 after a system call. */
struct kaal_sysret {
	kaal_word_t x0, x1, x2, x3, x4, x5, x6, x7, x8;
};

/*
 * The one system call primitive. Unused arguments are passed as zero, so
 * no stale register contents reach the kernel. All of x0..x8 are treated
 * as written by the kernel; the ABI preserves every other register.
 * Programs use the typed wrappers below; tests use this directly for
 * calls that have no wrapper (an invalid system call number).
 */
static inline struct kaal_sysret kaal_syscall(kaal_word_t nr, kaal_word_t a0,
					      kaal_word_t a1, kaal_word_t a2,
					      kaal_word_t a3, kaal_word_t a4,
					      kaal_word_t a5, kaal_word_t a6,
					      kaal_word_t a7)
{
	register kaal_word_t x0 __asm__("x0") = a0;
	register kaal_word_t x1 __asm__("x1") = a1;
	register kaal_word_t x2 __asm__("x2") = a2;
	register kaal_word_t x3 __asm__("x3") = a3;
	register kaal_word_t x4 __asm__("x4") = a4;
	register kaal_word_t x5 __asm__("x5") = a5;
	register kaal_word_t x6 __asm__("x6") = a6;
	register kaal_word_t x7 __asm__("x7") = a7;
	register kaal_word_t x8 __asm__("x8") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x8)
			 :
			 : "memory", "cc");
	return (struct kaal_sysret){ x0, x1, x2, x3, x4, x5, x6, x7, x8 };
}

/*
 * KAAL_SYSCALL(NAME, args...): system call KAAL_SYS_NAME with exactly the
 * arguments KAAL_SYSCALL_TABLE (<uapi/kaal/syscall.h>) gives it, the rest
 * zero. A wrapper that passes more or fewer does not compile, so the
 * wrappers below cannot drift from the kernel's table.
 */
#define KAAL__NARGS(...) \
	KAAL__NARGS_(0, ##__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define KAAL__NARGS_(z, a, b, c, d, e, f, g, h, n, ...) n
#define KAAL__PAD8(...)					KAAL__PAD8_(0, ##__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0, 0)
#define KAAL__PAD8_(z, a, b, c, d, e, f, g, h, ...)	a, b, c, d, e, f, g, h
#define KAAL_SYSCALL(name, ...)                                         \
	({                                                              \
		_Static_assert(KAAL__NARGS(__VA_ARGS__) ==              \
				       KAAL_SYS_ARGS_##name,            \
			       "KAAL_SYSCALL(" #name ", ...): not the " \
			       "argument count of KAAL_SYSCALL_TABLE"); \
		kaal_syscall(KAAL_SYS_##name, KAAL__PAD8(__VA_ARGS__)); \
	})

/* kaal__ipc's calls take all eight argument words: the endpoint, the
 * message info and the six message registers. */
#define KAAL__IPC_SEND_ARGS (2 + KAAL_MSG_REG_WORDS)
_Static_assert(KAAL_SYS_ARGS_SEND == KAAL__IPC_SEND_ARGS &&
		       KAAL_SYS_ARGS_NBSEND == KAAL__IPC_SEND_ARGS &&
		       KAAL_SYS_ARGS_CALL == KAAL__IPC_SEND_ARGS &&
		       KAAL_SYS_ARGS_REPLY == KAAL__IPC_SEND_ARGS &&
		       KAAL_SYS_ARGS_REPLY_RECV == KAAL__IPC_SEND_ARGS,
	       "kaal__ipc passes endpoint, info and the message registers");

/* And the results each wrapper reads: kaal__recv the message info, six
 * message registers and the badge; kaal__word one word; kaal_cap_identify
 * four; kaal__err none. */
_Static_assert(KAAL_SYS_RESULTS_RECV == 8 && KAAL_SYS_RESULTS_NBRECV == 8 &&
		       KAAL_SYS_RESULTS_CALL == 8 &&
		       KAAL_SYS_RESULTS_REPLY_RECV == 8,
	       "kaal__recv reads x1..x8");
_Static_assert(KAAL_SYS_RESULTS_TCB_READ_REGISTERS == 1 &&
		       KAAL_SYS_RESULTS_TCB_READ_FP_REGISTERS == 1 &&
		       KAAL_SYS_RESULTS_WAIT == 1 &&
		       KAAL_SYS_RESULTS_POLL == 1 &&
		       KAAL_SYS_RESULTS_PAGE_TABLE_MAP == 1 &&
		       KAAL_SYS_RESULTS_PAGE_ADDRESS == 1,
	       "kaal__word reads x1");
_Static_assert(KAAL_SYS_RESULTS_CAP_IDENTIFY == 4,
	       "kaal_cap_identify reads x1..x4");

static inline enum kaal_error kaal__err(struct kaal_sysret r)
{
	return (enum kaal_error)r.x0;
}

static inline struct kaal_word_ret kaal__word(struct kaal_sysret r)
{
	return (struct kaal_word_ret){ (enum kaal_error)r.x0, r.x1 };
}

static inline struct kaal_recv_ret kaal__recv(struct kaal_sysret r)
{
	return (struct kaal_recv_ret){
		.error = (enum kaal_error)r.x0,
		.badge = r.x8,
		.msg = { r.x1, { r.x2, r.x3, r.x4, r.x5, r.x6, r.x7 } },
	};
}

/* The send side of IPC: x0 = endpoint, x1 = info, x2..x7 = mr[0..5]. */
static inline struct kaal_sysret kaal__ipc(kaal_word_t nr, kaal_cptr_t ep,
					   const struct kaal_msg *m)
{
	return kaal_syscall(nr, ep, m->info, m->mr[0], m->mr[1], m->mr[2],
			    m->mr[3], m->mr[4], m->mr[5]);
}

/* ---- IPC (message.h) ------------------------------------------------- */

/* Send msg on endpoint ep; blocks until a receiver takes it. */
static inline enum kaal_error kaal_send(kaal_cptr_t ep,
					const struct kaal_msg *msg)
{
	return kaal__err(kaal__ipc(KAAL_SYS_SEND, ep, msg));
}

/* Send msg only if a receiver is waiting, else KAAL_E_WOULD_BLOCK. */
static inline enum kaal_error kaal_nbsend(kaal_cptr_t ep,
					  const struct kaal_msg *msg)
{
	return kaal__err(kaal__ipc(KAAL_SYS_NBSEND, ep, msg));
}

/* Send msg and wait for the reply (returned with badge 0). */
static inline struct kaal_recv_ret kaal_call(kaal_cptr_t ep,
					     const struct kaal_msg *msg)
{
	return kaal__recv(kaal__ipc(KAAL_SYS_CALL, ep, msg));
}

/* Wait for a message on ep. */
static inline struct kaal_recv_ret kaal_recv(kaal_cptr_t ep)
{
	return kaal__recv(KAAL_SYSCALL(RECV, ep));
}

/* Take a waiting message from ep, else KAAL_E_WOULD_BLOCK. */
static inline struct kaal_recv_ret kaal_nbrecv(kaal_cptr_t ep)
{
	return kaal__recv(KAAL_SYSCALL(NBRECV, ep));
}

/* Reply to the thread that last called us (x0 is unused). */
static inline enum kaal_error kaal_reply(const struct kaal_msg *msg)
{
	return kaal__err(kaal__ipc(KAAL_SYS_REPLY, 0, msg));
}

/* Reply to the last caller, then wait for the next message on ep. */
static inline struct kaal_recv_ret kaal_reply_recv(kaal_cptr_t ep,
						   const struct kaal_msg *msg)
{
	return kaal__recv(kaal__ipc(KAAL_SYS_REPLY_RECV, ep, msg));
}

/* ---- Threads ---------------------------------------------------------- */

/* Give up the rest of the time slice. */
static inline enum kaal_error kaal_yield(void)
{
	return kaal__err(KAAL_SYSCALL(YIELD));
}

static inline enum kaal_error kaal_thread_suspend(kaal_cptr_t tcb)
{
	return kaal__err(KAAL_SYSCALL(THREAD_SUSPEND, tcb));
}

static inline enum kaal_error kaal_thread_resume(kaal_cptr_t tcb)
{
	return kaal__err(KAAL_SYSCALL(THREAD_RESUME, tcb));
}

/*
 * Set a thread's fault endpoint (0: none), CSpace root, VSpace and IPC
 * buffer (its address and frame). The capabilities are looked up in the
 * caller's CSpace.
 */
static inline enum kaal_error
kaal_tcb_configure(kaal_cptr_t tcb, kaal_cptr_t fault_ep,
		   kaal_cptr_t cspace_root, kaal_cptr_t vspace,
		   kaal_word_t ipc_buffer_vaddr, kaal_cptr_t ipc_buffer_frame)
{
	return kaal__err(KAAL_SYSCALL(TCB_CONFIGURE, tcb, fault_ep, cspace_root,
				      vspace, ipc_buffer_vaddr,
				      ipc_buffer_frame));
}

/* Set tcb's priority; at most the maximum controlled priority (MCP) of
 * authority_tcb. */
static inline enum kaal_error kaal_tcb_set_priority(kaal_cptr_t tcb,
						    kaal_cptr_t authority_tcb,
						    kaal_word_t prio)
{
	return kaal__err(
		KAAL_SYSCALL(TCB_SET_PRIORITY, tcb, authority_tcb, prio));
}

/* Set tcb's maximum controlled priority: the highest priority it may give
 * any thread as the authority; at most that of authority_tcb. */
static inline enum kaal_error
kaal_tcb_set_mcp(kaal_cptr_t tcb, kaal_cptr_t authority_tcb, kaal_word_t mcp)
{
	return kaal__err(KAAL_SYSCALL(TCB_SET_MCP, tcb, authority_tcb, mcp));
}

/* Run tcb on CPU @cpu (0 to the bootinfo's nr_cpus - 1), one of the CPUs
 * authority_tcb may place threads on (Documentation/smp.rst). */
static inline enum kaal_error kaal_tcb_set_affinity(kaal_cptr_t tcb,
						    kaal_cptr_t authority_tcb,
						    kaal_word_t cpu)
{
	return kaal__err(
		KAAL_SYSCALL(TCB_SET_AFFINITY, tcb, authority_tcb, cpu));
}

/* Set the CPUs (bit n: CPU n) tcb may place threads on as an authority;
 * a subset of authority_tcb's. */
static inline enum kaal_error
kaal_tcb_set_cpus(kaal_cptr_t tcb, kaal_cptr_t authority_tcb, kaal_word_t mask)
{
	return kaal__err(KAAL_SYSCALL(TCB_SET_CPUS, tcb, authority_tcb, mask));
}

/* Make every svc of tcb a KaaL system call (KAAL_SYSCALL_MODE_KAAL) or
 * an unknown-syscall fault to its fault endpoint
 * (KAAL_SYSCALL_MODE_FOREIGN, <uapi/kaal/fault.h>), from its next svc. */
static inline enum kaal_error kaal_tcb_set_syscall_mode(kaal_cptr_t tcb,
							kaal_word_t mode)
{
	return kaal__err(KAAL_SYSCALL(TCB_SET_SYSCALL_MODE, tcb, mode));
}

/* Set pc, sp and x0..x2 of a thread; flags: KAAL_TCB_WRITE_RESUME (1)
 * resumes it. */
static inline enum kaal_error
kaal_tcb_write_registers(kaal_cptr_t tcb, kaal_word_t flags, kaal_word_t pc,
			 kaal_word_t sp, kaal_word_t arg0, kaal_word_t arg1,
			 kaal_word_t arg2)
{
	return kaal__err(KAAL_SYSCALL(TCB_WRITE_REGISTERS, tcb, flags, pc, sp,
				      arg0, arg1, arg2));
}

/* Set every register of a thread (x0..x30, sp, pc, the SPSR's condition
 * flags, TPIDR_EL0, TPIDRRO_EL0) from the caller's IPC buffer,
 * mr[0..KAAL_REGS_COUNT-1] (indices KAAL_REGS_*), as
 * kaal_tcb_read_registers stores them; flags may add
 * KAAL_TCB_WRITE_RESUME. */
static inline enum kaal_error kaal_tcb_write_registers_all(kaal_cptr_t tcb,
							   kaal_word_t flags)
{
	return kaal__err(KAAL_SYSCALL(TCB_WRITE_REGISTERS, tcb,
				      flags | KAAL_TCB_WRITE_ALL, 0, 0, 0, 0,
				      0));
}

/* Store x0..x30, sp, pc, spsr, TPIDR_EL0 and TPIDRRO_EL0 of a thread in the caller's IPC buffer,
 * mr[0..KAAL_REGS_COUNT-1] (indices KAAL_REGS_*); value = the number of
 * words stored. */
static inline struct kaal_word_ret kaal_tcb_read_registers(kaal_cptr_t tcb)
{
	return kaal__word(KAAL_SYSCALL(TCB_READ_REGISTERS, tcb));
}

/* Store a thread's FP/SIMD registers q0..q31 in the caller's IPC buffer,
 * mr[0..KAAL_FP_REGS_COUNT-1] (q<n> = mr[2n] low, mr[2n + 1] high);
 * value = the status word, KAAL_FP_STATUS(fpsr, fpcr). */
static inline struct kaal_word_ret kaal_tcb_read_fp_registers(kaal_cptr_t tcb)
{
	return kaal__word(KAAL_SYSCALL(TCB_READ_FP_REGISTERS, tcb));
}

/* Set a thread's (not the caller's) q0..q31 from the caller's IPC
 * buffer, as kaal_tcb_read_fp_registers stores them, and FPSR and FPCR
 * from status (only the bits of KAAL_FP_STATUS_USER). */
static inline enum kaal_error kaal_tcb_write_fp_registers(kaal_cptr_t tcb,
							  kaal_word_t status)
{
	return kaal__err(KAAL_SYSCALL(TCB_WRITE_FP_REGISTERS, tcb, status));
}

/* Bind ntfn to tcb: signals arrive while it waits on an endpoint. */
static inline enum kaal_error kaal_tcb_bind_notification(kaal_cptr_t tcb,
							 kaal_cptr_t ntfn)
{
	return kaal__err(KAAL_SYSCALL(TCB_BIND_NOTIFICATION, tcb, ntfn));
}

/* Move tcb to scheduling domain (0 .. bootinfo config.nr_domains - 1);
 * needs the Domain capability (KAAL_CAP_DOMAIN in the root task). */
static inline enum kaal_error
kaal_tcb_set_domain(kaal_cptr_t domain_cap, kaal_cptr_t tcb, kaal_word_t domain)
{
	return kaal__err(KAAL_SYSCALL(TCB_SET_DOMAIN, domain_cap, tcb, domain));
}

/* ---- Notifications ---------------------------------------------------- */

/* Wait until ntfn is signalled; value = the OR of the badges. */
static inline struct kaal_word_ret kaal_wait(kaal_cptr_t ntfn)
{
	return kaal__word(KAAL_SYSCALL(WAIT, ntfn));
}

static inline enum kaal_error kaal_signal(kaal_cptr_t ntfn)
{
	return kaal__err(KAAL_SYSCALL(SIGNAL, ntfn));
}

/* As kaal_wait without blocking; value 0 when nothing was pending. */
static inline struct kaal_word_ret kaal_poll(kaal_cptr_t ntfn)
{
	return kaal__word(KAAL_SYSCALL(POLL, ntfn));
}

/* ---- Virtual memory --------------------------------------------------- */

/* Map page at vaddr in vspace with KAAL_MAP_* permissions. */
static inline enum kaal_error kaal_memory_map(kaal_cptr_t page,
					      kaal_cptr_t vspace,
					      kaal_word_t vaddr,
					      kaal_word_t perms)
{
	return kaal__err(KAAL_SYSCALL(MEMORY_MAP, page, vspace, vaddr, perms));
}

static inline enum kaal_error kaal_memory_unmap(kaal_cptr_t page)
{
	return kaal__err(KAAL_SYSCALL(MEMORY_UNMAP, page));
}

/* Change the permissions of a mapped page. */
static inline enum kaal_error kaal_memory_protect(kaal_cptr_t page,
						  kaal_word_t perms)
{
	return kaal__err(KAAL_SYSCALL(MEMORY_PROTECT, page, perms));
}

/* Install page table pt for vaddr in vspace; value = the level it went
 * to (1..3), the highest one missing. */
static inline struct kaal_word_ret
kaal_page_table_map(kaal_cptr_t pt, kaal_cptr_t vspace, kaal_word_t vaddr)
{
	return kaal__word(KAAL_SYSCALL(PAGE_TABLE_MAP, pt, vspace, vaddr));
}

static inline enum kaal_error kaal_page_table_unmap(kaal_cptr_t pt)
{
	return kaal__err(KAAL_SYSCALL(PAGE_TABLE_UNMAP, pt));
}

/* value = the physical address of a page (for DMA and drivers). */
static inline struct kaal_word_ret kaal_page_address(kaal_cptr_t page)
{
	return kaal__word(KAAL_SYSCALL(PAGE_ADDRESS, page));
}

/*
 * Make count objects of type (size_bits: for untyped and CNodes only, else
 * ignored) from untyped, into slots dest_offset.. of the CNode found at
 * dest_cnode with depth dest_depth.
 */
static inline enum kaal_error
kaal_retype(kaal_cptr_t untyped, kaal_word_t type, kaal_word_t size_bits,
	    kaal_cptr_t dest_cnode, kaal_word_t dest_depth,
	    kaal_word_t dest_offset, kaal_word_t count)
{
	return kaal__err(KAAL_SYSCALL(RETYPE, untyped, type, size_bits,
				      dest_cnode, dest_depth, dest_offset,
				      count));
}

/* ---- Capabilities ----------------------------------------------------- */
/* Slots are named (cnode, index, depth): index is looked up with depth
 * bits in the CSpace whose root is the CNode capability cnode. */

/* Copy a capability, keeping only the rights in rights. */
static inline enum kaal_error
kaal_cap_copy(kaal_cptr_t dest_cnode, kaal_word_t dest_index,
	      kaal_word_t dest_depth, kaal_cptr_t src_cnode,
	      kaal_word_t src_index, kaal_word_t src_depth, kaal_word_t rights)
{
	return kaal__err(KAAL_SYSCALL(CAP_COPY, dest_cnode, dest_index,
				      dest_depth, src_cnode, src_index,
				      src_depth, rights));
}

/* As kaal_cap_copy, and set the badge (endpoints, notifications). */
static inline enum kaal_error
kaal_cap_mint(kaal_cptr_t dest_cnode, kaal_word_t dest_index,
	      kaal_word_t dest_depth, kaal_cptr_t src_cnode,
	      kaal_word_t src_index, kaal_word_t src_depth, kaal_word_t rights,
	      kaal_word_t badge)
{
	return kaal__err(KAAL_SYSCALL(CAP_MINT, dest_cnode, dest_index,
				      dest_depth, src_cnode, src_index,
				      src_depth, rights, badge));
}

static inline enum kaal_error
kaal_cap_move(kaal_cptr_t dest_cnode, kaal_word_t dest_index,
	      kaal_word_t dest_depth, kaal_cptr_t src_cnode,
	      kaal_word_t src_index, kaal_word_t src_depth)
{
	return kaal__err(KAAL_SYSCALL(CAP_MOVE, dest_cnode, dest_index,
				      dest_depth, src_cnode, src_index,
				      src_depth));
}

static inline enum kaal_error
kaal_cap_delete(kaal_cptr_t cnode, kaal_word_t index, kaal_word_t depth)
{
	return kaal__err(KAAL_SYSCALL(CAP_DELETE, cnode, index, depth));
}

/* Delete every capability derived from the one in the slot. */
static inline enum kaal_error
kaal_cap_revoke(kaal_cptr_t cnode, kaal_word_t index, kaal_word_t depth)
{
	return kaal__err(KAAL_SYSCALL(CAP_REVOKE, cnode, index, depth));
}

/* Type, rights, badge and size of the capability at cptr. */
static inline struct kaal_identify_ret kaal_cap_identify(kaal_cptr_t cptr)
{
	struct kaal_sysret r = KAAL_SYSCALL(CAP_IDENTIFY, cptr);

	return (struct kaal_identify_ret){ (enum kaal_error)r.x0, r.x1, r.x2,
					   r.x3, r.x4 };
}

/* ---- Interrupts ------------------------------------------------------- */

/* Make a handler capability for irq in slot (dest_cnode, dest_index,
 * dest_depth). */
static inline enum kaal_error kaal_irq_handler_get(kaal_cptr_t irq_control,
						   kaal_word_t irq,
						   kaal_cptr_t dest_cnode,
						   kaal_word_t dest_index,
						   kaal_word_t dest_depth)
{
	return kaal__err(KAAL_SYSCALL(IRQ_HANDLER_GET, irq_control, irq,
				      dest_cnode, dest_index, dest_depth));
}

static inline enum kaal_error kaal_irq_handler_ack(kaal_cptr_t handler)
{
	return kaal__err(KAAL_SYSCALL(IRQ_HANDLER_ACK, handler));
}

/* Signal ntfn when the interrupt fires. */
static inline enum kaal_error kaal_irq_handler_set_ntfn(kaal_cptr_t handler,
							kaal_cptr_t ntfn)
{
	return kaal__err(KAAL_SYSCALL(IRQ_HANDLER_SET_NTFN, handler, ntfn));
}

/* The user timer (the handler of its line only; else KAAL_E_ILLEGAL_OP):
 * fire once the virtual count (counter_ticks()) reaches deadline, at
 * once if it has; 0 disarms. */
static inline enum kaal_error kaal_irq_handler_set_deadline(kaal_cptr_t handler,
							    uint64_t deadline)
{
	return kaal__err(
		KAAL_SYSCALL(IRQ_HANDLER_SET_DEADLINE, handler, deadline));
}

/* ---- Debugging (CONFIG_DEBUG_SYSCALLS; else KAAL_E_INVALID_SYSCALL) ---- */

static inline enum kaal_error kaal_debug_putchar(char c)
{
	return kaal__err(KAAL_SYSCALL(DEBUG_PUTCHAR, (unsigned char)c));
}

/* Power the machine off; returns only when the call does not exist. */
static inline enum kaal_error kaal_debug_halt(void)
{
	return kaal__err(KAAL_SYSCALL(DEBUG_HALT));
}

/* Counter ticks the kernel has spent waiting for interrupts since boot
 * (CONFIG_DEBUG_SYSCALLS). */
static inline struct kaal_word_ret kaal_debug_idle(void)
{
	return kaal__word(KAAL_SYSCALL(DEBUG_IDLE));
}

#endif /* LIBKAAL_SYSCALLS_H */
