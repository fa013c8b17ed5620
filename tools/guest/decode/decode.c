/* decode: how the CPU decodes fields that MIPS32 Vol II-A requires to be zero (or leaves UNPREDICTABLE).
 * For each instruction form, one field is set to every value it can hold and the word is executed from a
 * code buffer with known registers. A line per (form, field) shows, per value, '.' when the word executed and
 * the exception's ExcCode in base 32 when it raised one ('a' = 10 = RI), then a checksum of every GPR, HI and
 * LO after the executed variants. The tests require this output to be byte-identical on Emu and on QEMU 7.2's
 * Malta (a 24Kf), so Emu decodes these fields as QEMU does. */
#include "runtime.h"

uint32_t probe_exec(void *code, uint32_t *regs);

static volatile uint32_t last_code, nexc;

void exc_handler(struct exc_frame *f)
{
    nexc++;
    last_code = CA_EXC(f->cause);
    f->epc = f->r[31]; /* back to probe_exec, after its call */
}

/* Fields by their low bit and width. */
#define RS 21, 5
#define RT 16, 5
#define RD 11, 5
#define SA 6, 5
#define FN 0, 6

#define R(op, rs, rt, rd, sa, fn) (((uint32_t)(op) << 26) | ((rs) << 21) | ((rt) << 16) | ((rd) << 11) | ((sa) << 6) | (fn))
#define I(op, rs, rt, imm) (((uint32_t)(op) << 26) | ((rs) << 21) | ((rt) << 16) | ((imm) & 0xffff))

static uint32_t code[4] __attribute__((aligned(16)));
static uint32_t regs[34];

static uint32_t mix(uint32_t h, uint32_t v)
{
    h ^= v;
    h *= 0x01000193u;
    return h ^ (h >> 15);
}

static void probe(const char *name, uint32_t base, int lo, int width)
{
    uint32_t sum = 0x811c9dc5u;
    printf("%-14s ", name);
    for (uint32_t v = 0; v < (1u << width); v++) {
        uint32_t word = (base & ~(((1u << width) - 1) << lo)) | (v << lo);
        code[0] = word;
        code[1] = 0;              /* nop: the delay slot of a probed branch or jump */
        code[2] = 0x03e00008u;    /* jr ra (a taken branch with offset 1 lands here) */
        code[3] = 0;
        for (int r = 1; r < 34; r++)
            regs[r] = 0x9e3779b9u * (uint32_t)(r + 1) ^ (word >> 3);
        regs[31] = 0;
        nexc = 0;
        probe_exec(code, regs);
        if (nexc) {
            uint32_t c = last_code;
            putc(c < 10 ? (char)('0' + c) : (char)('a' + c - 10));
        } else {
            putc('.');
            for (int r = 1; r < 34; r++)
                sum = mix(sum, regs[r]);
        }
    }
    printf(" %08x\n", sum);
}

int main(void)
{
    puts("decode: must-be-zero fields ('.' executed, else ExcCode as 0-9a-v: a = RI)\n");
    /* SPECIAL: shifts (rs of the immediate forms, sa of the variable forms; SRL/SRLV's select ROTR/ROTRV) */
    probe("sll.rs", R(0, 0, 5, 2, 3, 0x00), RS);
    probe("srl.rs", R(0, 0, 5, 2, 3, 0x02), RS);
    probe("sra.rs", R(0, 0, 5, 2, 3, 0x03), RS);
    probe("sllv.sa", R(0, 4, 5, 2, 0, 0x04), SA);
    probe("srlv.sa", R(0, 4, 5, 2, 0, 0x06), SA);
    probe("srav.sa", R(0, 4, 5, 2, 0, 0x07), SA);
    /* jumps through ra */
    probe("jr.rt", R(0, 31, 0, 0, 0, 0x08), RT);
    probe("jr.rd", R(0, 31, 0, 0, 0, 0x08), RD);
    probe("jr.hint", R(0, 31, 0, 0, 0, 0x08), SA);
    probe("jalr.rt", R(0, 31, 0, 2, 0, 0x09), RT);
    probe("jalr.hint", R(0, 31, 0, 2, 0, 0x09), SA);
    /* conditional moves, sync, HI/LO */
    probe("movz.sa", R(0, 4, 5, 2, 0, 0x0a), SA);
    probe("movn.sa", R(0, 4, 5, 2, 0, 0x0b), SA);
    probe("sync.rs", R(0, 0, 0, 0, 0, 0x0f), RS);
    probe("sync.rt", R(0, 0, 0, 0, 0, 0x0f), RT);
    probe("sync.rd", R(0, 0, 0, 0, 0, 0x0f), RD);
    probe("mfhi.rs", R(0, 0, 0, 2, 0, 0x10), RS);
    probe("mfhi.rt", R(0, 0, 0, 2, 0, 0x10), RT);
    probe("mfhi.sa", R(0, 0, 0, 2, 0, 0x10), SA);
    probe("mthi.rt", R(0, 4, 0, 0, 0, 0x11), RT);
    probe("mthi.rd", R(0, 4, 0, 0, 0, 0x11), RD);
    probe("mthi.sa", R(0, 4, 0, 0, 0, 0x11), SA);
    probe("mflo.rs", R(0, 0, 0, 2, 0, 0x12), RS);
    probe("mflo.sa", R(0, 0, 0, 2, 0, 0x12), SA);
    probe("mtlo.rd", R(0, 4, 0, 0, 0, 0x13), RD);
    probe("mtlo.sa", R(0, 4, 0, 0, 0, 0x13), SA);
    probe("mult.rd", R(0, 4, 5, 0, 0, 0x18), RD);
    probe("mult.sa", R(0, 4, 5, 0, 0, 0x18), SA);
    probe("multu.rd", R(0, 4, 5, 0, 0, 0x19), RD);
    probe("multu.sa", R(0, 4, 5, 0, 0, 0x19), SA);
    probe("div.rd", R(0, 4, 5, 0, 0, 0x1a), RD);
    probe("div.sa", R(0, 4, 5, 0, 0, 0x1a), SA);
    probe("divu.rd", R(0, 4, 5, 0, 0, 0x1b), RD);
    probe("divu.sa", R(0, 4, 5, 0, 0, 0x1b), SA);
    /* three-register ALU */
    probe("add.sa", R(0, 4, 5, 2, 0, 0x20), SA);
    probe("addu.sa", R(0, 4, 5, 2, 0, 0x21), SA);
    probe("sub.sa", R(0, 4, 5, 2, 0, 0x22), SA);
    probe("subu.sa", R(0, 4, 5, 2, 0, 0x23), SA);
    probe("and.sa", R(0, 4, 5, 2, 0, 0x24), SA);
    probe("or.sa", R(0, 4, 5, 2, 0, 0x25), SA);
    probe("xor.sa", R(0, 4, 5, 2, 0, 0x26), SA);
    probe("nor.sa", R(0, 4, 5, 2, 0, 0x27), SA);
    probe("slt.sa", R(0, 4, 5, 2, 0, 0x2a), SA);
    probe("sltu.sa", R(0, 4, 5, 2, 0, 0x2b), SA);
    /* immediate forms with a zero field */
    probe("blez.rt", I(0x06, 4, 0, 1), RT);
    probe("bgtz.rt", I(0x07, 4, 0, 1), RT);
    probe("blezl.rt", I(0x16, 4, 0, 1), RT);
    probe("bgtzl.rt", I(0x17, 4, 0, 1), RT);
    probe("lui.rs", I(0x0f, 0, 2, 0x1234), RS);
    /* COP0 */
    probe("mfc0.10:3", R(0x10, 0, 2, 12, 0, 0), 3, 8);
    probe("mtc0.10:3", R(0x10, 4, 4, 14, 0, 0), 3, 8);
    probe("tlbp.rt", R(0x10, 0x10, 0, 0, 0, 0x08), RT);
    probe("tlbp.rd", R(0x10, 0x10, 0, 0, 0, 0x08), RD);
    probe("tlbp.sa", R(0x10, 0x10, 0, 0, 0, 0x08), SA);
    probe("tlbp.24:21", R(0x10, 0x10, 0, 0, 0, 0x08), 21, 4);
    probe("tlbr.rt", R(0x10, 0x10, 0, 0, 0, 0x01), RT);
    probe("tlbr.sa", R(0x10, 0x10, 0, 0, 0, 0x01), SA);
    probe("rdpgpr.sa", R(0x10, 0x0a, 5, 2, 0, 0), SA);
    probe("rdpgpr.fn", R(0x10, 0x0a, 5, 2, 0, 0), FN);
    probe("wrpgpr.sa", R(0x10, 0x0e, 5, 2, 0, 0), SA);
    /* SPECIAL2 */
    probe("madd.rd", R(0x1c, 4, 5, 0, 0, 0x00), RD);
    probe("madd.sa", R(0x1c, 4, 5, 0, 0, 0x00), SA);
    probe("maddu.rd", R(0x1c, 4, 5, 0, 0, 0x01), RD);
    probe("msub.sa", R(0x1c, 4, 5, 0, 0, 0x04), SA);
    probe("msubu.rd", R(0x1c, 4, 5, 0, 0, 0x05), RD);
    probe("mul.sa", R(0x1c, 4, 5, 2, 0, 0x02), SA);
    probe("clz.sa", R(0x1c, 4, 2, 2, 0, 0x20), SA);
    probe("clz.rt", R(0x1c, 4, 2, 2, 0, 0x20), RT);
    probe("clo.sa", R(0x1c, 4, 2, 2, 0, 0x21), SA);
    /* SPECIAL3 */
    probe("wsbh.rs", R(0x1f, 0, 5, 2, 0x02, 0x20), RS);
    probe("seb.rs", R(0x1f, 0, 5, 2, 0x10, 0x20), RS);
    probe("seh.rs", R(0x1f, 0, 5, 2, 0x18, 0x20), RS);
    probe("bshfl.sa", R(0x1f, 0, 5, 2, 0x00, 0x20), SA);
    probe("rdhwr.rs", R(0x1f, 0, 2, 0, 0, 0x3b), RS);
    probe("rdhwr.sel", R(0x1f, 0, 2, 0, 0, 0x3b), SA);
    probe("ext.msbd", R(0x1f, 4, 2, 0, 16, 0x00), RD);
    probe("ins.msb", R(0x1f, 4, 2, 0, 16, 0x04), RD);
    return finish("decode");
}
