// SPDX-License-Identifier: GPL-2.0-only
/*
 * boot/elf.c: a valid three-segment image built in memory is accepted and
 * loaded byte for byte (.bss and gaps zeroed); every malformed variant is
 * rejected with the message for its defect. Images are handed over in
 * buffers of their exact size, so ASan catches any read past the file.
 * When the Makefile found an AArch64 cross compiler it also feeds in a
 * real linked executable (KTEST_SAMPLE_ELF).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/elf.h>

#include "ktest.h"

#define V	 0xffffff8000000000ull /* link address of the test image */
#define IMG_SIZE 0x3040
#define NPHDR	 4

struct image {
	union {
		unsigned char bytes[IMG_SIZE];
		struct elf64_ehdr eh;
	};
};

static struct elf64_phdr *ph(struct image *im, unsigned int i)
{
	return (struct elf64_phdr *)(im->bytes + im->eh.e_phoff) + i;
}

/*
 * text   R+X  file 0x1000+0x200  at V         (entry at V+0x10)
 * rodata R    file 0x2000+0x80   at V+0x1000
 * (a PT_GNU_STACK with RWX flags: not PT_LOAD, so never checked)
 * data   R+W  file 0x3000+0x40   at V+0x2000, 0x3000 in memory (.bss)
 */
static void make_image(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, "\177ELF", 4);
	im->eh.e_ident[4] = ELFCLASS64;
	im->eh.e_ident[5] = ELFDATA2LSB;
	im->eh.e_ident[6] = 1;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_AARCH64;
	im->eh.e_version = 1;
	im->eh.e_entry = V + 0x10;
	im->eh.e_phoff = sizeof(struct elf64_ehdr);
	im->eh.e_ehsize = sizeof(struct elf64_ehdr);
	im->eh.e_phentsize = sizeof(struct elf64_phdr);
	im->eh.e_phnum = NPHDR;
	*ph(im, 0) =
		(struct elf64_phdr){ PT_LOAD, PF_R | PF_X, 0x1000, V,
				     V,	      0x200,	   0x200,  0x1000 };
	*ph(im, 1) = (struct elf64_phdr){ PT_LOAD,    PF_R, 0x2000, V + 0x1000,
					  V + 0x1000, 0x80, 0x80,   0x1000 };
	*ph(im, 2) = (struct elf64_phdr){
		0x6474e551, PF_R | PF_W | PF_X, 0, 0, 0, 0, 0, 16
	};
	*ph(im, 3) = (struct elf64_phdr){ PT_LOAD,    PF_R | PF_W, 0x3000,
					  V + 0x2000, V + 0x2000,  0x40,
					  0x3000,     0x1000 };
	for (unsigned int i = 0; i < 0x200; i++)
		im->bytes[0x1000 + i] = (unsigned char)(i * 7 + 1);
	for (unsigned int i = 0; i < 0x80; i++)
		im->bytes[0x2000 + i] = (unsigned char)(0x80 | i);
	for (unsigned int i = 0; i < 0x40; i++)
		im->bytes[0x3000 + i] = (unsigned char)(0xd0 + i);
}

/* elf_check on an exact-size heap copy of the first @size bytes. */
static const char *check(const struct image *im, size_t size,
			 struct elf_info *info)
{
	void *copy = malloc(size ? size : 1);
	const char *err;

	memcpy(copy, im->bytes, size);
	err = elf_check(copy, size, info);
	free(copy);
	return err;
}

TEST(valid_image_is_accepted)
{
	struct image im;
	struct elf_info info;

	make_image(&im);
	REQUIRE(CHECK_NULL(check(&im, sizeof(im.bytes), &info)));
	CHECK_EQ_UINT(V + 0x10, info.entry);
	CHECK_EQ_UINT(V, info.vaddr_lo);
	CHECK_EQ_UINT(V + 0x5000, info.vaddr_hi);
	CHECK_EQ_UINT(3, info.nr_load);
	CHECK_EQ_UINT(NPHDR, elf_phnum(im.bytes));
	CHECK_EQ_PTR(im.bytes + 64 + 2 * 56, elf_phdr(im.bytes, 2));
}

TEST(load_copies_segments_and_zeroes_the_rest)
{
	struct image im;
	struct elf_info info;
	unsigned char *mem;
	size_t span;

	make_image(&im);
	REQUIRE(CHECK_NULL(elf_check(im.bytes, sizeof(im.bytes), &info)));
	span = info.vaddr_hi - info.vaddr_lo;
	mem = malloc(span); /* exactly the span: ASan-checked */
	memset(mem, 0xaa, span);
	elf_load(im.bytes, &info, mem);
	CHECK_EQ_MEM(im.bytes + 0x1000, mem, 0x200);
	CHECK_EQ_MEM(im.bytes + 0x2000, mem + 0x1000, 0x80);
	CHECK_EQ_MEM(im.bytes + 0x3000, mem + 0x2000, 0x40);
	for (size_t i = 0; i < span; i++) {
		bool in_file = i < 0x200 || (i >= 0x1000 && i < 0x1080) ||
			       (i >= 0x2000 && i < 0x2040);

		if (!in_file && !CHECK_EQ_UINT(0, mem[i]))
			break;
	}
	free(mem);
}

TEST(edge_cases_that_are_valid)
{
	struct image im;
	struct elf_info info;

	/* Alignment 0 and 1 mean "none"; 64 KiB is the maximum. */
	make_image(&im);
	ph(&im, 1)->p_align = 0;
	ph(&im, 3)->p_align = 1;
	CHECK_NULL(check(&im, sizeof(im.bytes), &info));
	make_image(&im);
	ph(&im, 0)->p_align = 0x10000;
	ph(&im, 0)->p_offset = 0x1000;
	ph(&im, 0)->p_vaddr = V + 0x11000; /* congruent mod 64 KiB */
	ph(&im, 1)->p_vaddr = V + 0x12000;
	ph(&im, 3)->p_vaddr = V + 0x13000;
	im.eh.e_entry = V + 0x11000;
	CHECK_NULL(check(&im, sizeof(im.bytes), &info));
	CHECK_EQ_UINT(V + 0x11000, info.vaddr_lo);
	/* An empty PT_LOAD is ignored wherever it is. */
	make_image(&im);
	ph(&im, 2)->p_type = PT_LOAD;
	ph(&im, 2)->p_flags = PF_R;
	ph(&im, 2)->p_align = 0;
	CHECK_NULL(check(&im, sizeof(im.bytes), &info));
	CHECK_EQ_UINT(3, info.nr_load);
	/* A segment may end exactly at the end of the file. */
	make_image(&im);
	CHECK_NULL(check(&im, 0x3040, &info));
	/* Entry on the last byte of the executable segment. */
	make_image(&im);
	im.eh.e_entry = V + 0x1ff;
	CHECK_NULL(check(&im, sizeof(im.bytes), &info));
}

struct bad_case {
	const char *what;
	void (*mutate)(struct image *im, size_t *size);
	const char *error; /* expected message (a substring) */
};

#define BAD(name, err, body)                                   \
	static void bad_##name(struct image *im, size_t *size) \
	{                                                      \
		(void)im;                                      \
		(void)size;                                    \
		body;                                          \
	}
BAD(short_file, "shorter than an ELF header", *size = 63)
BAD(empty_file, "shorter than an ELF header", *size = 0)
BAD(bad_magic, "bad magic", im->eh.e_ident[1] = 'X')
BAD(elf32, "not a 64-bit", im->eh.e_ident[4] = 1)
BAD(big_endian, "not a little-endian", im->eh.e_ident[5] = 2)
BAD(shared_object, "not an executable", im->eh.e_type = 3)
BAD(x86_64, "not an AArch64", im->eh.e_machine = 62)
BAD(phentsize, "program header size", im->eh.e_phentsize = 32)
BAD(no_phdrs, "no program headers", im->eh.e_phnum = 0)
BAD(phdrs_truncated, "program headers outside", *size = 64 + NPHDR * 56 - 1)
BAD(phnum_too_big, "program headers outside", im->eh.e_phnum = 0xffff)
BAD(phoff_past_end, "program headers outside", im->eh.e_phoff = IMG_SIZE + 8)
BAD(phoff_huge, "program headers outside",
    im->eh.e_phoff = 0xfffffffffffffff8ull)
BAD(phoff_misaligned, "program headers outside", im->eh.e_phoff = 65)
BAD(segment_past_end, "segment data outside", ph(im, 3)->p_filesz = 0x41)
BAD(segment_offset_past_end, "segment data outside",
    ph(im, 1)->p_offset = IMG_SIZE + 0x1000)
BAD(segment_offset_wraps, "segment data outside",
    ph(im, 1)->p_offset = 0xfffffffffffff000ull)
BAD(file_truncated_in_segment, "segment data outside", *size = 0x303f)
BAD(filesz_over_memsz, "larger in the file than in memory",
    ph(im, 1)->p_filesz = 0x81)
BAD(align_128k, "alignment above 64 KiB", ph(im, 1)->p_align = 0x20000)
BAD(align_not_power_of_2, "not a power of two", ph(im, 1)->p_align = 0x3000)
BAD(align_mismatch, "disagree modulo alignment",
    ph(im, 1)->p_vaddr = V + 0x1800)
BAD(vaddr_wraps, "wraps around", ph(im, 3)->p_vaddr = 0xfffffffffffff000ull;
    ph(im, 3)->p_offset = 0x3000)
BAD(write_and_exec, "both writable and executable",
    ph(im, 3)->p_flags = PF_R | PF_W | PF_X)
BAD(write_and_exec_text, "both writable and executable",
    ph(im, 0)->p_flags = PF_W | PF_X)
BAD(overlap, "overlap or are out of order", ph(im, 1)->p_vaddr = V + 0x0;
    ph(im, 1)->p_offset = 0x2000)
BAD(overlap_same_page, "overlap or are out of order",
    ph(im, 3)->p_vaddr = V + 0x1100;
    ph(im, 3)->p_align = 0x100)
BAD(out_of_order, "overlap or are out of order",
    ph(im, 0)->p_vaddr = V + 0x8000)
BAD(no_load_segment, "no loadable", ph(im, 0)->p_type = 4;
    ph(im, 1)->p_type = 4; ph(im, 3)->p_type = 4)
BAD(entry_in_rodata, "entry point not in an executable segment",
    im->eh.e_entry = V + 0x1000)
BAD(entry_in_data, "entry point not in an executable segment",
    im->eh.e_entry = V + 0x2008)
BAD(entry_past_text, "entry point not in an executable segment",
    im->eh.e_entry = V + 0x200)
BAD(entry_below_text, "entry point not in an executable segment",
    im->eh.e_entry = V - 4)
BAD(entry_zero, "entry point not in an executable segment", im->eh.e_entry = 0)
#undef BAD

#define CASE(name, err)                \
	{                              \
#name, bad_##name, err \
	}
static const struct bad_case bad_cases[] = {
	CASE(short_file, "shorter than an ELF header"),
	CASE(empty_file, "shorter than an ELF header"),
	CASE(bad_magic, "bad magic"),
	CASE(elf32, "not a 64-bit"),
	CASE(big_endian, "not a little-endian"),
	CASE(shared_object, "not an executable"),
	CASE(x86_64, "not an AArch64"),
	CASE(phentsize, "program header size"),
	CASE(no_phdrs, "no program headers"),
	CASE(phdrs_truncated, "program headers outside"),
	CASE(phnum_too_big, "program headers outside"),
	CASE(phoff_past_end, "program headers outside"),
	CASE(phoff_huge, "program headers outside"),
	CASE(phoff_misaligned, "program headers outside"),
	CASE(segment_past_end, "segment data outside"),
	CASE(segment_offset_past_end, "segment data outside"),
	CASE(segment_offset_wraps, "segment data outside"),
	CASE(file_truncated_in_segment, "segment data outside"),
	CASE(filesz_over_memsz, "larger in the file than in memory"),
	CASE(align_128k, "alignment above 64 KiB"),
	CASE(align_not_power_of_2, "not a power of two"),
	CASE(align_mismatch, "disagree modulo alignment"),
	CASE(vaddr_wraps, "wraps around"),
	CASE(write_and_exec, "both writable and executable"),
	CASE(write_and_exec_text, "both writable and executable"),
	CASE(overlap, "overlap or are out of order"),
	CASE(overlap_same_page, "overlap or are out of order"),
	CASE(out_of_order, "overlap or are out of order"),
	CASE(no_load_segment, "no loadable"),
	CASE(entry_in_rodata, "entry point not in an executable segment"),
	CASE(entry_in_data, "entry point not in an executable segment"),
	CASE(entry_past_text, "entry point not in an executable segment"),
	CASE(entry_below_text, "entry point not in an executable segment"),
	CASE(entry_zero, "entry point not in an executable segment"),
};
#undef CASE

TEST(malformed_images_are_rejected)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct image im;
		struct elf_info info;
		size_t size = sizeof(im.bytes);
		const char *err;

		make_image(&im);
		c->mutate(&im, &size);
		err = check(&im, size, &info);
		ktest_check(err && strstr(err, c->error), __FILE__, __LINE__,
			    "case %s: expected an error containing \"%s\", "
			    "got %s%s%s",
			    c->what, c->error, err ? "\"" : "",
			    err ? err : "NULL (accepted)", err ? "\"" : "");
	}
}

#ifdef KTEST_SAMPLE_ELF
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*size);
	if (fread(buf, 1, *size, f) != *size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}
#endif

TEST(real_aarch64_executable)
{
#ifdef KTEST_SAMPLE_ELF
	struct elf_info info;
	size_t size;
	unsigned char *img = read_file(KTEST_SAMPLE_ELF, &size), *mem;

	REQUIRE(CHECK_NOT_NULL(img));
	REQUIRE(CHECK_NULL(elf_check(img, size, &info)));
	CHECK(info.nr_load >= 2);
	CHECK(info.vaddr_lo <= info.entry && info.entry < info.vaddr_hi);
	mem = malloc(info.vaddr_hi - info.vaddr_lo);
	elf_load(img, &info, mem);
	/* Every PT_LOAD's file bytes are where its address says. */
	for (unsigned int i = 0; i < elf_phnum(img); i++) {
		const struct elf64_phdr *p = elf_phdr(img, i);

		if (p->p_type == PT_LOAD && p->p_memsz)
			CHECK_EQ_MEM(img + p->p_offset,
				     mem + (p->p_vaddr - info.vaddr_lo),
				     p->p_filesz);
	}
	/* The same file cut short anywhere in its segments is refused. */
	CHECK_NOT_NULL(elf_check(img, size / 2, &info));
	free(mem);
	free(img);
#else
	SKIP("no aarch64-linux-gnu-gcc to link a sample executable");
#endif
}
