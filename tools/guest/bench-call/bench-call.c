/* bench-call: call-heavy: recursive fib plus many small non-inlined calls. */
#include "runtime.h"

#ifndef FIB_N
#define FIB_N 32u
#endif
#ifndef CALLS
#define CALLS 10000000u
#endif

static NOINLINE __attribute__((noclone)) uint32_t fib(uint32_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

static NOINLINE __attribute__((noclone)) uint32_t f_add(uint32_t a, uint32_t b) { return a + b; }
static NOINLINE __attribute__((noclone)) uint32_t f_mix(uint32_t a, uint32_t b) { return (a ^ b) + (a << 3); }
static NOINLINE __attribute__((noclone)) uint32_t f_chain(uint32_t a, uint32_t i)
{
    return f_mix(f_add(a, i), i);
}

int main(void)
{
    uint32_t r = fib(FIB_N);
    uint32_t acc = 1;
    for (uint32_t i = 0; i < CALLS; i++)
        acc = f_chain(acc, i);
    printf("bench-call: fib(%u)=%u calls=%u checksum=0x%08x\n", FIB_N, r, CALLS, acc);
    return 0;
}
