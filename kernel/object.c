// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each object type needs at creation and destruction.
 */
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/object.h>

/* log2 of the size of each type that retype makes; for Untyped and CNode
 * that of size_bits 0 (object_size_bits checks their range); -1: retype
 * cannot make it. */
const int8_t object_fixed_bits[KAAL_OBJ_TYPE_MAX] = {
	[KAAL_OBJ_NULL] = -1,
	[KAAL_OBJ_UNTYPED] = 0,
	[KAAL_OBJ_TCB] = KAAL_TCB_BITS,
	[KAAL_OBJ_ENDPOINT] = KAAL_ENDPOINT_BITS,
	[KAAL_OBJ_NOTIFICATION] = KAAL_NOTIFICATION_BITS,
	[KAAL_OBJ_CNODE] = KAAL_CNODE_SLOT_BITS,
	[KAAL_OBJ_VSPACE] = KAAL_VSPACE_BITS,
	[KAAL_OBJ_PAGE_TABLE] = KAAL_PAGE_TABLE_BITS,
	[KAAL_OBJ_PAGE] = KAAL_PAGE_BITS,
	[KAAL_OBJ_LARGE_PAGE] = KAAL_LARGE_PAGE_BITS,
	[KAAL_OBJ_IRQ_CONTROL] = -1,
	[KAAL_OBJ_IRQ_HANDLER] = -1,
	[KAAL_OBJ_REPLY] = -1,
	[KAAL_OBJ_DOMAIN] = -1,
};

#define FRAME_RIGHTS (KAAL_RIGHT_READ | KAAL_RIGHT_WRITE | KAAL_RIGHT_EXEC)

/* A VSpace's id: its root and a new ASID (retype checked one is free). */
static __attribute__((noinline)) void make_vspace(struct cap *c, void *root)
{
	cap_vspace_set_id(c, vspace_create(root));
}

void object_make(struct cap *c, unsigned int type, unsigned int size_bits,
		 paddr_t pa, bool device)
{
	void *kva = phys_to_virt(pa);
	uint64_t object = (uint64_t)(uintptr_t)kva;
	unsigned int rights = KAAL_RIGHTS_ALL, bits = 0;

	switch (type) {
	case KAAL_OBJ_PAGE:
	case KAAL_OBJ_LARGE_PAGE: /* no EXEC on device memory */
		rights = device ? FRAME_RIGHTS & ~KAAL_RIGHT_EXEC :
				  FRAME_RIGHTS;
		bits = (unsigned int)object_fixed_bits[type];
		object = pa;
		break;
	case KAAL_OBJ_UNTYPED:
		bits = size_bits;
		object = pa;
		break;
	case KAAL_OBJ_CNODE:
		bits = size_bits;
		break;
	}
	cap_set_first_word(c, type, rights, bits,
			   CAP_F_ORIGINAL | (device ? CAP_F_DEVICE : 0));
	c->object = object;
	c->w1 = 0;
	c->w2 = 0;
	/* Calls only last, as tail calls: frames and the other types that
	 * need no call cost no stack frame. */
	if (type == KAAL_OBJ_CNODE) /* a guard of zeros down to the index */
		cap_cnode_set_guard(c, KAAL_WORD_BITS - size_bits, 0);
	else if (type == KAAL_OBJ_TCB)
		tcb_init(kva);
	else if (type == KAAL_OBJ_VSPACE)
		make_vspace(c, kva);
}

struct cap object_create(unsigned int type, unsigned int size_bits, void *kva,
			 paddr_t pa, bool device)
{
	struct cap c;

	(void)kva; /* phys_to_virt(pa) for objects in RAM */
	object_make(&c, type, size_bits, pa, device);
	return c;
}

void object_finalise(struct cap *cap)
{
	switch (cap->type) {
	case KAAL_OBJ_TCB:
		tcb_destroy(cap_object(cap));
		break;
	case KAAL_OBJ_ENDPOINT:
		endpoint_destroy(cap_object(cap));
		break;
	case KAAL_OBJ_NOTIFICATION:
		notification_destroy(cap_object(cap));
		break;
	case KAAL_OBJ_VSPACE:
		vspace_destroy(cap);
		break;
	case KAAL_OBJ_PAGE_TABLE:
		vspace_page_table_destroy(cap);
		break;
	case KAAL_OBJ_IRQ_HANDLER:
		irqhandler_destroy(cap);
		break;
	}
}

bool object_has_waiters(const struct cap *cap)
{
	switch (cap->type) {
	case KAAL_OBJ_ENDPOINT:
		return ((struct endpoint *)cap_object(cap))->queue.head != NULL;
	case KAAL_OBJ_NOTIFICATION:
		return ((struct notification *)cap_object(cap))->queue.head !=
		       NULL;
	}
	return false;
}

bool object_wake_one(struct cap *cap)
{
	switch (cap->type) {
	case KAAL_OBJ_ENDPOINT:
		return endpoint_wake_one(cap_object(cap));
	case KAAL_OBJ_NOTIFICATION:
		return notification_wake_one(cap_object(cap));
	}
	return false;
}
