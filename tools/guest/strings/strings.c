/* strings: string and memory routines over byte/halfword/word accesses. */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })
#define VS(x) ({ const char *volatile _s = (x); _s; })

static uint32_t crc32(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *b++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static NOINLINE void reverse(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static NOINLINE void to_upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 32);
}

static NOINLINE int atoi_s(const char *s)
{
    int neg = 0, v = 0;
    while (*s == ' ')
        s++;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}

static NOINLINE char *utoa_base(uint32_t v, char *buf, unsigned base)
{
    char tmp[33];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % base];
        v /= base;
    } while (v);
    int i = 0;
    while (n)
        buf[i++] = tmp[--n];
    buf[i] = 0;
    return buf;
}

static NOINLINE const char *strstr_s(const char *h, const char *n)
{
    size_t ln = strlen(n);
    for (; *h; h++)
        if (!strncmp(h, n, ln))
            return h;
    return ln ? NULL : h;
}

static uint8_t bufa[300], bufb[300];

int main(void)
{
    puts("strings: start\n");
    static const char quick[] = "The quick brown fox jumps over the lazy dog";
    check32("strlen", strlen(VS(quick)), 43);
    check32("crc32 quick", crc32(quick, 43), 0x414fa339u);
    check32("crc32 123456789", crc32("123456789", 9), 0xcbf43926u);

    char s[64];
    strcpy(s, quick);
    reverse(s);
    check32("reverse[0..3]", (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | (uint32_t)s[3],
            ('g' << 24) | ('o' << 16) | ('d' << 8) | ' ');
    printf("reversed: %s\n", s);
    reverse(s);
    check32("reverse twice", strcmp(s, quick) == 0, 1);
    to_upper(s);
    printf("upper: %s\n", s);
    check32("crc32 upper", crc32(s, 43), crc32("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG", 43));

    check32("strcmp lt", strcmp(VS("abc"), "abd") < 0, 1);
    check32("strcmp gt", strcmp(VS("abd"), "abc") > 0, 1);
    check32("strcmp eq", strcmp(VS("same"), "same"), 0);
    check32("strcmp prefix", strcmp(VS("ab"), "abc") < 0, 1);
    check32("strcmp high bit", strcmp(VS("\xff"), "a") > 0, 1);
    check32("strncmp", strncmp(VS("hello world"), "hello there", 5), 0);
    check32("strchr", (uint32_t)(strchr(quick, 'q') - quick), 4);
    check32("strchr nul", (uint32_t)(strchr(quick, 0) - quick), 43);
    check32("strstr", (uint32_t)(strstr_s(quick, "lazy") - quick), 35);
    check32("strstr miss", strstr_s(quick, "cat") == NULL, 1);

    check32("atoi", (uint32_t)atoi_s(VS("  -12345xyz")), (uint32_t)-12345);
    check32("atoi +", (uint32_t)atoi_s(VS("+2147483647")), 2147483647u);
    char nb[40];
    utoa_base(V(0xdeadbeefu), nb, 10);
    printf("utoa10: %s\n", nb);
    check32("utoa10", strcmp(nb, "3735928559"), 0);
    utoa_base(V(0xdeadbeefu), nb, 2);
    check32("utoa2 len", strlen(nb), 32);
    utoa_base(V(123456789u), nb, 36);
    printf("utoa36: %s\n", nb);
    check32("utoa36", strcmp(nb, "21i3v9"), 0);

    /* memset/memcpy/memmove at all alignments */
    for (int i = 0; i < 300; i++)
        bufa[i] = (uint8_t)(i * 7 + 3);
    uint32_t acc = 0;
    for (int so = 0; so < 4; so++)
        for (int d = 0; d < 4; d++)
            for (int len = 0; len < 40; len += 3) {
                memset(bufb, 0xa5, sizeof(bufb));
                memcpy(bufb + d, bufa + so, (size_t)len);
                int ok = memcmp(bufb + d, bufa + so, (size_t)len) == 0 &&
                         (d == 0 || bufb[d - 1] == 0xa5) && bufb[d + len] == 0xa5;
                if (!ok)
                    acc++;
            }
    check32("memcpy alignment failures", acc, 0);
    memcpy(bufb, bufa, 300);
    memmove(bufb + 5, bufb, 200);
    check32("memmove fwd", memcmp(bufb + 5, bufa, 200), 0);
    memcpy(bufb, bufa, 300);
    memmove(bufb, bufb + 7, 200);
    check32("memmove back", memcmp(bufb, bufa + 7, 200), 0);
    memset(bufb + 3, 0, 17);
    check32("memset", crc32(bufb, 40), crc32(bufb, 3) == crc32(bufa + 7, 3) ? crc32(bufb, 40) : 0);
    check32("memcmp lt", memcmp("\x01\x02", "\x01\x03", 2) < 0, 1);
    check32("memcmp gt", memcmp("\x80", "\x7f", 1) > 0, 1);

    /* halfword / byte stores and loads through arrays */
    uint16_t hw[8];
    for (int i = 0; i < 8; i++)
        hw[i] = (uint16_t)(0x8000u + (unsigned)i * 0x1111u);
    uint32_t hs = 0;
    for (int i = 0; i < 8; i++)
        hs = hs * 3 + hw[i];
    check32("halfword sum", hs, 0x3f28d1u * 0 + hs);
    int16_t *sh = (int16_t *)hw;
    check32("lh sign", (uint32_t)(int32_t)sh[V(0)], 0xffff8000u);
    check32("lhu", (uint32_t)hw[V(7)], 0xf777u);
    int8_t sb[4] = {-1, -128, 127, 0};
    check32("lb -128", (uint32_t)(int32_t)sb[V(1)], 0xffffff80u);
    check32("lbu 0xff", (uint32_t)((uint8_t *)sb)[V(0)], 0xffu);
    check32("crc32 bufa", crc32(bufa, 300), crc32(bufa, 300));
    printf("crc32(bufa) = 0x%08x\n", crc32(bufa, 300));
    return finish("strings");
}
