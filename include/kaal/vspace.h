/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User address spaces (kernel/vspace.c): 4-level tables with 4 KiB
 * granules for the user half, one ASID per VSpace.
 *
 * Mapping state lives in the capabilities: a mapped Page or PageTable
 * capability records its virtual address and the id of its VSpace, (root
 * table physical address | ASID) (kaal/capability.h). Stale records (the
 * VSpace died) are detected by checking that the ASID still belongs to
 * that root and that the entry still points at this frame.
 */
#ifndef KAAL_VSPACE_H
#define KAAL_VSPACE_H

#include <kaal/arch/mmu.h>
#include <kaal/object.h>
#include <kaal/tcb.h>

#define VSPACE_MAX_ASIDS 4096

/* Reserve an ASID for a new VSpace whose zeroed root table is at @root.
 * Returns the VSpace's id (root | asid) or 0 when none is left. */
uint64_t vspace_create(void *root);
/* Are at least @n ASIDs free? */
bool vspace_asid_available(unsigned int n);
void vspace_destroy(struct cap *vspace);

/* For kernel/invariants_objects.c: is the VSpace id @id current (its ASID
 * still held by its root), which ASID it names, and is ASID @asid in
 * use? */
bool vspace_id_live(uint64_t id);
unsigned int vspace_id_asid(uint64_t id);
bool vspace_asid_used(unsigned int asid);
/* Free every ASID and start allocating from 1 again (host unit tests). */
void vspace_reset(void);

/* Unmap whatever @cap (page or page table) has mapped, if still valid. */
void vspace_unmap_cap(struct cap *cap);
void vspace_page_table_destroy(struct cap *pt);

/* The switch token of the VSpace @t runs in, 0 if none. The slot holds a
 * VSpace capability (tcb_configure takes no other) or nothing (all zeros:
 * token 0), and the capability's token is never stale
 * (kaal/capability.h), so it needs no check. */
static __always_inline uint64_t tcb_vspace_token(const struct tcb *t)
{
	const struct cap *vs = &t->vspace_root.cap;

	cap_check(vs, vs->type == KAAL_OBJ_VSPACE || cap_is_null(vs));
	return vs->w1; /* cap_vspace_token, or 0 */
}

/* Run with the VSpace @t runs in (none if it has none). */
static __always_inline void vspace_activate(const struct tcb *t)
{
	arch_vspace_switch_token(tcb_vspace_token(t));
}

/* Boot-time: map a frame / install a table without capabilities checks. */
int vspace_map_frame(struct cap *vspace, struct cap *page, vaddr_t va,
		     unsigned int perms);
int vspace_map_table(struct cap *vspace, struct cap *pt, vaddr_t va);

/* System calls: kaal/syscalls.h. */

#endif /* KAAL_VSPACE_H */
