// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel console output. Messages above CONFIG_KERNEL_LOG_LEVEL are
 * dropped; "\n" becomes "\r\n" for terminals.
 */
#include <stdarg.h>
#include <kaal/console.h>
#include <kaal/exitcode.h>
#include <kaal/printk.h>
#include <kaal/vsprintf.h>
#include <kaal/arch/cpu.h>

static void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			console_putc('\r');
		console_putc(s[i]);
	}
}

static void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = kaal_vsnprintf(buf, sizeof(buf), fmt, ap);

	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > CONFIG_KERNEL_LOG_LEVEL)
		return;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

static bool panicking;

bool panic_in_progress(void)
{
	return panicking;
}

/*
 * Stop the machine after the message: the emulator's exit with the panic
 * status first; where nothing answers it (real hardware, or QEMU without
 * semihosting) that call is an undefined instruction, and its fault ends
 * in panic() again, which comes straight here and powers off (PSCI or the
 * board's method) so that no one waits for a timeout.
 */
static void __noreturn panic_stop(void)
{
	static bool exit_tried;

	if (!exit_tried) {
		exit_tried = true;
		arch_emulator_exit(KAAL_EXIT_KERNEL_PANIC);
	}
	arch_power_off();
	for (;;)
		arch_wait_for_interrupt();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_off();
	if (panicking)
		panic_stop(); /* a fault while stopping: already reported */
	panicking = true;
	console_write("\nKernel panic: ", 15);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	console_write("\n---[ end Kernel panic ]---\n", 28);
	panic_stop();
}
