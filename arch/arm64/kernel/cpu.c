// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU-level services for the portable kernel (include/kaal/arch/cpu.h).
 */
#include <kaal/arch/cpu.h>
#include <kaal/printk.h>
#include <asm/pgtable.h>
#include <asm/psci.h>
#include <asm/semihosting.h>
#include <asm/sysreg.h>
#include <kaal/bootparams.h>
#include <kaal/mmio.h>
#include <kaal/power.h>

static int64_t kernel_pv_offset;

static void pmu_export(void);
static uint32_t psci_conduit;

/* The loader's identity map is no longer needed: stop TTBR0 walks until a
 * user address space exists, and let the hardware enforce W^X (SCTLR.WXN:
 * any writable mapping is never executable). */
void arch_cpu_init(const struct boot_params *bp)
{
	kernel_pv_offset = bp->pv_offset;
	psci_conduit = bp->psci;
	arch_cpu_init_local();
}

/* What every CPU sets for itself: the boot CPU from arch_cpu_init, the
 * others (CONFIG_SMP) when they start. */
void arch_cpu_init_local(void)
{
	/* FP/SIMD traps until a user thread needs it (arch/arm64/kernel/fpu.c);
	 * the kernel itself never uses it. */
	write_sysreg(cpacr_el1, 0);
	write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	write_sysreg(ttbr0_el1,
		     0); /* 0 exactly while EPD0 is set (asm/mmu.h) */
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_WXN | SCTLR_UCI |
					SCTLR_UCT);
	/* EL0 may read the virtual counter (timing without a system call). */
	write_sysreg(cntkctl_el1, CNTKCTL_EL0VCTEN);
	if (IS_ENABLED(CONFIG_EXPORT_PMU_USER))
		pmu_export();
	isb();
	__asm__ volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}

/* PMU (Arm ARM D13): cycle counter and event counter 0 = instructions
 * retired (0x08), counting at EL0 and EL1, readable from EL0. */
static void pmu_export(void)
{
	write_sysreg(pmevtyper0_el0, 0x08);
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcntenset_el0, (1ul << 31) | 1);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | 0x7); /* E, P, C */
	/* CR and ER: EL0 may read the cycle and event counters. EN stays
	 * clear, so no thread can stop, reset or reprogram them under another
	 * (Arm ARM D13.3, PMUSERENR_EL0). */
	write_sysreg(pmuserenr_el0, 0xc);
	isb();
}

paddr_t arch_kernel_virt_to_phys(const void *p)
{
	return (paddr_t)((int64_t)(uintptr_t)p - kernel_pv_offset);
}

void arch_irq_on(void)
{
	arch_irq_enable();
}

void arch_irq_off(void)
{
	arch_irq_disable();
}

/* Unmasking takes effect for the instructions after a context
 * synchronization event: the ISB is where pending interrupts are taken. */
void arch_irq_take_pending(void)
{
	arch_irq_enable();
	isb();
	arch_irq_disable();
}

/* ISR_EL1.I (D17.2.85): an IRQ is pending, masked or not. */
bool arch_irq_pending(void)
{
	return read_sysreg(isr_el1) & (1u << 7);
}

void arch_wait_for_interrupt(void)
{
	dsb(sy);
	wfi();
}

/* Without PSCI (the Raspberry Pis), the board's own method, if Kconfig
 * chose a driver for it (include/kaal/power.h). */
void arch_power_off(void)
{
	if (psci_conduit != BOOT_PSCI_NONE) {
		psci_system_off(psci_conduit);
		return;
	}
#ifdef CONFIG_PLAT_POWER_OFF
	plat_power_off();
	pr_warn("power: the board's power-off did not act; halting instead\n");
#else
	/* No PSCI and no board method: QEMU with secure=on, where no
	 * firmware provides PSCI. Its semihosting can still end it, with
	 * status 0. Not while panicking: that path tried it already, and a
	 * machine without semihosting faults on it (kaal/printk.h). */
	if (IS_ENABLED(CONFIG_SEMIHOSTING_EXIT) && !panic_in_progress())
		arch_emulator_exit(0);
	pr_warn("power: the devicetree offers no PSCI; halting instead\n");
#endif
}

void arch_emulator_exit(unsigned int status)
{
	semihosting_exit(status);
}

/* Devices are reached through the physical window, where the loader mapped
 * every region of DT_MMIO_REGIONS as Device-nGnRE. */
volatile void *mmio_map(paddr_t pa)
{
	return (volatile void *)phys_to_virt(pa);
}

#ifdef CONFIG_SMP
void arch_clean_to_poc(const void *p)
{
	__asm__ volatile("dc civac, %0" ::"r"(p) : "memory");
	dsb(sy);
}

/*
 * Start the CPU @c describes at the loader's secondary entry @entry
 * (physical). NULL when it was asked to start, else why not.
 */
const char *arch_cpu_start(const struct boot_cpu *c, paddr_t entry)
{
	volatile uint64_t *release;
	long err;

	switch (c->method) {
	case BOOT_CPU_PSCI:
		if (psci_conduit == BOOT_PSCI_NONE)
			return "enable-method \"psci\" but the devicetree has "
			       "no PSCI node";
		err = psci_cpu_on(psci_conduit, c->mpidr, entry, 0);
		if (err == PSCI_SUCCESS)
			return NULL;
		if (err == PSCI_ALREADY_ON)
			return "PSCI CPU_ON: already on";
		if (err == PSCI_INVALID_PARAMETERS)
			return "PSCI CPU_ON: invalid parameters";
		if (err == PSCI_INVALID_ADDRESS)
			return "PSCI CPU_ON: invalid entry address";
		return "PSCI CPU_ON failed";
	case BOOT_CPU_SPIN_TABLE:
		/* The CPU spins with its caches off, reading the release
		 * address from memory: write it there, then wake it. */
		if (c->release_addr & 7)
			return "cpu-release-addr is not 8-byte aligned";
		release = phys_to_virt(c->release_addr);
		*release = entry;
		arch_clean_to_poc((const void *)release);
		__asm__ volatile("sev" ::: "memory");
		return NULL;
	default:
		return "no enable-method the kernel knows (\"psci\" or "
		       "\"spin-table\" with cpu-release-addr)";
	}
}
#endif
