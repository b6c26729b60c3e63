// SPDX-License-Identifier: GPL-2.0-only
/* lib/string.c, unchanged, with its functions renamed kaal_* (see
 * kaal_string.h). */
#define memcpy	kaal_memcpy
#define memmove kaal_memmove
#define memset	kaal_memset
#define memcmp	kaal_memcmp
#define memchr	kaal_memchr
#define strlen	kaal_strlen
#define strnlen kaal_strnlen
#define strcmp	kaal_strcmp
#define strncmp kaal_strncmp
#define strchr	kaal_strchr
#define strrchr kaal_strrchr
#define strlcpy kaal_strlcpy
#define strtoul kaal_strtoul

#include "../../lib/string.c"
