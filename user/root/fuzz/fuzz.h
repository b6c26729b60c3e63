/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call fuzzer (CONFIG_ROOT_TASK_FUZZ, Documentation/testing.rst).
 *
 * The fuzzer's own capabilities (its CSpace root, VSpace, TCB, the arena
 * untyped, the worker stacks and IPC buffers, the device page) live in
 * root CNode slots that no fuzzed call ever names as something to change.
 * Everything it fuzzes lives in the pool: FZ_POOL_SLOTS consecutive slots
 * of the root CNode, filled from the arena untyped and emptied again at
 * the start of every epoch by revoking the arena. The fuzzer remembers
 * the type of each pool slot (a shadow, refreshed now and then with
 * cap_identify) so that most calls get arguments of the right type; a
 * fraction get the wrong type or garbage.
 *
 * A run is a function of the seed: the fuzzer draws every choice from one
 * splitmix64 generator, the workers each from their own, and under QEMU
 * -icount the timer interrupts land on the same instructions every time.
 */
#ifndef USER_ROOT_FUZZ_FUZZ_H
#define USER_ROOT_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <libkaal/alloc.h>
#include <libkaal/thread.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CNODE	      KAAL_CAP_INIT_CNODE
#define DEPTH	      KAAL_WORD_BITS

#define FZ_POOL_SLOTS 256
#define FZ_WORKERS    8
#define FZ_ARENA_BITS 23   /* 8 MiB per epoch */
#define FZ_SHADOW_ANY 0xff /* type unknown: could be anything */
/*
 * Every badge the fuzzer mints is at least this: a receiver finds the
 * badges of the capabilities it got in its IPC buffer's caps[], where a
 * sender puts capability pointers, and a worker that shares its IPC
 * buffer with another (the fuzzer restarts threads on any context) may
 * send one as a capability pointer. The root CNode's guard refuses any
 * pointer from 2^ROOT_CNODE_BITS up, so no badge names a fuzzer slot.
 * With badges from 1, a worker sent the fuzzer's own TCB (slot 1) into
 * the pool, and the fuzzer reconfigured itself (gicv3-rr, seed 0x65).
 */
#define FZ_BADGE_MIN  (1ul << 16)

/* Address space the fuzzed mappings use, in the fuzzer's own VSpace and
 * in the pool's: 256 GiB up, far from the program and its allocator. */
#define FZ_VA_BASE 0x4000000000ul
#define FZ_VA_SPAN (16ul << 21) /* 16 large pages' worth */

/* What the progress counts are grouped by. */
enum fz_family {
	FAM_RETYPE,
	FAM_CAP,
	FAM_VM,
	FAM_TCB,
	FAM_IPC,
	FAM_NTFN,
	FAM_IRQ,
	FAM_DOMAIN,
	FAM_COUNT
};

/* One worker context: a stack and an IPC buffer that stay for the whole
 * run, used by whichever pool TCB the fuzzer starts on it. */
struct fz_worker {
	kaal_word_t stack_top;
	kaal_word_t ipc_vaddr;
	kaal_cptr_t ipc_frame;	  /* an unmapped copy of its IPC page */
	kaal_cptr_t ipc_mapped;	  /* the capability that maps it */
	kaal_cptr_t ipc_readonly; /* a copy with the read right only */
	kaal_cptr_t tcb;	  /* the pool slot last started on it */
	uint64_t rng;
	uint64_t loops;
};

struct fz {
	uint64_t rng;
	uint64_t seed, ncalls, calls, aux_calls, trace_from, progress_every;
	uint64_t check;
	uint64_t epoch, epoch_end;
	uint64_t ok[FAM_COUNT], fail[FAM_COUNT];
	uint64_t errors[KAAL_E_MAX + 1];
	uint64_t vt_start;
	const struct kaal_bootinfo *bi;
	struct kaal_alloc alloc;
	kaal_cptr_t pool; /* first pool slot */
	kaal_cptr_t arena;
	kaal_cptr_t device_frame;    /* a device page (0: none found) */
	uint8_t type[FZ_POOL_SLOTS]; /* shadow: enum kaal_object_type */
	uint8_t bits[FZ_POOL_SLOTS]; /* size_bits of CNodes and untyped */
	struct fz_worker wk[FZ_WORKERS];
	volatile uint32_t *uart; /* the console PL011, or NULL */
	volatile uint32_t *rtc;	 /* the PL031's registers, or NULL */
	kaal_word_t rtc_irq;
	kaal_word_t timer_irq; /* the user timer's line (0: none found) */
	kaal_word_t max_prio;
	unsigned int nr_domains;
};

extern struct fz fz;

/* ---- random numbers (splitmix64) ------------------------------------ */

static inline uint64_t fz_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t fz_below(uint64_t *s, uint64_t n)
{
	return n ? fz_next(s) % n : 0;
}

static inline int fz_chance(uint64_t *s, unsigned int percent)
{
	return fz_below(s, 100) < percent;
}

/* ---- the pool (pool.c) ---------------------------------------------- */

/* A slot named as capability operations name it. */
struct fz_ref {
	kaal_cptr_t cnode;
	kaal_word_t index, depth;
	int pool; /* index into the shadow, or -1 */
};

/* A capability pointer for an invocation: mostly a pool slot whose
 * shadow type is @type, sometimes any pool slot, rarely garbage (a
 * pointer the root CNode's guard refuses). Never a fuzzer slot. */
kaal_cptr_t fz_cap(uint64_t *rng, unsigned int type);
/* A pool slot the shadow says is empty (any pool slot if none is). */
kaal_cptr_t fz_empty(uint64_t *rng);
/* A slot for copy/move/delete/revoke: in the root CNode's pool, in a
 * CNode of the pool, or garbage. */
struct fz_ref fz_ref_typed(uint64_t *rng, unsigned int type);
struct fz_ref fz_ref_empty(uint64_t *rng);
/* The shadow index of a pool cptr, or -1. */
int fz_pool_index(kaal_cptr_t cptr);
void fz_shadow_set(kaal_cptr_t cptr, unsigned int type, unsigned int bits);
void fz_shadow_refresh(void);
/* A new epoch: revoke the arena, empty the pool, seed it again. */
void fz_epoch(void);

/* ---- bookkeeping (main.c) ------------------------------------------- */

/* Count a fuzzed call of @name with its first arguments and result, and
 * print it when tracing; the progress line is printed from here. */
int fz_rec(enum fz_family fam, const char *name, int err, uint64_t a,
	   uint64_t b, uint64_t c);
/* Calls the fuzzer makes to keep itself going (epochs, shadow): counted
 * apart, and never traced. */
int fz_aux(int err);
/* There is budget for another fuzzed call. */
static inline int fz_room(void)
{
	return fz.calls < fz.ncalls;
}

/* ---- operations (ops_*.c) ------------------------------------------- */

struct fz_op {
	const char *name;
	unsigned int weight;
	void (*run)(void);
};

extern const struct fz_op fz_cap_ops[], fz_vm_ops[], fz_tcb_ops[], fz_ipc_ops[];
extern const unsigned int fz_nr_cap_ops, fz_nr_vm_ops, fz_nr_tcb_ops,
	fz_nr_ipc_ops;

/* Start a worker on pool TCB @tcb with context @i (ops_tcb.c). */
int fz_spawn(kaal_cptr_t tcb, unsigned int i, int counted);
/* A mapping address in the fuzzed range, aligned to @align. */
kaal_word_t fz_vaddr(uint64_t *rng, kaal_word_t align);

/* ---- workers (worker.c) --------------------------------------------- */

void fz_worker_main(kaal_word_t i);

/* ---- the devices (device.c) ----------------------------------------- */

void fz_devices_init(void);
/* Write to the UART when @visible, else (the same instructions) to RAM. */
void fz_emit(int visible, const char *s, size_t len);
/* Make the RTC raise its interrupt, or quieten it. */
void fz_rtc_poke(int raise);

#endif /* USER_ROOT_FUZZ_FUZZ_H */
