/* spin: prints one line, then computes forever (the bench-int loop, never ending). The guest for tests that need a
 * vCPU that is still running whenever they look, however fast the engine: gdb's Ctrl-C, live counters, a trace
 * attached by pid. Never halts by itself; not in qemu-check. */
#include "runtime.h"

volatile uint32_t spin_rounds; /* rounds completed: gdb can read it */

int main(void)
{
    uint32_t x = 2463534242u, l = 12345u, acc = 0;
    printf("spin: computing forever\n");
    for (;;) {
        for (uint32_t i = 0; i < 1000000u; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            l = l * 1664525u + 1013904223u;
            acc += (x ^ l) + i;
        }
        spin_rounds = spin_rounds + 1 + (acc & 0);
    }
    return finish("spin");
}
