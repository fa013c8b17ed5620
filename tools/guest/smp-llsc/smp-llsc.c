/* smp-llsc: every vCPU adds 1 to one shared word N times with LL/SC; the word must end at exactly N * cpus
 * (LL/SC atomic across vCPUs, MIPS32 Vol II-A LL/SC). Boot with -append "cpus=K" and K vCPUs
 * (emu --smp K, qemu -smp K); without it one vCPU runs alone. Not a self-checking program of the QEMU
 * comparison set: its output depends on the vCPU count. */
#include "runtime.h"

#define N 200000u

static volatile uint32_t counter, done;
static uint8_t stacks[SMP_MAX_CPUS][4096] __attribute__((aligned(16)));

static NOINLINE void atomic_add(volatile uint32_t *p, uint32_t v)
{
    uint32_t old, tmp;
    for (;;) {
        __asm__ __volatile__(
            "ll     %0, 0(%3)\n\t"
            "addu   %1, %0, %4\n\t"
            "sc     %1, 0(%3)\n\t"
            : "=&r"(old), "=&r"(tmp), "+m"(*p) : "r"(p), "r"(v) : "memory");
        if (tmp)
            return;
    }
}

static void worker(uint32_t cpu)
{
    (void)cpu;
    for (uint32_t i = 0; i < N; i++)
        atomic_add(&counter, 1);
    atomic_add(&done, 1);
}

int main(int argc, char **argv)
{
    uint32_t cpus = smp_cpus_from_cmdline(argc, argv);
    printf("smp-llsc: %u vCPUs x %u LL/SC increments\n", cpus, N);
    while (smp_arrived < cpus - 1)
        ;
    for (uint32_t i = 1; i < SMP_MAX_CPUS; i++)
        smp_stacks[i] = (uint32_t)&stacks[i][sizeof(stacks[i])];
    __asm__ __volatile__("sync" ::: "memory");
    smp_entry = worker;
    worker(0);
    while (done < cpus)
        ;
    check32("counter", counter, N * cpus);
    return finish("smp-llsc");
}
