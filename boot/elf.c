// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF64 checking and loading for the loader. Every field the loader relies
 * on is checked against the file size before it is used, so a truncated or
 * malformed image gives a message, never a wild access.
 */
#include <kaal/elf.h>
#include <kaal/string.h>

#define PAGE 0x1000ull

static const struct elf64_ehdr *ehdr(const void *img)
{
	return img;
}

unsigned int elf_phnum(const void *img)
{
	return ehdr(img)->e_phnum;
}

const struct elf64_phdr *elf_phdr(const void *img, unsigned int i)
{
	return (const struct elf64_phdr *)((const uint8_t *)img +
					   ehdr(img)->e_phoff) +
	       i;
}

static const char *check_header(const struct elf64_ehdr *h, size_t size)
{
	if (size < sizeof(*h))
		return "file shorter than an ELF header";
	if (memcmp(h->e_ident, "\177ELF", 4) != 0)
		return "not an ELF file (bad magic)";
	if (h->e_ident[4] != ELFCLASS64)
		return "not a 64-bit ELF file";
	if (h->e_ident[5] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (h->e_type != ET_EXEC)
		return "not an executable (ET_EXEC) ELF file";
	if (h->e_machine != EM_AARCH64)
		return "not an AArch64 ELF file";
	if (h->e_phentsize != sizeof(struct elf64_phdr))
		return "unexpected program header size";
	if (h->e_phnum == 0)
		return "no program headers";
	if (h->e_phoff % 8 || h->e_phoff > size ||
	    (uint64_t)h->e_phnum * sizeof(struct elf64_phdr) >
		    size - h->e_phoff)
		return "program headers outside the file";
	return NULL;
}

static const char *check_segment(const struct elf64_phdr *p, size_t size)
{
	if (p->p_filesz > p->p_memsz)
		return "segment larger in the file than in memory";
	if (p->p_offset > size || p->p_filesz > size - p->p_offset)
		return "segment data outside the file";
	if (p->p_align > ELF_MAX_ALIGN)
		return "segment alignment above 64 KiB";
	if (p->p_align & (p->p_align - 1))
		return "segment alignment not a power of two";
	if (p->p_align > 1 && (p->p_vaddr - p->p_offset) % p->p_align)
		return "segment address and file offset disagree modulo alignment";
	if (p->p_vaddr + p->p_memsz < p->p_vaddr)
		return "segment wraps around the address space";
	if ((p->p_flags & PF_W) && (p->p_flags & PF_X))
		return "segment both writable and executable";
	return NULL;
}

/* Segments must be sorted and disjoint at page granularity, because each
 * page gets one set of permissions. */
static const char *check_layout(const void *img, struct elf_info *info)
{
	uint64_t prev_end = 0;
	bool entry_ok = false;

	for (unsigned int i = 0; i < elf_phnum(img); i++) {
		const struct elf64_phdr *p = elf_phdr(img, i);
		uint64_t lo = p->p_vaddr & ~(PAGE - 1);
		uint64_t hi = (p->p_vaddr + p->p_memsz + PAGE - 1) &
			      ~(PAGE - 1);

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		if (info->nr_load && lo < prev_end)
			return "PT_LOAD segments overlap or are out of order";
		if (!info->nr_load)
			info->vaddr_lo = lo;
		prev_end = info->vaddr_hi = hi;
		info->nr_load++;
		if ((p->p_flags & PF_X) && info->entry >= p->p_vaddr &&
		    info->entry < p->p_vaddr + p->p_memsz)
			entry_ok = true;
	}
	if (!info->nr_load)
		return "no loadable (PT_LOAD) segment";
	if (!entry_ok)
		return "entry point not in an executable segment";
	return NULL;
}

const char *elf_check(const void *img, size_t size, struct elf_info *info)
{
	const char *err = check_header(img, size);

	if (err)
		return err;
	*info = (struct elf_info){ .entry = ehdr(img)->e_entry };
	for (unsigned int i = 0; i < elf_phnum(img); i++) {
		const struct elf64_phdr *p = elf_phdr(img, i);

		if (p->p_type == PT_LOAD && (err = check_segment(p, size)))
			return err;
	}
	return check_layout(img, info);
}

/* Each byte is written once: the segments are sorted and disjoint
 * (check_layout), so only what lies between their file data is zeroed. */
void elf_load(const void *img, const struct elf_info *info, void *dest)
{
	uint8_t *base = dest;
	uint64_t done = 0; /* bytes of the span written so far */

	for (unsigned int i = 0; i < elf_phnum(img); i++) {
		const struct elf64_phdr *p = elf_phdr(img, i);
		uint64_t at = p->p_vaddr - info->vaddr_lo;

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		memset(base + done, 0, at - done);
		memcpy(base + at, (const uint8_t *)img + p->p_offset,
		       p->p_filesz);
		done = at + p->p_filesz;
	}
	memset(base + done, 0, info->vaddr_hi - info->vaddr_lo - done);
}
