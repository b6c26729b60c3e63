// SPDX-License-Identifier: GPL-2.0-only
/*
 * User address spaces: ASIDs, page and page-table mapping, and the
 * memory_* system calls. See include/kaal/vspace.h for how mapping state
 * is kept in capabilities.
 */
#include <kaal/arch/mmu.h>
#include <kaal/cspace.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <kaal/string.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#define ASID_MASK 0xfffull

static uint64_t *asid_roots[VSPACE_MAX_ASIDS]; /* [0] is never used */
/* The same roots, physical: what a VSpace id holds, so that root_of
 * checks an id with one load and one compare. */
static paddr_t asid_root_pa[VSPACE_MAX_ASIDS];
static unsigned int asid_next = 1;

static unsigned int cap_asid(const struct cap *c)
{
	return (unsigned int)(cap_vspace_of(c) & ASID_MASK);
}

static paddr_t cap_root_pa(const struct cap *c)
{
	return cap_vspace_of(c) & ~ASID_MASK;
}

/* The root table of the VSpace of id @id, or NULL if stale: the ASID
 * still belongs to that root (an ASID that is free, or 0, has none). */
static __always_inline uint64_t *root_of(uint64_t id)
{
	paddr_t pa = asid_root_pa[id & ASID_MASK];

	if (!pa || pa != (id & ~ASID_MASK))
		return NULL;
	return phys_to_virt(pa);
}

bool vspace_id_live(uint64_t id)
{
	return root_of(id) != NULL;
}

unsigned int vspace_id_asid(uint64_t id)
{
	return (unsigned int)(id & ASID_MASK);
}

bool vspace_asid_used(unsigned int asid)
{
	return asid < VSPACE_MAX_ASIDS && asid_roots[asid];
}

void vspace_reset(void)
{
	for (unsigned int i = 0; i < VSPACE_MAX_ASIDS; i++) {
		asid_roots[i] = NULL;
		asid_root_pa[i] = 0;
	}
	asid_next = 1;
}

bool vspace_asid_available(unsigned int n)
{
	for (unsigned int i = 1; i < VSPACE_MAX_ASIDS && n; i++)
		if (!asid_roots[i])
			n--;
	return !n;
}

uint64_t vspace_create(void *root)
{
	for (unsigned int n = 1; n < VSPACE_MAX_ASIDS; n++) {
		unsigned int asid =
			(asid_next + n - 1) % (VSPACE_MAX_ASIDS - 1) + 1;

		if (!asid_roots[asid]) {
			asid_roots[asid] = root;
			asid_root_pa[asid] = virt_to_phys(root);
			asid_next = asid + 1;
			arch_tlb_flush_asid(asid);
			return virt_to_phys(root) | asid;
		}
	}
	return 0;
}

void vspace_destroy(struct cap *vspace)
{
	unsigned int asid = cap_asid(vspace);

	if (root_of(cap_vspace_id(vspace))) {
		asid_roots[asid] = NULL;
		asid_root_pa[asid] = 0;
		arch_tlb_flush_asid(asid);
		if (arch_vspace_is_active(cap_root_pa(vspace), asid))
			arch_vspace_switch(0, 0);
	}
}

static __always_inline uint64_t *table_at(uint64_t pte)
{
	return phys_to_virt(arch_pte_addr(pte));
}

static __always_inline unsigned int va_index(vaddr_t va, unsigned int level)
{
	return (unsigned int)(va >> MMU_LEVEL_SHIFT(level)) &
	       (MMU_TABLE_ENTRIES - 1);
}

/* Walk from @root to the entry for @va at @level, or NULL when a table on
 * the way is missing. Inline, and called with a constant @level where it
 * matters (walk_frame): each level is then a field extract, a load and a
 * test of the two low bits of the entry. */
static __always_inline uint64_t *walk(uint64_t *root, vaddr_t va,
				      unsigned int level)
{
	uint64_t *table = root;

	for (unsigned int l = 0; l < level; l++) {
		uint64_t pte = table[va_index(va, l)];

		if (!arch_pte_is_valid_table(pte, l))
			return NULL;
		table = table_at(pte);
	}
	return &table[va_index(va, level)];
}

/* The table that the entry for @va in @table, of @level, points to, or
 * NULL. */
static __always_inline uint64_t *next_table(uint64_t *table, vaddr_t va,
					    unsigned int level)
{
	uint64_t pte = table[va_index(va, level)];

	return arch_pte_is_valid_table(pte, level) ? table_at(pte) : NULL;
}

/* The entry that maps a frame of @level (2 or 3), as walk() finds it, one
 * level after another with constant shifts. */
static __always_inline uint64_t *walk_frame(uint64_t *root, vaddr_t va,
					    unsigned int level)
{
	uint64_t *table = next_table(root, va, 0);

	if (!table || !(table = next_table(table, va, 1)))
		return NULL;
	if (level == 2)
		return &table[va_index(va, 2)];
	if (!(table = next_table(table, va, 2)))
		return NULL;
	return &table[va_index(va, 3)];
}

static __always_inline bool is_frame(const struct cap *c)
{
	return c->type == KAAL_OBJ_PAGE || c->type == KAAL_OBJ_LARGE_PAGE;
}

static __always_inline unsigned int frame_level(const struct cap *c)
{
	return cap_frame_level(c);
}

_Static_assert(KAAL_MAP_READ == KAAL_RIGHT_READ &&
		       KAAL_MAP_WRITE == KAAL_RIGHT_WRITE,
	       "check_perms reads and writes with the same bits as rights");

/* Are mapping permissions @perms valid, and allowed by @page's rights? */
static __always_inline int check_perms(const struct cap *page, word_t perms)
{
	unsigned int need;

	/* 0, or a bit that is none of READ, WRITE and EXEC. */
	if (perms - 1 > (KAAL_MAP_READ | KAAL_MAP_WRITE | KAAL_MAP_EXEC) - 1)
		return KAAL_E_INVALID_ARG;
	if ((perms & (KAAL_MAP_WRITE | KAAL_MAP_EXEC)) ==
	    (KAAL_MAP_WRITE | KAAL_MAP_EXEC))
		return KAAL_E_INVALID_ARG; /* W^X */
	if ((perms & KAAL_MAP_EXEC) && (page->flags & CAP_F_DEVICE))
		return KAAL_E_INVALID_ARG;
	need = (unsigned int)(perms & (KAAL_MAP_READ | KAAL_MAP_WRITE)) |
	       (perms & KAAL_MAP_EXEC ? KAAL_RIGHT_EXEC : 0);
	if (need & ~(unsigned int)page->rights)
		return KAAL_E_NO_RIGHTS;
	return KAAL_OK;
}

/* A user address aligned to the frame's size; then the whole frame lies
 * below USER_VA_END, which is aligned to every frame size. */
static __always_inline int check_vaddr(vaddr_t va, unsigned int size_bits)
{
	uint64_t misaligned = (1ull << size_bits) - 1;

	if (va & (misaligned | ~(USER_VA_END - 1)))
		return va & misaligned ? KAAL_E_ALIGN : KAAL_E_BAD_ADDRESS;
	return KAAL_OK;
}

static __always_inline int map_frame_checked(struct cap *vspace,
					     struct cap *page, vaddr_t va,
					     unsigned int perms)
{
	uint64_t id = cap_vspace_id(vspace);
	uint64_t *root = root_of(id);
	unsigned int level = frame_level(page);
	uint64_t *pte;
	int err;

	if (!root)
		return KAAL_E_ILLEGAL_OP;
	if (page->flags & CAP_F_MAPPED)
		return KAAL_E_MAPPED;
	if ((err = check_vaddr(va, cap_frame_size_bits(page))))
		return err;
	pte = walk_frame(root, va, level);
	if (!pte)
		return KAAL_E_NO_PAGE_TABLE;
	if (arch_pte_valid(*pte))
		return KAAL_E_MAPPED;
	*pte = arch_pte_user_leaf(page->object, perms,
				  page->flags & CAP_F_DEVICE, level);
	arch_pte_sync();
	page->flags |= CAP_F_MAPPED;
	cap_frame_set_mapped(page, id, va, perms);
	return KAAL_OK;
}

int vspace_map_frame(struct cap *vspace, struct cap *page, vaddr_t va,
		     unsigned int perms)
{
	return map_frame_checked(vspace, page, va, perms);
}

/* @pte, the entry found for a mapping, if it still maps physical @pa. */
static __always_inline uint64_t *still_maps(uint64_t *pte, paddr_t pa)
{
	if (!pte || !arch_pte_valid(*pte) || arch_pte_addr(*pte) != pa)
		return NULL;
	return pte;
}

/* The entry a mapped frame occupies, if it still does. */
static __always_inline uint64_t *frame_entry(const struct cap *page)
{
	uint64_t *root = root_of(cap_mapped_vspace(page));

	if (!root)
		return NULL;
	return still_maps(walk_frame(root, cap_mapped_vaddr(page),
				     frame_level(page)),
			  page->object);
}

/* The entry a mapped page table occupies, if it still does. */
static uint64_t *table_entry(const struct cap *pt)
{
	uint64_t *root = root_of(cap_mapped_vspace(pt));

	if (!root)
		return NULL;
	return still_maps(walk(root, cap_mapped_vaddr(pt),
			       cap_pt_level(pt) - 1),
			  virt_to_phys(cap_object(pt)));
}

/*
 * A page table leaves its VSpace empty, as seL4 clears one on unmap: the
 * tables and pages below it stay "mapped" in their capabilities, and
 * their own unmap or destruction no longer finds (so no longer clears)
 * their entries in it. Left in place, those entries would come back to
 * life when the table is mapped again, pointing at tables or frames that
 * may have been freed and retyped since, or be read at another level.
 */
static void unmap_table(struct cap *pt)
{
	uint64_t *pte = table_entry(pt);

	if (pte)
		*pte = 0;
	memset(cap_object(pt), 0, 1ul << KAAL_PAGE_TABLE_BITS);
	if (pte) /* the walk caches may hold any entry below it */
		arch_tlb_flush_asid(cap_asid(pt));
	else
		arch_pte_sync();
}

/* A frame's entry goes, and the TLB entries for its address alone (the
 * table structure above it stays: a last-level flush would do, and the
 * leaf may be a block). */
static __always_inline void unmap_frame(struct cap *page)
{
	uint64_t *pte = frame_entry(page);

	if (pte) {
		*pte = 0;
		arch_tlb_flush_va(cap_asid(page), cap_frame_mapped_vaddr(page));
	}
}

static __always_inline void unmap_mapped(struct cap *cap)
{
	if (is_frame(cap))
		unmap_frame(cap);
	else
		unmap_table(cap);
	cap->flags &= (uint8_t)~CAP_F_MAPPED;
	cap_clear_mapped(cap);
}

void vspace_unmap_cap(struct cap *cap)
{
	if (cap->flags & CAP_F_MAPPED)
		unmap_mapped(cap);
}

void vspace_page_table_destroy(struct cap *pt)
{
	vspace_unmap_cap(pt);
}

int vspace_map_table(struct cap *vspace, struct cap *pt, vaddr_t va)
{
	uint64_t *root = root_of(cap_vspace_id(vspace));
	uint64_t *table = root;
	unsigned int level;

	if (!root)
		return KAAL_E_ILLEGAL_OP;
	if (pt->flags & CAP_F_MAPPED)
		return KAAL_E_MAPPED;
	if (va >= USER_VA_END)
		return KAAL_E_BAD_ADDRESS;
	for (level = 0; level < 3; level++) {
		uint64_t *e = &table[va_index(va, level)];

		if (!arch_pte_valid(*e)) {
			*e = arch_pte_table(virt_to_phys(cap_object(pt)));
			arch_pte_sync();
			pt->flags |= CAP_F_MAPPED;
			cap_pt_set_mapped(
				pt, cap_vspace_id(vspace),
				va & ~((1ull << MMU_LEVEL_SHIFT(level)) - 1),
				level + 1); /* the new table's level */
			return KAAL_OK;
		}
		if (!arch_pte_is_table(*e, level))
			return KAAL_E_MAPPED; /* a large page covers va */
		table = table_at(*e);
	}
	return KAAL_E_MAPPED; /* every level already has its table */
}

/* ---- system calls ------------------------------------------------------ */

/* memory_map(page, vspace, vaddr, perms) */
int sys_memory_map(struct tcb *t, struct syscall_args *a)
{
	struct cap *page = &a->slot->cap;
	word_t perms = syscall_arg(a, KAAL_ARG_MEMORY_MAP_PERMS);
	struct lookup_ret vs;
	int err;

	vs = cspace_lookup_typed(t, syscall_arg(a, KAAL_ARG_MEMORY_MAP_VSPACE),
				 KAAL_OBJ_VSPACE);
	if (vs.err)
		return vs.err;
	err = check_perms(page, perms);
	if (err)
		return err;
	return map_frame_checked(&vs.slot->cap, page,
				 syscall_arg(a, KAAL_ARG_MEMORY_MAP_VADDR),
				 (unsigned int)perms);
}

/* memory_unmap(page) */
int sys_memory_unmap(struct tcb *t, struct syscall_args *a)
{
	(void)t;
	if (!(a->slot->cap.flags & CAP_F_MAPPED))
		return KAAL_E_NOT_MAPPED;
	unmap_mapped(&a->slot->cap);
	return KAAL_OK;
}

/* memory_protect(page, perms) */
int sys_memory_protect(struct tcb *t, struct syscall_args *a)
{
	struct cap *c = &a->slot->cap;
	word_t perms = syscall_arg(a, KAAL_ARG_MEMORY_PROTECT_PERMS);
	uint64_t *pte;
	int err;

	(void)t;
	if ((err = check_perms(c, perms)))
		return err;
	if (!(c->flags & CAP_F_MAPPED))
		return KAAL_E_NOT_MAPPED;
	pte = frame_entry(c);
	if (!pte) {
		vspace_unmap_cap(c);
		return KAAL_E_NOT_MAPPED;
	}
	*pte = arch_pte_user_leaf(c->object, (unsigned int)perms,
				  c->flags & CAP_F_DEVICE, frame_level(c));
	arch_tlb_flush_va(cap_asid(c), cap_frame_mapped_vaddr(c));
	cap_frame_set_perms(c, (unsigned int)perms);
	return KAAL_OK;
}

/* page_table_map(pt, vspace, vaddr) -> 1 = level of the new table */
int sys_page_table_map(struct tcb *t, struct syscall_args *a)
{
	struct cap *pt = &a->slot->cap;
	struct lookup_ret vs;
	int err;

	vs = cspace_lookup_typed(t,
				 syscall_arg(a, KAAL_ARG_PAGE_TABLE_MAP_VSPACE),
				 KAAL_OBJ_VSPACE);
	if (vs.err)
		return vs.err;
	err = vspace_map_table(&vs.slot->cap, pt,
			       syscall_arg(a, KAAL_ARG_PAGE_TABLE_MAP_VADDR));
	if (!err)
		syscall_set_result(a, KAAL_RES_WORD, cap_pt_level(pt));
	return err;
}

/* page_table_unmap(pt) */
int sys_page_table_unmap(struct tcb *t, struct syscall_args *a)
{
	(void)t;
	if (!(a->slot->cap.flags & CAP_F_MAPPED))
		return KAAL_E_NOT_MAPPED;
	vspace_unmap_cap(&a->slot->cap);
	return KAAL_OK;
}

/* page_address(page) -> 1 = physical address */
int sys_page_address(struct tcb *t, struct syscall_args *a)
{
	(void)t;
	syscall_set_result(a, KAAL_RES_WORD, a->slot->cap.object);
	return KAAL_OK;
}
