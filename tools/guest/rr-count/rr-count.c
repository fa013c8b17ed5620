/* Record/replay and reverse-debugging guest: counts, storing each step in a global (a watchpoint target) and
 * printing a running hash, so a continuation after a snapshot load can be compared line by line. */
#include "runtime.h"

volatile uint32_t g_counter;
volatile uint32_t g_hash = 0x811c9dc5u;

/* FNV-1a step, out of line so a breakpoint has a function to sit on. */
NOINLINE uint32_t rr_step(uint32_t h, uint32_t i)
{
    h ^= i;
    h *= 16777619u;
    return h;
}

/* Busy work between steps (about 20,000 instructions), so snapshots and reverse steps fall inside real runs. */
NOINLINE uint32_t rr_work(uint32_t h)
{
    for (int j = 0; j < 4000; j++)
        h = (h << 3) ^ (h >> 7) ^ (uint32_t)j;
    return h;
}

int main(void)
{
    for (uint32_t i = 0; i < 200; i++) {
        g_counter = i;
        g_hash = rr_step(g_hash, i) ^ (rr_work(i) & 0xff);
        printf("count %u %08x\n", i, g_hash);
    }
    puts("rr-count: done\n");
    return 0;
}
