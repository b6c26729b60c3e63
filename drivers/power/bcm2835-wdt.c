// SPDX-License-Identifier: GPL-2.0-only
/*
 * Power off through the BCM2835 power-management watchdog (Raspberry Pi 3
 * and 4, QEMU raspi3b). The block is not in "BCM2835 ARM Peripherals";
 * registers and values follow Linux's drivers/watchdog/bcm2835_wdt.c,
 * which both the Pi firmware and QEMU's bcm2835_powermgt model agree with.
 *
 * A Pi cannot switch its own power off. Linux's "power off" is a full
 * reset with the reset-status partition field set to 63: the firmware
 * (bootcode.bin, or the Pi 4's EEPROM boot loader) reads it after the
 * reset and halts instead of booting. QEMU's raspi machines treat the same
 * sequence as a shutdown request and exit; a plain reset would exit QEMU
 * too under -no-reboot.
 */
#include <kaal/arch/timer.h>
#include <kaal/mmio.h>
#include <kaal/power.h>
#include <kaal/types.h>
#include <generated/devicetree.h>

#ifndef DT_WATCHDOG_BASE
#error "POWER_BCM2835_WDT needs the devicetree's brcm,bcm2835-pm-wdt node"
#endif

#define PM_RSTC 0x1c /* reset control */
#define PM_RSTS 0x20 /* reset status, boot partition */
#define PM_WDOG 0x24 /* watchdog count, 16 us ticks */

/* Every write carries the password in bits 31:24 or is ignored. */
#define PM_PASSWORD		 0x5a000000u
#define PM_VALUE_MASK		 0x00ffffffu
#define PM_RSTC_WRCFG_MASK	 0x00000030u
#define PM_RSTC_WRCFG_FULL_RESET 0x00000020u
/* Partition 63, spread over the even bits 0-10 of PM_RSTS: "halt". */
#define PM_RSTS_HALT		 0x00000555u

#define PM_WDOG_TICKS 10u /* about 150 us until the reset */

/* Mark the coming reset as a halt, then let the watchdog fire a full
 * reset after a few ticks, as bcm2835_power_off() in Linux does. */
static void bcm2835_wdt_halt_reset(volatile void *pm)
{
	uint32_t rsts = mmio_read32(pm, PM_RSTS) & PM_VALUE_MASK;
	uint32_t rstc = mmio_read32(pm, PM_RSTC) & PM_VALUE_MASK &
			~PM_RSTC_WRCFG_MASK;

	mmio_write32(pm, PM_RSTS, PM_PASSWORD | rsts | PM_RSTS_HALT);
	mmio_write32(pm, PM_WDOG, PM_PASSWORD | PM_WDOG_TICKS);
	mmio_write32(pm, PM_RSTC,
		     PM_PASSWORD | rstc | PM_RSTC_WRCFG_FULL_RESET);
}

/* The hardware resets within microseconds; QEMU acts on the request from
 * its main loop, some host milliseconds later, while this CPU runs on.
 * A second is ample for both. */
void plat_power_off(void)
{
	uint64_t start, wait = arch_counter_freq();

	bcm2835_wdt_halt_reset(mmio_map(DT_WATCHDOG_BASE));
	start = arch_counter_read();
	while (arch_counter_read() - start < wait)
		;
}
