// SPDX-License-Identifier: BSD-2-Clause
/*
 * A hostile Linux program for the personality (Documentation/linux.rst,
 * tests/system/test_shell.py): system calls that do not exist, pointers
 * that are not its own to give, a W+X mapping, then a read of another
 * component's address. Each call's result is printed as "hostile: <what>
 * = <result>"; every one must be an error, the personality must stay up,
 * and the last step must end the process with SIGSEGV, reported like a
 * crashed component.
 */
#include "linux-syscall.h"

#define AT_FDCWD	-100
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4
#define MAP_PRIVATE	0x02
#define MAP_ANONYMOUS	0x20
#define CLOCK_MONOTONIC 1
#define PAGE		4096
#define LNR_KILL	129
#define LNR_SETPGID	154
#define LNR_EXECVE	221

/* Where the shell's code is in its own address space (the fourth
 * component's link slot, scripts/Makefile.user): nothing of ours. */
#define SHELL_ADDRESS  0x2c00000ul
#define KERNEL_ADDRESS 0xffff000040000000ul

#define report(what, result) lreport("hostile", what, result)

struct iovec {
	const void *base;
	unsigned long len;
};

void cmain(long *sp)
{
	static const long unknown[] = { 244, 258, 404, 9999, -1, 1l << 40 };
	struct iovec bad_base = { (const void *)8, 16 };
	char *page;
	long fd, r;

	(void)sp;
	lout("hostile: start\n");
	for (unsigned int i = 0; i < sizeof(unknown) / sizeof(unknown[0]);
	     i++) {
		char what[48] = "syscall ", digits[24];
		const char *d = lnum(digits, unknown[i]);
		unsigned int n = 8;

		while (*d)
			what[n++] = *d++;
		what[n] = '\0';
		report(what, lsys6(unknown[i], 1, 2, 3, 4, 5, 6));
	}
	report("write(NULL)", lsys3(LNR_WRITE, 1, 0, 16));
	report("write(kernel address)",
	       lsys3(LNR_WRITE, 1, (long)KERNEL_ADDRESS, 16));
	report("openat(bad path)", lsys3(LNR_OPENAT, AT_FDCWD, 1, 0));
	report("uname(bad buffer)", lsys1(LNR_UNAME, 0x10));
	report("clock_gettime(bad buffer)",
	       lsys2(LNR_CLOCK_GETTIME, CLOCK_MONOTONIC, -16));
	report("writev(bad vector)", lsys3(LNR_WRITEV, 1, 0x20, 1));
	report("writev(bad base)", lsys3(LNR_WRITEV, 1, (long)&bad_base, 1));
	report("newfstatat(bad buffer)",
	       lsys4(LNR_NEWFSTATAT, AT_FDCWD, (long)"/etc/passwd", 0x1000, 0));
	fd = lsys3(LNR_OPENAT, AT_FDCWD, (long)"/etc/passwd", 0);
	report("read(into our code)", lsys3(LNR_READ, fd, (long)&cmain, 8));
	lsys1(LNR_CLOSE, fd);
	report("read(bad fd)", lsys3(LNR_READ, 0x7bad, (long)&fd, 1));
	report("getcwd(bad buffer)", lsys2(LNR_GETCWD, 0x30, 64));
	report("mmap(64 TiB)", lsys6(LNR_MMAP, 0, 1l << 46, PROT_READ,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	report("munmap(unaligned)", lsys2(LNR_MUNMAP, 0x1001, PAGE));
	page = (char *)lsys6(LNR_MMAP, 0, PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)page < 0) {
		report("mmap(a page)", (long)page);
	} else {
		/* A path without its NUL, running into the unmapped page
		 * above the mapping. */
		for (int i = PAGE - 100; i < PAGE; i++)
			page[i] = 'a';
		report("openat(unterminated path)",
		       lsys3(LNR_OPENAT, AT_FDCWD, (long)(page + PAGE - 100),
			     0));
		report("mprotect(W+X)",
		       lsys3(LNR_MPROTECT, (long)page, PAGE,
			     PROT_READ | PROT_WRITE | PROT_EXEC));
	}
	/* Processes and pipes (issue 17): bad pointers, flags and pids. */
	report("pipe2(bad pointer)", lsys2(LNR_PIPE2, 0x10, 0));
	report("pipe2(bad flags)", lsys2(LNR_PIPE2, (long)&fd, 0x1));
	report("execve(bad path)", lsys3(LNR_EXECVE, 0x10, 0, 0));
	report("execve(bad argv)",
	       lsys3(LNR_EXECVE, (long)"/bin/busybox", 0x10, 0));
	report("execve(not a program)",
	       lsys3(LNR_EXECVE, (long)"/etc/passwd", 0, 0));
	report("wait4(no child)", lsys4(LNR_WAIT4, -1, 0, 0, 0));
	report("wait4(bad options)", lsys4(LNR_WAIT4, -1, 0, 0x7000, 0));
	report("kill(no such process)", lsys2(LNR_KILL, 99999, 15));
	report("kill(bad signal)", lsys2(LNR_KILL, 0, 65));
	/* CLONE_VM | CLONE_THREAD without CLONE_SIGHAND */
	report("clone(a thread, no CLONE_SIGHAND)",
	       lsys6(LNR_CLONE, 0x10100, 0, 0, 0, 0, 0));
	/* CLONE_THREAD_NEEDS without CLONE_FILES: a table of its own */
	report("clone(a thread, own descriptors)",
	       lsys6(LNR_CLONE, 0x10b00, 0, 0, 0, 0, 0));
	report("clone(bad child tid)",
	       lsys6(LNR_CLONE, 0x1000000 | 17, 0, 0, 0, 0x10, 0));
	report("setpgid(no such process)", lsys2(LNR_SETPGID, 99999, 0));
	r = lsys1(LNR_BRK, 0);
	report("brk(kernel address) moved brk",
	       lsys1(LNR_BRK, (long)KERNEL_ADDRESS) != r);
	lout("hostile: reading the shell's address 0x2c00000\n");
	r = *(volatile long *)SHELL_ADDRESS;
	report("read the shell's memory, got", r);
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
