/* tlb: tlbwi/tlbr/tlbp/tlbwr, EntryLo G merging, ASID matching vs global,
 * page sizes 4K..16M (even/odd selection, mask boundary), Wired. */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })
#define LO(pa, c, d, v, g) ((((uint32_t)(pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))

static volatile int nexc;
static volatile uint32_t last_code, last_vec, last_bad;

void exc_handler(struct exc_frame *f)
{
    nexc++;
    last_code = CA_EXC(f->cause);
    last_vec = f->vector;
    last_bad = f->badvaddr;
    f->epc += (f->cause & CA_BD) ? 8 : 4;
}

static NOINLINE uint32_t load(uint32_t va)
{
    return *(volatile uint32_t *)va;
}

static NOINLINE void store(uint32_t va, uint32_t v)
{
    *(volatile uint32_t *)va = v;
}

static void tlb_set(int idx, uint32_t mask, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
    write_index(idx);
    write_pagemask(mask);
    write_entryhi(hi);
    write_entrylo0(lo0);
    write_entrylo1(lo1);
    tlb_write_indexed();
}

static void tlb_get(int idx, uint32_t *mask, uint32_t *hi, uint32_t *lo0, uint32_t *lo1)
{
    write_index(idx);
    tlb_read();
    *mask = read_pagemask();
    *hi = read_entryhi();
    *lo0 = read_entrylo0();
    *lo1 = read_entrylo1();
}

static uint32_t pages[2][1024] __attribute__((aligned(8192)));

static void test_rw(void)
{
    uint32_t m, hi, lo0, lo1;
    const uint32_t wlo0 = LO(0x01234000u, 3, 1, 1, 0), wlo1 = LO(0x05678000u, 2, 0, 1, 0);
    tlb_set(5, 0, 0x12344000u | 0x2a, wlo0, wlo1);
    write_entryhi(0);
    write_entrylo0(0);
    write_entrylo1(0);
    write_pagemask(0x6000);
    tlb_get(5, &m, &hi, &lo0, &lo1);
    check32("tlbr PageMask", m, 0);
    check32("tlbr EntryHi", hi, 0x12344000u | 0x2a);
    check32("tlbr EntryLo0", lo0, wlo0);
    check32("tlbr EntryLo1", lo1, wlo1);

    tlb_set(5, 0x6000, 0x12348000u | 0x2a, wlo0 | 1, wlo1);   /* G only in Lo0 */
    tlb_get(5, &m, &hi, &lo0, &lo1);
    check32("tlbr PageMask 16K", m, 0x6000);
    check32("G=1,0 -> Lo0.G", lo0 & 1, 0);
    check32("G=1,0 -> Lo1.G", lo1 & 1, 0);
    tlb_set(5, 0, 0x12344000u | 0x2a, wlo0 | 1, wlo1 | 1);
    tlb_get(5, &m, &hi, &lo0, &lo1);
    check32("G=1,1 -> Lo0", lo0, wlo0 | 1);
    check32("G=1,1 -> Lo1", lo1, wlo1 | 1);
    /* make it non-global again for the probe tests */
    tlb_set(5, 0, 0x12344000u | 0x2a, wlo0, wlo1);

    write_entryhi(0x12344000u | 0x2a);
    tlb_probe();
    check32("tlbp hit Index", read_index(), 5);
    write_entryhi(0x12345000u | 0x2a);     /* same VPN2 (odd page) */
    tlb_probe();
    check32("tlbp odd page Index", read_index(), 5);
    write_entryhi(0x12344000u | 0x2b);     /* other ASID, not global */
    tlb_probe();
    check32("tlbp other ASID P", read_index() >> 31, 1);
    write_entryhi(0x12346000u | 0x2a);
    tlb_probe();
    check32("tlbp miss P", read_index() >> 31, 1);
    write_entryhi(0);
}

static void test_asid(void)
{
    uint32_t pa = PHYS(pages[0]), pb = PHYS(pages[1]);
    pages[0][3] = 0xaaaa0003u;
    pages[1][3] = 0xbbbb0003u;
    tlb_set(6, 0, 0x20000000u | 5, LO(pa, 2, 1, 1, 0), 0);
    tlb_set(7, 0, 0x20000000u | 6, LO(pb, 2, 1, 1, 0), 0);
    tlb_set(8, 0, 0x20002000u | 5, LO(pb, 2, 1, 1, 1), LO(pa, 2, 1, 1, 1));
    write_entryhi(5);
    nexc = 0;
    check32("ASID 5 read", load(0x2000000cu), 0xaaaa0003u);
    write_entryhi(6);
    check32("ASID 6 read", load(0x2000000cu), 0xbbbb0003u);
    check32("no exceptions", (uint32_t)nexc, 0);
    write_entryhi(7);
    load(0x2000000cu);
    check32("ASID 7: refill", (uint32_t)nexc << 16 | last_code << 12 | last_vec, 1u << 16 | 2u << 12 | 0x000);
    nexc = 0;
    check32("ASID 7 global even", load(0x2000200cu), 0xbbbb0003u);
    check32("ASID 7 global odd", load(0x2000300cu), 0xaaaa0003u);
    write_entryhi(0x55);
    store(0x20003010u, 0x12121212u);
    check32("global store via kseg0", pages[0][4], 0x12121212u);
    check32("no exceptions", (uint32_t)nexc, 0);
    write_entryhi(0);
}

static const struct {
    const char *name;
    uint32_t size, mask, base;
} sizes[] = {
    {"4K", 0x1000, 0x00000000, 0x40000000},   {"16K", 0x4000, 0x00006000, 0xc0000000},
    {"64K", 0x10000, 0x0001e000, 0x40000000}, {"256K", 0x40000, 0x0007e000, 0xc0000000},
    {"1M", 0x100000, 0x001fe000, 0x40000000}, {"4M", 0x400000, 0x007fe000, 0xc0000000},
    {"16M", 0x1000000, 0x01ffe000, 0x40000000},
};

#define PBASE 0x02000000u   /* 32 MiB of otherwise unused RAM at 32..64 MiB */

static void test_sizes(void)
{
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint32_t sz = sizes[i].size, base = sizes[i].base;
        const uint32_t offs[3] = {0, sz / 2 + 4, sz - 4};
        /* even page -> PBASE+sz, odd page -> PBASE (swapped on purpose) */
        tlb_set(9, sizes[i].mask, base, LO(PBASE + sz, 2, 1, 1, 1), LO(PBASE, 2, 1, 1, 1));
        uint32_t m, hi, lo0, lo1;
        tlb_get(9, &m, &hi, &lo0, &lo1);
        int bad = 0;
        if (m != sizes[i].mask)
            bad |= 1;
        for (int k = 0; k < 3; k++) {
            volatile uint32_t *blk0 = (volatile uint32_t *)KSEG0(PBASE + offs[k]);
            volatile uint32_t *blk1 = (volatile uint32_t *)KSEG0(PBASE + sz + offs[k]);
            *blk0 = 0x0b000000u ^ sz ^ offs[k];
            *blk1 = 0x1b000000u ^ sz ^ offs[k];
        }
        nexc = 0;
        for (int k = 0; k < 3; k++) {
            if (load(base + offs[k]) != (0x1b000000u ^ sz ^ offs[k]))
                bad |= 2;
            if (load(base + sz + offs[k]) != (0x0b000000u ^ sz ^ offs[k]))
                bad |= 4;
            store(base + offs[k], 0xe0000000u + offs[k]);
            store(base + sz + offs[k], 0xd0000000u + offs[k]);
            if (*(volatile uint32_t *)KSEG0(PBASE + sz + offs[k]) != 0xe0000000u + offs[k])
                bad |= 8;
            if (*(volatile uint32_t *)KSEG0(PBASE + offs[k]) != 0xd0000000u + offs[k])
                bad |= 16;
        }
        if (nexc)
            bad |= 32;
        /* just past the pair (and just below) must miss */
        nexc = 0;
        load(base + 2 * sz);
        int miss_above = nexc == 1 && last_code == EXC_TLBL && last_vec == 0 && last_bad == base + 2 * sz;
        int miss_below = 1;
        if (base < 0x80000000u) {   /* below kseg2 is unmapped kseg1: only check kuseg */
            nexc = 0;
            load(base - 4);
            miss_below = nexc == 1 && last_code == EXC_TLBL && last_vec == 0 && last_bad == base - 4;
        }
        if (!miss_above || !miss_below)
            bad |= 64;
        printf("page %-4s at %s: even/odd reads %s, writes %s, bounds %s\n", sizes[i].name,
               base >= 0xc0000000u ? "kseg2" : "kuseg", (bad & 6) ? "FAIL" : "ok",
               (bad & 24) ? "FAIL" : "ok", (bad & 64) ? "FAIL" : "ok");
        g_checks++;
        if (bad) {
            g_failures++;
            printf("  FAIL bits 0x%x\n", bad);
        }
    }
    tlb_set(9, 0, 0x80000000u + (9u << 13), 0, 0);
}

static void test_wired(void)
{
    int n = tlb_entries();
    tlb_invalidate_all();
    write_wired(4);
    check32("Wired", read_wired(), 4);
    for (int i = 0; i < 4; i++)
        tlb_set(i, 0, 0x50000000u + ((uint32_t)i << 13), LO(0x00100000u + ((uint32_t)i << 13), 2, 1, 1, 1),
                LO(0x00101000u + ((uint32_t)i << 13), 2, 0, 1, 1));
    int bad_idx = 0, bad_random = 0;
    uint32_t hit[64] = {0};
    for (int k = 0; k < 200; k++) {
        uint32_t r = read_random();
        if (r < 4 || r >= (uint32_t)n)
            bad_random++;
        write_pagemask(0);
        write_entryhi(0x60000000u + ((uint32_t)k << 13));
        write_entrylo0(LO(0x00200000u, 2, 1, 1, 1));
        write_entrylo1(LO(0x00201000u, 2, 1, 1, 1));
        tlb_write_random();
        tlb_probe();
        uint32_t idx = read_index();
        if ((idx & 0x80000000u) || idx < 4 || idx >= (uint32_t)n)
            bad_idx++;
        else
            hit[idx] = 1;
    }
    check32("tlbwr index outside [Wired, N)", (uint32_t)bad_idx, 0);
    check32("Random outside [Wired, N)", (uint32_t)bad_random, 0);
    int intact = 1;
    for (int i = 0; i < 4; i++) {
        uint32_t m, hi, lo0, lo1;
        tlb_get(i, &m, &hi, &lo0, &lo1);
        if (m != 0 || hi != 0x50000000u + ((uint32_t)i << 13) ||
            lo0 != LO(0x00100000u + ((uint32_t)i << 13), 2, 1, 1, 1) ||
            lo1 != LO(0x00101000u + ((uint32_t)i << 13), 2, 0, 1, 1))
            intact = 0;
    }
    check_true("wired entries survive 200 tlbwr", intact);
    int used = 0;
    for (int i = 4; i < n && i < 64; i++)
        used += (int)hit[i];
    check_true("tlbwr used more than one index", used > 1);
    /* wired entries still translate */
    nexc = 0;
    write_entryhi(0);
    checkq("read via wired entry 2", load(0x50004000u + 0x10), *(volatile uint32_t *)KSEG0(0x00104000u + 0x10));
    check32("no exceptions", (uint32_t)nexc, 0);
    write_wired(0);
}

int main(void)
{
    puts("tlb: start\n");
    tlb_invalidate_all();
    write_entryhi(0);
    test_rw();
    test_asid();
    test_sizes();
    test_wired();
    tlb_invalidate_all();
    return finish("tlb");
}
