/* unaligned: lwl/lwr/swl/swr at every byte offset (checked against a model of
 * the MIPS32 definition for the build's endianness), ulw/usw idioms and
 * __attribute__((packed)) structure accesses.  BE and LE outputs differ. */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })

#ifdef __MIPSEB__
#define BIG 1
#else
#define BIG 0
#endif

static NOINLINE uint32_t do_lwl(uint32_t rt, const void *p)
{
    __asm__ __volatile__("lwl %0, 0(%1)" : "+r"(rt) : "r"(p) : "memory");
    return rt;
}
static NOINLINE uint32_t do_lwr(uint32_t rt, const void *p)
{
    __asm__ __volatile__("lwr %0, 0(%1)" : "+r"(rt) : "r"(p) : "memory");
    return rt;
}
static NOINLINE void do_swl(uint32_t rt, void *p)
{
    __asm__ __volatile__("swl %0, 0(%1)" : : "r"(rt), "r"(p) : "memory");
}
static NOINLINE void do_swr(uint32_t rt, void *p)
{
    __asm__ __volatile__("swr %0, 0(%1)" : : "r"(rt), "r"(p) : "memory");
}
static NOINLINE uint32_t do_ulw(const void *p)
{
    uint32_t r;
    __asm__ __volatile__(".set push\n\t.set noat\n\tulw %0, 0(%1)\n\t.set pop" : "=&r"(r) : "r"(p) : "memory");
    return r;
}
static NOINLINE void do_usw(uint32_t v, void *p)
{
    __asm__ __volatile__(".set push\n\t.set noat\n\tusw %0, 0(%1)\n\t.set pop" : : "r"(v), "r"(p) : "memory");
}

/* Reference model.  W = the aligned word as an aligned lw would load it,
 * b = address & 3.  (Big endian: lwl loads bytes b..3 of the word into the
 * most-significant end of rt; little endian mirrors the byte numbering.) */
static uint32_t lowmask(int bytes) { return bytes >= 4 ? 0xffffffffu : ((1u << (8 * bytes)) - 1); }

static uint32_t model_lwl(uint32_t rt, uint32_t W, int b)
{
    int sh = BIG ? b : 3 - b;               /* bytes shifted out on the left */
    return (W << (8 * sh)) | (rt & lowmask(sh));
}
static uint32_t model_lwr(uint32_t rt, uint32_t W, int b)
{
    int sh = BIG ? 3 - b : b;               /* bytes shifted out on the right */
    return (W >> (8 * sh)) | (rt & ~lowmask(4 - sh));
}
static uint32_t model_swl(uint32_t mem, uint32_t rt, int b)
{
    int sh = BIG ? b : 3 - b;
    uint32_t keep = ~(0xffffffffu >> (8 * sh));  /* high 'sh' bytes of the word kept */
    if (sh == 0)
        keep = 0;
    return (mem & keep) | (rt >> (8 * sh));
}
static uint32_t model_swr(uint32_t mem, uint32_t rt, int b)
{
    int sh = BIG ? 3 - b : b;
    return (mem & lowmask(sh)) | (rt << (8 * sh));
}

static union {
    uint8_t b[16];
    uint32_t w[4];
} src = {{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
          0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}};
static union {
    uint8_t b[16];
    uint32_t w[4];
} dst;

struct __attribute__((packed)) pk {
    uint8_t tag;
    uint32_t word;
    uint16_t half;
    int32_t sword;
    uint8_t pad[3];
    uint64_t dword;
};

static struct pk pks[3];

int main(void)
{
    char name[40];
    puts("unaligned: start\n");
    printf("endianness: %s\n", BIG ? "big" : "little");
    const uint32_t init = 0xa1b2c3d4u;
    uint32_t W = src.w[1];      /* word at bytes 4..7 */
    for (int b = 0; b < 4; b++) {
        uint32_t r;
        strcpy(name, "lwl +0");
        name[5] = (char)('0' + b);
        r = do_lwl(V(init), &src.b[4 + b]);
        check32(name, r, model_lwl(init, W, b));
        strcpy(name, "lwr +0");
        name[5] = (char)('0' + b);
        r = do_lwr(V(init), &src.b[4 + b]);
        check32(name, r, model_lwr(init, W, b));
    }
    /* the canonical unaligned-load pair at each offset gives the byte sequence */
    for (int off = 0; off < 8; off++) {
        uint32_t r = V(0u);
        const uint8_t *p = &src.b[off];
        if (BIG) {
            r = do_lwl(r, p);
            r = do_lwr(r, p + 3);
        } else {
            r = do_lwl(r, p + 3);
            r = do_lwr(r, p);
        }
        uint32_t e = BIG ? ((uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3])
                         : ((uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0]);
        strcpy(name, "lwl/lwr pair @0");
        name[14] = (char)('0' + off);
        check32(name, r, e);
        strcpy(name, "ulw @0");
        name[5] = (char)('0' + off);
        check32(name, do_ulw(p), e);
    }
    const uint32_t val = 0x8899aabbu;
    for (int b = 0; b < 4; b++) {
        for (int k = 0; k < 4; k++)
            dst.w[k] = 0x5a5a5a5au;
        do_swl(V(val), &dst.b[4 + b]);
        strcpy(name, "swl +0");
        name[5] = (char)('0' + b);
        check32(name, dst.w[1], model_swl(0x5a5a5a5au, val, b));
        checkq("swl neighbours", dst.w[0] ^ dst.w[2], 0);
        for (int k = 0; k < 4; k++)
            dst.w[k] = 0x5a5a5a5au;
        do_swr(V(val), &dst.b[4 + b]);
        strcpy(name, "swr +0");
        name[5] = (char)('0' + b);
        check32(name, dst.w[1], model_swr(0x5a5a5a5au, val, b));
        checkq("swr neighbours", dst.w[0] ^ dst.w[2], 0);
    }
    /* hand-checked values from the MIPS32 manual tables */
    if (BIG) {
        check32("manual lwl +1", do_lwl(V(init), &src.b[5]), 0x556677d4u);
        check32("manual lwr +1", do_lwr(V(init), &src.b[5]), 0xa1b24455u);
    } else {
        check32("manual lwl +1", do_lwl(V(init), &src.b[5]), 0x5544c3d4u);
        check32("manual lwr +1", do_lwr(V(init), &src.b[5]), 0xa1776655u);
    }
    for (int off = 0; off < 4; off++) {
        memset(dst.b, 0, 16);
        do_usw(V(0x01020304u), &dst.b[off + 1]);
        uint32_t e = BIG ? 0x01020304u : 0x04030201u;   /* bytes in memory order */
        uint8_t *p = &dst.b[off + 1];
        strcpy(name, "usw @0 bytes");
        name[5] = (char)('1' + off);
        check32(name, (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3], e);
        checkq("usw untouched", dst.b[off] | p[4], 0);
    }
    /* packed structs: the compiler emits lwl/lwr/swl/swr and byte ops */
    for (int i = 0; i < 3; i++) {
        pks[i].tag = (uint8_t)(0xe0 + i);
        pks[i].word = 0xdeadbeefu + (uint32_t)i;
        pks[i].half = (uint16_t)(0xcafe + i);
        pks[i].sword = -100000 - i;
        pks[i].dword = 0x0123456789abcdefull * (uint64_t)(i + 1);
    }
    struct pk *volatile vp = pks;
    uint32_t sum = 0;
    for (int i = 0; i < 3; i++)
        sum += vp[i].word + vp[i].half + (uint32_t)vp[i].sword + (uint32_t)(vp[i].dword >> 7);
    check32("sizeof(struct pk)", sizeof(struct pk), 22);
    check32("packed word[1]", vp[1].word, 0xdeadbef0u);
    check32("packed half[2]", vp[2].half, 0xcb00u);
    check32("packed sword[2]", (uint32_t)vp[2].sword, (uint32_t)-100002);
    check64("packed dword[2]", vp[2].dword, 0x0369d0369d0369cdull);
    check32("packed sum", sum, 0xdeadbeefu * 3 + 3 + 0xcafe * 3 + 3 + (uint32_t)(-300003) +
                                  (uint32_t)(0x0123456789abcdefull >> 7) +
                                  (uint32_t)(0x02468acf13579bdeull >> 7) +
                                  (uint32_t)(0x0369d0369d0369cdull >> 7));
    const uint8_t *raw = (const uint8_t *)pks;
    printf("packed bytes 0..11:");
    for (int i = 0; i < 12; i++)
        printf(" %02x", raw[i]);
    putc('\n');
    check32("packed raw[1]", raw[1], BIG ? 0xde : 0xef);
    return finish("unaligned");
}
