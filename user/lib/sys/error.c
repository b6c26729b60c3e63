// SPDX-License-Identifier: BSD-2-Clause
/* Messages for the services' errors (libsys/error.h). */
#include <libkaal/strerror.h>
#include <libsys/error.h>

const char *sys_strerror(unsigned long err)
{
	static const char *const msg[] = {
		[SYS_E_DENIED - SYS_E_DENIED] = "permission denied (not granted by the manifest)",
		[SYS_E_NOT_FOUND - SYS_E_DENIED] = "not found",
		[SYS_E_EXISTS - SYS_E_DENIED] = "already exists or already granted",
		[SYS_E_BAD_FD - SYS_E_DENIED] = "bad file descriptor",
		[SYS_E_NO_SPACE - SYS_E_DENIED] = "no space left",
		[SYS_E_NAME - SYS_E_DENIED] = "bad name (empty or too long)",
		[SYS_E_PROTOCOL - SYS_E_DENIED] = "unknown or malformed request",
		[SYS_E_QUOTA - SYS_E_DENIED] = "memory quota exhausted",
		[SYS_E_STATE - SYS_E_DENIED] = "not possible in this state",
	};

	if (err < SYS_E_DENIED)
		return kaal_strerror((long)err);
	if (err < SYS_E_MAX)
		return msg[err - SYS_E_DENIED];
	return "unknown error";
}
