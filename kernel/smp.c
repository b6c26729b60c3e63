// SPDX-License-Identifier: GPL-2.0-only
/*
 * Several CPUs (CONFIG_SMP; Documentation/smp.rst): starting them, and the
 * big kernel lock that lets one of them at a time run kernel code.
 *
 * Bring-up: the loader recorded each cpu node (MPIDR, enable method) and
 * where a started CPU enters it (boot/head.S, secondary_entry). The boot
 * CPU writes the kernel's own entry for them into the loader's mailbox,
 * starts each CPU with its enable method (arch_cpu_start: PSCI CPU_ON, or
 * the spin table's release address), and waits until it says it is online.
 * A started CPU sets up what is its own (MMU controls, interrupt
 * controller interface, timer), says so, takes the lock and enters the
 * scheduler, which idles it until a thread of its own is runnable.
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/fpu.h>
#include <kaal/arch/regs.h>
#include <kaal/arch/thread.h>
#include <kaal/arch/timer.h>
#include <kaal/bootparams.h>
#include <kaal/irq.h>
#include <kaal/irqchip.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <kaal/smp.h>
#include <kaal/tcb.h>
#include "sched_queue.h"

/* The owner word is at +4 (entry.S and asm/fastpath.h release it). */
_Static_assert(offsetof(struct kernel_lock, owner) == 4,
	       "entry.S releases the lock at +4");
struct kernel_lock kernel_big_lock;

/* How long the boot CPU waits for a started CPU to come online. */
#define SMP_START_TIMEOUT_MS 1000

static volatile bool online[NR_CPUS];
static unsigned int nr_online = 1;

/*
 * Stalls (smp_stall_thread): the lock holder asks a CPU waiting for the
 * lock, or running user code (an IPI brings it into the kernel, to wait
 * for the lock), to let go of its thread. Per CPU: the request, set by the
 * holder; the answer, set by the CPU; whether the entry it waits in is a
 * system call; whether it answered one while it waited.
 */
struct cpu_stall {
	bool request, answer, entering_svc, stalled;
} __aligned(64);
/* One cache line per CPU: a CPU waiting for the lock reads its own while
 * the others write theirs on every entry. */
static struct cpu_stall stall[NR_CPUS];

/* On CPU @cpu, without the lock, while the holder waits for the answer:
 * its thread's registers are in its TCB already (every entry saved them),
 * so save what is still live in the CPU (the thread pointer, the FP/SIMD
 * registers it holds for whichever thread) and undo the svc it entered
 * with, which has not started: the thread makes the call again when it
 * next runs, which its registers, as the holder may change them, decide. */
static void answer_stall(unsigned int cpu)
{
	struct tcb *t = cpu_current[cpu];

	if (t) {
		arch_tls_save(t);
		if (stall[cpu].entering_svc) {
			arch_regs_restart_syscall(&t->ctx);
			stall[cpu].entering_svc = false;
		}
	}
	arch_fpu_flush();
	stall[cpu].stalled = true;
	__atomic_store_n(&stall[cpu].request, false, __ATOMIC_RELAXED);
	__atomic_store_n(&stall[cpu].answer, true, __ATOMIC_RELEASE);
}

void kernel_lock(void)
{
	unsigned int cpu = this_cpu();
	uint32_t ticket =
		__atomic_fetch_add(&kernel_big_lock.next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&kernel_big_lock.owner, __ATOMIC_ACQUIRE) !=
	       ticket) {
		if (__atomic_load_n(&stall[cpu].request, __ATOMIC_ACQUIRE))
			answer_stall(cpu);
		arch_cpu_relax();
	}
}

void kernel_unlock(void)
{
	__atomic_store_n(&kernel_big_lock.owner, kernel_big_lock.owner + 1,
			 __ATOMIC_RELEASE);
}

bool kernel_enter(bool svc)
{
	unsigned int cpu = this_cpu();

	stall[cpu].entering_svc = svc;
	kernel_lock();
	stall[cpu].entering_svc = false;
	if (!stall[cpu].stalled)
		return false;
	stall[cpu].stalled = false;
	return true;
}

void kernel_relock_idle(void)
{
	kernel_lock();
	stall[this_cpu()].stalled = false;
}

/* Stall CPU @cpu (the caller holds the lock): when this returns, @cpu
 * runs no thread in user space, holds no thread's FP/SIMD registers,
 * and will not touch any thread's state until it has the lock. */
static void stall_cpu(unsigned int cpu)
{
	__atomic_store_n(&stall[cpu].answer, false, __ATOMIC_RELAXED);
	__atomic_store_n(&stall[cpu].request, true, __ATOMIC_RELEASE);
	irqchip_send_ipi(cpu, IPI_RESCHEDULE);
	while (!__atomic_load_n(&stall[cpu].answer, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
}

void smp_stall_thread(struct tcb *t)
{
	for (unsigned int c = 0; c < NR_CPUS; c++) {
		if (c == this_cpu() || !online[c] ||
		    (cpu_current[c] != t && arch_fpu_owners[c] != t))
			continue;
		stall_cpu(c);
		if (cpu_current[c] == t) {
			/* @c picks again when it has the lock; @t stays
			 * runnable, in its queues, if it was. */
			if (t->sched.queued == SCHED_LAZY)
				sched_link_node(&t->sched);
			cpu_current[c] = NULL;
		}
	}
}

void sched_kick(const struct sched_node *n)
{
	if (online[n->cpu])
		irqchip_send_ipi(n->cpu, IPI_RESCHEDULE);
}

void smp_kick_others(void)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (c != this_cpu() && online[c])
			irqchip_send_ipi(c, IPI_RESCHEDULE);
}

unsigned int smp_nr_online(void)
{
	return nr_online;
}

/* A started CPU, from secondary_kernel_entry (head.S) on its own stack. */
void __noreturn secondary_main(uint64_t mpidr);
void __noreturn secondary_main(uint64_t mpidr)
{
	unsigned int cpu = (unsigned int)(mpidr & 0xff);

	arch_cpu_init_local();
	irqchip_init_cpu();
	irq_init_cpu();
	__atomic_store_n(&online[cpu], true, __ATOMIC_RELEASE);
	kernel_relock_idle();
	thread_exit_to_user();
}

static bool in_ram(const struct boot_params *bp, paddr_t pa)
{
	for (uint32_t i = 0; i < bp->nr_ram; i++)
		if (pa >= bp->ram[i].base &&
		    pa - bp->ram[i].base < bp->ram[i].size)
			return true;
	return false;
}

/* Why the CPU @c cannot be started, or NULL. */
static const char *cannot_start(const struct boot_params *bp,
				const struct boot_cpu *c)
{
	if (c->mpidr == ~0ull)
		return "its cpu node has no usable reg";
	if ((c->mpidr & ~0xffull) || (c->mpidr & 0xff) >= NR_CPUS)
		return "beyond CONFIG_MAX_CPUS or outside cluster 0";
	if (online[c->mpidr & 0xff])
		return "its number is already online";
	if (c->method == BOOT_CPU_SPIN_TABLE && !in_ram(bp, c->release_addr))
		return "cpu-release-addr is not in RAM";
	return NULL;
}

static bool wait_online(unsigned int cpu)
{
	uint64_t deadline = arch_counter_read() +
			    arch_counter_freq() * SMP_START_TIMEOUT_MS / 1000;

	while (!__atomic_load_n(&online[cpu], __ATOMIC_ACQUIRE))
		if (arch_counter_read() > deadline)
			return false;
	return true;
}

void smp_boot(const struct boot_params *bp)
{
	extern char secondary_kernel_entry[];
	struct boot_secondary *mailbox = phys_to_virt(bp->secondary_mailbox);
	uint64_t self = arch_cpu_mpidr();

	online[this_cpu()] = true;
	if (!bp->secondary_entry) {
		pr_warn("smp: the loader gave no secondary entry; running on "
			"CPU 0 alone\n");
		return;
	}
	mailbox->kernel_entry = (vaddr_t)secondary_kernel_entry;
	arch_clean_to_poc(&mailbox->kernel_entry);
	for (uint32_t i = 0; i < bp->nr_boot_cpus; i++) {
		const struct boot_cpu *c = &bp->cpus[i];
		const char *why;
		unsigned int cpu = (unsigned int)(c->mpidr & 0xff);

		if (c->mpidr == self)
			continue;
		why = cannot_start(bp, c);
		if (!why)
			why = arch_cpu_start(c, bp->secondary_entry);
		if (!why && !wait_online(cpu))
			why = "started, but it did not come online";
		if (why) {
			pr_warn("smp: CPU with MPIDR 0x%lx left parked: %s\n",
				c->mpidr, why);
			continue;
		}
		nr_online++;
	}
	if (bp->nr_cpus > BOOT_MAX_CPUS)
		pr_warn("smp: the devicetree lists %u CPUs; the loader "
			"records the first %d\n",
			bp->nr_cpus, BOOT_MAX_CPUS);
	pr_info("smp: %u of %u CPU(s) online (CONFIG_MAX_CPUS=%d)\n", nr_online,
		bp->nr_cpus, NR_CPUS);
}
