/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The status QEMU exits with when KaaL stops the machine. Shared by the
 * loader (boot/) and the kernel, and read by the test harness
 * (tests/conftest.py), so each value is defined here and nowhere else.
 * Documentation/testing.rst lists them.
 *
 * A normal power-off (PSCI SYSTEM_OFF or the board's method) always ends
 * with status 0. A failure reports its status through Arm semihosting
 * (CONFIG_SEMIHOSTING_EXIT). 1 is left out: QEMU uses it for its own
 * errors (a bad option, a missing -kernel file) and for a semihosting
 * exit with any reason other than "application exit".
 */
#ifndef KAAL_EXITCODE_H
#define KAAL_EXITCODE_H

#define KAAL_EXIT_POWER_OFF    0 /* orderly power-off */
#define KAAL_EXIT_LOADER_ERROR 2 /* loader_fail(): the image cannot boot */
#define KAAL_EXIT_KERNEL_PANIC 3 /* panic(), a kernel fault, a stack overflow */

#endif /* KAAL_EXITCODE_H */
