// SPDX-License-Identifier: BSD-2-Clause
/*
 * libgcc's out-of-line atomics (picolibc is compiled with them: its
 * locks and ungetc) ask __getauxval(AT_HWCAP) whether the CPU has the
 * ARMv8.1 LSE instructions, as on Linux. A KaaL program has no auxiliary
 * vector: the answer is "no capabilities", and the atomics use load- and
 * store-exclusive instructions, which every ARMv8.0 core has.
 */
unsigned long __getauxval(unsigned long type);

unsigned long __getauxval(unsigned long type)
{
	(void)type;
	return 0;
}
