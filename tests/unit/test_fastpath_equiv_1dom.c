// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_fastpath_equiv.c again, built with CONFIG_SCHED_FIXED_PRIO,
 * kernel/sched_prio.c and one domain (tests/unit/Makefile), as the
 * default kernel is: the fast path then checks the partner's priority and
 * that the caller's run-queue node is lazy in one compare of their
 * sched_node keys (kernel/fastpath.c: fast_may_switch_lazy).
 */
#include "test_fastpath_equiv.c"
