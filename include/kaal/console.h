/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console UART contract. Exactly one driver is linked, chosen by the
 * CONFIG_SERIAL_* choice (drivers/serial/). Used by the loader (MMU off or
 * identity mapped) and by the kernel; the base address comes from
 * mmio_map(DT_CONSOLE_BASE).
 */
#ifndef KAAL_CONSOLE_H
#define KAAL_CONSOLE_H

/* Take over the UART the firmware or QEMU left enabled: no baud-rate
 * reprogramming is needed on the supported boards, only making sure the
 * transmitter and receiver are on. Safe to call more than once. */
void console_init(void);

/* Blocking write of one byte; "\n" is not translated here. */
void console_putc(char c);

/* Non-blocking read: the byte received, or -1 when the FIFO is empty. */
int console_getc(void);

#endif /* KAAL_CONSOLE_H */
