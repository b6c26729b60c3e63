/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Linux personality's service (user/components/linux,
 * Documentation/linux.rst): the shell starts a Linux program with a call
 * and then passes it what is typed until it ends.
 *
 * Requests (label; reply label 0 or an error of <libsys/error.h>):
 *
 *   LINUX_RUN    mr0 bytes, the command line packed from   mr0 pid
 *                mr1 on (at most LINUX_CMD_MAX bytes: the
 *                program and its arguments, split as a
 *                POSIX shell would, with '...', "..." and \)
 *   LINUX_INPUT  mr0 bytes, the bytes from mr1 on (at      mr0 bytes taken
 *                most LINUX_INPUT_MAX): typed on the
 *                console, for the terminal the program
 *                reads (its line discipline echoes them)
 *
 * LINUX_RUN fails with SYS_E_STATE while a program runs (one at a time),
 * SYS_E_NOT_FOUND when there is no such program, PROCESS_E_ELF when it
 * is not one the personality runs; the personality prints why on the
 * console first ("linux: <path>: ..."). Once a program has ended (exit,
 * crash, Ctrl-C) the personality pushes a struct linux_event into the
 * "linux.ev" ring of the client and signals it.
 */
#ifndef LIBSYS_LINUX_H
#define LIBSYS_LINUX_H

#include <stdint.h>
#include <uapi/kaal/message.h>

enum linux_request {
	LINUX_RUN = 1,
	LINUX_INPUT = 2,
};

#define LINUX_CMD_MAX	((KAAL_MSG_MAX_WORDS - 1) * 8)
#define LINUX_INPUT_MAX ((KAAL_MSG_MAX_WORDS - 1) * 8)

/* A program ended: exited with status (0-255), or was killed by signal
 * (its Linux number, e.g. 11 for SIGSEGV); the shell shows "[exit N]" or
 * "[killed by signal N (SIGNAME)]". */
struct linux_event {
	uint32_t pid;
	uint32_t signal; /* 0: it exited */
	uint32_t status; /* its exit status when signal is 0 */
	uint32_t pad;
};

#define LINUX_EVENT_SLOT_SIZE 32 /* slots of the "linux.ev" ring */

#endif /* LIBSYS_LINUX_H */
