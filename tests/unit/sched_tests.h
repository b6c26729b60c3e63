/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tests shared by test_sched_prio.c and test_sched_rr.c: both policies
 * implement include/kaal/sched.h and are checked against one reference
 * model, a plain array per domain and priority level (a single level when
 * the policy ignores priorities). The including file defines
 * SCHED_USES_PRIO to 1 or 0 before including this header. Both programs
 * also link kernel/domain.c, with the schedule of the stub
 * include/generated/domains.h.
 */
#ifndef TESTS_UNIT_SCHED_TESTS_H
#define TESTS_UNIT_SCHED_TESTS_H

#include <stdlib.h>
#include <string.h>

#include <stddef.h>

#include <kaal/sched.h>
#include <kaal/tcb.h>
#include <generated/domains.h>

#include "ktest.h"

#define NR_NODES 300

/* The nodes are threads' (only the running thread's node can be lazy,
 * kaal/sched.h): node i is threads[i].sched. */
static struct tcb threads[NR_NODES];
struct tcb *current;

/* The reference model: queue[domain][level] holds node indices in run
 * order. */
static struct {
	int queue[SCHED_DOMAINS][SCHED_NR_PRIOS][NR_NODES];
	int len[SCHED_DOMAINS][SCHED_NR_PRIOS];
	bool queued[NR_NODES];
} model;

static int *model_queue(int i, int **len)
{
	unsigned int d = threads[i].sched.domain,
		     l = SCHED_USES_PRIO ? threads[i].sched.prio : 0;

	*len = &model.len[d][l];
	return model.queue[d][l];
}

static void model_insert(int i, bool front)
{
	int *len, *q = model_queue(i, &len);

	if (model.queued[i])
		return;
	if (front) {
		memmove(&q[1], &q[0], (size_t)*len * sizeof(int));
		q[0] = i;
	} else {
		q[*len] = i;
	}
	(*len)++;
	model.queued[i] = true;
}

static void model_remove(int i)
{
	int *len, *q = model_queue(i, &len);

	if (!model.queued[i])
		return;
	for (int k = 0; k < *len; k++) {
		if (q[k] != i)
			continue;
		memmove(&q[k], &q[k + 1], (size_t)(*len - k - 1) * sizeof(int));
		(*len)--;
		break;
	}
	model.queued[i] = false;
}

static struct sched_node *model_pick(void)
{
	for (int l = SCHED_NR_PRIOS - 1; l >= 0; l--)
		if (model.len[sched_domain][l])
			return &threads[model.queue[sched_domain][l][0]].sched;
	return NULL;
}

static bool model_all_idle(void)
{
	for (int i = 0; i < NR_NODES; i++)
		if (model.queued[i])
			return false;
	return true;
}

/* Fresh queues, fresh nodes (node i has priority @prio(i)), domain 0
 * current. */
static void setup(unsigned int (*prio)(int i))
{
	sched_reset();
	sched_domain = 0;
	memset(&model, 0, sizeof(model));
	memset(threads, 0, sizeof(threads));
	current = NULL;
	for (int i = 0; i < NR_NODES; i++)
		threads[i].sched.prio = (uint8_t)(prio ? prio(i) : 0);
}

static void enqueue(int i)
{
	sched_enqueue(&threads[i].sched);
	model_insert(i, false);
}

static void enqueue_head(int i)
{
	sched_enqueue_head(&threads[i].sched);
	model_insert(i, true);
}

static void dequeue(int i)
{
	sched_dequeue(&threads[i].sched);
	model_remove(i);
}

static int node_index(const struct sched_node *n)
{
	return n ? (int)((const struct tcb *)(const void *)((const char *)n -
							    offsetof(struct tcb,
								     sched)) -
			 threads) :
		   -1;
}

/* Take every node of the current domain off the queues in run order and
 * compare the order with the model's; returns false after the first
 * difference. */
static bool drain_domain_matches_model(void)
{
	for (;;) {
		struct sched_node *want = model_pick(), *got = sched_pick();

		if (!CHECK_EQ_INT(node_index(want), node_index(got)))
			return false;
		if (!got)
			return true;
		dequeue(node_index(got));
		if (!CHECK(!got->queued))
			return false;
	}
}

/* The same for every domain in turn; everything is idle afterwards. */
static bool drain_matches_model(void)
{
	unsigned int current = sched_domain;
	bool ok = true;

	for (unsigned int d = 0; d < SCHED_DOMAINS && ok; d++) {
		sched_domain = d;
		ok = drain_domain_matches_model();
	}
	sched_domain = current;
	return ok && CHECK(sched_all_idle());
}

/* The run order as node indices, ended by -1. */
static void expect_order(const int *order)
{
	for (int k = 0;; k++) {
		struct sched_node *n = sched_pick();

		if (!CHECK_EQ_INT(order[k], node_index(n)) || order[k] < 0)
			return;
		sched_dequeue(n);
		model_remove(order[k]);
	}
}
#define EXPECT_ORDER(...) expect_order((const int[]){ __VA_ARGS__, -1 })

TEST(empty_queue)
{
	setup(NULL);
	CHECK_NULL(sched_pick());
	CHECK(sched_all_idle());
	/* Dequeuing a node that is not queued changes nothing. */
	sched_dequeue(&threads[0].sched);
	CHECK_NULL(sched_pick());
	CHECK(!threads[0].sched.queued);
	enqueue(1);
	CHECK(!sched_all_idle());
	dequeue(1);
	CHECK_NULL(sched_pick());
	CHECK(sched_all_idle());
	sched_dequeue(&threads[1].sched);
	CHECK_NULL(sched_pick());
}

TEST(fifo_within_a_level)
{
	setup(NULL);
	enqueue(3);
	enqueue(1);
	enqueue(2);
	CHECK(threads[1].sched.queued);
	EXPECT_ORDER(3, 1, 2);
	CHECK_NULL(sched_pick());
}

TEST(head_insertion)
{
	setup(NULL);
	enqueue(1);
	enqueue(2);
	enqueue_head(3);
	CHECK_EQ_PTR(&threads[3].sched, sched_pick());
	enqueue_head(4);
	enqueue(5);
	EXPECT_ORDER(4, 3, 1, 2, 5);
	/* Head insertion into an empty queue. */
	enqueue_head(6);
	EXPECT_ORDER(6);
}

TEST(enqueue_twice_is_a_noop)
{
	setup(NULL);
	enqueue(1);
	enqueue(2);
	enqueue(1);
	enqueue_head(2);
	EXPECT_ORDER(1, 2);
	CHECK_NULL(sched_pick());
}

TEST(dequeue_middle_head_tail)
{
	setup(NULL);
	for (int i = 1; i <= 5; i++)
		enqueue(i);
	dequeue(3); /* middle */
	CHECK(!threads[3].sched.queued);
	CHECK_NULL(threads[3].sched.next);
	CHECK_NULL(threads[3].sched.prev);
	CHECK_EQ_PTR(&threads[1].sched, sched_pick());
	dequeue(1); /* head */
	CHECK_EQ_PTR(&threads[2].sched, sched_pick());
	dequeue(5); /* tail */
	enqueue(6); /* the tail is still linked right */
	EXPECT_ORDER(2, 4, 6);
	/* A dequeued node can be queued again. */
	enqueue(3);
	enqueue(1);
	EXPECT_ORDER(3, 1);
}

static unsigned int random_prio(int i)
{
	(void)i;
	/* Few distinct levels, so that levels hold several nodes. */
	static const unsigned int levels[] = {
		0, 1, 63, 64, 127, 128, 200, 255
	};

	return levels[rand() % 8];
}

/* The IPC fast path's hand-off (kernel/fastpath.c): the running thread,
 * the model's pick, blocks and leaves the queue; @i, blocked, takes its
 * place as the lazy node (kaal/sched.h), which the model puts at the front
 * of its level. Only when the fast path would: same domain, and with
 * priorities at least the running thread's. */
static void lazy_handoff(int i)
{
	struct sched_node *p = model_pick(), *r = &threads[i].sched;

	if (!p || p == r || model.queued[i] || r->domain != p->domain ||
	    (SCHED_USES_PRIO && r->prio < p->prio))
		return;
	if (p->queued == SCHED_LAZY)
		p->queued = SCHED_NOT_QUEUED;
	else
		sched_dequeue(p);
	model_remove(node_index(p));
	r->queued = SCHED_LAZY;
	current = &threads[i];
	model_insert(i, true);
}

/* Random operations, domain switches and lazy hand-offs among them; after
 * each one the node the policy would run must be the model's, and every
 * node's queued flag and the all-idle state must agree. */
TEST(random_operations_match_model)
{
	srand(12345);
	setup(random_prio);
	for (int i = 0; i < NR_NODES; i++)
		threads[i].sched.domain = (uint8_t)(rand() % SCHED_DOMAINS);
	for (int step = 0; step < 200000; step++) {
		int i = rand() % 60, op = rand() % 18;

		if (op < 6)
			enqueue(i);
		else if (op < 8)
			enqueue_head(i);
		else if (op < 13)
			dequeue(i);
		else if (op < 15 && model_pick())
			dequeue(node_index(model_pick()));
		else if (op == 15)
			sched_domain = (unsigned int)rand() % SCHED_DOMAINS;
		else if (op >= 16)
			lazy_handoff(i);
		if (!CHECK_EQ_INT(node_index(model_pick()),
				  node_index(sched_pick())) ||
		    !CHECK_EQ_INT(model.queued[i], !!threads[i].sched.queued) ||
		    !CHECK_EQ_INT(model_all_idle(), sched_all_idle())) {
			printf("        (after step %d)\n", step);
			return;
		}
		if (step % 20000 == 19999 && !drain_matches_model())
			return;
	}
	drain_matches_model();
}

/* Only the current domain's nodes are picked; the others wait, whatever
 * their priority. */
TEST(domains_are_separate)
{
	setup(NULL);
	threads[1].sched.domain = 1;
	threads[1].sched.prio = 255;
	threads[2].sched.domain = 2;
	threads[3].sched.domain = 0;
	enqueue(1);
	enqueue(2);
	CHECK_NULL(sched_pick());
	CHECK(!sched_all_idle());
	enqueue(3);
	CHECK_EQ_PTR(&threads[3].sched, sched_pick());
	sched_domain = 1;
	CHECK_EQ_PTR(&threads[1].sched, sched_pick());
	sched_domain = 2;
	CHECK_EQ_PTR(&threads[2].sched, sched_pick());
	dequeue(2);
	CHECK_NULL(sched_pick());
	sched_domain = 0;
	CHECK_EQ_PTR(&threads[3].sched, sched_pick());
	drain_matches_model();
}

/* domain_tick() walks the stub schedule {0:2, 1:1, 0:1, 2:3} cyclically,
 * reporting each window change. (No other test calls it, so it starts
 * at the beginning of the schedule.) */
TEST(domain_schedule)
{
	static const struct {
		unsigned int domain, ticks;
	} windows[] = { SCHED_DOMAIN_SCHEDULE };

	sched_domain = 0;
	for (int cycle = 0; cycle < 3; cycle++) {
		for (int w = 0; w < SCHED_DOMAIN_WINDOWS; w++) {
			if (!CHECK_EQ_UINT(windows[w].domain, sched_domain))
				return;
			for (unsigned int t = 1; t < windows[w].ticks; t++)
				if (!CHECK(!domain_tick()))
					return;
			if (!CHECK(domain_tick()))
				return;
		}
	}
	CHECK_EQ_UINT(windows[0].domain, sched_domain);
}

#endif /* TESTS_UNIT_SCHED_TESTS_H */
