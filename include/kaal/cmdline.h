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

#endif /* KAAL_CMDLINE_H */
