/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A capability (struct cap) and its typed accessors.
 *
 * Besides type, rights, flags, size_bits and object, a capability has
 * three words whose meaning depends on its type: w0 (32 bits), w1 and w2
 * (64 bits each). Only this header reads or writes them, through one
 * accessor per field and type, as seL4 generates per-type accessors for
 * its cap_t; in debug builds (CONFIG_DEBUG_KERNEL) each accessor checks
 * the capability's type, in release builds it is a plain load or store.
 * This table is the one description of the layout (Documentation/
 * objects.rst repeats it; tests/unit/test_capability.c checks that no two
 * fields of one type share a word):
 *
 *  type            size_bits     object        w0            w1             w2
 *  --------------  ------------  ------------  ------------  -------------  ------------
 *  Untyped         log2 bytes    physical      -             watermark      clean mark
 *  TCB             -             kernel addr.  -             -              -
 *  Endpoint        -             kernel addr.  -             badge          -
 *  Notification    -             kernel addr.  -             badge          -
 *  CNode           radix (log2   kernel addr.  guard bits    guard          one-level
 *                  of slots)                   (0 .. 64)                    decode word
 *  VSpace          -             kernel addr.  -             switch token   VSpace id
 *  PageTable       -             kernel addr.  level of the  mapped vaddr   VSpace id
 *                                              table (1..3)
 *  Page, LargePage 12, 21        physical      mapping       mapped vaddr   VSpace id
 *                                              perms
 *  IRQHandler      -             IRQ line      IRQ line      -              -
 *  IRQControl      -             -             -             -              -
 *  Domain          -             -             -             -              -
 *
 *  dying (CAP_F_DYING: CNode, TCB, Endpoint, Notification): w0 0, w1 the
 *  slot of the dying object above it in the chain (NULL: the first),
 *  w2 the cursor (CNode, TCB): kernel/cspace.c, "deletion".
 *
 * A VSpace id is vspace_create()'s value: the root table's physical
 * address ORed with the ASID (its low 12 bits, which the table's
 * alignment leaves free). Its switch token is what the architecture
 * switches to that address space with (kaal/arch/mmu.h, arm64: the
 * TTBR0_EL1 value), computed once when the id is set and carried by every
 * copy: a VSpace lives as long as a capability to it, so a capability's
 * token is never stale (its ASID dies with the VSpace), and a deleted
 * capability is all zeros, token 0, "no address space".
 *
 * A CNode whose guard and radix together take all 64 bits of a cptr
 * decodes a cptr in one level; it is marked CAP_F_ONE_LEVEL and its w2 is
 * guard << radix, so that cptr ^ w2 is the slot index when it is below
 * 2^radix and a guard mismatch otherwise (the IPC fast path's lookup,
 * kernel/fastpath.c). cap_cnode_set_guard keeps both in step with the
 * guard; a dying CNode loses the mark. A mapped page or page table records the id of
 * the VSpace it is mapped in; when it is not mapped (CAP_F_MAPPED clear)
 * its w0, w1 and w2 are 0. The mapping perms are the KAAL_MAP_* bits of
 * memory_map or memory_protect. A page table's level is that of the
 * table itself, one more than the level of the entry pointing at it.
 * The IRQ line is also the object, so that two handler capabilities for
 * the same line are capabilities to the same object (kernel/cdt.c).
 */
#ifndef KAAL_CAPABILITY_H
#define KAAL_CAPABILITY_H

#include <kaal/arch/mmu.h>
#include <kaal/printk.h>
#include <kaal/types.h>
#include <uapi/kaal/object.h>

struct cap {
	uint8_t type;	   /* enum kaal_object_type */
	uint8_t rights;	   /* KAAL_RIGHT_* */
	uint8_t size_bits; /* untyped, CNode (log2 slots), page */
	uint8_t flags;	   /* CAP_F_* */
	uint32_t w0;	   /* by type: the table above; */
	uint64_t object;   /* kernel address of the object (frames: physical) */
	uint64_t w1;	   /* w0, w1, w2 only through the */
	uint64_t w2;	   /* accessors below */
};

_Static_assert(sizeof(struct cap) == 32, "a capability is four words");
_Static_assert(offsetof(struct cap, w0) == 4 &&
		       offsetof(struct cap, object) == 8 &&
		       offsetof(struct cap, w1) == 16 &&
		       offsetof(struct cap, w2) == 24,
	       "the layout of the table");

#define CAP_F_DEVICE	(1u << 0) /* untyped/page: device memory */
#define CAP_F_BADGED	(1u << 1) /* badge set by mint: never again */
#define CAP_F_MAPPED	(1u << 2) /* page/PT: installed in a VSpace */
#define CAP_F_ORIGINAL	(1u << 3) /* made by retype: owns the object */
#define CAP_F_DYING	(1u << 4) /* CNode/TCB being emptied (cspace.c) */
#define CAP_F_ONE_LEVEL (1u << 5) /* CNode: w2 decodes a cptr in one level */

/* The ASID bits of a VSpace id. */
#define CAP_VSPACE_ASID_MASK 0xfffull

struct cte;

/*
 * For the ACSL contracts (Documentation/assurance.rst): every bit of
 * rights @r is set in @mask; the types that may not be copied
 * (kernel/cnode.c: cap_derivable); the types that carry a badge.
 */
/*@ predicate rights_within(integer r, integer mask) =
      \forall integer i; 0 <= i < 8 ==>
	(r & (1 << i)) != 0 ==> (mask & (1 << i)) != 0;
    predicate cap_underivable_type(integer t) =
      t == KAAL_OBJ_UNTYPED || t == KAAL_OBJ_PAGE_TABLE ||
      t == KAAL_OBJ_REPLY;
    predicate badged_type(integer t) =
      t == KAAL_OBJ_ENDPOINT || t == KAAL_OBJ_NOTIFICATION;
 */

/* clang-format off */
/* For the contracts: what the kernel keeps true of every capability in
 * a slot (retype and boot make no larger CNode), which the proofs assume
 * of the capabilities they are given (Documentation/assurance.rst). */
#define CAP_WELL_FORMED(c) \
	((c)->type == KAAL_OBJ_CNODE ==> (c)->size_bits <= KAAL_CNODE_MAX_BITS)
/* clang-format on */

/* Debug builds: is @c of the type an accessor is for? Nothing in release. */
#define cap_check(c, cond)   kassert(cond)
#define cap_check_type(c, t) cap_check(c, (c)->type == (t))

/* The first word of a new capability, type to flags, with w0 0, in one
 * store (the layout above: type in the lowest byte, little-endian). */
static __always_inline void cap_set_first_word(struct cap *c, unsigned int type,
					       unsigned int rights,
					       unsigned int size_bits,
					       unsigned int flags)
{
	typedef uint64_t __attribute__((may_alias)) cap_word;

	_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
		       "type is the lowest byte of the first word");
	*(cap_word *)c = (uint64_t)type | (uint64_t)rights << 8 |
			 (uint64_t)size_bits << 16 | (uint64_t)flags << 24;
}

static __always_inline bool cap_is_frame(const struct cap *c)
{
	return c->type == KAAL_OBJ_PAGE || c->type == KAAL_OBJ_LARGE_PAGE;
}

/* ---- Untyped ----------------------------------------------------------- */

/* The free watermark and the clean mark, offsets into the untyped: see
 * kernel/untyped.c and kaal/untyped.h. */
static __always_inline uint64_t cap_untyped_watermark(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_UNTYPED);
	return c->w1;
}

static __always_inline void cap_untyped_set_watermark(struct cap *c,
						      uint64_t off)
{
	cap_check_type(c, KAAL_OBJ_UNTYPED);
	c->w1 = off;
}

static __always_inline uint64_t cap_untyped_clean(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_UNTYPED);
	return c->w2;
}

static __always_inline void cap_untyped_set_clean(struct cap *c, uint64_t off)
{
	cap_check_type(c, KAAL_OBJ_UNTYPED);
	c->w2 = off;
}

/* ---- Endpoint and Notification ----------------------------------------- */

static __always_inline uint64_t cap_ep_badge(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_ENDPOINT);
	return c->w1;
}

static __always_inline uint64_t cap_ntfn_badge(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_NOTIFICATION);
	return c->w1;
}

/* Either type's badge, where both are handled alike (mint, identify). */
static __always_inline bool cap_has_badge(const struct cap *c)
{
	return c->type == KAAL_OBJ_ENDPOINT || c->type == KAAL_OBJ_NOTIFICATION;
}

static __always_inline uint64_t cap_badge(const struct cap *c)
{
	cap_check(c, cap_has_badge(c));
	return c->w1;
}

static __always_inline void cap_set_badge(struct cap *c, uint64_t badge)
{
	cap_check(c, cap_has_badge(c));
	c->w1 = badge;
}

/* ---- CNode ------------------------------------------------------------- */

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result == c->size_bits;
 */
static __always_inline unsigned int cap_cnode_radix(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_CNODE);
	return c->size_bits;
}

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result == c->w0;
 */
static __always_inline unsigned int cap_cnode_guard_bits(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_CNODE);
	return c->w0;
}

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result == c->w1;
 */
static __always_inline uint64_t cap_cnode_guard(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_CNODE);
	return c->w1;
}

/* A guard of @guard_bits bits, @guard (kernel/cspace.c: cspace_resolve),
 * and the one-level decode word (above) if the guard and the radix (set
 * before) take the whole cptr. */
static __always_inline void
cap_cnode_set_guard(struct cap *c, unsigned int guard_bits, uint64_t guard)
{
	cap_check_type(c, KAAL_OBJ_CNODE);
	c->w0 = guard_bits;
	c->w1 = guard;
	if (guard_bits + c->size_bits == KAAL_WORD_BITS) {
		c->flags |= CAP_F_ONE_LEVEL;
		c->w2 = guard << c->size_bits; /* drops bits above the guard */
	} else {
		c->flags &= (uint8_t)~CAP_F_ONE_LEVEL;
		c->w2 = 0;
	}
}

/* Does @c, of any type, decode a cptr in one level? Only a CNode
 * capability that is not dying can. */
static __always_inline bool cap_cnode_one_level(const struct cap *c)
{
	return c->flags & CAP_F_ONE_LEVEL;
}

/* guard << radix, for a one-level CNode. */
static __always_inline uint64_t cap_cnode_decode_word(const struct cap *c)
{
	cap_check(c, c->type == KAAL_OBJ_CNODE && (c->flags & CAP_F_ONE_LEVEL));
	return c->w2;
}

/* A CNode capability to 2^@radix slots at @slots, all rights. */
static inline struct cap cap_make_cnode(struct cte *slots, unsigned int radix,
					unsigned int guard_bits, uint64_t guard)
{
	struct cap c = { .type = KAAL_OBJ_CNODE,
			 .rights = KAAL_RIGHTS_ALL,
			 .size_bits = (uint8_t)radix,
			 .object = (uint64_t)(uintptr_t)slots };

	cap_cnode_set_guard(&c, guard_bits, guard);
	return c;
}

/* ---- VSpace ------------------------------------------------------------ */

static __always_inline uint64_t cap_vspace_id(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_VSPACE);
	return c->w2;
}

/* The token of the VSpace of id @id (0: none). */
static __always_inline uint64_t cap_vspace_token_of(uint64_t id)
{
	return id ? arch_vspace_token(id & ~CAP_VSPACE_ASID_MASK,
				      (unsigned int)(id &
						     CAP_VSPACE_ASID_MASK)) :
		    0;
}

/* The id, and with it the switch token. */
static __always_inline void cap_vspace_set_id(struct cap *c, uint64_t id)
{
	cap_check_type(c, KAAL_OBJ_VSPACE);
	c->w2 = id;
	c->w1 = cap_vspace_token_of(id);
}

static __always_inline uint64_t cap_vspace_token(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_VSPACE);
	return c->w1;
}

static __always_inline paddr_t cap_vspace_root_pa(const struct cap *c)
{
	return cap_vspace_id(c) & ~CAP_VSPACE_ASID_MASK;
}

static __always_inline unsigned int cap_vspace_asid(const struct cap *c)
{
	return (unsigned int)(cap_vspace_id(c) & CAP_VSPACE_ASID_MASK);
}

/* ---- Page and LargePage ------------------------------------------------ */

static __always_inline unsigned int cap_frame_size_bits(const struct cap *c)
{
	cap_check(c, cap_is_frame(c));
	return c->size_bits;
}

/* The translation table level of the entry that maps the frame. */
static __always_inline unsigned int cap_frame_level(const struct cap *c)
{
	cap_check(c, cap_is_frame(c));
	return c->type == KAAL_OBJ_LARGE_PAGE ? 2 : 3;
}

static __always_inline vaddr_t cap_frame_mapped_vaddr(const struct cap *c)
{
	cap_check(c, cap_is_frame(c));
	return c->w1;
}

static __always_inline uint64_t cap_frame_mapped_vspace(const struct cap *c)
{
	cap_check(c, cap_is_frame(c));
	return c->w2;
}

static __always_inline unsigned int cap_frame_asid(const struct cap *c)
{
	return (unsigned int)(cap_frame_mapped_vspace(c) &
			      CAP_VSPACE_ASID_MASK);
}

static __always_inline unsigned int cap_frame_perms(const struct cap *c)
{
	cap_check(c, cap_is_frame(c));
	return c->w0;
}

static __always_inline void cap_frame_set_perms(struct cap *c,
						unsigned int perms)
{
	cap_check(c, cap_is_frame(c));
	c->w0 = perms;
}

/* Mapped at @va with @perms in the VSpace of id @vspace. */
static __always_inline void cap_frame_set_mapped(struct cap *c, uint64_t vspace,
						 vaddr_t va, unsigned int perms)
{
	cap_check(c, cap_is_frame(c));
	c->w0 = perms;
	c->w1 = va;
	c->w2 = vspace;
}

/* A frame capability of @type (Page, LargePage) to physical @pa. */
static inline struct cap cap_make_frame(unsigned int type, paddr_t pa,
					unsigned int rights, unsigned int flags)
{
	return (struct cap){ .type = (uint8_t)type,
			     .rights = (uint8_t)rights,
			     .size_bits =
				     (uint8_t)(type == KAAL_OBJ_LARGE_PAGE ?
						       KAAL_LARGE_PAGE_BITS :
						       KAAL_PAGE_BITS),
			     .flags = (uint8_t)flags,
			     .object = pa };
}

/* ---- PageTable --------------------------------------------------------- */

static __always_inline unsigned int cap_pt_level(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_PAGE_TABLE);
	return c->w0;
}

static __always_inline vaddr_t cap_pt_mapped_vaddr(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_PAGE_TABLE);
	return c->w1;
}

static __always_inline uint64_t cap_pt_mapped_vspace(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_PAGE_TABLE);
	return c->w2;
}

/* A table of @level, covering @va, in the VSpace of id @vspace. */
static __always_inline void cap_pt_set_mapped(struct cap *c, uint64_t vspace,
					      vaddr_t va, unsigned int level)
{
	cap_check_type(c, KAAL_OBJ_PAGE_TABLE);
	c->w0 = level;
	c->w1 = va;
	c->w2 = vspace;
}

/* ---- mapped pages and page tables alike (kernel/vspace.c) -------------- */

static __always_inline bool cap_is_mappable(const struct cap *c)
{
	return cap_is_frame(c) || c->type == KAAL_OBJ_PAGE_TABLE;
}

static __always_inline vaddr_t cap_mapped_vaddr(const struct cap *c)
{
	cap_check(c, cap_is_mappable(c));
	return c->w1;
}

static __always_inline uint64_t cap_mapped_vspace(const struct cap *c)
{
	cap_check(c, cap_is_mappable(c));
	return c->w2;
}

/* Not mapped: every field of the mapping is 0. */
static __always_inline void cap_clear_mapped(struct cap *c)
{
	cap_check(c, cap_is_mappable(c));
	c->w0 = 0;
	c->w1 = 0;
	c->w2 = 0;
}

/* The VSpace id of a VSpace, or the one a page or page table is mapped in. */
static __always_inline uint64_t cap_vspace_of(const struct cap *c)
{
	cap_check(c, c->type == KAAL_OBJ_VSPACE || cap_is_mappable(c));
	return c->w2;
}

/* ---- IRQHandler -------------------------------------------------------- */

static __always_inline unsigned int cap_irq_line(const struct cap *c)
{
	cap_check_type(c, KAAL_OBJ_IRQ_HANDLER);
	return c->w0;
}

static inline struct cap cap_make_irq_handler(unsigned int irq)
{
	return (struct cap){ .type = KAAL_OBJ_IRQ_HANDLER,
			     .rights = KAAL_RIGHTS_ALL,
			     .w0 = irq,
			     .object = irq };
}

/* ---- dying capabilities (kernel/cspace.c) ------------------------------ */

/* Start dying below @up. A dying CNode is no longer one-level, so the
 * fast path's lookup (kernel/fastpath.c), which reads no other flag,
 * refuses it. */
static __always_inline void cap_set_dying(struct cap *c, struct cte *up)
{
	c->flags = (uint8_t)((c->flags | CAP_F_DYING) & ~CAP_F_ONE_LEVEL);
	c->w0 = 0;
	c->w1 = (uint64_t)(uintptr_t)up;
	c->w2 = 0;
}

/* The slot of the dying object this one was found in (NULL: none). */
static __always_inline struct cte *cap_dying_up(const struct cap *c)
{
	cap_check(c, c->flags & CAP_F_DYING);
	return (struct cte *)(uintptr_t)c->w1;
}

static __always_inline void cap_dying_set_up(struct cap *c, struct cte *up)
{
	cap_check(c, c->flags & CAP_F_DYING);
	c->w1 = (uint64_t)(uintptr_t)up;
}

/* Every slot of the object below the cursor is empty. */
static __always_inline uint64_t cap_dying_cursor(const struct cap *c)
{
	cap_check(c, c->flags & CAP_F_DYING);
	return c->w2;
}

static __always_inline void cap_dying_advance(struct cap *c)
{
	cap_check(c, c->flags & CAP_F_DYING);
	c->w2++;
}

#endif /* KAAL_CAPABILITY_H */
