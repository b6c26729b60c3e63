// SPDX-License-Identifier: BSD-2-Clause
/*
 * A static position-independent Linux program (ET_DYN, no C library, no
 * relocations: every address is PC-relative), for the personality's
 * loader: it says where it was loaded and exits with status 7.
 */
#include "linux-syscall.h"

static void put_hex(unsigned long v)
{
	char buf[19] = "0x";
	int n = 2;

	for (int shift = 60; shift >= 0; shift -= 4) {
		unsigned int d = (v >> shift) & 0xf;

		if (d || n > 2 || !shift)
			buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	}
	lsys3(LNR_WRITE, 1, (long)buf, n);
}

void cmain(long *sp)
{
	static const char hello[] = "hello-pie: loaded at ";

	(void)sp;
	lsys3(LNR_WRITE, 1, (long)hello, sizeof(hello) - 1);
	put_hex((unsigned long)&cmain);
	lsys3(LNR_WRITE, 1, (long)"\n", 1);
	lsys1(LNR_EXIT_GROUP, 7);
	for (;;)
		;
}
