/* Emu default guest: banner + short self-check. */
#include "runtime.h"

static volatile int exc_seen;
static volatile uint32_t exc_code;

void exc_handler(struct exc_frame *f)
{
    exc_seen++;
    exc_code = CA_EXC(f->cause);
    f->epc += 4;
}

static NOINLINE uint32_t alu(uint32_t a, uint32_t b)
{
    uint32_t x = a + b;
    x ^= x << 7;
    x = (x >> 3) | (x << 29);
    x -= b;
    return x & 0xfffff0ffu;
}

static uint32_t mem[256];

int main(void)
{
    int ok = 1;
    union { uint32_t w; uint8_t b[4]; } e = { .w = 0x01020304 };

    puts("Emu demo guest: MIPS32r2 Malta\n");
    puts(e.b[0] == 1 ? "big-endian\n" : "little-endian\n");

    /* alu: reference value computed by hand from the C expression */
    uint32_t v = alu(0x12345678u, 0x0f0f0f0fu);
    int alu_ok = v == 0xe10f20b1u;
    puts(alu_ok ? "alu ok\n" : "alu FAIL\n");
    ok &= alu_ok;

    volatile int32_t a = -123456789, b = 1000;
    volatile uint64_t c = 0x123456789abcdefull;
    int md_ok = ((uint32_t)a * (uint32_t)b == 1097262584u) && (a / b == -123456) && (a % b == -789) &&
                (c / 1000 == 81985529216486ull) && (c % 1000 == 895ull);
    puts(md_ok ? "mul/div ok\n" : "mul/div FAIL\n");
    ok &= md_ok;

    for (int i = 0; i < 256; i++)
        mem[i] = (uint32_t)i * 0x01010101u;
    uint32_t sum = 0;
    for (int i = 0; i < 256; i++)
        sum += mem[i] ^ (uint32_t)i;
    int mem_ok = sum == 0xffff8000u;   /* sum(i*0x01010101 ^ i) */
    puts(mem_ok ? "memory ok\n" : "memory FAIL\n");
    ok &= mem_ok;

    __asm__ __volatile__("syscall" ::: "memory");
    __asm__ __volatile__("break" ::: "memory");
    int exc_ok = exc_seen == 2 && exc_code == EXC_BP;
    puts(exc_ok ? "exceptions ok\n" : "exceptions FAIL\n");
    ok &= exc_ok;

    puts(ok ? "demo: PASS\n" : "demo: FAIL\n");
    return 0;
}
