/* SPDX-License-Identifier: BSD-2-Clause */
/* The whole KaaL user ABI. */
#ifndef UAPI_KAAL_KAAL_H
#define UAPI_KAAL_KAAL_H

#include "bootinfo.h"
#include "esr.h"
#include "errors.h"
#include "fault.h"
#include "message.h"
#include "object.h"
#include "syscall.h"

#endif /* UAPI_KAAL_KAAL_H */
