/* Emu guest runtime (see runtime.h). */
#include "runtime.h"

int g_checks, g_failures;

void putc(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)UART_BASE;
    while (!(u[UART_LSR] & 0x20))
        ;
    u[0] = (uint8_t)c;
}

void puts(const char *s)
{
    while (*s)
        putc(*s++);
}

static const char hexdig[] = "0123456789abcdef";

static void put_hex_n(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        putc(hexdig[(v >> (i * 4)) & 15]);
}

void put_hex(uint32_t v)
{
    puts("0x");
    put_hex_n(v, 8);
}

static void put_u64(uint64_t v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + (unsigned)(v % 10));
        v /= 10;
    } while (v);
    while (n)
        putc(buf[--n]);
}

void put_udec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        putc(buf[--n]);
}

void put_dec(int32_t v)
{
    if (v < 0) {
        putc('-');
        put_udec(0u - (uint32_t)v);
    } else {
        put_udec((uint32_t)v);
    }
}

void vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putc(*fmt);
            continue;
        }
        fmt++;
        int zero = 0, width = 0, ll = 0, left = 0;
        if (*fmt == '-') {
            left = 1;
            fmt++;
        }
        if (*fmt == '0') {
            zero = 1;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            ll++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
            if (ll >= 2) {
                int64_t v = va_arg(ap, int64_t);
                if (v < 0) {
                    putc('-');
                    put_u64(0ull - (uint64_t)v);
                } else {
                    put_u64((uint64_t)v);
                }
            } else {
                put_dec(va_arg(ap, int32_t));
            }
            break;
        case 'u':
            if (ll >= 2)
                put_u64(va_arg(ap, uint64_t));
            else
                put_udec(va_arg(ap, uint32_t));
            break;
        case 'x': {
            uint64_t v = ll >= 2 ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t);
            int digits = 1;
            while (digits < 16 && (v >> (digits * 4)))
                digits++;
            if (width > digits && zero)
                digits = width;
            else
                for (int i = digits; i < width; i++)
                    putc(' ');
            put_hex_n(v, digits);
            break;
        }
        case 'p':
            put_hex(va_arg(ap, uint32_t));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = (int)strlen(s);
            if (!left)
                for (int i = len; i < width; i++)
                    putc(' ');
            puts(s);
            if (left)
                for (int i = len; i < width; i++)
                    putc(' ');
            break;
        }
        case 'c':
            putc((char)va_arg(ap, int));
            break;
        case '%':
            putc('%');
            break;
        case 0:
            return;
        default:
            putc('%');
            putc(*fmt);
            break;
        }
    }
}

void printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

uint32_t smp_cpus_from_cmdline(int argc, char **argv)
{
    if (argc < 2 || strncmp(argv[1], "cpus=", 5) != 0)
        return 1;
    uint32_t n = 0;
    for (const char *c = argv[1] + 5; *c >= '0' && *c <= '9'; c++)
        n = n * 10 + (uint32_t)(*c - '0');
    return n >= 1 && n <= SMP_MAX_CPUS ? n : 1;
}

void halt(void)
{
    *(volatile uint8_t *)SOFTRES = 0x42;
    for (;;)
        ;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    if (p < q) {
        while (n--)
            *p++ = *q++;
    } else {
        while (n--)
            p[n] = q[n];
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p < *q ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

char *strcpy(char *d, const char *s)
{
    char *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

static void fail_mark(void)
{
    g_failures++;
}

int check32(const char *name, uint32_t got, uint32_t expected)
{
    g_checks++;
    printf("%s = 0x%08x", name, got);
    if (got != expected) {
        printf(" FAIL (expected 0x%08x)\n", expected);
        fail_mark();
        return 0;
    }
    putc('\n');
    return 1;
}

int check64(const char *name, uint64_t got, uint64_t expected)
{
    g_checks++;
    printf("%s = 0x%016llx", name, got);
    if (got != expected) {
        printf(" FAIL (expected 0x%016llx)\n", expected);
        fail_mark();
        return 0;
    }
    putc('\n');
    return 1;
}

int checkq(const char *name, uint32_t got, uint32_t expected)
{
    g_checks++;
    if (got != expected) {
        printf("%s = 0x%08x FAIL (expected 0x%08x)\n", name, got, expected);
        fail_mark();
        return 0;
    }
    return 1;
}

void check_true(const char *name, int cond)
{
    g_checks++;
    printf("%s: %s\n", name, cond ? "ok" : "FAIL");
    if (!cond)
        fail_mark();
}

int finish(const char *progname)
{
    if (g_failures) {
        printf("%s: FAIL %d of %d checks failed\n", progname, g_failures, g_checks);
        return 1;
    }
    printf("%s: PASS\n", progname);
    return 0;
}

extern uint32_t user_ctx[16];

void user_return(struct exc_frame *f, uint32_t value)
{
    for (int i = 0; i < 8; i++)
        f->r[16 + i] = user_ctx[i];
    f->r[30] = user_ctx[8];
    f->r[29] = user_ctx[9];
    f->r[31] = user_ctx[10];
    f->epc = user_ctx[10];
    f->status = user_ctx[11] | ST_EXL;  /* kernel mode after eret */
    f->r[2] = value;
}

void tlb_invalidate_all(void)
{
    int n = tlb_entries();
    uint32_t save_hi = read_entryhi();
    write_wired(0);
    write_pagemask(0);
    write_entrylo0(0);
    write_entrylo1(0);
    for (int i = 0; i < n; i++) {
        write_index(i);
        write_entryhi(0x80000000u + ((uint32_t)i << 13));
        tlb_write_indexed();
    }
    write_entryhi(save_hi);
}

__attribute__((weak)) void exc_handler(struct exc_frame *f)
{
    printf("unexpected exception: ExcCode=%u vector=0x%03x EPC=%p BadVAddr=%p\n",
           CA_EXC(f->cause), f->vector, f->epc, f->badvaddr);
    puts("exception: FAIL\n");
    halt();
}
