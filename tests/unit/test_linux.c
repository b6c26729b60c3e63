// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Linux personality's pure code (user/components/linux): the ELF
 * checker (elf.c), the initial stack (stack.c), paths and command lines
 * (path.c) and the terminal's line discipline (tty.c). ELF images are
 * handed over in buffers of their exact size, so ASan catches any read
 * past a file; a seeded mutation run feeds thousands of broken headers
 * to the checker and checks what it accepts. When the Makefile found an
 * AArch64 cross compiler, the personality's own test programs (a static
 * executable and a static PIE, linked by the real linker) are checked
 * too (KTEST_LINUX_PROGS).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "elf.h"
#include "path.h"
#include "stack.h"
#include "tty.h"

#include "ktest.h"

/* ---- ELF -------------------------------------------------------------- */

#define PT_LOAD	  1
#define PT_INTERP 3
#define PF_X	  1
#define PF_W	  2
#define PF_R	  4
#define BASE	  0x400000ull
#define FSIZE	  0x3000

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

_Static_assert(sizeof(struct ehdr) == ELF_EHDR_SIZE, "ehdr");
_Static_assert(sizeof(struct phdr) == ELF_PHDR_SIZE, "phdr");

static uint8_t file[FSIZE];

static struct ehdr *eh(void)
{
	return (struct ehdr *)file;
}

static struct phdr *ph(unsigned int i)
{
	return (struct phdr *)(file + ELF_EHDR_SIZE) + i;
}

/*
 * text  R+X  file 0..0x1800 at BASE (headers included), entry BASE+0x100
 * data  R+W  file 0x2010+0x100 at BASE+0x12010, 0x1000 in memory (.bss)
 */
static void make_exec(void)
{
	memset(file, 0, sizeof(file));
	memcpy(eh()->ident, "\177ELF\2\1\1", 7);
	eh()->type = ELF_ET_EXEC;
	eh()->machine = 183;
	eh()->version = 1;
	eh()->entry = BASE + 0x100;
	eh()->phoff = ELF_EHDR_SIZE;
	eh()->ehsize = ELF_EHDR_SIZE;
	eh()->phentsize = ELF_PHDR_SIZE;
	eh()->phnum = 2;
	*ph(0) = (struct phdr){ PT_LOAD, PF_R | PF_X, 0,      BASE,
				BASE,	 0x1800,      0x1800, 0x10000 };
	*ph(1) = (struct phdr){ PT_LOAD,	PF_R | PF_W,	0x2010,
				BASE + 0x12010, BASE + 0x12010, 0x100,
				0x1000,		0x10000 };
}

/* Both steps on a copy of @n bytes of the file, so that ASan sees every
 * byte read past them. */
static int check(size_t n, uint64_t bias, struct elf_info *e, const char **why)
{
	uint8_t *copy = malloc(n ? n : 1);
	int r;

	memcpy(copy, file, n);
	*why = NULL;
	r = n < ELF_EHDR_SIZE ? -1 : elf_check_header(copy, n, e, why);
	if (n < ELF_EHDR_SIZE)
		*why = "short";
	if (!r)
		r = elf_check_phdrs(copy + e->phoff, n, bias, e, why);
	free(copy);
	return r;
}

TEST(elf_good_exec)
{
	struct elf_info e;
	const char *why;

	make_exec();
	CHECK_EQ_INT(0, check(FSIZE, 0, &e, &why));
	CHECK_EQ_UINT(2, e.nseg);
	CHECK_EQ_UINT(BASE, e.lo);
	CHECK_EQ_UINT(BASE + 0x14000, e.hi);
	CHECK_EQ_UINT(BASE + ELF_EHDR_SIZE, e.phdr_vaddr);
	CHECK_EQ_UINT(L_PROT_READ | L_PROT_EXEC, e.seg[0].prot);
	CHECK_EQ_UINT(L_PROT_READ | L_PROT_WRITE, e.seg[1].prot);
	CHECK_EQ_UINT(0x10000, e.max_align);
	/* An ET_EXEC program stays where it is linked. */
	CHECK_EQ_INT(-1, check(FSIZE, 0x10000, &e, &why));
}

TEST(elf_good_pie)
{
	struct elf_info e;
	const char *why;
	uint64_t bias;

	make_exec();
	eh()->type = ELF_ET_DYN;
	for (int i = 0; i < 2; i++) {
		ph(i)->vaddr -= BASE;
		ph(i)->paddr -= BASE;
	}
	eh()->entry -= BASE;
	CHECK_EQ_INT(0, check(FSIZE, 0, &e, &why));
	bias = elf_pie_bias(&e, 0xaaaaaaaa1000ull);
	CHECK_EQ_UINT(0xaaaaaaab0000ull, bias); /* up to the 64 KiB align */
	CHECK_EQ_INT(0, check(FSIZE, bias, &e, &why));
	/* A bias that takes it past the top of the address space. */
	CHECK_EQ_INT(-1, check(FSIZE, ELF_USER_TOP - 0x1000, &e, &why));
	CHECK_EQ_STR("a segment lies outside the address space", why);
	CHECK_EQ_INT(-1, check(FSIZE, 0x1234, &e, &why));
}

/* Each defect alone: refused, with its own message. */
TEST(elf_malformed)
{
	struct elf_info e;
	const char *why;

#define REFUSED(msg, ...)                                    \
	do {                                                 \
		make_exec();                                 \
		__VA_ARGS__;                                 \
		CHECK_EQ_INT(-1, check(FSIZE, 0, &e, &why)); \
		CHECK_NOT_NULL(why);                         \
		if (why)                                     \
			CHECK(strstr(why, msg) != NULL);     \
	} while (0)
	REFUSED("bad magic", file[3] = 'G');
	REFUSED("64-bit", file[4] = 1);
	REFUSED("little-endian", file[5] = 2);
	REFUSED("ELF version", file[6] = 2);
	REFUSED("ELF version", eh()->version = 0);
	REFUSED("ELF ABI", file[7] = 9); /* FreeBSD */
	REFUSED("ELF type", eh()->type = 1);
	REFUSED("AArch64", eh()->machine = 62);
	REFUSED("ELF header size", eh()->ehsize = 52);
	REFUSED("program header size", eh()->phentsize = 32);
	REFUSED("no program headers", eh()->phnum = 0);
	REFUSED("too many", eh()->phnum = ELF_MAX_PHDRS + 1);
	REFUSED("past the end", eh()->phoff = FSIZE - 8);
	REFUSED("past the end", eh()->phoff = UINT64_MAX - 16);
	REFUSED("file size exceeds", ph(1)->filesz = 0x2000);
	REFUSED("past the end of the file", ph(1)->filesz = 0x1000,
		ph(1)->memsz = 0x1000);
	REFUSED("past the end of the file", ph(1)->offset = UINT64_MAX - 8);
	REFUSED("power of two", ph(1)->align = 0x3000);
	REFUSED("modulo the page size", ph(1)->vaddr += 8);
	REFUSED("outside the address space", ph(1)->vaddr = ELF_USER_TOP,
		ph(1)->offset = 0);
	REFUSED("outside the address space",
		ph(1)->vaddr = UINT64_MAX - 0xfff + 0x10);
	REFUSED("outside the address space", ph(1)->memsz = UINT64_MAX - 8);
	REFUSED("outside the address space",
		ph(1)->vaddr = ELF_USER_TOP - 0x1000 + 0x10);
	REFUSED("writable and executable", ph(0)->flags |= PF_W);
	REFUSED("address order", ph(1)->vaddr = BASE + 0x1010,
		ph(1)->paddr = BASE + 0x1010);
	REFUSED("address order", *ph(1) = *ph(0), ph(0)->vaddr += 0x100000,
		ph(0)->paddr += 0x100000, eh()->entry += 0x100000);
	REFUSED("entry point", eh()->entry = BASE + 0x12010);
	REFUSED("entry point", eh()->entry = 0);
	REFUSED("no loadable segment", ph(0)->type = 4, ph(1)->type = 4);
	REFUSED("only static programs run", ph(1)->type = PT_INTERP);
#undef REFUSED
}

TEST(elf_short_files)
{
	struct elf_info e;
	const char *why;

	make_exec();
	/* Every length short of the program headers is refused; from there
	 * on the data segment is what lies past the end. */
	for (size_t n = 0; n < ELF_EHDR_SIZE + 2 * ELF_PHDR_SIZE; n++)
		CHECK_EQ_INT(-1, check(n, 0, &e, &why));
	for (size_t n = ELF_EHDR_SIZE + 2 * ELF_PHDR_SIZE; n < 0x2110; n += 7)
		CHECK_EQ_INT(-1, check(n, 0, &e, &why));
	CHECK_EQ_INT(0, check(0x2110, 0, &e, &why));
}

static uint64_t rng = 0x1234567887654321ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Thousands of mutated headers: whatever is accepted keeps every promise
 * the loader relies on. */
TEST(elf_mutations)
{
	unsigned int accepted = 0;

	for (int round = 0; round < 20000; round++) {
		struct elf_info e;
		const char *why;
		size_t n = FSIZE;
		int flips = 1 + (int)(next() % 4);

		make_exec();
		for (int i = 0; i < flips; i++) {
			size_t at =
				next() % (ELF_EHDR_SIZE + 2 * ELF_PHDR_SIZE);

			file[at] = (uint8_t)next();
		}
		if (next() % 8 == 0)
			n = next() % FSIZE;
		if (check(n, 0, &e, &why)) {
			CHECK_NOT_NULL(why);
			continue;
		}
		accepted++;
		CHECK(e.nseg >= 1 && e.nseg <= ELF_MAX_LOADS);
		for (unsigned int i = 0; i < e.nseg; i++) {
			const struct elf_seg *s = &e.seg[i];

			CHECK(s->filesz <= s->memsz);
			CHECK(s->offset <= n && s->filesz <= n - s->offset);
			CHECK(s->vaddr + s->memsz <= ELF_USER_TOP);
			CHECK(s->vaddr + s->memsz > s->vaddr);
			CHECK((s->prot & (L_PROT_WRITE | L_PROT_EXEC)) !=
			      (L_PROT_WRITE | L_PROT_EXEC));
			if (i)
				CHECK(s->vaddr >=
				      e.seg[i - 1].vaddr + e.seg[i - 1].memsz);
		}
		CHECK(e.lo <= e.entry && e.entry < e.hi);
	}
	/* Most single flips land in bytes the checker ignores or in a
	 * field it accepts another value of: some pass. */
	CHECK(accepted > 100);
}

#ifdef KTEST_LINUX_PROGS
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

TEST(elf_real_programs)
{
	static const struct {
		const char *name;
		uint16_t type;
	} progs[] = { { "hostile", ELF_ET_EXEC }, { "hello-pie", ELF_ET_DYN } };

	for (unsigned int i = 0; i < 2; i++) {
		char path[512];
		struct elf_info e;
		const char *why = NULL;
		size_t n;
		uint8_t *f;

		snprintf(path, sizeof(path), "%s/%s", KTEST_LINUX_PROGS,
			 progs[i].name);
		f = read_file(path, &n);
		CHECK_NOT_NULL(f);
		if (!f)
			continue;
		CHECK_EQ_INT(0, elf_check_header(f, n, &e, &why));
		CHECK_EQ_UINT(progs[i].type, e.type);
		CHECK_EQ_INT(0,
			     elf_check_phdrs(f + e.phoff, n,
					     e.type == ELF_ET_DYN ?
						     elf_pie_bias(&e, 0x10000) :
						     0,
					     &e, &why));
		CHECK(e.phdr_vaddr != 0);
		free(f);
	}
}
#endif

/* ---- the initial stack ------------------------------------------------- */

#define TOP 0x0000fffffffff000ull

static uint64_t word(const uint8_t *buf, size_t size, uint64_t addr)
{
	uint64_t v;

	memcpy(&v, buf + (addr - (TOP - size)), 8);
	return v;
}

static const char *str(const uint8_t *buf, size_t size, uint64_t addr)
{
	return (const char *)buf + (addr - (TOP - size));
}

TEST(stack_layout)
{
	static const char *const argv[] = { "/bin/busybox", "echo", "hello" };
	static const char *const envp[] = { "HOME=/", "PATH=/bin" };
	static uint8_t buf[8192];
	struct stack_spec s = { 0 };
	uint64_t sp, at;
	int seen = 0;

	s.top = TOP;
	s.argc = 3;
	s.argv = argv;
	s.envc = 2;
	s.envp = envp;
	s.execfn = "/bin/busybox";
	s.platform = "aarch64";
	for (int i = 0; i < 16; i++)
		s.random[i] = (uint8_t)(0xa0 + i);
	s.auxv[0][0] = L_AT_PAGESZ;
	s.auxv[0][1] = 4096;
	s.auxv[1][0] = L_AT_HWCAP;
	s.auxv[1][1] = L_HWCAP_FP | L_HWCAP_ASIMD;
	s.nauxv = 2;
	sp = stack_build(&s, buf, sizeof(buf));
	CHECK(sp != 0);
	CHECK_EQ_UINT(0, sp & 15);
	CHECK(sp > TOP - sizeof(buf) && sp < TOP);
	CHECK_EQ_UINT(3, word(buf, sizeof(buf), sp));
	for (int i = 0; i < 3; i++)
		CHECK_EQ_STR(argv[i],
			     str(buf, sizeof(buf),
				 word(buf, sizeof(buf), sp + 8 + 8 * i)));
	CHECK_EQ_UINT(0, word(buf, sizeof(buf), sp + 32));
	for (int i = 0; i < 2; i++)
		CHECK_EQ_STR(envp[i],
			     str(buf, sizeof(buf),
				 word(buf, sizeof(buf), sp + 40 + 8 * i)));
	CHECK_EQ_UINT(0, word(buf, sizeof(buf), sp + 56));
	for (at = sp + 64;; at += 16) {
		uint64_t key = word(buf, sizeof(buf), at);
		uint64_t val = word(buf, sizeof(buf), at + 8);

		if (key == L_AT_NULL)
			break;
		if (key == L_AT_RANDOM) {
			CHECK_EQ_MEM(s.random,
				     buf + (val - (TOP - sizeof(buf))), 16);
			seen |= 1;
		} else if (key == L_AT_EXECFN) {
			CHECK_EQ_STR("/bin/busybox",
				     str(buf, sizeof(buf), val));
			seen |= 2;
		} else if (key == L_AT_PLATFORM) {
			CHECK_EQ_STR("aarch64", str(buf, sizeof(buf), val));
			seen |= 4;
		} else if (key == L_AT_PAGESZ) {
			CHECK_EQ_UINT(4096, val);
			seen |= 8;
		} else if (key == L_AT_HWCAP) {
			CHECK_EQ_UINT(3, val);
			seen |= 16;
		}
		CHECK(at < TOP);
	}
	CHECK_EQ_INT(31, seen);
	/* Every string lies between the vectors' end and the top. */
	CHECK(at + 16 <= word(buf, sizeof(buf), sp + 8));
}

TEST(stack_does_not_fit)
{
	static const char *argv[STACK_MAX_ARGS + 1];
	static uint8_t buf[8192];
	struct stack_spec s = { 0 };

	for (int i = 0; i <= STACK_MAX_ARGS; i++)
		argv[i] = "x";
	s.top = TOP;
	s.argv = argv;
	s.envp = argv;
	s.execfn = "/x";
	s.platform = "aarch64";
	s.argc = STACK_MAX_ARGS + 1;
	CHECK_EQ_UINT(0, stack_build(&s, buf, sizeof(buf)));
	s.argc = 1;
	CHECK(stack_build(&s, buf, sizeof(buf)) != 0);
	/* Too small a buffer for the strings, then for the vectors. */
	CHECK_EQ_UINT(0, stack_build(&s, buf, 16));
	CHECK_EQ_UINT(0, stack_build(&s, buf, 64));
	s.nauxv = STACK_MAX_AUXV + 1;
	CHECK_EQ_UINT(0, stack_build(&s, buf, sizeof(buf)));
}

/* ---- paths and command lines ------------------------------------------ */

static const char *resolve(const char *cwd, const char *path, int *must_dir)
{
	static char out[PATH_MAX_LEN + 1];
	int err = path_resolve(cwd, path, out, sizeof(out), must_dir);

	return err ? (err == -L_ENOENT ? "ENOENT" : "ENAMETOOLONG") : out;
}

TEST(path_resolution)
{
	char longp[400];
	int d;

	CHECK_EQ_STR("/a/b", resolve("/", "a/b", &d));
	CHECK_EQ_INT(0, d);
	CHECK_EQ_STR("/x/z", resolve("/x/y", "../z", &d));
	CHECK_EQ_STR("/", resolve("/", "..", &d));
	CHECK_EQ_INT(1, d);
	CHECK_EQ_STR("/", resolve("/", "../../..", &d));
	CHECK_EQ_STR("/a/b/c", resolve("/a", "./b/.//c/", &d));
	CHECK_EQ_INT(1, d);
	CHECK_EQ_STR("/d", resolve("/a/b", "/c/../../d", &d));
	CHECK_EQ_STR("/a", resolve("/a", ".", &d));
	CHECK_EQ_INT(1, d);
	CHECK_EQ_STR("/", resolve("/", "/", &d));
	CHECK_EQ_STR("/tmp/f", resolve("/tmp", "f", &d));
	CHECK_EQ_STR("ENOENT", resolve("/", "", &d));
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	CHECK_EQ_STR("ENAMETOOLONG", resolve("/", longp, &d));
	/* Long in, short out: still refused (the input is measured). */
	longp[PATH_MAX_LEN + 1] = '\0';
	CHECK_EQ_STR("ENAMETOOLONG", resolve("/", longp, &d));
	/* Just fits: "/" and PATH_MAX_LEN - 1 bytes. */
	longp[PATH_MAX_LEN - 1] = '\0';
	CHECK_EQ_UINT(PATH_MAX_LEN, strlen(resolve("/", longp, &d)));
}

TEST(path_last_component)
{
	size_t n;

	CHECK_EQ_STR("f", path_last("/tmp/f", &n));
	CHECK_EQ_UINT(4, n);
	CHECK_EQ_STR("tmp", path_last("/tmp", &n));
	CHECK_EQ_UINT(1, n);
	CHECK_EQ_STR("", path_last("/", &n));
}

static int split(const char *line, char **argv, int max)
{
	static char buf[256];

	return args_split(line, buf, sizeof(buf), argv, max);
}

TEST(args_splitting)
{
	char *argv[8];

	CHECK_EQ_INT(3, split("  /bin/busybox echo\thello  ", argv, 8));
	CHECK_EQ_STR("/bin/busybox", argv[0]);
	CHECK_EQ_STR("echo", argv[1]);
	CHECK_EQ_STR("hello", argv[2]);
	CHECK_EQ_INT(3, split("bash -c 'echo $((6*7))'", argv, 8));
	CHECK_EQ_STR("echo $((6*7))", argv[2]);
	CHECK_EQ_INT(3, split("a \"b c\" d\\ e", argv, 8));
	CHECK_EQ_STR("b c", argv[1]);
	CHECK_EQ_STR("d e", argv[2]);
	CHECK_EQ_INT(1, split("\"a\\\"b\\x\"", argv, 8));
	CHECK_EQ_STR("a\"b\\x", argv[0]);
	CHECK_EQ_INT(2, split("'' x", argv, 8));
	CHECK_EQ_STR("", argv[0]);
	CHECK_EQ_INT(1, split("ab'c d'\"e\"", argv, 8));
	CHECK_EQ_STR("abc de", argv[0]);
	CHECK_EQ_INT(0, split("   ", argv, 8));
	CHECK_EQ_INT(-1, split("'open", argv, 8));
	CHECK_EQ_INT(-1, split("\"open", argv, 8));
	CHECK_EQ_INT(-1, split("end\\", argv, 8));
	CHECK_EQ_INT(-2, split("a b c", argv, 2));
	{
		char big[600], small[8];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		CHECK_EQ_INT(-2, split(big, argv, 8));
		CHECK_EQ_INT(-2, args_split("abcdefgh", small, sizeof(small),
					    argv, 8));
		CHECK_EQ_INT(1, args_split("abcdefg", small, sizeof(small),
					   argv, 8));
	}
}

/* ---- the terminal ------------------------------------------------------ */

static struct tty t;

static void typed(const char *s)
{
	tty_input(&t, s, strlen(s));
}

static const char *echoed(void)
{
	static char buf[TTY_ECHO_MAX + 1];

	memcpy(buf, t.echo, t.echo_len);
	buf[t.echo_len] = '\0';
	tty_echo_clear(&t);
	return buf;
}

static const char *got(size_t max)
{
	static char buf[TTY_READ_MAX + 1];
	size_t n = tty_read(&t, buf, max);

	buf[n] = '\0';
	return buf;
}

TEST(tty_canonical)
{
	tty_init(&t);
	typed("ab");
	CHECK(!tty_readable(&t));
	typed("\x7f");
	typed("c\r");
	CHECK_EQ_STR("ab\b \bc\n", echoed());
	CHECK(tty_readable(&t));
	CHECK_EQ_STR("ac\n", got(100));
	CHECK(!tty_readable(&t));
	/* Two lines, read in small pieces: never past a line's end. */
	typed("one\rtwo\r");
	CHECK_EQ_STR("on", got(2));
	CHECK_EQ_STR("e\n", got(100));
	CHECK_EQ_STR("two\n", got(100));
	/* Kill and word erase. */
	echoed();
	typed("wrong\x15right words\x17\r");
	CHECK_EQ_STR("right \n", got(100));
	/* A control character echoes as ^X and rubs out as two columns. */
	echoed();
	typed("\x01\x7f\r");
	CHECK_EQ_STR("^A\b \b\b \b\n", echoed());
	CHECK_EQ_STR("\n", got(100));
}

TEST(tty_end_of_file)
{
	tty_init(&t);
	typed("\x04");
	CHECK(tty_readable(&t));
	CHECK_EQ_STR("", got(100)); /* EOF: a read of 0 */
	CHECK(!tty_readable(&t));
	typed("part\x04");
	CHECK_EQ_STR("part", got(100)); /* no newline */
	CHECK(!tty_readable(&t));
}

TEST(tty_signals)
{
	tty_init(&t);
	typed("half a line\rand more");
	typed("\x03");
	CHECK_EQ_INT(L_SIGINT, tty_take_signal(&t));
	CHECK_EQ_INT(0, tty_take_signal(&t));
	CHECK(!tty_readable(&t)); /* input flushed */
	CHECK(strstr(echoed(), "^C\n") != NULL);
	typed("\x1c");
	CHECK_EQ_INT(L_SIGQUIT, tty_take_signal(&t));
	/* ^Z suspends: SIGTSTP, the line dropped as for ^C. */
	typed("sleep 100\x1a");
	CHECK_EQ_INT(L_SIGTSTP, tty_take_signal(&t));
	CHECK(!tty_readable(&t));
	CHECK(strstr(echoed(), "^Z\n") != NULL);
	/* Without ISIG, ^C is a character like another. */
	t.t.c_lflag &= ~(uint32_t)L_ISIG;
	typed("\x03\r");
	CHECK_EQ_INT(0, tty_take_signal(&t));
	CHECK_EQ_STR("\x03\n", got(100));
}

TEST(tty_raw)
{
	struct l_termios raw;

	tty_init(&t);
	typed("pending");
	raw = t.t;
	raw.c_lflag &= ~(uint32_t)(L_ICANON | L_ECHO);
	tty_set(&t, &raw);
	/* The line being edited is readable at once. */
	CHECK(tty_readable(&t));
	CHECK_EQ_STR("pending", got(100));
	echoed();
	typed("x\x7f");
	CHECK_EQ_STR("", echoed()); /* no echo */
	CHECK_EQ_UINT(2, tty_pending(&t));
	CHECK_EQ_STR("x\x7f", got(100));
	/* Back to canonical: what is there is read as it is. */
	typed("ab");
	tty_set(&t,
		&(struct l_termios){ .c_lflag = L_ICANON, .c_iflag = L_ICRNL });
	CHECK(tty_readable(&t));
	CHECK_EQ_STR("ab", got(100));
}

TEST(tty_limits)
{
	static char line[3 * TTY_LINE_MAX];

	tty_init(&t);
	memset(line, 'x', sizeof(line) - 1);
	typed(line);
	CHECK_EQ_UINT(TTY_LINE_MAX - 1, t.line_len);
	CHECK(t.echo_len <= TTY_ECHO_MAX);
	typed("\r");
	CHECK_EQ_UINT(TTY_LINE_MAX, tty_pending(&t));
	/* More lines than the queue holds: the extra ones are lost, none
	 * is cut. */
	tty_flush_input(&t);
	for (int i = 0; i < TTY_SEGMENTS + 10; i++)
		typed("l\r");
	CHECK_EQ_UINT(TTY_SEGMENTS * 2, tty_pending(&t));
	for (int i = 0; i < TTY_SEGMENTS; i++)
		CHECK_EQ_STR("l\n", got(100));
	CHECK(!tty_readable(&t));
}
