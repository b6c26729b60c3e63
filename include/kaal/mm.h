/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel view of physical memory: the physical window (arch-defined). */
#ifndef KAAL_MM_H
#define KAAL_MM_H

#include <kaal/arch/memory.h>

#endif /* KAAL_MM_H */
