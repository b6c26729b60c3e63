/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 images as the loader accepts them (boot/elf.c): little-endian
 * AArch64 executables with one or more PT_LOAD segments. The checks are
 * portable C so that the host unit tests can feed them broken files.
 */
#ifndef KAAL_ELF_H
#define KAAL_ELF_H

#include <kaal/types.h>

#define EI_NIDENT   16
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define ET_EXEC	    2
#define EM_AARCH64  183
#define PT_LOAD	    1
#define PF_X	    1
#define PF_W	    2
#define PF_R	    4

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");

/* Largest segment alignment accepted (GCC/ld use up to 64 KiB). */
#define ELF_MAX_ALIGN 0x10000ull

struct elf_info {
	uint64_t entry;
	uint64_t vaddr_lo; /* lowest PT_LOAD address, page aligned down */
	uint64_t vaddr_hi; /* end of the highest PT_LOAD, page aligned up */
	unsigned int nr_load;
};

/* Check the image of @size bytes at @img. Returns NULL and fills @info when
 * it is loadable, else a message that says what is wrong. */
const char *elf_check(const void *img, size_t size, struct elf_info *info);

/* Program header @i of a checked image. */
const struct elf64_phdr *elf_phdr(const void *img, unsigned int i);
unsigned int elf_phnum(const void *img);

/* Copy every PT_LOAD segment of a checked image to @dest, which stands for
 * virtual address info->vaddr_lo, and zero everything else in the span
 * (.bss and the gaps between segments). */
void elf_load(const void *img, const struct elf_info *info, void *dest);

#endif /* KAAL_ELF_H */
