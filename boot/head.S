/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loader entry: the arm64 Image header and the first instructions.
 *
 * Entered as Linux is (Documentation/arm64/booting.rst in Linux): MMU off,
 * x0 = physical address of the devicetree, at EL3, EL2 or EL1. Every CPU
 * that arrives here other than CPU 0 is parked for good; a CPU the kernel
 * starts later (CONFIG_SMP) comes to secondary_entry instead.
 *
 * Register use:
 *   x19  devicetree physical address (x0 at entry)
 *   x20  exception level at entry
 *   x21  where the EL2 path continues at EL1 (at_el1 or secondary_el1)
 *   x0-x3 scratch
 *   sp   __stack_top, from the EL3 path's call into C (el3.c) on; x19
 *        and x20 survive it (callee-saved)
 */
#include <asm/asm.h>
#include <asm/pgtable.h>

	.section ".head.text", "ax"
	.globl	_head
_head:
	/* Image header (64 bytes). */
	b	primary_entry			// code0: branch to the code
	.long	0				// code1
	.quad	CONFIG_LOADER_TEXT_OFFSET	// text_offset
	.quad	_image_size			// image_size, incl. .bss (loader.lds)
	.quad	0x2				// flags: LE, 4 KiB pages, near RAM base
	.quad	0				// res2
	.quad	0				// res3
	.quad	0				// res4
	.ascii	"ARM\x64"			// magic
	.long	0				// res5 (no PE/COFF header)
	.org	_head + 64

primary_entry:
	mov	x19, x0
	mrs	x0, mpidr_el1
	mov	x1, #0xffffff			// Aff2..Aff0
	orr	x1, x1, #(0xff << 32)		// Aff3
	tst	x0, x1
	b.ne	park

	adr	x21, at_el1
	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #3
	b.eq	from_el3
	cmp	x20, #2
	b.eq	from_el2
	b	at_el1

/*
 * EL3: nothing ran before us (a board without firmware, or QEMU started
 * with our own EL3 shim). Do what firmware does for a Non-secure OS: no
 * FP/SIMD traps, the counter frequency if nobody set it (CNTFRQ_EL0 is
 * writable only here), the GIC's interrupts in Non-secure group 1
 * (el3.c; GICv3 system registers below), then leave the Secure world for
 * EL2 if it exists (ID_AA64PFR0_EL1.EL2, Arm ARM D19.2.64), else EL1.
 * SCR_EL3 (D19.2.117): RW, RES1 bits 5:4, NS; HCE only with EL2; IRQ and
 * FIQ not routed here.
 */
from_el3:
	msr	cptr_el3, xzr			// no FP/SIMD traps
	mrs	x0, cntfrq_el0
	cbnz	x0, 1f
	ldr	x0, =CONFIG_BOOT_EL3_CNTFRQ
	msr	cntfrq_el0, x0
1:	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4			// GIC system registers?
	cbz	x0, 2f
	mrs	x0, S3_6_C12_C12_5		// ICC_SRE_EL3
	orr	x0, x0, #0xf			// Enable | SRE | DIB | DFB
	msr	S3_6_C12_C12_5, x0
	isb
	mov	x0, #0xff			// Secure write: open the priority
	msr	S3_0_C4_C6_0, x0		// mask (ICC_PMR_EL1) for NS
2:	adr_l	x0, __stack_top
	mov	sp, x0
	bl	el3_firmware_init
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #8, #4			// EL2 implemented?
	cbz	x0, 3f
	mov	x0, #0x531			// RW | HCE | RES1(5:4) | NS
	msr	scr_el3, x0
	ldr	x0, =SCTLR_EL2_RES1		// EL2 MMU and caches off
	msr	sctlr_el2, x0
	mov	x0, #0x3c9			// EL2h, DAIF masked
	msr	spsr_el3, x0
	adr	x0, from_el2
	msr	elr_el3, x0
	eret
3:	mov	x0, #0x431			// RW | RES1(5:4) | NS
	msr	scr_el3, x0
	mov	x0, #0x3c5			// EL1h, DAIF masked
	msr	spsr_el3, x0
	adr	x0, at_el1
	msr	elr_el3, x0
	eret

/* EL2: give EL1 AArch64, the timers, FP/SIMD and the GIC CPU interface. */
from_el2:
	mov	x0, #(1 << 31)			// HCR_EL2.RW: EL1 is AArch64
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3			// EL1PCTEN | EL1PCEN
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #0x33ff			// CPTR_EL2 RES1, no traps
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4
	cbz	x0, 1f
	mrs	x0, S3_4_C12_C9_5		// ICC_SRE_EL2
	orr	x0, x0, #0x1			// SRE
	orr	x0, x0, #0x8			// Enable: EL1 may use SRE
	msr	S3_4_C12_C9_5, x0
	isb
1:	ldr	x0, =SCTLR_RES1
	msr	sctlr_el1, x0
	mov	x0, #0x3c5			// EL1h, DAIF masked
	msr	spsr_el2, x0
	msr	elr_el2, x21
	eret

at_el1:
	msr	daifset, #0xf
	ldr	x0, =SCTLR_RES1			// MMU and caches off
	msr	sctlr_el1, x0
	isb
	mov	x0, #(3 << 20)			// CPACR_EL1.FPEN: libfdt uses SIMD
	msr	cpacr_el1, x0
	adr_l	x0, loader_vectors
	msr	vbar_el1, x0
	isb
	adr_l	x0, __stack_top		// .bss lies past the payloads:
	mov	sp, x0			// adr's +-1 MiB may not reach
	adr_l	x0, __bss_start		// both 16-byte aligned (loader.lds)
	adr_l	x1, __bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16	// Device memory: no dc zva
	b	2b
3:	mov	x0, x19
	mov	x1, x20
	bl	loader_main
park:
	wfe
	b	park

/*
 * A CPU the kernel started (CONFIG_SMP: PSCI CPU_ON or the spin table),
 * MMU off, at EL2 or EL1. It gets what the boot CPU got on its way to EL1
 * (from_el2), then the loader's MMU settings from the mailbox (struct
 * boot_secondary, cleaned to memory by the loader and the kernel), and
 * jumps to the kernel with x0 = its MPIDR_EL1. It needs no stack. A CPU
 * started at EL3 has nobody to give it a Non-secure world: it parks.
 */
	.globl	secondary_entry
secondary_entry:
	adr	x21, secondary_el1
	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #2
	b.eq	from_el2
	cmp	x20, #1
	b.ne	park

secondary_el1:
	msr	daifset, #0xf
	ldr	x0, =SCTLR_RES1			// MMU and caches off
	msr	sctlr_el1, x0
	isb
	adr_l	x0, loader_vectors
	msr	vbar_el1, x0
	adr_l	x1, boot_secondary
	ldp	x2, x3, [x1, #8]		// mair, tcr
	msr	mair_el1, x2
	msr	tcr_el1, x3
	ldp	x2, x3, [x1, #24]		// ttbr0, ttbr1
	msr	ttbr0_el1, x2
	msr	ttbr1_el1, x3
	ldr	x2, [x1, #40]			// sctlr
	ldr	x4, [x1]			// the kernel's entry
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	msr	sctlr_el1, x2
	isb
	cbz	x4, park			// no kernel asked for it
	mrs	x0, mpidr_el1
	br	x4

/*
 * The loader's exception vectors: any exception is a loader bug or broken
 * input; report it and stop. Each slot is 128 bytes (D1.10.2).
 */
	.macro	vector_slot
	.balign	128
	mov	x0, sp
	b	loader_exception_entry
	.endm

	.balign	2048
loader_vectors:
	.rept	16
	vector_slot
	.endr

loader_exception_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	loader_exception
	b	park

	.ltorg
