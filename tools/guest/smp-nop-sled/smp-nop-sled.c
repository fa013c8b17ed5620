/* smp-nop-sled: every vCPU jumps into zeroed RAM at 16 MiB, which is a nop sled (0x00000000 is sll $0,$0,0), and
 * runs through every page of RAM above it until the instruction limit ends the run (or, past the end of RAM, a
 * bus error). Each executed page costs the emulator decoded-code memory: this is the guest that measures
 * whether that memory is bounded. Boot with -append "cpus=K" and K vCPUs. Never halts by itself. */
#include "runtime.h"

#define SLED 0x81000000u

static uint8_t stacks[SMP_MAX_CPUS][1024] __attribute__((aligned(16)));

static void sled(uint32_t cpu)
{
    (void)cpu;
    ((void (*)(void))SLED)();
}

int main(int argc, char **argv)
{
    uint32_t cpus = smp_cpus_from_cmdline(argc, argv);
    printf("smp-nop-sled: %u vCPUs into the zeroed RAM at 0x%08x\n", cpus, SLED);
    while (smp_arrived < cpus - 1)
        ;
    for (uint32_t i = 1; i < SMP_MAX_CPUS; i++)
        smp_stacks[i] = (uint32_t)&stacks[i][sizeof(stacks[i])];
    __asm__ __volatile__("sync" ::: "memory");
    smp_entry = sled;
    sled(0);
    return finish("smp-nop-sled");
}
