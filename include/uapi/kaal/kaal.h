/* SPDX-License-Identifier: BSD-2-Clause */
/* The whole KaaL user ABI. */
#ifndef UAPI_KAAL_KAAL_H
#define UAPI_KAAL_KAAL_H

#include <kaal/bootinfo.h>
#include <kaal/errors.h>
#include <kaal/fault.h>
#include <kaal/message.h>
#include <kaal/object.h>
#include <kaal/syscall.h>

#endif /* UAPI_KAAL_KAAL_H */
