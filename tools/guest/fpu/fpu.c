/* fpu: the 24Kf FPU, bit-exact. Every IEEE operation the o32 hard-float ABI uses (and the rest of CP1 through
 * inline asm) over edge operands in all four rounding modes, printed as hex with FCSR after each, so Emu's output
 * can be compared byte for byte with QEMU's. Also: FCCR/FEXR/FENR views, condition codes and branches, FS=1
 * flushing, the FPE exception (an enabled IEEE exception, and CTC1 writing an enabled cause), FR=1 only
 * operations, and a few self-checks against known IEEE results for the PASS line. Built -mhard-float (FR=0). */
#include "runtime.h"

typedef union { double d; uint64_t u; } dbits;
typedef union { float f; uint32_t u; } fbits;

static inline void set_fcsr(uint32_t v) { __asm__ __volatile__("ctc1 %0, $31" :: "r"(v)); }
static inline uint32_t get_fcsr(void) { uint32_t v; __asm__ __volatile__("cfc1 %0, $31" : "=r"(v)); return v; }
#define CFC1(reg) ({ uint32_t _v; __asm__ __volatile__("cfc1 %0, $" #reg : "=r"(_v)); _v; })
#define CTC1(reg, v) __asm__ __volatile__("ctc1 %0, $" #reg :: "r"(v))

static double D(uint64_t u) { dbits b; b.u = u; return b.d; }
static uint64_t U(double d) { dbits b; b.d = d; return b.u; }
static float F(uint32_t u) { fbits b; b.u = u; return b.f; }
static uint32_t W(float f) { fbits b; b.f = f; return b.u; }

static const uint64_t dvals[] = {
    0x3ff0000000000000ull, 0x4008000000000000ull, 0x3ff0000000000001ull, 0x7fefffffffffffffull,
    0x0010000000000000ull, 0x000fffffffffffffull, 0x8000000000000000ull, 0x7ff0000000000000ull,
    0x7ff7ffffffffffffull, 0x7ff0000000000001ull, 0x7ff8000000000000ull, 0x3fb999999999999aull,
    0xc004000000000000ull, 0x4340000000000001ull, 0x41dfffffffc00000ull,
};
static const uint32_t fvals[] = {
    0x3f800000u, 0x40400000u, 0x3f800001u, 0x7f7fffffu, 0x00800000u, 0x007fffffu, 0x80000000u,
    0x7f800000u, 0x7fbfffffu, 0x7f800001u, 0x7fc00000u, 0x3dcccccdu, 0xc0200000u, 0x4b800001u, 0x4effffffu,
};
#define NV(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define OP2(insn, r, a, b) __asm__ __volatile__(insn " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b))
#define OP1(insn, r, a) __asm__ __volatile__(insn " %0, %1" : "=f"(r) : "f"(a))

static NOINLINE double dop2(int op, double a, double b)
{
    double r;
    switch (op) {
    case 0: OP2("add.d", r, a, b); break;
    case 1: OP2("sub.d", r, a, b); break;
    case 2: OP2("mul.d", r, a, b); break;
    default: OP2("div.d", r, a, b); break;
    }
    return r;
}

static NOINLINE float sop2(int op, float a, float b)
{
    float r;
    switch (op) {
    case 0: OP2("add.s", r, a, b); break;
    case 1: OP2("sub.s", r, a, b); break;
    case 2: OP2("mul.s", r, a, b); break;
    default: OP2("div.s", r, a, b); break;
    }
    return r;
}

/* Unary double → double / single → single / → word: op selects the instruction. */
static NOINLINE double dop1(int op, double a)
{
    double r;
    switch (op) {
    case 0: OP1("sqrt.d", r, a); break;
    case 1: OP1("recip.d", r, a); break;
    case 2: OP1("rsqrt.d", r, a); break;
    case 3: OP1("abs.d", r, a); break;
    default: OP1("neg.d", r, a); break;
    }
    return r;
}

static NOINLINE float sop1(int op, float a)
{
    float r;
    switch (op) {
    case 0: OP1("sqrt.s", r, a); break;
    case 1: OP1("recip.s", r, a); break;
    case 2: OP1("rsqrt.s", r, a); break;
    case 3: OP1("abs.s", r, a); break;
    default: OP1("neg.s", r, a); break;
    }
    return r;
}

static NOINLINE uint32_t dtow(int op, double a)
{
    float r;
    switch (op) {
    case 0: OP1("cvt.w.d", r, a); break;
    case 1: OP1("round.w.d", r, a); break;
    case 2: OP1("trunc.w.d", r, a); break;
    case 3: OP1("ceil.w.d", r, a); break;
    default: OP1("floor.w.d", r, a); break;
    }
    return W(r);
}

static NOINLINE uint32_t stow(int op, float a)
{
    float r;
    switch (op) {
    case 0: OP1("cvt.w.s", r, a); break;
    case 1: OP1("round.w.s", r, a); break;
    case 2: OP1("trunc.w.s", r, a); break;
    case 3: OP1("ceil.w.s", r, a); break;
    default: OP1("floor.w.s", r, a); break;
    }
    return W(r);
}

static NOINLINE uint32_t dtos(double a) { float r; OP1("cvt.s.d", r, a); return W(r); }
static NOINLINE uint64_t stod(float a) { double r; OP1("cvt.d.s", r, a); return U(r); }
static NOINLINE uint64_t wtod(uint32_t w) { double r; float x = F(w); OP1("cvt.d.w", r, x); return U(r); }
static NOINLINE uint32_t wtos(uint32_t w) { float r; float x = F(w); OP1("cvt.s.w", r, x); return W(r); }

static NOINLINE double dmadd(int op, double fr, double fs, double ft)
{
    double r;
    switch (op) {
    case 0: __asm__ __volatile__("madd.d %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    case 1: __asm__ __volatile__("msub.d %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    case 2: __asm__ __volatile__("nmadd.d %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    default: __asm__ __volatile__("nmsub.d %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    }
    return r;
}

static NOINLINE float smadd(int op, float fr, float fs, float ft)
{
    float r;
    switch (op) {
    case 0: __asm__ __volatile__("madd.s %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    case 1: __asm__ __volatile__("msub.s %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    case 2: __asm__ __volatile__("nmadd.s %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    default: __asm__ __volatile__("nmsub.s %0, %1, %2, %3" : "=f"(r) : "f"(fr), "f"(fs), "f"(ft)); break;
    }
    return r;
}

/* All 16 C.cond.D conditions on cc 3, read back through FCCR. */
static NOINLINE uint32_t dcmp(int cond, double a, double b)
{
    switch (cond) {
    case 0: __asm__ __volatile__("c.f.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 1: __asm__ __volatile__("c.un.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 2: __asm__ __volatile__("c.eq.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 3: __asm__ __volatile__("c.ueq.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 4: __asm__ __volatile__("c.olt.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 5: __asm__ __volatile__("c.ult.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 6: __asm__ __volatile__("c.ole.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 7: __asm__ __volatile__("c.ule.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 8: __asm__ __volatile__("c.sf.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 9: __asm__ __volatile__("c.ngle.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 10: __asm__ __volatile__("c.seq.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 11: __asm__ __volatile__("c.ngl.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 12: __asm__ __volatile__("c.lt.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 13: __asm__ __volatile__("c.nge.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    case 14: __asm__ __volatile__("c.le.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    default: __asm__ __volatile__("c.ngt.d $fcc3, %0, %1" :: "f"(a), "f"(b)); break;
    }
    /* bc1t on the same cc: 1 when taken */
    uint32_t taken;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tli %0, 1\n\tbc1t $fcc3, 1f\n\tnop\n\tli %0, 0\n1:\n\t.set pop" : "=&r"(taken));
    return (CFC1(25) << 8) | taken;
}

static NOINLINE uint32_t scmp(int cond, float a, float b)
{
    switch (cond) {
    case 0: __asm__ __volatile__("c.f.s $fcc5, %0, %1" :: "f"(a), "f"(b)); break;
    case 2: __asm__ __volatile__("c.eq.s $fcc5, %0, %1" :: "f"(a), "f"(b)); break;
    case 4: __asm__ __volatile__("c.olt.s $fcc5, %0, %1" :: "f"(a), "f"(b)); break;
    case 7: __asm__ __volatile__("c.ule.s $fcc5, %0, %1" :: "f"(a), "f"(b)); break;
    case 10: __asm__ __volatile__("c.seq.s $fcc5, %0, %1" :: "f"(a), "f"(b)); break;
    default: __asm__ __volatile__("c.ngt.s $fcc5, %0, %1" :: "f"(a), "f"(b)); break;
    }
    uint32_t taken;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tli %0, 1\n\tbc1fl $fcc5, 1f\n\tli %0, 2\n\tli %0, 0\n1:\n\t.set pop" : "=&r"(taken));
    return (CFC1(25) << 8) | taken;
}

static volatile int fpe_count;
static volatile uint32_t fpe_cause, fpe_fcsr;

void exc_handler(struct exc_frame *f)
{
    fpe_count++;
    fpe_cause = f->cause;
    fpe_fcsr = get_fcsr();
    set_fcsr(0); /* so the next FP instruction does not trap again */
    f->epc += 4;
}

static int failures;

static void expect64(const char *what, uint64_t got, uint64_t want)
{
    if (got != want) {
        printf("FAIL %s: got %llx want %llx\n", what, got, want);
        failures++;
    }
}

static NOINLINE void arith(void)
{
    for (int op = 0; op < 4; op++)
        for (int rm = 0; rm < 4; rm++)
            for (int i = 0; i < NV(dvals); i++)
                for (int j = 0; j < NV(dvals); j += 2) {
                    set_fcsr((uint32_t)rm);
                    uint64_t r = U(dop2(op, D(dvals[i]), D(dvals[j])));
                    printf("d%d rm%d %llx %llx = %llx %08x\n", op, rm, dvals[i], dvals[j], r, get_fcsr());
                }
    for (int op = 0; op < 4; op++)
        for (int rm = 0; rm < 4; rm++)
            for (int i = 0; i < NV(fvals); i++)
                for (int j = 1; j < NV(fvals); j += 2) {
                    set_fcsr((uint32_t)rm);
                    uint32_t r = W(sop2(op, F(fvals[i]), F(fvals[j])));
                    printf("s%d rm%d %08x %08x = %08x %08x\n", op, rm, fvals[i], fvals[j], r, get_fcsr());
                }
}

static NOINLINE void unary(void)
{
    for (int rm = 0; rm < 4; rm++)
        for (int i = 0; i < NV(dvals); i++) {
            uint64_t a = dvals[i];
            for (int op = 0; op < 5; op++) {
                set_fcsr((uint32_t)rm);
                uint64_t r = U(dop1(op, D(a)));
                printf("u%d rm%d %llx = %llx %08x\n", op, rm, a, r, get_fcsr());
                set_fcsr((uint32_t)rm);
                uint32_t w = dtow(op, D(a));
                printf("w%d rm%d %llx = %08x %08x\n", op, rm, a, w, get_fcsr());
            }
            set_fcsr((uint32_t)rm);
            uint32_t s = dtos(D(a));
            printf("cvt.s.d rm%d %llx = %08x %08x\n", rm, a, s, get_fcsr());
            set_fcsr((uint32_t)rm);
            uint64_t nd = U(dop1(4, D(a)) * 0.5);
            printf("half rm%d %llx = %llx %08x\n", rm, a, nd, get_fcsr());
        }
    for (int rm = 0; rm < 4; rm++)
        for (int i = 0; i < NV(fvals); i++) {
            uint32_t a = fvals[i];
            for (int op = 0; op < 5; op++) {
                set_fcsr((uint32_t)rm);
                uint32_t r = W(sop1(op, F(a)));
                printf("us%d rm%d %08x = %08x %08x\n", op, rm, a, r, get_fcsr());
                set_fcsr((uint32_t)rm);
                uint32_t w = stow(op, F(a));
                printf("ws%d rm%d %08x = %08x %08x\n", op, rm, a, w, get_fcsr());
            }
            set_fcsr((uint32_t)rm);
            uint64_t d = stod(F(a));
            printf("cvt.d.s rm%d %08x = %llx %08x\n", rm, a, d, get_fcsr());
            set_fcsr((uint32_t)rm);
            uint32_t ws = wtos(a);
            uint64_t wd = wtod(a);
            printf("cvt.?.w rm%d %08x = %08x %llx %08x\n", rm, a, ws, wd, get_fcsr());
        }
}

static NOINLINE void madd(void)
{
    for (int op = 0; op < 4; op++)
        for (int rm = 0; rm < 4; rm += 3)
            for (int i = 0; i < NV(dvals); i += 2)
                for (int j = 1; j < NV(dvals); j += 3) {
                    set_fcsr((uint32_t)rm);
                    uint64_t r = U(dmadd(op, D(dvals[j]), D(dvals[i]), D(0x3fb999999999999aull)));
                    printf("maddd%d rm%d %llx %llx = %llx %08x\n", op, rm, dvals[i], dvals[j], r, get_fcsr());
                    set_fcsr((uint32_t)rm);
                    uint32_t s = W(smadd(op, F(fvals[j]), F(fvals[i]), F(0x3dcccccdu)));
                    printf("madds%d rm%d %08x %08x = %08x %08x\n", op, rm, fvals[i], fvals[j], s, get_fcsr());
                }
}

static NOINLINE void compare(void)
{
    for (int c = 0; c < 16; c++)
        for (int i = 0; i < NV(dvals); i += 2)
            for (int j = 0; j < NV(dvals); j += 3) {
                set_fcsr(0);
                uint32_t r = dcmp(c, D(dvals[i]), D(dvals[j]));
                printf("c%d.d %llx %llx = %x %08x\n", c, dvals[i], dvals[j], r, get_fcsr());
            }
    static const int sconds[] = { 0, 2, 4, 7, 10, 15 };
    for (int k = 0; k < 6; k++)
        for (int i = 0; i < NV(fvals); i += 2)
            for (int j = 1; j < NV(fvals); j += 3) {
                set_fcsr(0x0e000000u);
                uint32_t r = scmp(sconds[k], F(fvals[i]), F(fvals[j]));
                printf("c%d.s %08x %08x = %x %08x\n", sconds[k], fvals[i], fvals[j], r, get_fcsr());
            }
}

static NOINLINE void control(void)
{
    /* FCCR/FEXR/FENR views and their writes, FIR. */
    set_fcsr(0xfe83f07fu & 0xff83ffffu & ~0x0003f000u);
    printf("fir %08x fcsr %08x fccr %08x fexr %08x fenr %08x\n", CFC1(0), get_fcsr(), CFC1(25), CFC1(26), CFC1(28));
    CTC1(25, 0xa5u);
    CTC1(26, 0x0000007cu);
    CTC1(28, 0x00000f04u);
    printf("after views: fcsr %08x\n", get_fcsr());
    CTC1(25, 0x100u); /* reserved bits set: ignored */
    printf("after reserved: fcsr %08x\n", get_fcsr());
    /* Flush to zero: FS=1 tiny results become zero. */
    for (int rm = 0; rm < 4; rm++) {
        set_fcsr(0x01000000u | (uint32_t)rm);
        uint64_t r = U(dop2(2, D(0x0010000000000000ull), D(0x3fe0000000000001ull)));
        uint32_t fcsr1 = get_fcsr();
        set_fcsr(0x01000000u | (uint32_t)rm);
        uint32_t s = W(sop2(3, F(0x00800000u), F(0x40400000u)));
        printf("fs rm%d %llx %08x %08x %08x\n", rm, r, fcsr1, s, get_fcsr());
    }
}

static NOINLINE void traps(void)
{
    /* Invalid enabled: 0/0 traps (FPE), the destination keeps its value. */
    double z = D(0), r = D(0x4000000000000000ull);
    set_fcsr(0x00000800u);
    __asm__ __volatile__("div.d %0, %1, %1" : "+f"(r) : "f"(z));
    printf("fpe div: count %d exc %d fcsr %08x r %llx\n", fpe_count, (int)CA_EXC(fpe_cause), fpe_fcsr, U(r));
    /* Inexact enabled: 1/3 traps. */
    set_fcsr(0x00000080u);
    r = dop2(3, D(0x3ff0000000000000ull), D(0x4008000000000000ull));
    printf("fpe inexact: count %d exc %d fcsr %08x\n", fpe_count, (int)CA_EXC(fpe_cause), fpe_fcsr);
    /* CTC1 writing a cause whose enable is set traps at once; Cause.E always does. */
    set_fcsr(0x00010800u);
    printf("fpe ctc1: count %d exc %d fcsr %08x\n", fpe_count, (int)CA_EXC(fpe_cause), fpe_fcsr);
    set_fcsr(0x00020000u);
    printf("fpe ctc1 E: count %d exc %d fcsr %08x\n", fpe_count, (int)CA_EXC(fpe_cause), fpe_fcsr);
    /* Not enabled: flags accumulate, no trap. */
    set_fcsr(0);
    r = dop2(3, D(0x3ff0000000000000ull), D(0));
    r = dop2(0, D(0x7fefffffffffffffull), D(0x7fefffffffffffffull));
    printf("flags: count %d fcsr %08x r %llx\n", fpe_count, get_fcsr(), U(r));
}

/* FR=1: 64-bit FPRs, odd doubles, the long formats and LUXC1. */
static uint64_t fr1_in[2] __attribute__((aligned(8))) = { 0x43e0000000000000ull, 0xc1f0000000000001ull };
static uint64_t fr1_out[4] __attribute__((aligned(8)));

static NOINLINE void fr1(void)
{
    uint32_t st = read_status();
    write_status(st | 0x04000000u);
    __asm__ __volatile__(
        ".set push\n\t.set noreorder\n\t.set fp=64\n\t"
        "ctc1 $zero, $31\n\t"
        "ldc1 $f1, 0(%0)\n\t"
        "ldc1 $f3, 8(%0)\n\t"
        "cvt.l.d $f5, $f1\n\t"
        "sdc1 $f5, 0(%1)\n\t"
        "floor.l.d $f7, $f3\n\t"
        "sdc1 $f7, 8(%1)\n\t"
        "cvt.d.l $f9, $f7\n\t"
        "sdc1 $f9, 16(%1)\n\t"
        "addiu $t0, %0, 3\n\t"
        "luxc1 $f11, $t0(%0)\n\t"
        "sdc1 $f11, 24(%1)\n\t"
        ".set pop"
        :: "r"(fr1_in), "r"(fr1_out) : "t0", "memory");
    uint32_t fcsr = get_fcsr();
    write_status(st);
    printf("fr1 %llx %llx %llx %llx %08x\n", fr1_out[0], fr1_out[1], fr1_out[2], fr1_out[3], fcsr);
}

static NOINLINE void selfcheck(void)
{
    static const uint64_t third[4] = { 0x3fd5555555555555ull, 0x3fd5555555555555ull, 0x3fd5555555555556ull, 0x3fd5555555555555ull };
    static const uint64_t two3[4] = { 0x3fe5555555555555ull, 0x3fe5555555555555ull, 0x3fe5555555555556ull, 0x3fe5555555555555ull };
    for (int rm = 0; rm < 4; rm++) {
        set_fcsr((uint32_t)rm);
        expect64("1/3", U(dop2(3, D(0x3ff0000000000000ull), D(0x4008000000000000ull))), third[rm]);
        expect64("2/3", U(dop2(3, D(0x4000000000000000ull), D(0x4008000000000000ull))), two3[rm]);
        expect64("-1/3", U(dop2(3, D(0xbff0000000000000ull), D(0x4008000000000000ull))),
                 third[rm == 2 ? 3 : rm == 3 ? 2 : rm] | 0x8000000000000000ull);
    }
    set_fcsr(0);
    expect64("sqrt2", U(dop1(0, D(0x4000000000000000ull))), 0x3ff6a09e667f3bcdull);
    expect64("1e308*10", U(dop2(2, D(0x7fe1ccf385ebc8a0ull), D(0x4024000000000000ull))), 0x7ff0000000000000ull);
    set_fcsr(1);
    expect64("1e308*10 RZ", U(dop2(2, D(0x7fe1ccf385ebc8a0ull), D(0x4024000000000000ull))), 0x7fefffffffffffffull);
    set_fcsr(0);
    expect64("0/0", U(dop2(3, D(0), D(0))), 0x7ff7ffffffffffffull);
    /* C arithmetic compiled by gcc, not inline asm: */
    volatile double x = 2.0, y = 3.0;
    expect64("c 2/3", U(x / y), 0x3fe5555555555555ull);
    volatile float fx = 2.0f, fy = 3.0f;
    expect64("c 2/3f", W(fx / fy), 0x3f2aaaabu);
    volatile int n = -7;
    expect64("c (double)-7", U((double)n), 0xc01c000000000000ull);
    expect64("c (int)-7.9", (uint64_t)(uint32_t)(int)(x * -3.95), (uint32_t)-7);
}

/* For the gdb test (tests/Emu.GdbStub.Tests): $f2/$f3 = 1.5 at the global label fpu_gdb_stop, then 1.5 + 1.5.
 * A debugger that writes $f3 there changes what is printed. */
static NOINLINE uint64_t gdb_probe(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__(
        ".set push\n\t.set noreorder\n\t"
        "lui $t0, 0x3ff8\n\t"
        "mtc1 $zero, $f2\n\t"
        "mthc1 $t0, $f2\n\t"
        ".globl fpu_gdb_stop\n"
        "fpu_gdb_stop:\n\t"
        "add.d $f4, $f2, $f2\n\t"
        "mfc1 %0, $f4\n\t"
        "mfhc1 %1, $f4\n\t"
        ".set pop"
        : "=r"(lo), "=r"(hi) :: "t0", "$f2", "$f3", "$f4", "$f5");
    return ((uint64_t)hi << 32) | lo;
}

int main(void)
{
    write_status(read_status() | ST_CU1);
    printf("fpu: config1 %08x fir %08x\n", read_config1() & 1u, CFC1(0));
    printf("gdb probe %llx\n", gdb_probe());
    arith();
    unary();
    madd();
    compare();
    control();
    traps();
    fr1();
    selfcheck();
    set_fcsr(0);
    printf(failures ? "fpu: FAIL\n" : "fpu: PASS\n");
    return 0;
}
