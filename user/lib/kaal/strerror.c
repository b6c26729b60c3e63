// SPDX-License-Identifier: BSD-2-Clause
/* Names of the KaaL error codes (<uapi/kaal/errors.h>). */
#include <uapi/kaal/errors.h>
#include <libkaal/strerror.h>

static const char *const names[KAAL_E_MAX] = {
	[KAAL_OK] = "KAAL_OK",
	[KAAL_E_INVALID_SYSCALL] = "KAAL_E_INVALID_SYSCALL",
	[KAAL_E_INVALID_ROOT] = "KAAL_E_INVALID_ROOT",
	[KAAL_E_MISSING_CAP] = "KAAL_E_MISSING_CAP",
	[KAAL_E_DEPTH] = "KAAL_E_DEPTH",
	[KAAL_E_GUARD] = "KAAL_E_GUARD",
	[KAAL_E_WRONG_TYPE] = "KAAL_E_WRONG_TYPE",
	[KAAL_E_NO_RIGHTS] = "KAAL_E_NO_RIGHTS",
	[KAAL_E_RANGE] = "KAAL_E_RANGE",
	[KAAL_E_ALIGN] = "KAAL_E_ALIGN",
	[KAAL_E_MAPPED] = "KAAL_E_MAPPED",
	[KAAL_E_NOT_MAPPED] = "KAAL_E_NOT_MAPPED",
	[KAAL_E_NO_PAGE_TABLE] = "KAAL_E_NO_PAGE_TABLE",
	[KAAL_E_SLOT_FULL] = "KAAL_E_SLOT_FULL",
	[KAAL_E_NO_MEMORY] = "KAAL_E_NO_MEMORY",
	[KAAL_E_HAS_CHILDREN] = "KAAL_E_HAS_CHILDREN",
	[KAAL_E_INVALID_ARG] = "KAAL_E_INVALID_ARG",
	[KAAL_E_ILLEGAL_OP] = "KAAL_E_ILLEGAL_OP",
	[KAAL_E_NO_ASID] = "KAAL_E_NO_ASID",
	[KAAL_E_BAD_ADDRESS] = "KAAL_E_BAD_ADDRESS",
	[KAAL_E_DELETED] = "KAAL_E_DELETED",
	[KAAL_E_NO_REPLY] = "KAAL_E_NO_REPLY",
	[KAAL_E_WOULD_BLOCK] = "KAAL_E_WOULD_BLOCK",
	[KAAL_E_BUSY] = "KAAL_E_BUSY",
	[KAAL_E_DEVICE] = "KAAL_E_DEVICE",
};

_Static_assert(KAAL_E_MAX == KAAL_E_DEVICE + 1 && KAAL_E_DEVICE == 24,
	       "a new error code needs its name above");

const char *kaal_strerror(long err)
{
	if (err < 0 || err >= KAAL_E_MAX || !names[err])
		return "KAAL_E_?";
	return names[err];
}
