/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-type object operations (kernel/object.c). */
#ifndef KAAL_OBJECT_OPS_H
#define KAAL_OBJECT_OPS_H

#include <kaal/object.h>

/* log2 of the memory an object of @type needs, for retype; -1 if @type
 * cannot be made by retype or @size_bits is out of range for it. */
int object_size_bits(unsigned int type, unsigned int size_bits);

/* The capability to a freshly retyped (zeroed) object at kernel address
 * @kva / physical @pa. Also initialises the object. */
struct cap object_create(unsigned int type, unsigned int size_bits,
			 void *kva, paddr_t pa, bool device);

/* The last capability to the object of @cap is gone: destroy it (wake its
 * waiters, unmap it, ...). Never recurses into nested CNodes. */
void object_finalise(struct cap *cap);

#endif /* KAAL_OBJECT_OPS_H */
