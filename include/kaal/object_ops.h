/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-type object operations (kernel/object.c). */
#ifndef KAAL_OBJECT_OPS_H
#define KAAL_OBJECT_OPS_H

#include <kaal/object.h>

extern const int8_t object_fixed_bits[KAAL_OBJ_TYPE_MAX];

/* log2 of the memory an object of @type needs, for retype; -1 if @type
 * cannot be made by retype or @size_bits is out of range for it. */
static inline int object_size_bits(unsigned int type, unsigned int size_bits)
{
	if (type >= KAAL_OBJ_TYPE_MAX)
		return -1;
	if (type == KAAL_OBJ_UNTYPED)
		return size_bits >= KAAL_UNTYPED_MIN_BITS &&
				       size_bits <= KAAL_UNTYPED_MAX_BITS ?
			       (int)size_bits :
			       -1;
	if (type == KAAL_OBJ_CNODE)
		return size_bits >= KAAL_CNODE_MIN_BITS &&
				       size_bits <= KAAL_CNODE_MAX_BITS ?
			       (int)size_bits + KAAL_CNODE_SLOT_BITS :
			       -1;
	return object_fixed_bits[type];
}

/* Write into @c the capability to a freshly retyped (zeroed) object at
 * physical @pa (in the kernel's window at phys_to_virt(@pa) unless
 * @device), and initialise the object. */
void object_make(struct cap *c, unsigned int type, unsigned int size_bits,
		 paddr_t pa, bool device);

/* The same, returned (boot); @kva is phys_to_virt(@pa) or NULL. */
struct cap object_create(unsigned int type, unsigned int size_bits, void *kva,
			 paddr_t pa, bool device);

/* The last capability to the object of @cap is gone: destroy it (stop a
 * thread, unmap it, ...), in constant time. What takes longer is done in
 * steps while the capability dies (kernel/cspace.c): emptying a CNode's
 * or TCB's slots, waking an endpoint's or notification's waiters. */
void object_finalise(struct cap *cap);

/* Has the endpoint or notification of @cap threads waiting on it? */
bool object_has_waiters(const struct cap *cap);

/* One step of a dying endpoint or notification: wake one waiter with
 * KAAL_E_DELETED. Returns false when none was left. */
bool object_wake_one(struct cap *cap);

#endif /* KAAL_OBJECT_OPS_H */
