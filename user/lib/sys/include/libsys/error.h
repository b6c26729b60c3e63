/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Errors of the user-level services. A service replies with the error in
 * the label of its reply message: 0 for success, a kernel error (enum
 * kaal_error, below 64) passed on from a system call that failed on the
 * client's behalf, or one of these.
 */
#ifndef LIBSYS_ERROR_H
#define LIBSYS_ERROR_H

enum sys_error {
	SYS_E_DENIED = 64,	/* the manifest does not grant it */
	SYS_E_NOT_FOUND,	/* no such component, device, file */
	SYS_E_EXISTS,		/* already there, or already granted */
	SYS_E_BAD_FD,		/* not an open file of this client */
	SYS_E_NO_SPACE,		/* out of files, descriptors or data space */
	SYS_E_NAME,		/* empty or too long a name */
	SYS_E_PROTOCOL,		/* unknown request or malformed message */
	SYS_E_QUOTA,		/* the component's memory quota is used up */
	SYS_E_STATE,		/* not possible in the current state */
	SYS_E_MAX
};

/* "permission denied (not granted by the manifest)" and the like, for
 * both the kernel's errors and these; never NULL. */
const char *sys_strerror(unsigned long err);

#endif /* LIBSYS_ERROR_H */
