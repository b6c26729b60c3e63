// SPDX-License-Identifier: BSD-2-Clause
/* The personality's ELF checker (elf.h). */
#include <string.h>
#include "abi.h"
#include "elf.h"

#define EM_AARCH64    183
#define PT_LOAD	      1
#define PT_INTERP     3
#define PT_PHDR	      6
#define PT_GNU_STACK  0x6474e551
#define PF_X	      1
#define PF_W	      2
#define PF_R	      4
#define ELFOSABI_SYSV 0
#define ELFOSABI_GNU  3

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static int refuse(const char **why, const char *what)
{
	*why = what;
	return -1;
}

int elf_check_header(const uint8_t *h, uint64_t file_size, struct elf_info *e,
		     const char **why)
{
	memset(e, 0, sizeof(*e));
	if (file_size < ELF_EHDR_SIZE)
		return refuse(why, "shorter than an ELF header");
	if (memcmp(h, "\177ELF", 4))
		return refuse(why, "not an ELF file (bad magic)");
	if (h[4] != 2)
		return refuse(why, "not a 64-bit ELF file");
	if (h[5] != 1)
		return refuse(why, "not little-endian");
	if (h[6] != 1 || rd32(h + 20) != 1)
		return refuse(why, "unknown ELF version");
	if (h[7] != ELFOSABI_SYSV && h[7] != ELFOSABI_GNU)
		return refuse(why, "not a Linux (System V or GNU) ELF ABI");
	e->type = rd16(h + 16);
	if (e->type != ELF_ET_EXEC && e->type != ELF_ET_DYN)
		return refuse(why, "not an executable (ELF type)");
	if (rd16(h + 18) != EM_AARCH64)
		return refuse(why, "not an AArch64 program");
	e->entry = rd64(h + 24);
	e->phoff = rd64(h + 32);
	if (rd16(h + 52) != ELF_EHDR_SIZE)
		return refuse(why, "bad ELF header size");
	if (rd16(h + 54) != ELF_PHDR_SIZE)
		return refuse(why, "bad program header size");
	e->phnum = rd16(h + 56);
	if (!e->phnum)
		return refuse(why, "no program headers");
	if (e->phnum > ELF_MAX_PHDRS)
		return refuse(why, "too many program headers");
	if (e->phoff > file_size ||
	    (uint64_t)e->phnum * ELF_PHDR_SIZE > file_size - e->phoff)
		return refuse(why, "program headers past the end of the file");
	return 0;
}

static int check_load(const uint8_t *p, uint64_t file_size, uint64_t bias,
		      struct elf_info *e, const char **why)
{
	struct elf_seg *s;
	uint32_t flags = rd32(p + 4);
	uint64_t align = rd64(p + 48), start, end;

	if (e->nseg == ELF_MAX_LOADS)
		return refuse(why, "too many loadable segments");
	s = &e->seg[e->nseg];
	s->offset = rd64(p + 8);
	s->vaddr = rd64(p + 16);
	s->filesz = rd64(p + 32);
	s->memsz = rd64(p + 40);
	if (!s->memsz)
		return 0; /* nothing to load */
	if (s->filesz > s->memsz)
		return refuse(why, "a segment's file size exceeds its size");
	if (s->offset > file_size || s->filesz > file_size - s->offset)
		return refuse(why, "a segment lies past the end of the file");
	if (align > 1 && (align & (align - 1)))
		return refuse(why,
			      "a segment's alignment is not a power of two");
	if ((s->vaddr - s->offset) & (ELF_PAGE - 1))
		return refuse(why, "a segment's address and file offset differ "
				   "modulo the page size");
	/* In the address space at the bias, without wrapping anywhere. */
	if (s->vaddr > ELF_USER_TOP || bias > ELF_USER_TOP - s->vaddr ||
	    s->memsz > ELF_USER_TOP - (s->vaddr + bias) ||
	    s->vaddr + bias + s->memsz > ELF_USER_TOP - ELF_PAGE)
		return refuse(why, "a segment lies outside the address space");
	if ((flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return refuse(why, "a segment is writable and executable "
				   "(KaaL never maps memory so)");
	s->prot = (flags & PF_R ? L_PROT_READ : 0) |
		  (flags & PF_W ? L_PROT_WRITE : 0) |
		  (flags & PF_X ? L_PROT_EXEC : 0);
	start = s->vaddr & ~(ELF_PAGE - 1);
	end = (s->vaddr + s->memsz + ELF_PAGE - 1) & ~(ELF_PAGE - 1);
	if (e->nseg && start < e->hi)
		return refuse(why, "segments out of address order or sharing "
				   "a page");
	if (!e->nseg)
		e->lo = start;
	e->hi = end;
	if (align > e->max_align)
		e->max_align = align;
	e->nseg++;
	return 0;
}

int elf_check_phdrs(const uint8_t *phdrs, uint64_t file_size, uint64_t bias,
		    struct elf_info *e, const char **why)
{
	uint64_t phdr_size = (uint64_t)e->phnum * ELF_PHDR_SIZE;
	int has_phdr = 0, entry_ok = 0;

	e->nseg = 0;
	e->lo = e->hi = 0;
	e->max_align = ELF_PAGE;
	e->phdr_vaddr = 0;
	e->stack_prot = L_PROT_READ | L_PROT_WRITE;
	if (e->type == ELF_ET_EXEC && bias)
		return refuse(why, "an ET_EXEC program cannot move");
	if (bias & (ELF_PAGE - 1))
		return refuse(why, "the load bias is not page-aligned");
	for (unsigned int i = 0; i < e->phnum; i++) {
		const uint8_t *p = phdrs + i * ELF_PHDR_SIZE;
		uint32_t type = rd32(p);

		if (type == PT_INTERP)
			return refuse(why, "dynamically linked (it names a "
					   "program interpreter): only static "
					   "programs run");
		if (type == PT_PHDR)
			has_phdr = 1;
		if (type == PT_GNU_STACK)
			e->stack_prot = rd32(p + 4) & PF_X ?
						L_PROT_READ | L_PROT_WRITE |
							L_PROT_EXEC :
						L_PROT_READ | L_PROT_WRITE;
		if (type == PT_LOAD && check_load(p, file_size, bias, e, why))
			return -1;
	}
	if (!e->nseg)
		return refuse(why, "no loadable segment");
	(void)has_phdr;
	for (unsigned int i = 0; i < e->nseg; i++) {
		const struct elf_seg *s = &e->seg[i];

		if ((s->prot & L_PROT_EXEC) && e->entry >= s->vaddr &&
		    e->entry - s->vaddr < s->memsz)
			entry_ok = 1;
		/* The program headers, where a segment loads them (glibc
		 * finds its TLS template through AT_PHDR). */
		if (!e->phdr_vaddr && e->phoff >= s->offset &&
		    e->phoff - s->offset < s->filesz &&
		    phdr_size <= s->filesz - (e->phoff - s->offset))
			e->phdr_vaddr = s->vaddr + (e->phoff - s->offset);
	}
	if (!entry_ok)
		return refuse(why, "the entry point is in no executable "
				   "segment");
	return 0;
}

uint64_t elf_pie_bias(const struct elf_info *e, uint64_t base)
{
	uint64_t align = e->max_align > (1ull << 21) ? (1ull << 21) :
						       e->max_align;

	base = (base + align - 1) & ~(align - 1);
	return base - e->lo;
}
