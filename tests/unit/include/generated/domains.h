/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for the build's include/generated/domains.h (written by
 * scripts/gen_domains.py from CONFIG_SCHED_DOMAIN_SCHEDULE) in the host
 * unit tests: three domains and an uneven schedule, so that the run
 * queues' per-domain separation and domain_tick()'s window changes are
 * both exercised. test_sched_*.c derive their expectations from these
 * values. KAAL_TEST_ONE_DOMAIN (a test program's -D) gives one domain.
 */
#ifndef KAAL_TEST_STUB_GENERATED_DOMAINS_H
#define KAAL_TEST_STUB_GENERATED_DOMAINS_H
#ifdef KAAL_TEST_ONE_DOMAIN
/* A kernel without domains (test_fastpath_equiv_1dom: the fast path's
 * one-compare scheduling check exists only there). */
#define SCHED_DOMAINS 1
#define SCHED_DOMAIN_SCHEDULE { 0, 1 }
#define SCHED_DOMAIN_WINDOWS 1
#else
#define SCHED_DOMAINS 3
#define SCHED_DOMAIN_SCHEDULE { 0, 2 }, { 1, 1 }, { 0, 1 }, { 2, 3 }
#define SCHED_DOMAIN_WINDOWS 4
#endif
#endif
