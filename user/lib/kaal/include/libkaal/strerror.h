/* SPDX-License-Identifier: BSD-2-Clause */
/* Names of the error codes of <uapi/kaal/errors.h>, for messages and tests. */
#ifndef LIBKAAL_STRERROR_H
#define LIBKAAL_STRERROR_H

/* "KAAL_E_MISSING_CAP" for KAAL_E_MISSING_CAP, "KAAL_OK" for 0, and
 * "KAAL_E_?" for a value that is not an error code. */
const char *kaal_strerror(long err);

#endif /* LIBKAAL_STRERROR_H */
