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

/*@ requires size_bits <= KAAL_UNTYPED_MAX_BITS;
    requires obj_bits <= KAAL_UNTYPED_MAX_BITS;
    requires watermark <= (1 << size_bits);
    assigns \nothing;
    ensures \result.err == KAAL_OK || \result.err == KAAL_E_NO_MEMORY;
    ensures refused: \result.err != KAAL_OK ==>
	      \result.watermark == watermark;
    ensures within: \result.err == KAAL_OK ==>
	      \result.watermark == \result.start + count * (1 << obj_bits) &&
	      \result.watermark <= (1 << size_bits);
    ensures aligned: \result.err == KAAL_OK ==>
	      \result.start % (1 << obj_bits) == 0;
    ensures above_children: \result.err == KAAL_OK && has_children ==>
	      watermark <= \result.start;
    ensures fits: \result.err == KAAL_OK && count >= 1 ==>
	      obj_bits <= size_bits;
 */
struct untyped_alloc_ret untyped_alloc(uint64_t watermark, bool has_children,
				       unsigned int size_bits,
				       unsigned int obj_bits, uint64_t count)
{
	uint64_t size = 1ull << size_bits;
	uint64_t align = 1ull << obj_bits;
	/* The first multiple of align at or above the watermark (no
	 * overflow: both are at most 2^KAAL_UNTYPED_MAX_BITS). */
	uint64_t start =
		((has_children ? watermark : 0) + (align - 1)) / align * align;

	/* count <= room / align: count * align cannot overflow. */
	if (start > size || count > (size - start) / align)
		return (struct untyped_alloc_ret){ KAAL_E_NO_MEMORY, 0,
						   watermark };
	return (struct untyped_alloc_ret){ KAAL_OK, start,
					   start + count * align };
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

/* The types device memory can be retyped into: it is never written. */
#define DEVICE_TYPES                                       \
	(1u << KAAL_OBJ_PAGE | 1u << KAAL_OBJ_LARGE_PAGE | \
	 1u << KAAL_OBJ_UNTYPED)

/* retype(untyped, type, size_bits, dest_cnode, dest_depth, dest_offset, count) */
int sys_retype(struct tcb *t, struct syscall_args *sa)
{
	struct cte *ut = sa->slot;
	struct cap *u = &ut->cap;
	bool device = u->flags & CAP_F_DEVICE;
	word_t type = syscall_arg(sa, KAAL_ARG_RETYPE_TYPE);
	word_t size_bits = syscall_arg(sa, KAAL_ARG_RETYPE_SIZE_BITS);
	word_t count = syscall_arg(sa, KAAL_ARG_RETYPE_COUNT);
	word_t offset, slots;
	struct untyped_alloc_ret m;
	struct lookup_ret cn;
	struct cte *dest;
	int obj_bits, err;

	if (type >= KAAL_OBJ_TYPE_MAX || size_bits > 64)
		return KAAL_E_INVALID_ARG;
	obj_bits =
		object_size_bits((unsigned int)type, (unsigned int)size_bits);
	if (obj_bits < 0)
		return KAAL_E_INVALID_ARG;
	if (device && !((DEVICE_TYPES >> type) & 1))
		return KAAL_E_DEVICE;
	if (count - 1 >= RETYPE_MAX_OBJECTS)
		return KAAL_E_RANGE;
	cn = cspace_lookup_cnode(t, syscall_arg(sa, KAAL_ARG_RETYPE_DEST_CNODE),
				 syscall_arg(sa, KAAL_ARG_RETYPE_DEST_DEPTH));
	if (cn.err)
		return cn.err;
	offset = syscall_arg(sa, KAAL_ARG_RETYPE_DEST_OFFSET);
	slots = 1ull << cn.slot->cap.size_bits;
	if (offset >= slots || count > slots - offset)
		return KAAL_E_RANGE;
	dest = &cnode_slots(&cn.slot->cap)[offset];
	for (word_t i = 0; i < count; i++)
		if (!cap_is_null(&dest[i].cap))
			return KAAL_E_SLOT_FULL;
	if (type == KAAL_OBJ_VSPACE &&
	    !vspace_asid_available((unsigned int)count))
		return KAAL_E_NO_ASID;

	untyped_reset_if_empty(u, ut->first_child != NULL);
	m = untyped_alloc(cap_untyped_watermark(u), true, u->size_bits,
			  (unsigned int)obj_bits, count);
	if (m.err)
		return m.err;
	if (!device && type != KAAL_OBJ_UNTYPED &&
	    (err = untyped_zero_to(u, m.watermark)))
		return err;
	for (paddr_t pa = u->object + m.start; count--; dest++) {
		object_make(&dest->cap, (unsigned int)type,
			    (unsigned int)size_bits, pa, device);
		if (type == KAAL_OBJ_UNTYPED && !device)
			cap_untyped_set_clean(
				&dest->cap,
				child_clean(u, pa - u->object,
					    (unsigned int)size_bits));
		cspace_link(dest, ut);
		pa += 1ull << obj_bits;
	}
	cap_untyped_set_watermark(u, m.watermark);
	if (cap_untyped_clean(u) < m.watermark)
		cap_untyped_set_clean(u, m.watermark);
	return KAAL_OK;
}
