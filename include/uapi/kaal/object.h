/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Object types, capability rights and the fixed slots of the root task's
 * CSpace.
 */
#ifndef UAPI_KAAL_OBJECT_H
#define UAPI_KAAL_OBJECT_H

/* Object types, as passed to KAAL_SYS_RETYPE and reported by
 * KAAL_SYS_CAP_IDENTIFY. */
enum kaal_object_type {
	KAAL_OBJ_NULL = 0,
	KAAL_OBJ_UNTYPED = 1, /* size_bits: 4 .. 47 */
	KAAL_OBJ_TCB = 2,
	KAAL_OBJ_ENDPOINT = 3,
	KAAL_OBJ_NOTIFICATION = 4,
	KAAL_OBJ_CNODE = 5,	   /* size_bits: number of slots, log2 */
	KAAL_OBJ_VSPACE = 6,	   /* a level-0 table plus an ASID */
	KAAL_OBJ_PAGE_TABLE = 7,   /* a level 1-3 table */
	KAAL_OBJ_PAGE = 8,	   /* 4 KiB frame */
	KAAL_OBJ_LARGE_PAGE = 9,   /* 2 MiB frame */
	KAAL_OBJ_IRQ_CONTROL = 10, /* not retypeable */
	KAAL_OBJ_IRQ_HANDLER = 11, /* not retypeable */
	KAAL_OBJ_REPLY = 12,	   /* not retypeable: one-shot reply right */
	KAAL_OBJ_DOMAIN = 13, /* not retypeable: assigns threads to domains */
	KAAL_OBJ_TYPE_MAX
};

/* Object sizes (log2 bytes) of the fixed-size types. */
#define KAAL_TCB_BITS	       11
#define KAAL_ENDPOINT_BITS     5
#define KAAL_NOTIFICATION_BITS 5
#define KAAL_CNODE_SLOT_BITS   6 /* a CNode of 2^n slots is 2^(n+6) bytes */
#define KAAL_VSPACE_BITS       12
#define KAAL_PAGE_TABLE_BITS   12
#define KAAL_PAGE_BITS	       12
#define KAAL_LARGE_PAGE_BITS   21
#define KAAL_UNTYPED_MIN_BITS  4
#define KAAL_UNTYPED_MAX_BITS  47
#define KAAL_CNODE_MIN_BITS    1
#define KAAL_CNODE_MAX_BITS    20

/* Capability rights. Derivation may only remove rights. For pages, READ /
 * WRITE / EXEC bound the mapping permissions. */
#define KAAL_RIGHT_READ	       (1u << 0)
#define KAAL_RIGHT_WRITE       (1u << 1)
#define KAAL_RIGHT_GRANT       (1u << 2)
#define KAAL_RIGHT_GRANT_REPLY (1u << 3)
#define KAAL_RIGHT_EXEC	       (1u << 4)
#define KAAL_RIGHTS_ALL	       0x1fu

/* Mapping permissions for KAAL_SYS_MEMORY_MAP / _PROTECT (never W and X). */
#define KAAL_MAP_READ  (1u << 0)
#define KAAL_MAP_WRITE (1u << 1)
#define KAAL_MAP_EXEC  (1u << 2)

/* Capability pointers are resolved with this depth unless a call takes an
 * explicit depth. */
#define KAAL_WORD_BITS 64

/* cap_mint's badge argument for a CNode capability: the guard and its size
 * in bits, guard_bits[5:0] guard[63:6] (a guard of up to 58 bits). */
#define KAAL_CNODE_GUARD_BITS_MASK 0x3full
#define KAAL_CNODE_GUARD_SHIFT	   6
#define KAAL_CNODE_GUARD(guard, bits)                              \
	(((unsigned long long)(guard) << KAAL_CNODE_GUARD_SHIFT) | \
	 ((unsigned long long)(bits)&KAAL_CNODE_GUARD_BITS_MASK))

/* Fixed slots of the root task's CNode. */
enum kaal_root_slot {
	KAAL_CAP_NULL = 0,
	KAAL_CAP_INIT_TCB = 1,
	KAAL_CAP_INIT_CNODE = 2,
	KAAL_CAP_INIT_VSPACE = 3,
	KAAL_CAP_IRQ_CONTROL = 4,
	KAAL_CAP_INIT_IPC_BUFFER = 5,
	KAAL_CAP_BOOTINFO_FRAME = 6,
	KAAL_CAP_DOMAIN = 7,
	KAAL_CAP_FIRST_FREE_FIXED = 8 /* then the regions of bootinfo */
};

#endif /* UAPI_KAAL_OBJECT_H */
