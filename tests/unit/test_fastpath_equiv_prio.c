// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_fastpath_equiv.c again, built with CONFIG_SCHED_FIXED_PRIO and
 * kernel/sched_prio.c (tests/unit/Makefile): the fast path must also
 * refuse a partner of lower priority, and the hand-off puts a partner of
 * higher priority at the head of its own level.
 */
#include "test_fastpath_equiv.c"
