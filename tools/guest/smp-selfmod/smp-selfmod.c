/* smp-selfmod: cross-vCPU self-modifying code. vCPU 0 loops over an instruction (spin.S, selfmod_site) while vCPU 1
 * rewrites it, round after round; after vCPU 1 has stored the new word and published the round, vCPU 0 must run the
 * new instruction within one of Emu's batches (16384 instructions: the invalidation hub drops a decode at the next
 * batch boundary of every other vCPU, Kvm/Vm.CodeInvalidation.cs), never keep running its old decode. QEMU keeps
 * translated code coherent with stores too (its TB invalidation unlinks the looping block), so the output is the
 * same there. The guest does what a MIPS32r2 core needs for rewritten code (the writer SYNCI + SYNC, the runner
 * JR.HB back to the site). Boot with -append "cpus=2" and two vCPUs (emu --smp 2, qemu -smp 2); with one vCPU,
 * vCPU 0 patches its own loop between rounds. */
#include "runtime.h"

#define ROUNDS 64u
#define LOOP_INSNS 11u                      /* one counted iteration of selfmod_spin */
#define BATCH 16384u                        /* Mips32Cpu.MaxBatch */
#define WITHIN_A_BATCH (BATCH / LOOP_INSNS + 1)
#define GIVE_UP 200000u                     /* a stale decode that never goes: stop counting, fail */
#define ADDIU_V0_ZERO 0x24020000u           /* addiu v0, zero, imm */

uint32_t selfmod_spin(volatile uint32_t *round, uint32_t expect, uint32_t limit);
extern uint32_t selfmod_site[];

static volatile uint32_t published, seen;
static uint8_t stacks[SMP_MAX_CPUS][4096] __attribute__((aligned(16)));

static void patch(uint32_t round)
{
    *(volatile uint32_t *)selfmod_site = ADDIU_V0_ZERO | round;
    /* MIPS32 Vol II SYNCI: make the instruction stream see the new word; SYNC: before the round is published. */
    __asm__ __volatile__("synci 0(%0)\n\tsync" : : "r"(selfmod_site) : "memory");
    published = round;
}

/* vCPU 1: patch the next round once vCPU 0 has run the previous one. */
static void patcher(uint32_t cpu)
{
    (void)cpu;
    for (uint32_t r = 1; r <= ROUNDS; r++) {
        while (seen != r - 1)
            ;
        patch(r);
    }
}

int main(int argc, char **argv)
{
    uint32_t cpus = smp_cpus_from_cmdline(argc, argv);
    printf("smp-selfmod: %u rounds, vCPU %u patches the loop vCPU 0 runs\n", ROUNDS, cpus > 1 ? 1u : 0u);
    if (cpus > 1) {
        while (smp_arrived < cpus - 1)
            ;
        for (uint32_t i = 1; i < SMP_MAX_CPUS; i++)
            smp_stacks[i] = (uint32_t)&stacks[i][sizeof(stacks[i])];
        __asm__ __volatile__("sync" ::: "memory");
        smp_entry = patcher;
    }
    uint32_t late_rounds = 0, worst = 0;
    for (uint32_t r = 1; r <= ROUNDS; r++) {
        if (cpus == 1)
            patch(r);
        uint32_t stale = selfmod_spin(&published, r, GIVE_UP);
        if (stale > worst)
            worst = stale;
        if (stale > WITHIN_A_BATCH)
            late_rounds++;
        seen = r;
    }
    if (worst >= GIVE_UP)
        printf("vCPU 0 never ran a patched instruction (old decode kept)\n");
    else if (late_rounds)
        printf("worst: %u stale iterations (%u instructions) after the patch was published\n", worst, worst * LOOP_INSNS);
    check32("rounds run from the old decode beyond one batch", late_rounds, 0);
    return finish("smp-selfmod");
}
