/* bench-int: tight integer loop (xorshift32 + LCG + adds/shifts/mul).
 * ~12 instructions per iteration; prints one checksum line. */
#include "runtime.h"

#ifndef ITERS
#define ITERS 30000000u
#endif

int main(void)
{
    uint32_t x = 2463534242u, l = 12345u, acc = 0, acc2 = 0;
    for (uint32_t i = 0; i < ITERS; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        l = l * 1664525u + 1013904223u;
        acc += x ^ l;
        acc2 += (l >> 7) + i;
    }
    printf("bench-int: iters=%u checksum=0x%08x%08x\n", ITERS, acc, acc2);
    return 0;
}
