/* SPDX-License-Identifier: GPL-2.0-only */
/* Circular doubly-linked FIFO used by both scheduler variants. */
#ifndef KERNEL_SCHED_LIST_H
#define KERNEL_SCHED_LIST_H

#include <kaal/sched.h>

struct sched_fifo {
	struct sched_node *head;
};

static inline void fifo_push(struct sched_fifo *q, struct sched_node *n,
			     bool front)
{
	if (!q->head) {
		n->next = n->prev = n;
		q->head = n;
	} else {
		n->next = q->head;
		n->prev = q->head->prev;
		n->prev->next = n;
		q->head->prev = n;
		if (front)
			q->head = n;
	}
	n->queued = SCHED_LINKED;
}

/* Returns true when the queue became empty. */
static inline bool fifo_remove(struct sched_fifo *q, struct sched_node *n)
{
	if (n->next == n) {
		q->head = NULL;
	} else {
		n->prev->next = n->next;
		n->next->prev = n->prev;
		if (q->head == n)
			q->head = n->next;
	}
	n->next = n->prev = NULL;
	n->queued = SCHED_NOT_QUEUED;
	return q->head == NULL;
}

/* @to takes @from's place in the queue (same list, same position). */
static inline void fifo_replace(struct sched_fifo *q, struct sched_node *from,
				struct sched_node *to)
{
	if (from->next == from) {
		to->next = to->prev = to;
	} else {
		to->next = from->next;
		to->prev = from->prev;
		to->prev->next = to;
		to->next->prev = to;
	}
	if (q->head == from)
		q->head = to;
	from->next = from->prev = NULL;
	from->queued = SCHED_NOT_QUEUED;
	to->queued = SCHED_LINKED;
}

#endif /* KERNEL_SCHED_LIST_H */
