// SPDX-License-Identifier: GPL-2.0-only
/* test_invariants.c with the round-robin run queue (tests/unit/Makefile). */
#include "test_invariants.c"
