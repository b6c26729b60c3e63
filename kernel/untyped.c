// SPDX-License-Identifier: GPL-2.0-only
/*
 * Untyped memory and retype: the only way kernel objects come to exist
 * after boot. Objects are carved at the untyped's free watermark, each
 * aligned to its own size; the watermark returns to zero once every child
 * is gone, so revoking an untyped makes all of it reusable.
 *
 * Zeroing. Every object is made from zeroed memory (device memory only
 * yields frames and untyped, and is never written). The kernel zeroes
 * each byte once per use, when an object that needs it is made, never
 * when an untyped is split: an untyped records, beside its watermark, how
 * far memory above the watermark is known to be zero (its clean mark),
 * and a child untyped inherits what its parent knew about its range.
 * Zeroing goes upwards from the clean mark in chunks of
 * UNTYPED_ZERO_CHUNK bytes, moving the mark after each; at a pending
 * interrupt the call stops with SYSCALL_RESTART and, run again, goes on
 * from the mark. So retype holds interrupts off for one chunk at most,
 * however large the request (Documentation/objects.rst).
 */
#include <kaal/arch/cpu.h>
#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/string.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/untyped.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#define RETYPE_MAX_OBJECTS 256
#define UNTYPED_ZERO_CHUNK (64ul << 10)

struct retype_args {
	unsigned int type, size_bits, count;
	int obj_bits;
	struct cap *dest_cnode;
	uint64_t offset;
};

static int check_args(struct tcb *t, const struct syscall_args *sa,
		      struct retype_args *a, bool device)
{
	word_t type = syscall_arg(sa, KAAL_ARG_RETYPE_TYPE);
	word_t size_bits = syscall_arg(sa, KAAL_ARG_RETYPE_SIZE_BITS);
	word_t count = syscall_arg(sa, KAAL_ARG_RETYPE_COUNT);
	struct lookup_ret cn;

	if (type >= KAAL_OBJ_TYPE_MAX || size_bits > 64)
		return KAAL_E_INVALID_ARG;
	a->type = (unsigned int)type;
	a->size_bits = (unsigned int)size_bits;
	a->obj_bits = object_size_bits(a->type, a->size_bits);
	if (a->obj_bits < 0)
		return KAAL_E_INVALID_ARG;
	if (device && a->type != KAAL_OBJ_PAGE &&
	    a->type != KAAL_OBJ_LARGE_PAGE && a->type != KAAL_OBJ_UNTYPED)
		return KAAL_E_DEVICE;
	if (count < 1 || count > RETYPE_MAX_OBJECTS)
		return KAAL_E_RANGE;
	a->count = (unsigned int)count;
	cn = cspace_lookup_cnode(t, syscall_arg(sa, KAAL_ARG_RETYPE_DEST_CNODE),
				 syscall_arg(sa, KAAL_ARG_RETYPE_DEST_DEPTH));
	if (cn.err)
		return cn.err;
	a->dest_cnode = &cn.slot->cap;
	a->offset = syscall_arg(sa, KAAL_ARG_RETYPE_DEST_OFFSET);
	if (a->offset >= (1ull << a->dest_cnode->size_bits) ||
	    a->count > (1ull << a->dest_cnode->size_bits) - a->offset)
		return KAAL_E_RANGE;
	for (unsigned int i = 0; i < a->count; i++)
		if (!cap_is_null(
			    &cnode_slots(a->dest_cnode)[a->offset + i].cap))
			return KAAL_E_SLOT_FULL;
	if (a->type == KAAL_OBJ_VSPACE && !vspace_asid_available(a->count))
		return KAAL_E_NO_ASID;
	return KAAL_OK;
}

struct untyped_alloc_ret untyped_alloc(uint64_t watermark, bool has_children,
				       unsigned int size_bits,
				       unsigned int obj_bits, uint64_t count)
{
	uint64_t size = 1ull << size_bits;
	uint64_t start =
		ALIGN_UP(has_children ? watermark : 0, 1ull << obj_bits);

	/* count <= room >> obj_bits: count << obj_bits cannot overflow. */
	if (start > size || count > (size - start) >> obj_bits)
		return (struct untyped_alloc_ret){ KAAL_E_NO_MEMORY, 0,
						   watermark };
	return (struct untyped_alloc_ret){ KAAL_OK, start,
					   start + (count << obj_bits) };
}

/* Once nothing made from @u is left, all of it is free again, and what
 * was used is no longer known to be zero. (A watermark of 0 means nothing
 * was used since: the clean mark then stays, which is what lets a retype
 * stopped by an interrupt keep its progress.) */
static void untyped_reset_if_empty(struct cap *u, bool has_children)
{
	if (!has_children && cap_untyped_watermark(u)) {
		cap_untyped_set_watermark(u, 0);
		cap_untyped_set_clean(u, 0);
	}
}

/* Make [watermark, @end) of @u zero, upwards from what is already known
 * to be, one chunk at a time. Returns SYSCALL_RESTART when it stopped for
 * an interrupt (the clean mark keeps the progress). */
static int untyped_zero_to(struct cap *u, uint64_t end)
{
	uint64_t at = cap_untyped_clean(u);

	if (at < cap_untyped_watermark(u))
		at = cap_untyped_watermark(u);
	while (at < end) {
		uint64_t next =
			ALIGN_DOWN(at + UNTYPED_ZERO_CHUNK, UNTYPED_ZERO_CHUNK);

		if (next > end)
			next = end;
		arch_zero_memory(phys_to_virt(u->object + at), next - at);
		cap_untyped_set_clean(u, at = next);
		if (at < end && arch_irq_pending())
			return SYSCALL_RESTART;
	}
	return KAAL_OK;
}

/* A child untyped over [@start, @start + 2^@bits) of @u knows as much of
 * its memory to be zero as @u does. */
static uint64_t child_clean(const struct cap *u, uint64_t start,
			    unsigned int bits)
{
	uint64_t clean = cap_untyped_clean(u);

	if (clean <= start)
		return 0;
	return clean - start < (1ull << bits) ? clean - start : 1ull << bits;
}

/* retype(untyped, type, size_bits, dest_cnode, dest_depth, dest_offset, count) */
int sys_retype(struct tcb *t, struct syscall_args *sa)
{
	struct cte *ut = sa->slot;
	struct cap *u = &ut->cap;
	bool device = u->flags & CAP_F_DEVICE;
	struct untyped_alloc_ret m;
	struct retype_args a;
	int err;

	if ((err = check_args(t, sa, &a, device)))
		return err;
	untyped_reset_if_empty(u, ut->first_child != NULL);
	m = untyped_alloc(cap_untyped_watermark(u), true, u->size_bits,
			  (unsigned int)a.obj_bits, a.count);
	if (m.err)
		return m.err;
	if (!device && a.type != KAAL_OBJ_UNTYPED &&
	    (err = untyped_zero_to(u, m.watermark)))
		return err;
	for (unsigned int i = 0; i < a.count; i++) {
		uint64_t off = m.start + ((uint64_t)i << a.obj_bits);
		paddr_t pa = u->object + off;
		struct cap c = object_create(a.type, a.size_bits,
					     device ? NULL : phys_to_virt(pa),
					     pa, device);

		if (a.type == KAAL_OBJ_UNTYPED && !device)
			cap_untyped_set_clean(&c,
					      child_clean(u, off, a.size_bits));
		cspace_insert(&cnode_slots(a.dest_cnode)[a.offset + i], &c, ut);
	}
	cap_untyped_set_watermark(u, m.watermark);
	if (cap_untyped_clean(u) < m.watermark)
		cap_untyped_set_clean(u, m.watermark);
	return KAAL_OK;
}
