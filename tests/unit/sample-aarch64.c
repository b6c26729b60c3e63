// SPDX-License-Identifier: GPL-2.0-only
/*
 * A tiny freestanding AArch64 program, linked by tests/unit/Makefile with
 * the cross compiler's default linker script when one is installed, so
 * that test_elf also checks a real executable (text, rodata, data, .bss)
 * rather than only images it built itself. It is never run.
 */
volatile int table[1024] = { 1, 2, 3 };
volatile int scratch[4096];
const char msg[] = "hello";

void _start(void);
void _start(void)
{
	for (int i = 0;; i++)
		scratch[i % 4096] = table[i % 1024] + msg[i % 5];
}
