/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The console service (user/components/console): output by IPC, input
 * through a shared ring.
 *
 *   CONSOLE_WRITE   mr0 bytes (at most CONSOLE_WRITE_MAX), the bytes
 *                   packed from mr1 on (words beyond mr5 in the IPC
 *                   buffer)                          -
 *
 * Every component whose manifest grants a "console" client resource
 * prints through it (sys_component_init installs the writer). The
 * component granted the "console.rx" ring (the shell) receives what is
 * typed: the console driver pushes the bytes into that ring, one slot per
 * burst, and signals the component's notification.
 */
#ifndef LIBSYS_CONSOLE_H
#define LIBSYS_CONSOLE_H

#include <stddef.h>
#include <libkaal/syscalls.h>

#define CONSOLE_WRITE	     1
#define CONSOLE_WRITE_MAX    ((KAAL_MSG_MAX_WORDS - 1) * 8)
#define CONSOLE_RX_SLOT_SIZE 32

/* Write through the console endpoint @ep; 0 or -E. */
long console_write(kaal_cptr_t ep, const char *s, size_t len);

#endif /* LIBSYS_CONSOLE_H */
