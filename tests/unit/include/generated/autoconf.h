/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for the build's include/generated/autoconf.h in the host unit
 * tests: the portable sources are compiled as in a debug qemu_virt
 * kernel. Only generic options belong here; the tests must not depend on
 * board addresses.
 */
#ifndef KAAL_TEST_STUB_GENERATED_AUTOCONF_H
#define KAAL_TEST_STUB_GENERATED_AUTOCONF_H

#define CONFIG_ARM64 1
#define CONFIG_BOARD_QEMU_VIRT 1
#define CONFIG_BOARD_NAME "host-unit-test"
#define CONFIG_HZ 100
#define CONFIG_SCHED_TIMESLICE_TICKS 5
#define CONFIG_IPC_FASTPATH 1
#define CONFIG_DEBUG_SYSCALLS 1
#define CONFIG_DEBUG_KERNEL 1
#define CONFIG_KERNEL_INVARIANTS 1
#define CONFIG_KERNEL_LOG_LEVEL 7
#define CONFIG_BOOT_TICK_TEST 100
#define CONFIG_LOADER_MAX_RAM_REGIONS 8

#endif /* KAAL_TEST_STUB_GENERATED_AUTOCONF_H */
