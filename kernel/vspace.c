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
static unsigned int asid_next = 1;

static unsigned int cap_asid(const struct cap *c)
{
	return (unsigned int)(cap_vspace_of(c) & ASID_MASK);
}

static paddr_t cap_root_pa(const struct cap *c)
{
	return cap_vspace_of(c) & ~ASID_MASK;
}

/* The root table of the VSpace of id @id, or NULL if stale. */
static uint64_t *root_of(uint64_t id)
{
	unsigned int asid = (unsigned int)(id & ASID_MASK);
	uint64_t *root = asid_roots[asid];

	if (!asid || !root || virt_to_phys(root) != (id & ~ASID_MASK))
		return NULL;
	return root;
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
		arch_tlb_flush_asid(asid);
		if (arch_vspace_is_active(cap_root_pa(vspace), asid))
			arch_vspace_switch(0, 0);
	}
}

static uint64_t *table_at(uint64_t pte)
{
	return phys_to_virt(arch_pte_addr(pte));
}

static unsigned int va_index(vaddr_t va, unsigned int level)
{
	return (unsigned int)(va >> MMU_LEVEL_SHIFT(level)) &
	       (MMU_TABLE_ENTRIES - 1);
}

/* Walk from @root to the entry for @va at @level. NULL when a table on the
 * way is missing; *missing_level then says which level lacks its table. */
static uint64_t *walk(uint64_t *root, vaddr_t va, unsigned int level,
		      unsigned int *missing_level)
{
	uint64_t *table = root;

	for (unsigned int l = 0; l < level; l++) {
		uint64_t pte = table[va_index(va, l)];

		if (!arch_pte_valid(pte) || !arch_pte_is_table(pte, l)) {
			if (missing_level)
				*missing_level = l + 1;
			return NULL;
		}
		table = table_at(pte);
	}
	return &table[va_index(va, level)];
}

static bool is_frame(const struct cap *c)
{
	return c->type == KAAL_OBJ_PAGE || c->type == KAAL_OBJ_LARGE_PAGE;
}

static unsigned int frame_level(const struct cap *c)
{
	return cap_frame_level(c);
}

/* Rights the capability must have for mapping permissions @perms. */
static __always_inline int check_perms(const struct cap *page,
				       unsigned int perms)
{
	if (!perms ||
	    (perms & ~(KAAL_MAP_READ | KAAL_MAP_WRITE | KAAL_MAP_EXEC)))
		return KAAL_E_INVALID_ARG;
	if ((perms & KAAL_MAP_WRITE) && (perms & KAAL_MAP_EXEC))
		return KAAL_E_INVALID_ARG; /* W^X */
	if ((perms & KAAL_MAP_EXEC) && (page->flags & CAP_F_DEVICE))
		return KAAL_E_INVALID_ARG;
	if (((perms & KAAL_MAP_READ) && !(page->rights & KAAL_RIGHT_READ)) ||
	    ((perms & KAAL_MAP_WRITE) && !(page->rights & KAAL_RIGHT_WRITE)) ||
	    ((perms & KAAL_MAP_EXEC) && !(page->rights & KAAL_RIGHT_EXEC)))
		return KAAL_E_NO_RIGHTS;
	return KAAL_OK;
}

static int check_vaddr(vaddr_t va, unsigned int size_bits)
{
	if (va & ((1ull << size_bits) - 1))
		return KAAL_E_ALIGN;
	if (va >= USER_VA_END || va + (1ull << size_bits) > USER_VA_END)
		return KAAL_E_BAD_ADDRESS;
	return KAAL_OK;
}

static int map_frame_checked(struct cap *vspace, struct cap *page, vaddr_t va,
			     unsigned int perms)
{
	uint64_t *root = root_of(cap_vspace_id(vspace));
	unsigned int missing = 0;
	uint64_t *pte;
	int err;

	if (!root)
		return KAAL_E_ILLEGAL_OP;
	if (page->flags & CAP_F_MAPPED)
		return KAAL_E_MAPPED;
	if ((err = check_vaddr(va, page->size_bits)))
		return err;
	pte = walk(root, va, frame_level(page), &missing);
	if (!pte)
		return KAAL_E_NO_PAGE_TABLE;
	if (arch_pte_valid(*pte))
		return KAAL_E_MAPPED;
	*pte = arch_pte_user_leaf(page->object, perms,
				  page->flags & CAP_F_DEVICE,
				  frame_level(page));
	arch_pte_sync();
	page->flags |= CAP_F_MAPPED;
	cap_frame_set_mapped(page, cap_vspace_id(vspace), va, perms);
	return KAAL_OK;
}

int vspace_map_frame(struct cap *vspace, struct cap *page, vaddr_t va,
		     unsigned int perms)
{
	return map_frame_checked(vspace, page, va, perms);
}

/* The entry @cap (mapped page or table) occupies, if it still does. */
static uint64_t *mapped_entry(const struct cap *cap, unsigned int level)
{
	uint64_t *root = root_of(cap_mapped_vspace(cap));
	uint64_t *pte;

	if (!root)
		return NULL;
	pte = walk(root, cap_mapped_vaddr(cap), level, NULL);
	if (!pte || !arch_pte_valid(*pte))
		return NULL;
	if (arch_pte_addr(*pte) !=
	    (is_frame(cap) ? cap->object : virt_to_phys(cap_object(cap))))
		return NULL;
	return pte;
}

static unsigned int cap_level(const struct cap *cap)
{
	return is_frame(cap) ? frame_level(cap) : cap_pt_level(cap) - 1;
}

/*
 * A page table leaves its VSpace empty, as seL4 clears one on unmap: the
 * tables and pages below it stay "mapped" in their capabilities, and
 * their own unmap or destruction no longer finds (so no longer clears)
 * their entries in it. Left in place, those entries would come back to
 * life when the table is mapped again, pointing at tables or frames that
 * may have been freed and retyped since, or be read at another level.
 */
static void clear_table(struct cap *pt)
{
	memset(cap_object(pt), 0, 1ul << KAAL_PAGE_TABLE_BITS);
	arch_pte_sync();
}

void vspace_unmap_cap(struct cap *cap)
{
	uint64_t *pte;

	if (!(cap->flags & CAP_F_MAPPED))
		return;
	pte = mapped_entry(cap, cap_level(cap));
	if (pte) {
		*pte = 0;
		arch_pte_sync();
	}
	if (!is_frame(cap))
		clear_table(cap);
	if (pte)
		arch_tlb_flush_asid(cap_asid(cap));
	cap->flags &= (uint8_t)~CAP_F_MAPPED;
	cap_clear_mapped(cap);
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
	if (perms > 0xff)
		return KAAL_E_INVALID_ARG;
	err = check_perms(page, (unsigned int)perms);
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
	vspace_unmap_cap(&a->slot->cap);
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
	if (perms > 0xff)
		return KAAL_E_INVALID_ARG;
	if ((err = check_perms(c, (unsigned int)perms)))
		return err;
	if (!(c->flags & CAP_F_MAPPED))
		return KAAL_E_NOT_MAPPED;
	pte = mapped_entry(c, frame_level(c));
	if (!pte) {
		vspace_unmap_cap(c);
		return KAAL_E_NOT_MAPPED;
	}
	*pte = arch_pte_user_leaf(c->object, (unsigned int)perms,
				  c->flags & CAP_F_DEVICE, frame_level(c));
	arch_pte_sync();
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
