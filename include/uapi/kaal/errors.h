/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error codes returned in x0 by every system call. Each failure has its
 * own code so that a caller (and a test) can tell exactly which check
 * refused the call; a call that fails changes nothing.
 */
#ifndef UAPI_KAAL_ERRORS_H
#define UAPI_KAAL_ERRORS_H

enum kaal_error {
	KAAL_OK = 0,
	KAAL_E_INVALID_SYSCALL, /* 1: no such system call */
	KAAL_E_INVALID_ROOT,	/* 2: CSpace root is not a CNode capability */
	KAAL_E_MISSING_CAP,	/* 3: the addressed slot is empty */
	KAAL_E_DEPTH,		/* 4: depth out of range or ends mid-CNode */
	KAAL_E_GUARD,		/* 5: guard of a CNode on the path mismatches */
	KAAL_E_WRONG_TYPE,	/* 6: capability of the wrong object type */
	KAAL_E_NO_RIGHTS,	/* 7: capability lacks a needed right */
	KAAL_E_RANGE,		/* 8: argument outside its valid range */
	KAAL_E_ALIGN,		/* 9: address or size misaligned */
	KAAL_E_MAPPED,		/* 10: address, page or table already mapped */
	KAAL_E_NOT_MAPPED,	/* 11: page or table is not mapped */
	KAAL_E_NO_PAGE_TABLE,	/* 12: a page-table level is missing */
	KAAL_E_SLOT_FULL,	/* 13: destination slot is not empty */
	KAAL_E_NO_MEMORY,	/* 14: untyped memory exhausted */
	KAAL_E_HAS_CHILDREN,	/* 15: untyped has live objects: revoke it */
	KAAL_E_INVALID_ARG,	/* 16: malformed argument */
	KAAL_E_ILLEGAL_OP,	/* 17: not allowed on this object or state */
	KAAL_E_NO_ASID,		/* 18: no address-space identifier left */
	KAAL_E_BAD_ADDRESS,	/* 19: address outside user space */
	KAAL_E_DELETED,		/* 20: object destroyed (or being destroyed) */
	KAAL_E_NO_REPLY,	/* 21: no caller to reply to */
	KAAL_E_WOULD_BLOCK,	/* 22: non-blocking call found no partner */
	KAAL_E_BUSY,		/* 23: resource already claimed */
	KAAL_E_DEVICE, /* 24: device memory where RAM is needed, or reverse */
	KAAL_E_MAX
};

#endif /* UAPI_KAAL_ERRORS_H */
