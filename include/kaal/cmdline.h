/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel command line (kernel/cmdline.c). */
#ifndef KAAL_CMDLINE_H
#define KAAL_CMDLINE_H

#include <kaal/types.h>

/* Keep a pointer to the command line (it must stay valid). */
void cmdline_init(const char *s);
const char *cmdline_get(void);

/* Copy the value of "key=value" into @val (NUL-terminated, truncated to
 * @size) and return true, or return false when the key is absent. */
bool cmdline_value(const char *key, char *val, size_t size);

/* The value of "key=N", a decimal number from 0 to @max, in *@val: returns
 * 1; 0 when the key is absent, -1 when its value is not such a number
 * (*@val is then left alone). */
int cmdline_uint(const char *key, uint64_t max, uint64_t *val);

#endif /* KAAL_CMDLINE_H */
