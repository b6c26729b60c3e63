/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The personality's ELF checker (Documentation/linux.rst, "Loading"):
 * static AArch64 executables, ET_EXEC at their own addresses or static
 * PIE (ET_DYN) at a bias the caller picks. Pure code: it reads only the
 * bytes it is given, checks every field it uses against them and the
 * file's size, and says in words what is wrong with a file it refuses.
 * tests/unit/test_linux.c runs it on the host.
 */
#ifndef USER_COMPONENTS_LINUX_ELF_H
#define USER_COMPONENTS_LINUX_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELF_MAX_PHDRS 64	   /* more is refused */
#define ELF_MAX_LOADS 8		   /* PT_LOAD segments */
#define ELF_USER_TOP  (1ull << 48) /* end of the user address space */
#define ELF_PAGE      4096ull

#define ELF_ET_EXEC 2
#define ELF_ET_DYN  3

/* A PT_LOAD segment, as the file says (before any bias). */
struct elf_seg {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t prot; /* L_PROT_READ | _WRITE | _EXEC */
};

struct elf_info {
	uint16_t type; /* ELF_ET_EXEC or ELF_ET_DYN */
	uint64_t entry;
	uint64_t phoff;
	uint16_t phnum;
	struct elf_seg seg[ELF_MAX_LOADS];
	unsigned int nseg;
	uint64_t lo, hi;     /* the segments' page-aligned extent */
	uint64_t max_align;  /* the largest p_align, at least a page */
	uint64_t phdr_vaddr; /* where the program headers are loaded,
			      * 0 when in no segment */
	uint32_t stack_prot; /* PT_GNU_STACK's, else read-write */
};

/*
 * Step one: the 64-byte file header of a file of @file_size bytes. Fills
 * type, entry, phoff and phnum. 0, or -1 with *why saying what is wrong.
 */
int elf_check_header(const uint8_t *ehdr, uint64_t file_size,
		     struct elf_info *e, const char **why);

/*
 * Step two: the program headers (e->phnum of them, read from e->phoff).
 * Checks each segment against the file and the address space, as loaded
 * at @bias (0 for ET_EXEC): its file bytes within the file, its memory
 * below ELF_USER_TOP without wrapping, file offset and address equal
 * modulo the page size, no segment both writable and executable (KaaL
 * never maps memory so), segments in address order without sharing a
 * page, the entry point in an executable segment, no PT_INTERP (only
 * static programs run). 0 or -1 with *why.
 */
int elf_check_phdrs(const uint8_t *phdrs, uint64_t file_size, uint64_t bias,
		    struct elf_info *e, const char **why);

/* The bias for a static PIE whose segments span [lo, hi) at @base (a
 * page-aligned address): base rounded up to max_align, less lo. */
uint64_t elf_pie_bias(const struct elf_info *e, uint64_t base);

#endif /* USER_COMPONENTS_LINUX_ELF_H */
