// SPDX-License-Identifier: BSD-2-Clause
/* Building a process from a static ELF image (libsys/process.h). */
#include <string.h>
#include <libkaal/strerror.h>
#include <libkaal/vspace.h>
#include <libsys/error.h>
#include <libsys/process.h>

#define EM_AARCH64 183
#define ET_EXEC	   2
#define PT_LOAD	   1
#define PF_X	   1
#define PF_W	   2
#define PF_R	   4
#define USER_TOP   (1ul << 47)

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Where the creator maps a frame while it fills it. */
static kaal_word_t scratch_vaddr;

static unsigned long fail(struct process *p, const char *what,
			  unsigned long err)
{
	p->failed = what;
	return err;
}

static struct kaal_cap_ret new_object(struct process *p, struct kaal_alloc *a,
				      enum kaal_object_type type,
				      unsigned int bits)
{
	struct kaal_cap_ret r = kaal_alloc_object(a, type, bits);

	if (!r.error && (type == KAAL_OBJ_PAGE || type == KAAL_OBJ_PAGE_TABLE))
		p->pages++;
	return r;
}

/* Make the instructions just written through the creator's mapping
 * visible to instruction fetch (SCTLR_EL1.UCI lets EL0 do this). */
static void sync_icache(kaal_word_t va, size_t size)
{
	for (kaal_word_t x = va; x < va + size; x += 64)
		__asm__ volatile("dc cvau, %0" ::"r"(x) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
	for (kaal_word_t x = va; x < va + size; x += 64)
		__asm__ volatile("ic ivau, %0" ::"r"(x) : "memory");
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

/*
 * A new frame holding @len bytes of @src at offset @off (the rest
 * zeroed), mapped at @vaddr in the process with @perms.
 */
static unsigned long load_page(struct process *p, struct kaal_alloc *a,
			       kaal_word_t vaddr, kaal_word_t perms,
			       const uint8_t *src, size_t off, size_t len)
{
	struct kaal_cap_ret page = new_object(p, a, KAAL_OBJ_PAGE, 0);
	enum kaal_error err;

	if (page.error)
		return page.error;
	if (len) {
		err = kaal_vspace_map(a, KAAL_CAP_INIT_VSPACE, page.cap,
				      scratch_vaddr,
				      KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (err)
			return err;
		memcpy((uint8_t *)scratch_vaddr + off, src, len);
		if (perms & KAAL_MAP_EXEC)
			sync_icache(scratch_vaddr, KAAL_PAGE_SIZE);
		err = kaal_memory_unmap(page.cap);
		if (err)
			return err;
	}
	return kaal_vspace_map(a, p->vspace, page.cap, vaddr, perms);
}

static int overlaps_layout(kaal_word_t start, kaal_word_t end)
{
	kaal_word_t stack_lo =
		SYS_STACK_TOP - (SYS_STACK_PAGES + 1) * KAAL_PAGE_SIZE;

	return (start < SYS_IPC_BUFFER_VADDR + KAAL_PAGE_SIZE &&
		end > stack_lo) ||
	       end > KAAL_ALLOC_VADDR_BASE;
}

static unsigned long load_elf(struct process *p, struct kaal_alloc *a,
			      const uint8_t *elf, size_t size)
{
	struct elf64_ehdr ehdr, *eh = &ehdr;

	/* Copied out: archive entries are only 4-byte aligned. */
	if (size < sizeof(ehdr))
		return PROCESS_E_ELF;
	memcpy(&ehdr, elf, sizeof(ehdr));
	if (memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 ||
	    eh->ident[5] != 1 || eh->type != ET_EXEC ||
	    eh->machine != EM_AARCH64 ||
	    eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > size ||
	    eh->phnum > (size - eh->phoff) / sizeof(struct elf64_phdr))
		return PROCESS_E_ELF;
	p->entry = eh->entry;
	for (unsigned int i = 0; i < eh->phnum; i++) {
		struct elf64_phdr phdr, *ph = &phdr;
		kaal_word_t perms = 0, va, start, end;
		unsigned long err;

		memcpy(&phdr, elf + eh->phoff + i * sizeof(phdr), sizeof(phdr));
		if (ph->type != PT_LOAD || !ph->memsz)
			continue;
		if (ph->filesz > ph->memsz || ph->offset > size ||
		    ph->filesz > size - ph->offset || ph->vaddr >= USER_TOP ||
		    ph->memsz > USER_TOP - ph->vaddr ||
		    (ph->flags & (PF_W | PF_X)) == (PF_W | PF_X) ||
		    (ph->vaddr & (KAAL_PAGE_SIZE - 1)) !=
			    (ph->offset & (KAAL_PAGE_SIZE - 1)))
			return PROCESS_E_SEGMENT;
		start = ph->vaddr & ~(KAAL_PAGE_SIZE - 1);
		end = (ph->vaddr + ph->memsz + KAAL_PAGE_SIZE - 1) &
		      ~(KAAL_PAGE_SIZE - 1);
		if (overlaps_layout(start, end))
			return PROCESS_E_SEGMENT;
		if (ph->flags & PF_R)
			perms |= KAAL_MAP_READ;
		if (ph->flags & PF_W)
			perms |= KAAL_MAP_WRITE;
		if (ph->flags & PF_X)
			perms |= KAAL_MAP_EXEC;
		for (va = start; va < end; va += KAAL_PAGE_SIZE) {
			/* The part of [vaddr, vaddr + filesz) in this page. */
			kaal_word_t lo = va > ph->vaddr ? va : ph->vaddr;
			kaal_word_t fend = ph->vaddr + ph->filesz;
			kaal_word_t hi = fend < va + KAAL_PAGE_SIZE ?
						 fend :
						 va + KAAL_PAGE_SIZE;
			size_t len = hi > lo ? hi - lo : 0;

			err = load_page(p, a, va, perms,
					elf + ph->offset + (lo - ph->vaddr),
					lo - va, len);
			if (err)
				return err == KAAL_E_MAPPED ?
					       PROCESS_E_SEGMENT :
					       err;
		}
	}
	return 0;
}

static unsigned long give(struct process *p, kaal_word_t slot, kaal_cptr_t src,
			  kaal_word_t rights, kaal_word_t badge)
{
	if (badge)
		return kaal_cap_mint(p->cnode, slot, KAAL_WORD_BITS,
				     KAAL_CAP_INIT_CNODE, src, KAAL_WORD_BITS,
				     rights, badge);
	return kaal_cap_copy(p->cnode, slot, KAAL_WORD_BITS,
			     KAAL_CAP_INIT_CNODE, src, KAAL_WORD_BITS, rights);
}

static unsigned long map_copy(struct process *p, struct kaal_alloc *a,
			      kaal_cptr_t frame, kaal_word_t vaddr,
			      kaal_word_t perms)
{
	struct kaal_cap_ret copy = kaal_alloc_slot(a);
	unsigned long err = copy.error;

	if (!err)
		err = kaal_cap_copy(KAAL_CAP_INIT_CNODE, copy.cap,
				    KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE, frame,
				    KAAL_WORD_BITS, KAAL_RIGHTS_ALL);
	if (!err)
		err = kaal_vspace_map(a, p->vspace, copy.cap, vaddr, perms);
	return err;
}

static unsigned long make_objects(struct process *p, struct kaal_alloc *a)
{
	struct kaal_cap_ret r;
	unsigned long err;

	r = new_object(p, a, KAAL_OBJ_CNODE, p->cnode_bits);
	if (r.error)
		return fail(p, "CNode", r.error);
	p->cnode_raw = r.cap;
	r = kaal_alloc_slot(a);
	if (r.error)
		return fail(p, "CNode slot", r.error);
	/* Guard: the 64 - bits high bits of a slot number are zero. */
	err = kaal_cap_mint(KAAL_CAP_INIT_CNODE, r.cap, KAAL_WORD_BITS,
			    KAAL_CAP_INIT_CNODE, p->cnode_raw, KAAL_WORD_BITS,
			    KAAL_RIGHTS_ALL, KAAL_WORD_BITS - p->cnode_bits);
	if (err)
		return fail(p, "CNode guard", err);
	p->cnode = r.cap;
	r = new_object(p, a, KAAL_OBJ_VSPACE, 0);
	if (r.error)
		return fail(p, "VSpace", r.error);
	p->vspace = r.cap;
	r = new_object(p, a, KAAL_OBJ_TCB, 0);
	if (r.error)
		return fail(p, "TCB", r.error);
	p->tcb = r.cap;
	return 0;
}

static unsigned long make_pages(struct process *p, struct kaal_alloc *a)
{
	struct kaal_cap_ret r;
	unsigned long err;

	for (unsigned int i = 1; i <= SYS_STACK_PAGES; i++) {
		r = new_object(p, a, KAAL_OBJ_PAGE, 0);
		if (r.error)
			return fail(p, "stack", r.error);
		err = kaal_vspace_map(a, p->vspace, r.cap,
				      SYS_STACK_TOP - i * KAAL_PAGE_SIZE,
				      KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (err)
			return fail(p, "stack mapping", err);
	}
	r = new_object(p, a, KAAL_OBJ_PAGE, 0);
	if (r.error)
		return fail(p, "IPC buffer", r.error);
	p->ipc_frame = r.cap;
	err = kaal_vspace_map(a, p->vspace, r.cap, SYS_IPC_BUFFER_VADDR,
			      KAAL_MAP_READ | KAAL_MAP_WRITE);
	if (err)
		return fail(p, "IPC buffer mapping", err);
	/* The info page: writable for the creator, read-only for it. */
	r = new_object(p, a, KAAL_OBJ_PAGE, 0);
	if (r.error)
		return fail(p, "info page", r.error);
	p->info_frame = r.cap;
	p->info = (void *)kaal_alloc_vaddr(a, 1);
	err = kaal_vspace_map(a, KAAL_CAP_INIT_VSPACE, r.cap,
			      (kaal_word_t)p->info,
			      KAAL_MAP_READ | KAAL_MAP_WRITE);
	if (err)
		return fail(p, "info page mapping", err);
	r = kaal_alloc_slot(a);
	if (!r.error)
		r.error = kaal_cap_copy(KAAL_CAP_INIT_CNODE, r.cap,
					KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE,
					p->info_frame, KAAL_WORD_BITS,
					KAAL_RIGHT_READ);
	if (r.error)
		return fail(p, "info page copy", r.error);
	p->info_frame_ro = r.cap;
	err = kaal_vspace_map(a, p->vspace, r.cap, SYS_INFO_VADDR,
			      KAAL_MAP_READ);
	return err ? fail(p, "info page mapping", err) : 0;
}

static unsigned long fill_cspace(struct process *p)
{
	static const struct {
		kaal_word_t slot;
		size_t off;
	} fixed[] = {
		{ SYS_CAP_TCB, offsetof(struct process, tcb) },
		{ SYS_CAP_CNODE, offsetof(struct process, cnode) },
		{ SYS_CAP_VSPACE, offsetof(struct process, vspace) },
		{ SYS_CAP_IPC_BUFFER, offsetof(struct process, ipc_frame) },
		{ SYS_CAP_INFO_FRAME, offsetof(struct process, info_frame_ro) },
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		kaal_cptr_t src =
			*(const kaal_cptr_t *)((const char *)p + fixed[i].off);
		unsigned long err =
			give(p, fixed[i].slot, src, KAAL_RIGHTS_ALL, 0);
		if (err)
			return fail(p, "fixed capabilities", err);
	}
	return 0;
}

static unsigned long create(struct process *p, struct kaal_alloc *a,
			    const void *elf, size_t elf_size,
			    unsigned int cnode_bits, kaal_cptr_t fault_ep,
			    unsigned int prio)
{
	unsigned long err;

	memset(p, 0, sizeof(*p));
	p->cnode_bits = cnode_bits;
	if (!scratch_vaddr)
		scratch_vaddr = kaal_alloc_vaddr(a, 1);
	err = make_objects(p, a);
	if (err)
		return err;
	err = load_elf(p, a, elf, elf_size);
	if (err)
		return fail(p, "ELF image", err);
	err = make_pages(p, a);
	if (!err)
		err = fill_cspace(p);
	if (err)
		return err;
	err = kaal_tcb_configure(p->tcb, fault_ep, p->cnode, p->vspace,
				 SYS_IPC_BUFFER_VADDR, p->ipc_frame);
	if (err)
		return fail(p, "tcb_configure", err);
	err = kaal_tcb_set_priority(p->tcb, KAAL_CAP_INIT_TCB, prio);
	return err ? fail(p, "priority", err) : 0;
}

/* The exported functions follow the libraries' convention, 0 or -E; the
 * ones above pass the kernel's positive errors on as libkaal gives them. */
long process_give(struct process *p, kaal_word_t slot, kaal_cptr_t src,
		  kaal_word_t rights, kaal_word_t badge)
{
	return -(long)give(p, slot, src, rights, badge);
}

long process_map_copy(struct process *p, struct kaal_alloc *a,
		      kaal_cptr_t frame, kaal_word_t vaddr, kaal_word_t perms)
{
	return -(long)map_copy(p, a, frame, vaddr, perms);
}

long process_create(struct process *p, struct kaal_alloc *a, const void *elf,
		    size_t elf_size, unsigned int cnode_bits,
		    kaal_cptr_t fault_ep, unsigned int prio)
{
	return -(long)create(p, a, elf, elf_size, cnode_bits, fault_ep, prio);
}

long process_start(struct process *p, kaal_word_t arg)
{
	return -(long)kaal_tcb_write_registers(p->tcb, 1, p->entry,
					       SYS_STACK_TOP, arg, 0, 0);
}
