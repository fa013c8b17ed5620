/* arith: ALU, shifts, rotates, bit-field, count, conditional move,
 * multiply/divide (HI/LO), accumulate, libgcc 64-bit arithmetic, compares. */
#include "runtime.h"

/* Make a value opaque to the optimizer, so the instruction really executes. */
#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })

#define R3(insn, a, b) ({ uint32_t _r; \
    __asm__ __volatile__(insn " %0, %1, %2" : "=r"(_r) : "r"(a), "r"(b)); _r; })
#define RI(insn, a, imm) ({ uint32_t _r; \
    __asm__ __volatile__(insn " %0, %1, %2" : "=r"(_r) : "r"(a), "i"(imm)); _r; })
#define R2(insn, a) ({ uint32_t _r; \
    __asm__ __volatile__(insn " %0, %1" : "=r"(_r) : "r"(a)); _r; })

/* HI:LO producing ops; returns HI<<32|LO */
#define HILO(insn, a, b) ({ uint32_t _h, _l; \
    __asm__ __volatile__(insn " %2, %3\n\tmfhi %0\n\tmflo %1" \
        : "=r"(_h), "=r"(_l) : "r"(a), "r"(b) : "hi", "lo"); \
    ((uint64_t)_h << 32) | _l; })
#define DIVOP(insn, a, b) ({ uint32_t _h, _l; \
    __asm__ __volatile__(insn " $zero, %2, %3\n\tmfhi %0\n\tmflo %1" \
        : "=r"(_h), "=r"(_l) : "r"(a), "r"(b) : "hi", "lo"); \
    ((uint64_t)_h << 32) | _l; })
/* accumulate ops: HI:LO = acc, then op */
#define ACC(insn, acc, a, b) ({ uint32_t _h, _l; \
    __asm__ __volatile__("mthi %2\n\tmtlo %3\n\t" insn " %4, %5\n\tmfhi %0\n\tmflo %1" \
        : "=r"(_h), "=r"(_l) : "r"((uint32_t)((acc) >> 32)), "r"((uint32_t)(acc)), "r"(a), "r"(b) : "hi", "lo"); \
    ((uint64_t)_h << 32) | _l; })

static NOINLINE uint32_t movn(uint32_t d, uint32_t s, uint32_t t)
{
    __asm__ __volatile__("movn %0, %1, %2" : "+r"(d) : "r"(s), "r"(t));
    return d;
}

static NOINLINE uint32_t movz(uint32_t d, uint32_t s, uint32_t t)
{
    __asm__ __volatile__("movz %0, %1, %2" : "+r"(d) : "r"(s), "r"(t));
    return d;
}

static NOINLINE uint32_t ins_8_12(uint32_t d, uint32_t s)
{
    __asm__ __volatile__("ins %0, %1, 8, 12" : "+r"(d) : "r"(s));
    return d;
}

static NOINLINE uint32_t ins_0_32(uint32_t d, uint32_t s)
{
    __asm__ __volatile__("ins %0, %1, 0, 32" : "+r"(d) : "r"(s));
    return d;
}

static NOINLINE uint32_t ins_31_1(uint32_t d, uint32_t s)
{
    __asm__ __volatile__("ins %0, %1, 31, 1" : "+r"(d) : "r"(s));
    return d;
}

static void test_alu(void)
{
    uint32_t a = V(0x12345678u), b = V(0x9abcdef0u);

    check32("addu", R3("addu", a, b), 0xacf13568u);
    check32("subu", R3("subu", a, b), 0x77777788u);
    check32("add", R3("add", a, V(0x10u)), 0x12345688u);
    check32("sub", R3("sub", a, V(0x78u)), 0x12345600u);
    check32("addi", RI("addi", a, -0x78), 0x12345600u);
    check32("addiu", RI("addiu", b, 0x7fff), 0x9abd5eefu);
    check32("and", R3("and", a, b), 0x12345670u);
    check32("or", R3("or", a, b), 0x9abcdef8u);
    check32("xor", R3("xor", a, b), 0x88888888u);
    check32("nor", R3("nor", a, b), 0x65432107u);
    check32("andi", RI("andi", b, 0xff0f), 0x0000de00u);
    check32("ori", RI("ori", a, 0x8001), 0x1234d679u);
    check32("xori", RI("xori", a, 0xffff), 0x1234a987u);
    {
        uint32_t r;
        __asm__ __volatile__("lui %0, 0x8765" : "=r"(r));
        check32("lui", V(r), 0x87650000u);
    }
    check32("slt a<b", R3("slt", a, b), 0);
    check32("slt b<a", R3("slt", b, a), 1);
    check32("sltu a<b", R3("sltu", a, b), 1);
    check32("sltu b<a", R3("sltu", b, a), 0);
    check32("slti b<-1", RI("slti", b, -1), 1);
    check32("slti a<-1", RI("slti", a, -1), 0);
    check32("sltiu a<0xffffffff", RI("sltiu", a, -1), 1);
    check32("sltiu b<0x8000", RI("sltiu", b, 0x7fff), 0);
    check32("sltiu 5<0xffff8000", RI("sltiu", V(5u), -32768), 1);
}

static void test_shift(void)
{
    uint32_t a = V(0x12345678u), b = V(0x9abcdef0u);

    check32("sll 4", RI("sll", a, 4), 0x23456780u);
    check32("sll 31", RI("sll", V(3u), 31), 0x80000000u);
    check32("srl 4", RI("srl", b, 4), 0x09abcdefu);
    check32("sra 4", RI("sra", b, 4), 0xf9abcdefu);
    check32("sra 31", RI("sra", b, 31), 0xffffffffu);
    check32("sllv 36", R3("sllv", a, V(36u)), 0x23456780u);
    check32("srlv 8", R3("srlv", b, V(8u)), 0x009abcdeu);
    check32("srav 8", R3("srav", b, V(0xffffffe8u)), 0xff9abcdeu);
    check32("rotr 8", RI("rotr", a, 8), 0x78123456u);
    check32("rotr 0", RI("rotr", a, 0), 0x12345678u);
    check32("rotr 31", RI("rotr", a, 31), 0x2468acf0u);
    check32("rotrv 4", R3("rotrv", a, V(4u)), 0x81234567u);
    check32("rotrv 36", R3("rotrv", a, V(36u)), 0x81234567u);
    check32("rotrv 0", R3("rotrv", a, V(32u)), 0x12345678u);
}

static void test_bits(void)
{
    check32("seb 0x80", R2("seb", V(0x12345680u)), 0xffffff80u);
    check32("seb 0x7f", R2("seb", V(0xffffff7fu)), 0x0000007fu);
    check32("seh 0x8001", R2("seh", V(0x12348001u)), 0xffff8001u);
    check32("seh 0x7fff", R2("seh", V(0xffff7fffu)), 0x00007fffu);
    check32("wsbh", R2("wsbh", V(0x12345678u)), 0x34127856u);
    {
        uint32_t a = V(0x12345678u), b = V(0x9abcdef0u), r;
        __asm__ __volatile__("ext %0, %1, 4, 8" : "=r"(r) : "r"(a));
        check32("ext 4,8", r, 0x67u);
        __asm__ __volatile__("ext %0, %1, 28, 4" : "=r"(r) : "r"(b));
        check32("ext 28,4", r, 0x9u);
        __asm__ __volatile__("ext %0, %1, 0, 32" : "=r"(r) : "r"(b));
        check32("ext 0,32", r, 0x9abcdef0u);
        __asm__ __volatile__("ext %0, %1, 5, 17" : "=r"(r) : "r"(b));
        check32("ext 5,17", r, (0x9abcdef0u >> 5) & 0x1ffffu);
    }
    check32("ins 8,12", ins_8_12(V(0xffffffffu), V(0x12345678u)), 0xfff678ffu);
    check32("ins 0,32", ins_0_32(V(0xffffffffu), V(0x12345678u)), 0x12345678u);
    check32("ins 31,1", ins_31_1(V(0x00000001u), V(0xffffffffu)), 0x80000001u);
    check32("clo fff00000", R2("clo", V(0xfff00000u)), 12);
    check32("clo 0", R2("clo", V(0u)), 0);
    check32("clo ffffffff", R2("clo", V(0xffffffffu)), 32);
    check32("clz 00010000", R2("clz", V(0x00010000u)), 15);
    check32("clz 0", R2("clz", V(0u)), 32);
    check32("clz 80000000", R2("clz", V(0x80000000u)), 0);
    check32("clz 1", R2("clz", V(1u)), 31);
    check32("movn taken", movn(1, 2, 3), 2);
    check32("movn not", movn(1, 2, 0), 1);
    check32("movz taken", movz(1, 2, 0), 2);
    check32("movz not", movz(1, 2, 3), 1);
}

static void test_muldiv(void)
{
    const int32_t ca = 0x12345678, cb = (int32_t)0x9abcdef0u, cc = -7, cd = 100003;
    int32_t a = V(ca), b = V(cb), c = V(cc), d = V(cd);

    check64("mult", HILO("mult", a, b), (uint64_t)((int64_t)ca * cb));
    check64("multu", HILO("multu", a, b), (uint64_t)ca * (uint32_t)cb);
    check64("mult neg*neg", HILO("mult", b, b), (uint64_t)((int64_t)cb * cb));
    check64("multu ff*ff", HILO("multu", V(0xffffffffu), V(0xffffffffu)), 0xfffffffe00000001ull);
    check32("mul", R3("mul", a, b), (uint32_t)((int64_t)ca * cb));
    check32("mul small", R3("mul", c, d), (uint32_t)(cc * cd));
    /* div: HI=remainder, LO=quotient (truncating) */
    check64("div", DIVOP("div", b, d),
            ((uint64_t)(uint32_t)(cb % cd) << 32) | (uint32_t)(cb / cd));
    check64("div neg/neg", DIVOP("div", b, c),
            ((uint64_t)(uint32_t)(cb % cc) << 32) | (uint32_t)(cb / cc));
    check64("divu", DIVOP("divu", b, d),
            ((uint64_t)((uint32_t)cb % (uint32_t)cd) << 32) | ((uint32_t)cb / (uint32_t)cd));
    check64("divu big", DIVOP("divu", b, c),
            ((uint64_t)((uint32_t)cb % (uint32_t)cc) << 32) | ((uint32_t)cb / (uint32_t)cc));
    /* multiply-accumulate */
    const uint64_t acc = 0x0000000180000000ull;
    check64("madd", ACC("madd", acc, a, b), acc + (uint64_t)((int64_t)ca * cb));
    check64("maddu", ACC("maddu", acc, a, b), acc + (uint64_t)ca * (uint32_t)cb);
    check64("msub", ACC("msub", acc, a, b), acc - (uint64_t)((int64_t)ca * cb));
    check64("msubu", ACC("msubu", acc, a, b), acc - (uint64_t)ca * (uint32_t)cb);
    check64("madd wrap", ACC("madd", 0xffffffffffffffffull, c, d),
            0xffffffffffffffffull + (uint64_t)((int64_t)cc * cd));
    {
        uint32_t h, l;
        __asm__ __volatile__("mthi %2\n\tmtlo %3\n\tmfhi %0\n\tmflo %1"
                             : "=r"(h), "=r"(l) : "r"(V(0xdeadbeefu)), "r"(V(0x01234567u)) : "hi", "lo");
        check32("mthi/mfhi", h, 0xdeadbeefu);
        check32("mtlo/mflo", l, 0x01234567u);
    }
}

static void test_64(void)
{
    const int64_t cx = 0x123456789abcdef0ll, cy = -0x0fedcba987ll, cz = 1000000007ll;
    const uint64_t cu = 0xfedcba9876543210ull, cv = 0x00000003ffffffffull;
    int64_t x = V(cx), y = V(cy), z = V(cz);
    uint64_t u = V(cu), v = V(cv);
    int s = V(13), s2 = V(45);

    check64("ll add", (uint64_t)(x + y), (uint64_t)(cx + cy));
    check64("ll sub", (uint64_t)(y - x), (uint64_t)(cy - cx));
    check64("ll mul", (uint64_t)(x * y), (uint64_t)((uint64_t)cx * (uint64_t)cy));
    check64("ll mulu", u * v, cu * cv);
    check64("ll div", (uint64_t)(x / y), (uint64_t)(cx / cy));
    check64("ll mod", (uint64_t)(x % y), (uint64_t)(cx % cy));
    check64("ll div z", (uint64_t)(y / z), (uint64_t)(cy / cz));
    check64("ll mod z", (uint64_t)(y % z), (uint64_t)(cy % cz));
    check64("ull div", u / v, cu / cv);
    check64("ull mod", u % v, cu % cv);
    check64("ull div 10", u / V(10ull), cu / 10);
    check64("ll shl 13", (uint64_t)(x << s), (uint64_t)cx << 13);
    check64("ll shl 45", (uint64_t)(x << s2), (uint64_t)cx << 45);
    check64("ll sar 13", (uint64_t)(y >> s), (uint64_t)(cy >> 13));
    check64("ll sar 45", (uint64_t)(y >> s2), (uint64_t)(cy >> 45));
    check64("ull shr 45", u >> s2, cu >> 45);
    check32("ll lt", x < y, cx < cy);
    check32("ull lt", u < v, cu < cv);
    check32("ll neg lt", y < z, cy < cz);
}

static void test_compare(void)
{
    int32_t m = V(-5), p = V(3);
    uint32_t um = (uint32_t)m, up = (uint32_t)p;
    check32("signed -5<3", m < p, 1);
    check32("unsigned 0xfffffffb<3", um < up, 0);
    check32("signed -5>=3", m >= p, 0);
    check32("unsigned >=", um >= up, 1);
    check32("eq", m == V(-5), 1);
    check32("ne", p != V(3), 0);
    int8_t sb = V((int8_t)-100);
    uint8_t ub = V((uint8_t)200);
    int16_t sh = V((int16_t)-30000);
    uint16_t uh = V((uint16_t)60000);
    check32("int8 sext", (uint32_t)(int32_t)sb, 0xffffff9cu);
    check32("uint8 zext", (uint32_t)ub, 200);
    check32("int16 sext", (uint32_t)(int32_t)sh, 0xffff8ad0u);
    check32("uint16 zext", (uint32_t)uh, 60000);
}

int main(void)
{
    puts("arith: start\n");
    test_alu();
    test_shift();
    test_bits();
    test_muldiv();
    test_64();
    test_compare();
    return finish("arith");
}
