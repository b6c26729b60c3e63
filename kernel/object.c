// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each object type needs at creation and destruction.
 */
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/object_ops.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/object.h>

int object_size_bits(unsigned int type, unsigned int size_bits)
{
	switch (type) {
	case KAAL_OBJ_UNTYPED:
		if (size_bits < KAAL_UNTYPED_MIN_BITS ||
		    size_bits > KAAL_UNTYPED_MAX_BITS)
			return -1;
		return (int)size_bits;
	case KAAL_OBJ_CNODE:
		if (size_bits < KAAL_CNODE_MIN_BITS ||
		    size_bits > KAAL_CNODE_MAX_BITS)
			return -1;
		return (int)size_bits + KAAL_CNODE_SLOT_BITS;
	case KAAL_OBJ_TCB:
		return KAAL_TCB_BITS;
	case KAAL_OBJ_ENDPOINT:
		return KAAL_ENDPOINT_BITS;
	case KAAL_OBJ_NOTIFICATION:
		return KAAL_NOTIFICATION_BITS;
	case KAAL_OBJ_VSPACE:
		return KAAL_VSPACE_BITS;
	case KAAL_OBJ_PAGE_TABLE:
		return KAAL_PAGE_TABLE_BITS;
	case KAAL_OBJ_PAGE:
		return KAAL_PAGE_BITS;
	case KAAL_OBJ_LARGE_PAGE:
		return KAAL_LARGE_PAGE_BITS;
	}
	return -1;
}

static uint8_t default_rights(unsigned int type)
{
	switch (type) {
	case KAAL_OBJ_PAGE:
	case KAAL_OBJ_LARGE_PAGE:
		return KAAL_RIGHT_READ | KAAL_RIGHT_WRITE | KAAL_RIGHT_EXEC;
	default:
		return KAAL_RIGHTS_ALL;
	}
}

struct cap object_create(unsigned int type, unsigned int size_bits, void *kva,
			 paddr_t pa, bool device)
{
	struct cap c = {
		.type = (uint8_t)type,
		.rights = default_rights(type),
		.flags = CAP_F_ORIGINAL | (device ? CAP_F_DEVICE : 0),
		.object = (uint64_t)(uintptr_t)kva,
	};

	switch (type) {
	case KAAL_OBJ_UNTYPED:
		c.object = pa;
		c.size_bits = (uint8_t)size_bits;
		break;
	case KAAL_OBJ_CNODE:
		c.size_bits = (uint8_t)size_bits;
		cap_cnode_set_guard(&c, KAAL_WORD_BITS - size_bits,
				    0); /* zeros */
		break;
	case KAAL_OBJ_TCB:
		tcb_init(kva);
		break;
	case KAAL_OBJ_PAGE:
	case KAAL_OBJ_LARGE_PAGE:
		c.object = pa;
		c.size_bits = (uint8_t)object_size_bits(type, 0);
		if (device)
			c.rights &= (uint8_t)~KAAL_RIGHT_EXEC;
		break;
	case KAAL_OBJ_VSPACE:
		cap_vspace_set_id(&c, vspace_create(kva));
		break;
	}
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
