/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake arch's address-space switch (include/kaal/arch/mmu.h): the
 * "CPU" remembers the root and ASID it runs with in fake_vspace_root and
 * fake_vspace_asid (0, 0: no user address space). A switch token is the
 * root ORed with the ASID (roots are 4 KiB aligned, ASIDs below 4096).
 */
#ifndef TESTS_UNIT_FAKE_ASM_MMU_H
#define TESTS_UNIT_FAKE_ASM_MMU_H

extern paddr_t fake_vspace_root;
extern unsigned int fake_vspace_asid, fake_vspace_switches;

static __always_inline uint64_t arch_vspace_token(paddr_t root,
						  unsigned int asid)
{
	return root ? root | asid : 0;
}

static __always_inline bool arch_vspace_is_active(paddr_t root,
						  unsigned int asid)
{
	return fake_vspace_root == root && fake_vspace_asid == asid;
}

static __always_inline void arch_vspace_switch(paddr_t root, unsigned int asid)
{
	if (!root)
		asid = 0;
	if (arch_vspace_is_active(root, asid))
		return;
	fake_vspace_root = root;
	fake_vspace_asid = asid;
	fake_vspace_switches++;
}

static __always_inline void arch_vspace_switch_token(uint64_t token)
{
	arch_vspace_switch(token & ~0xfffull, (unsigned int)(token & 0xfff));
}

#endif /* TESTS_UNIT_FAKE_ASM_MMU_H */
