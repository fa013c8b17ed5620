/* bench-llsc: the atomic-increment shape of spinlocks and atomics (sync; ll; addiu; sc; beqz retry) on one word,
 * ~7 instructions per iteration; prints the final count. */
#include "runtime.h"

#ifndef ITERS
#define ITERS 20000000u
#endif

static volatile uint32_t counter;

int main(void)
{
    for (uint32_t i = 0; i < ITERS; i++) {
        uint32_t t;
        __asm__ __volatile__("1: sync\n\tll %0, 0(%1)\n\taddiu %0, %0, 1\n\tsc %0, 0(%1)\n\tbeqz %0, 1b\n\tnop"
                             : "=&r"(t) : "r"(&counter) : "memory");
    }
    printf("bench-llsc: iters=%u counter=%u\n", ITERS, counter);
    return 0;
}
