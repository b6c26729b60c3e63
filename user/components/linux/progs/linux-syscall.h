/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Raw Linux system calls for the personality's freestanding test
 * programs (arm64: number in x8, arguments in x0-x5, svc #0, result in
 * x0), and their entry point: _start passes the initial stack pointer
 * (argc, argv, envp, auxv) to cmain().
 */
#ifndef USER_COMPONENTS_LINUX_PROGS_LINUX_SYSCALL_H
#define USER_COMPONENTS_LINUX_PROGS_LINUX_SYSCALL_H

#define LNR_GETCWD	  17
#define LNR_OPENAT	  56
#define LNR_CLOSE	  57
#define LNR_PIPE2	  59
#define LNR_READ	  63
#define LNR_WRITE	  64
#define LNR_WRITEV	  66
#define LNR_NEWFSTATAT	  79
#define LNR_EXIT_GROUP	  94
#define LNR_CLOCK_GETTIME 113
#define LNR_UNAME	  160
#define LNR_BRK		  214
#define LNR_MUNMAP	  215
#define LNR_CLONE	  220
#define LNR_MMAP	  222
#define LNR_MPROTECT	  226
#define LNR_WAIT4	  260

static inline long lsys6(long nr, long a0, long a1, long a2, long a3, long a4,
			 long a5)
{
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;
	register long x8 __asm__("x8") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x8)
			 : "memory");
	return x0;
}

#define lsys1(nr, a)	      lsys6(nr, a, 0, 0, 0, 0, 0)
#define lsys2(nr, a, b)	      lsys6(nr, a, b, 0, 0, 0, 0)
#define lsys3(nr, a, b, c)    lsys6(nr, a, b, c, 0, 0, 0)
#define lsys4(nr, a, b, c, d) lsys6(nr, a, b, c, d, 0, 0)

/* @s on standard output. */
static inline long lout(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	return lsys3(LNR_WRITE, 1, (long)s, n);
}

/* @v in decimal at the end of @buf (of 24 bytes): where it starts. */
static inline char *lnum(char *buf, long v)
{
	int n = 23;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	buf[n] = '\0';
	do {
		buf[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--n] = '-';
	return buf + n;
}

/* "<prog>: <what> = <v>", in one write. */
static inline void lreport(const char *prog, const char *what, long v)
{
	char line[160], digits[24];
	const char *parts[] = { prog, ": ", what, " = ", lnum(digits, v), "\n" };
	long n = 0;

	for (unsigned int i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		for (const char *s = parts[i]; *s && n < (long)sizeof(line);
		     s++)
			line[n++] = *s;
	lsys3(LNR_WRITE, 1, (long)line, n);
}

void cmain(long *sp) __attribute__((noreturn));

__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	mov x0, sp\n"
	"	bl cmain\n"
	"	brk #0\n");

#endif /* USER_COMPONENTS_LINUX_PROGS_LINUX_SYSCALL_H */
