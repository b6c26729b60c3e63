// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loader console output and the C runtime pieces libfdt needs.
 */
#include <stdarg.h>
#include <kaal/console.h>
#include <kaal/exitcode.h>
#include <kaal/mmio.h>
#include <kaal/vsprintf.h>
#include <asm/psci.h>
#include <asm/semihosting.h>
#include <asm/sysreg.h>
#include "loader.h"

/* The loader runs on physical addresses (identity mapped once the MMU is
 * on), so a device's address is its physical address. */
volatile void *mmio_map(paddr_t pa)
{
	return (volatile void *)(uintptr_t)pa;
}

/* A line of up to 511 characters: the longest, the advice of
 * check_device(), is some 400. */
static void vlprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = kaal_vsnprintf(buf, sizeof(buf), fmt, ap);

	for (int i = 0; i < n && i < (int)sizeof(buf) - 1; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
}

void lprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlprintf(fmt, ap);
	va_end(ap);
}

static uint32_t psci_conduit = BOOT_PSCI_NONE;

void loader_set_psci(uint32_t conduit)
{
	psci_conduit = conduit;
}

/*
 * Report and stop: QEMU exits with KAAL_EXIT_LOADER_ERROR through
 * semihosting. Where nothing answers the semihosting call (real hardware,
 * QEMU without semihosting) it is an undefined instruction, whose
 * exception comes back here (loader_exception()); the second time round
 * the loader powers off through PSCI if the devicetree has been read far
 * enough to name it, and halts otherwise.
 */
void loader_fail(const char *fmt, ...)
{
	static bool failing;
	va_list ap;

	if (!failing) {
		failing = true;
		lprintf("loader: error: ");
		va_start(ap, fmt);
		vlprintf(fmt, ap);
		va_end(ap);
		lprintf("\nloader: stopped.\n");
		semihosting_exit(KAAL_EXIT_LOADER_ERROR);
	}
	psci_system_off(psci_conduit);
	for (;;)
		wfe();
}

void loader_exception(uint64_t esr, uint64_t elr, uint64_t far);
void loader_exception(uint64_t esr, uint64_t elr, uint64_t far)
{
	loader_fail("unexpected exception ESR=0x%lx ELR=0x%lx FAR=0x%lx", esr,
		    elr, far);
}

/* libfdt.a is built with the stack protector. */
uintptr_t __stack_chk_guard = 0x2f8a1b3c5d7e9f01ul;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	loader_fail("stack smashing detected in libfdt");
}
