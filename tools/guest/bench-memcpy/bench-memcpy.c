/* bench-memcpy: word/byte copy loops over a 64 KiB buffer; one checksum line. */
#include "runtime.h"

#ifndef PASSES
#define PASSES 2000u
#endif
#define WORDS (65536 / 4)

static uint32_t a[WORDS], b[WORDS];

static NOINLINE void copy_words(uint32_t *d, const uint32_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i += 4) {
        uint32_t w0 = s[i], w1 = s[i + 1], w2 = s[i + 2], w3 = s[i + 3];
        d[i] = w0;
        d[i + 1] = w1;
        d[i + 2] = w2;
        d[i + 3] = w3;
    }
}

static NOINLINE void copy_bytes(uint8_t *d, const uint8_t *s, uint32_t n)
{
    while (n--)
        *d++ = *s++;
}

int main(void)
{
    uint32_t s = 1;
    for (uint32_t i = 0; i < WORDS; i++) {
        s = s * 1103515245u + 12345u;
        a[i] = s;
    }
    for (uint32_t p = 0; p < PASSES; p++) {
        copy_words(b, a, WORDS);
        b[p % WORDS] ^= p;
        copy_words(a, b, WORDS);
        if ((p & 15) == 0)
            copy_bytes((uint8_t *)b + 1, (const uint8_t *)a + 3, 65536 - 4);
    }
    uint32_t sum = 0;
    for (uint32_t i = 0; i < WORDS; i++)
        sum = (sum << 1 | sum >> 31) ^ a[i] ^ (b[i] >> 3);
    printf("bench-memcpy: passes=%u checksum=0x%08x\n", PASSES, sum);
    return 0;
}
