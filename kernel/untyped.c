// SPDX-License-Identifier: GPL-2.0-only
/*
 * Untyped memory and retype: the only way kernel objects come to exist
 * after boot. Objects are carved at the untyped's free watermark, each
 * aligned to its own size; memory is zeroed (except device memory, which
 * only yields frames); the watermark returns to zero once every child is
 * gone, so revoking an untyped makes all of it reusable.
 */
#include <kaal/cspace.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/string.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/untyped.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#define RETYPE_MAX_OBJECTS	256

struct retype_args {
	unsigned int type, size_bits, count;
	int obj_bits;
	struct cap *dest_cnode;
	uint64_t offset;
};

static int check_args(struct tcb *t, struct retype_args *a, bool device)
{
	struct lookup_ret cn;

	if (t->ctx.x[1] >= KAAL_OBJ_TYPE_MAX || t->ctx.x[2] > 64)
		return KAAL_E_INVALID_ARG;
	a->type = (unsigned int)t->ctx.x[1];
	a->size_bits = (unsigned int)t->ctx.x[2];
	a->obj_bits = object_size_bits(a->type, a->size_bits);
	if (a->obj_bits < 0)
		return KAAL_E_INVALID_ARG;
	if (device && a->type != KAAL_OBJ_PAGE && a->type != KAAL_OBJ_LARGE_PAGE &&
	    a->type != KAAL_OBJ_UNTYPED)
		return KAAL_E_DEVICE;
	if (t->ctx.x[6] < 1 || t->ctx.x[6] > RETYPE_MAX_OBJECTS)
		return KAAL_E_RANGE;
	a->count = (unsigned int)t->ctx.x[6];
	cn = cspace_lookup_cnode(t, t->ctx.x[3], t->ctx.x[4]);
	if (cn.err)
		return cn.err;
	a->dest_cnode = &cn.slot->cap;
	a->offset = t->ctx.x[5];
	if (a->offset >= (1ull << a->dest_cnode->size_bits) ||
	    a->count > (1ull << a->dest_cnode->size_bits) - a->offset)
		return KAAL_E_RANGE;
	for (unsigned int i = 0; i < a->count; i++)
		if (!cap_is_null(&cnode_slots(a->dest_cnode)[a->offset + i].cap))
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
	uint64_t start = ALIGN_UP(has_children ? watermark : 0, 1ull << obj_bits);

	/* count <= room >> obj_bits: count << obj_bits cannot overflow. */
	if (start > size || count > (size - start) >> obj_bits)
		return (struct untyped_alloc_ret){ KAAL_E_NO_MEMORY, 0, watermark };
	return (struct untyped_alloc_ret){ KAAL_OK, start,
					   start + (count << obj_bits) };
}

/* retype(untyped, type, size_bits, dest_cnode, dest_depth, dest_offset, count) */
int sys_retype(struct tcb *t)
{
	struct lookup_ret ut = cspace_lookup_typed(t, t->ctx.x[0], KAAL_OBJ_UNTYPED);
	struct untyped_alloc_ret m;
	struct retype_args a;
	struct cap *u;
	int err;

	if (ut.err)
		return ut.err;
	u = &ut.slot->cap;
	if ((err = check_args(t, &a, u->flags & CAP_F_DEVICE)))
		return err;
	m = untyped_alloc(u->data, ut.slot->first_child != NULL, u->size_bits,
			  (unsigned int)a.obj_bits, a.count);
	if (m.err)
		return m.err;
	if (!(u->flags & CAP_F_DEVICE))
		memset(phys_to_virt(u->object + m.start), 0, m.watermark - m.start);
	for (unsigned int i = 0; i < a.count; i++) {
		paddr_t pa = u->object + m.start + ((uint64_t)i << a.obj_bits);
		struct cap c = object_create(a.type, a.size_bits,
					     (u->flags & CAP_F_DEVICE) ? NULL :
					     phys_to_virt(pa), pa,
					     u->flags & CAP_F_DEVICE);

		cspace_insert(&cnode_slots(a.dest_cnode)[a.offset + i], &c, ut.slot);
	}
	u->data = m.watermark;
	return KAAL_OK;
}
