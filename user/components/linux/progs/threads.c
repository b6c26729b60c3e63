// SPDX-License-Identifier: BSD-2-Clause
/*
 * POSIX threads through the personality (Documentation/linux.rst,
 * "Threads"; tests/system/test_shell.py): a static program of Debian's
 * glibc (libc6-dev-arm64-cross), unlike the other test programs. Four
 * threads count under one mutex, meet at a condition variable, keep
 * their own thread-local values and ids, sleep, and are joined with their
 * results; the process's pid is the same in each. With an argument:
 * "exit" (a thread's exit(3) ends the whole process while the first
 * thread waits in pthread_join), "crash" (a thread's bad access ends the
 * process with SIGSEGV), "main-exits" (the first thread leaves with
 * pthread_exit and the last thread's end ends the process, status 0),
 * "signal" (a signal to the process runs its handler on the one thread
 * that does not block it), "fork" (a thread forks; the child is alone
 * and ends; the thread waits for it), "many" (threads until the
 * personality has no room: EAGAIN, and all are joined).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS	2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int started, same_pid = 1;
static __thread int mine;
static pid_t tids[THREADS];
static pid_t pid;

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

static void *worker(void *arg)
{
	long i = (long)arg;

	mine = (int)i + 100;
	tids[i] = (pid_t)syscall(SYS_gettid);
	if (getpid() != pid)
		same_pid = 0;
	pthread_mutex_lock(&lock);
	started++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (r % 500 == 0)
			sched_yield();
	}
	nap(5);
	return (void *)(long)(mine * 2);
}

static void *exiter(void *arg)
{
	(void)arg;
	nap(10);
	exit(3);
}

static void *crasher(void *arg)
{
	volatile int *volatile nowhere = NULL;

	(void)arg;
	nap(10);
	*nowhere = 1;
	return NULL;
}

static void *last(void *arg)
{
	(void)arg;
	nap(20);
	printf("threads: the last thread ends\n");
	return NULL;
}

static volatile sig_atomic_t got_usr1;
static volatile pid_t handled_by;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = (pid_t)syscall(SYS_gettid);
	got_usr1 = 1;
}

/* Waits (spinning: no system call) for the signal the first thread
 * sends to the process while it blocks it itself. */
static void *catcher(void *arg)
{
	time_t end = time(NULL) + 5;

	*(pid_t *)arg = (pid_t)syscall(SYS_gettid);
	while (!got_usr1 && time(NULL) < end)
		;
	return NULL;
}

static int signal_mode(void)
{
	pthread_t t;
	pid_t tid = 0;
	sigset_t set;

	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, catcher, &tid); /* it inherits our mask */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	nap(10);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	printf("threads: the handler ran = %d\n", (int)got_usr1);
	printf("threads: on the thread that does not block it = %d\n",
	       tid && handled_by == tid);
	return 0;
}

static void *forker(void *arg)
{
	int status = -1;
	pid_t child = fork();

	(void)arg;
	if (!child)
		_exit(5);
	waitpid(child, &status, 0);
	printf("threads: the thread's child ended with = %d\n",
	       WEXITSTATUS(status));
	return NULL;
}

static int many_mode(void)
{
	pthread_t t[32];
	int n = 0, err = 0;

	pthread_mutex_lock(&lock); /* they wait until all are made */
	while (n < 32 && !(err = pthread_create(&t[n], NULL, worker,
						(void *)(long)(n % THREADS))))
		n++;
	pthread_mutex_unlock(&lock);
	printf("threads: made before the limit > 8 = %d\n", n > 8);
	printf("threads: then pthread_create = %s\n", strerror(err));
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("threads: all joined, counter = %ld\n", counter);
	return n * ROUNDS == counter ? 0 : 1;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS];
	int distinct = 1, err;
	long sum = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	pid = getpid();
	if (argc > 1 && !strcmp(argv[1], "signal"))
		return signal_mode();
	if (argc > 1 && !strcmp(argv[1], "many"))
		return many_mode();
	if (argc > 1 && !strcmp(argv[1], "fork")) {
		pthread_create(&t[0], NULL, forker, NULL);
		pthread_join(t[0], NULL);
		return 0;
	}
	if (argc > 1) {
		void *(*fn)(void *) = !strcmp(argv[1], "exit")	? exiter :
				      !strcmp(argv[1], "crash") ? crasher :
								  last;

		if (pthread_create(&t[0], NULL, fn, NULL))
			return 9;
		if (fn == last)
			pthread_exit(NULL);
		pthread_join(t[0], NULL);
		return 8; /* never: the thread ended the process */
	}
	for (long i = 0; i < THREADS; i++) {
		err = pthread_create(&t[i], NULL, worker, (void *)i);
		if (err) {
			printf("threads: pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	pthread_mutex_lock(&lock);
	while (started < THREADS)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	printf("threads: started = %d\n", started);
	for (int i = 0; i < THREADS; i++) {
		void *r;

		pthread_join(t[i], &r);
		sum += (long)r;
	}
	for (int i = 0; i < THREADS; i++)
		for (int j = 0; j < THREADS; j++)
			if ((i != j && tids[i] == tids[j]) || tids[i] == pid)
				distinct = 0;
	printf("threads: counter = %ld\n", counter);
	printf("threads: results = %ld\n", sum);
	printf("threads: thread ids distinct = %d\n", distinct);
	printf("threads: the same pid in each = %d\n", same_pid);
	printf("threads: the first thread's own value = %d\n", mine);
	return 0;
}
