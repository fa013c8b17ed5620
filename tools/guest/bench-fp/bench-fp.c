/* bench-fp: a Whetstone-flavoured double-precision loop (hard float, 24Kf FPU): multiply-adds, divisions,
 * a Newton square root, conversions to and from integers and compares. Prints one checksum line; used to
 * compare Emu's FPU speed with QEMU's (process CPU seconds). */
#include "runtime.h"

#ifndef ITERS
#define ITERS 2000000u
#endif

typedef union { double d; uint64_t u; } dbits;

static NOINLINE double newton_sqrt(double a)
{
    double x = a > 1.0 ? a * 0.5 : 1.0;
    for (int k = 0; k < 4; k++)
        x = 0.5 * (x + a / x);
    return x;
}

static NOINLINE void bench(void)
{
    double x1 = 1.0, x2 = -1.0, x3 = -1.0, x4 = -1.0, t = 0.499975, t2 = 2.0;
    double acc = 0.0;
    int32_t iacc = 0;
    for (uint32_t i = 0; i < ITERS; i++) {
        x1 = (x1 + x2 + x3 - x4) * t;
        x2 = (x1 + x2 - x3 + x4) * t;
        x3 = (x1 - x2 + x3 + x4) * t;
        x4 = (-x1 + x2 + x3 + x4) / t2;
        double s = newton_sqrt((double)(i & 1023) + 0.25);
        acc += s * 1.000001 - x4;
        int32_t k = (int32_t)(s * 100.0);
        iacc += k;
        if (acc > 1.0e6)
            acc -= 1.0e6;
    }
    dbits b;
    b.d = acc + x1 + x2 + x3 + x4;
    printf("bench-fp: iters=%u checksum=0x%llx %d\n", ITERS, b.u, iacc);
}

int main(void)
{
    write_status(read_status() | ST_CU1); /* before any FP instruction: the loop is in its own function */
    bench();
    return 0;
}
