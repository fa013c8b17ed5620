/* exceptions: trigger and report every synchronous exception kind.
 * For each: ExcCode, Cause.BD, EPC == expected instruction, BadVAddr (where
 * defined), and the vector offset used. */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })
#define SYM(n) extern char n[], n##_pc[]

SYM(x_add); SYM(x_addi); SYM(x_sub); SYM(x_noov);
SYM(x_teq); SYM(x_tne); SYM(x_tge); SYM(x_tgeu); SYM(x_tlt); SYM(x_tltu);
SYM(x_teqi); SYM(x_tnei); SYM(x_tgei); SYM(x_tgeiu); SYM(x_tlti); SYM(x_tltiu);
SYM(x_syscall); SYM(x_break); SYM(x_ri); SYM(x_cpu1);
SYM(x_lw_unaligned); SYM(x_lh_unaligned); SYM(x_lhu_unaligned);
SYM(x_sw_unaligned); SYM(x_sh_unaligned);
SYM(x_bd_lw); SYM(x_bd_sys); SYM(x_load); SYM(x_store); SYM(x_fetch);
SYM(user_kseg0); SYM(user_cop0); SYM(user_sys);
extern char x_jump_unaligned[], x_jump_target[];
extern uint32_t exc_word[2];

enum { RESUME_SKIP, RESUME_RA, RESUME_USER };

static volatile int resume_mode;
static volatile int nexc;
static struct exc_frame last;
static volatile uint32_t last_entryhi, last_context, last_insn;

void exc_handler(struct exc_frame *f)
{
    nexc++;
    last = *f;
    last_entryhi = read_entryhi();
    last_context = read_context();
    uint32_t code = CA_EXC(f->cause);
    if (code != EXC_TLBL && code != EXC_IBE && code != EXC_ADEL)
        last_insn = *(volatile uint32_t *)f->epc;   /* fetchable: read the instruction */
    else
        last_insn = 0;
    switch (resume_mode) {
    case RESUME_RA:
        f->epc = f->r[31];
        break;
    case RESUME_USER:
        user_return(f, code);
        break;
    default:
        f->epc += (f->cause & CA_BD) ? 8 : 4;
        break;
    }
}

#define NO_BAD 0xffffffffu

/* Check the last exception against expectations and print one line. */
static void report(const char *name, uint32_t code, uint32_t vec, int bd, uint32_t epc, uint32_t bad)
{
    uint32_t c = last.cause;
    int ok = nexc == 1 && CA_EXC(c) == code && last.vector == vec && !!(c & CA_BD) == bd &&
             last.epc == epc && (bad == NO_BAD || last.badvaddr == bad) && (last.status & ST_EXL);
    printf("%-16s n=%d ExcCode=%u BD=%u EPC=%s BadVAddr=%s vec=0x%03x EXL=%u",
           name, nexc, CA_EXC(c), (c & CA_BD) ? 1u : 0u,
           last.epc == epc ? "ok" : "WRONG",
           bad == NO_BAD ? "-" : (last.badvaddr == bad ? "ok" : "WRONG"),
           last.vector, (last.status & ST_EXL) ? 1u : 0u);
    g_checks++;
    if (!ok) {
        g_failures++;
        printf(" FAIL (exp ExcCode=%u vec=0x%03x BD=%d)\n", code, vec, bd);
        if (last.epc != epc)
            printf("  EPC=%p expected %p\n", last.epc, epc);
        if (bad != NO_BAD && last.badvaddr != bad)
            printf("  BadVAddr=%p expected %p\n", last.badvaddr, bad);
    } else {
        puts(" ok\n");
    }
}

typedef uint32_t (*fn2)(uint32_t, uint32_t);

static uint32_t call(void *fn, uint32_t a, uint32_t b)
{
    nexc = 0;
    memset(&last, 0, sizeof(last));
    last.vector = 0xfff;
    return ((fn2)fn)(a, b);
}

/* TLB setup */
static uint8_t pages[4][4096] __attribute__((aligned(8192)));
#define LO(pa, c, d, v, g) ((((uint32_t)(pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))

static void tlb_set(int idx, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
    write_index(idx);
    write_pagemask(0);
    write_entryhi(hi);
    write_entrylo0(lo0);
    write_entrylo1(lo1);
    tlb_write_indexed();
}

static void trap_tests(void)
{
    static const struct {
        const char *name;
        char *fn, *pc;
        int kind; /* 0 eq 1 ne 2 ge 3 geu 4 lt 5 ltu */
        int imm;  /* 1: a1 ignored, immediate given */
        int32_t immv;
    } tr[] = {
        {"teq", x_teq, x_teq_pc, 0, 0, 0},      {"tne", x_tne, x_tne_pc, 1, 0, 0},
        {"tge", x_tge, x_tge_pc, 2, 0, 0},      {"tgeu", x_tgeu, x_tgeu_pc, 3, 0, 0},
        {"tlt", x_tlt, x_tlt_pc, 4, 0, 0},      {"tltu", x_tltu, x_tltu_pc, 5, 0, 0},
        {"teqi 5", x_teqi, x_teqi_pc, 0, 1, 5}, {"tnei 5", x_tnei, x_tnei_pc, 1, 1, 5},
        {"tgei -3", x_tgei, x_tgei_pc, 2, 1, -3}, {"tgeiu -2", x_tgeiu, x_tgeiu_pc, 3, 1, -2},
        {"tlti -3", x_tlti, x_tlti_pc, 4, 1, -3}, {"tltiu 100", x_tltiu, x_tltiu_pc, 5, 1, 100},
    };
    static const int32_t vals[] = {5, -3, 100, -2, 0, (int32_t)0x80000000, 0x7fffffff};
    for (unsigned i = 0; i < sizeof(tr) / sizeof(tr[0]); i++) {
        int bad = 0;
        printf("%-10s taken:", tr[i].name);
        for (unsigned x = 0; x < 7; x++)
            for (unsigned y = 0; y < (tr[i].imm ? 1u : 7u); y++) {
                int32_t a = vals[x], b = tr[i].imm ? tr[i].immv : vals[y];
                int exp;
                switch (tr[i].kind) {
                case 0: exp = a == b; break;
                case 1: exp = a != b; break;
                case 2: exp = a >= b; break;
                case 3: exp = (uint32_t)a >= (uint32_t)b; break;
                case 4: exp = a < b; break;
                default: exp = (uint32_t)a < (uint32_t)b; break;
                }
                resume_mode = RESUME_SKIP;
                call(tr[i].fn, (uint32_t)a, (uint32_t)b);
                int got = nexc;
                putc(got ? '1' : '0');
                if (got != exp)
                    bad++;
                else if (got && (CA_EXC(last.cause) != EXC_TR || last.epc != (uint32_t)tr[i].pc ||
                                 last.vector != 0x180 || (last.cause & CA_BD)))
                    bad++;
            }
        g_checks++;
        if (bad) {
            g_failures++;
            printf(" FAIL (%d wrong)\n", bad);
        } else {
            puts(" ExcCode=13 EPC=ok vec=0x180 ok\n");
        }
    }
}

int main(void)
{
    uint32_t r;
    puts("exceptions: start\n");
    tlb_invalidate_all();
    write_entryhi(0);   /* ASID 0 */
    write_context(0);

    /* --- arithmetic overflow --- */
    r = call(x_add, 0, 0);
    report("Ov add", EXC_OV, 0x180, 0, (uint32_t)x_add_pc, NO_BAD);
    check32("add rd unchanged", r, 0x1234);
    r = call(x_addi, 0, 0);
    report("Ov addi", EXC_OV, 0x180, 0, (uint32_t)x_addi_pc, NO_BAD);
    check32("addi rt unchanged", r, 0x1234);
    r = call(x_sub, 0, 0);
    report("Ov sub", EXC_OV, 0x180, 0, (uint32_t)x_sub_pc, NO_BAD);
    check32("sub rd unchanged", r, 0x1234);
    r = call(x_noov, 0, 0);
    check32("addu/addiu/subu no trap: exceptions", (uint32_t)nexc, 0);
    check32("addu/addiu/subu results", r, 0x80000000u + 0x80000000u + 0x7fffffffu + 2);

    /* --- traps --- */
    trap_tests();

    /* --- syscall / break / RI / CpU --- */
    call(x_syscall, 0, 0);
    report("Sys", EXC_SYS, 0x180, 0, (uint32_t)x_syscall_pc, NO_BAD);
    check32("syscall code field", (last_insn >> 6) & 0xfffff, 0x12345);
    call(x_break, 0, 0);
    report("Bp", EXC_BP, 0x180, 0, (uint32_t)x_break_pc, NO_BAD);
    check32("break code field", (last_insn >> 6) & 0xfffff, (7u << 10) | 9u);
    call(x_ri, 0, 0);
    report("RI", EXC_RI, 0x180, 0, (uint32_t)x_ri_pc, NO_BAD);
    call(x_cpu1, 0, 0);
    report("CpU mfc1", EXC_CPU, 0x180, 0, (uint32_t)x_cpu1_pc, NO_BAD);
    check32("CpU Cause.CE", CA_CE(last.cause), 1);

    /* --- address errors --- */
    uint32_t w = (uint32_t)exc_word;
    call(x_lw_unaligned, 0, 0);
    report("AdEL lw", EXC_ADEL, 0x180, 0, (uint32_t)x_lw_unaligned_pc, w + 1);
    call(x_lh_unaligned, 0, 0);
    report("AdEL lh", EXC_ADEL, 0x180, 0, (uint32_t)x_lh_unaligned_pc, w + 3);
    call(x_lhu_unaligned, 0, 0);
    report("AdEL lhu", EXC_ADEL, 0x180, 0, (uint32_t)x_lhu_unaligned_pc, w + 1);
    call(x_sw_unaligned, 0, 0);
    report("AdES sw", EXC_ADES, 0x180, 0, (uint32_t)x_sw_unaligned_pc, w + 2);
    call(x_sh_unaligned, 0, 0);
    report("AdES sh", EXC_ADES, 0x180, 0, (uint32_t)x_sh_unaligned_pc, w + 1);
    check32("memory untouched", exc_word[0] ^ exc_word[1], 0x11223344u ^ 0x55667788u);
    resume_mode = RESUME_RA;
    call(x_jump_unaligned, 0, 0);
    report("AdEL fetch", EXC_ADEL, 0x180, 0, (uint32_t)x_jump_target + 2, (uint32_t)x_jump_target + 2);
    resume_mode = RESUME_SKIP;

    /* --- branch delay slot --- */
    call(x_bd_lw, 0, 0);
    report("AdEL in slot", EXC_ADEL, 0x180, 1, (uint32_t)x_bd_lw_pc, w + 1);
    call(x_bd_sys, 0, 0);
    report("Sys in slot", EXC_SYS, 0x180, 1, (uint32_t)x_bd_sys_pc, NO_BAD);

    /* --- TLB --- */
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 1024; j++)
            ((uint32_t *)pages[i])[j] = 0xa0000000u + (uint32_t)(i << 16) + (uint32_t)j;
    uint32_t p0 = PHYS(pages[0]), p1 = PHYS(pages[1]);
    call(x_load, 0x30000010u, 0);
    report("TLBL refill", EXC_TLBL, 0x000, 0, (uint32_t)x_load_pc, 0x30000010u);
    check32("  EntryHi VPN2", last_entryhi & 0xffffe000u, 0x30000000u);
    check32("  Context BadVPN2", last_context & 0x007ffff0u, (0x30000010u >> 13) << 4);
    call(x_store, 0x30003ffcu, 1);
    report("TLBS refill", EXC_TLBS, 0x000, 0, (uint32_t)x_store_pc, 0x30003ffcu);
    check32("  EntryHi VPN2", last_entryhi & 0xffffe000u, 0x30002000u);
    check32("  Context BadVPN2", last_context & 0x007ffff0u, (0x30003ffcu >> 13) << 4);
    resume_mode = RESUME_RA;
    call(x_fetch, 0x30004000u, 0);
    report("TLBL fetch refill", EXC_TLBL, 0x000, 0, 0x30004000u, 0x30004000u);
    resume_mode = RESUME_SKIP;

    /* entry 1: 0x10000000 even page invalid, odd page valid read-only (D=0) */
    tlb_set(1, 0x10000000u, LO(p0, 2, 1, 0, 0), LO(p1, 2, 0, 1, 0));
    call(x_load, 0x10000008u, 0);
    report("TLBL invalid", EXC_TLBL, 0x180, 0, (uint32_t)x_load_pc, 0x10000008u);
    check32("  EntryHi VPN2", last_entryhi & 0xffffe000u, 0x10000000u);
    call(x_store, 0x10000008u, 0);
    report("TLBS invalid", EXC_TLBS, 0x180, 0, (uint32_t)x_store_pc, 0x10000008u);
    r = call(x_load, 0x10001008u, 0);
    check32("load via odd page: exceptions", (uint32_t)nexc, 0);
    check32("load via odd page: value", r, 0xa0010002u);
    call(x_store, 0x10001008u, 0x5555);
    report("TLB Mod", EXC_MOD, 0x180, 0, (uint32_t)x_store_pc, 0x10001008u);
    check32("  EntryHi VPN2", last_entryhi & 0xffffe000u, 0x10000000u);
    check32("  page unchanged", ((uint32_t *)pages[1])[2], 0xa0010002u);
    /* make the odd page writable and retry */
    tlb_set(1, 0x10000000u, LO(p0, 2, 1, 0, 0), LO(p1, 2, 1, 1, 0));
    call(x_store, 0x10001008u, 0x5555);
    check32("store via dirty page: exceptions", (uint32_t)nexc, 0);
    check32("  page updated (via kseg0)", ((volatile uint32_t *)pages[1])[2], 0x5555);

    /* --- bus errors: physical 0x20000000 is decoded by nothing --- */
    tlb_set(2, 0x10002000u, LO(0x20000000u, 2, 1, 1, 0), LO(0x20001000u, 2, 1, 1, 0));
    call(x_load, 0x10002000u, 0);
    report("DBE load", EXC_DBE, 0x180, 0, (uint32_t)x_load_pc, NO_BAD);
    call(x_store, 0x10003000u, 0);
    report("DBE store", EXC_DBE, 0x180, 0, (uint32_t)x_store_pc, NO_BAD);
    resume_mode = RESUME_RA;
    call(x_fetch, 0x10003000u, 0);
    report("IBE fetch", EXC_IBE, 0x180, 0, 0x10003000u, NO_BAD);

    /* --- user mode: code page mapped at 0x00400000 --- */
    uint32_t up = PHYS(__user_start);
    tlb_set(3, 0x00400000u, LO(up, 2, 0, 1, 1), LO(up, 2, 0, 0, 1));
#define UVA(sym) (0x00400000u + (uint32_t)((sym) - __user_start))
    resume_mode = RESUME_USER;
    nexc = 0;
    r = run_user(UVA(user_kseg0), 0x00401000u);
    report("AdEL user kseg0", EXC_ADEL, 0x180, 0, UVA(user_kseg0_pc), 0x80000000u);
    check32("  from user mode (KSU=2)", (last.status & ST_KSU) >> 3, 2);
    check32("  run_user result", r, EXC_ADEL);
    nexc = 0;
    r = run_user(UVA(user_cop0), 0x00401000u);
    report("CpU user mfc0", EXC_CPU, 0x180, 0, UVA(user_cop0_pc), NO_BAD);
    check32("  Cause.CE", CA_CE(last.cause), 0);
    nexc = 0;
    r = run_user(UVA(user_sys), 0x00401000u);
    report("Sys user", EXC_SYS, 0x180, 0, UVA(user_sys_pc), NO_BAD);
    check32("  syscall code", (last_insn >> 6) & 0xfffff, 0x777);
    check32("  v0 from user", last.r[2], 1);
    check32("back in kernel mode", read_status() & (ST_KSU | ST_EXL | ST_ERL), 0);
    resume_mode = RESUME_SKIP;
    return finish("exceptions");
}
