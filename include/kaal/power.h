/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Board power control for machines without PSCI. Exactly one driver under
 * drivers/power/ implements it when Kconfig sets CONFIG_PLAT_POWER_OFF;
 * arch_power_off() calls it when the devicetree the machine was booted
 * with names no PSCI conduit.
 */
#ifndef KAAL_POWER_H
#define KAAL_POWER_H

/* Contract: power the machine off. A board that cannot remove its own
 * power (the Raspberry Pis) halts instead, through a reset its firmware
 * does not boot from. Called with interrupts masked or not; addresses come
 * from the generated devicetree header. Returns only if the hardware did
 * not act within a few milliseconds. */
void plat_power_off(void);

#endif /* KAAL_POWER_H */
