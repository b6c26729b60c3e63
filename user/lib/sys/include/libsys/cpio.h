/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading the boot archive: SVR4 "newc" cpio (magic "070701"), as
 * scripts/mkcpio.py writes it. Every header field and length is checked
 * against the archive's size, so a corrupt archive gives an error, never
 * a fault.
 */
#ifndef LIBSYS_CPIO_H
#define LIBSYS_CPIO_H

#include <stddef.h>

#include <libsys/error.h>

struct cpio_file {
	const char *name; /* NUL-terminated inside the archive */
	const void *data;
	size_t size;
};

/* Both return 0 or -E (<libsys/error.h>): -CPIO_E_END past the last
 * entry, -CPIO_E_MALFORMED for a bad magic, field or length,
 * -SYS_E_NOT_FOUND from cpio_find for a name the archive lacks. */

/* The index-th (0..) entry of the archive. */
int cpio_entry(const void *archive, size_t size, unsigned int index,
	       struct cpio_file *f);

/* The entry called @name. */
int cpio_find(const void *archive, size_t size, const char *name,
	      struct cpio_file *f);

#endif /* LIBSYS_CPIO_H */
