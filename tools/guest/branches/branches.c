/* branches: delay slots, branch-likely nullification, linking branches,
 * jalr with rd, jr.hb / jalr.hb, j/jal.  Driver for br.S. */
#include "runtime.h"

typedef uint32_t (*br_fn)(int32_t, int32_t);
extern uint32_t t_beq(int32_t, int32_t), t_bne(int32_t, int32_t), t_beql(int32_t, int32_t),
    t_bnel(int32_t, int32_t), t_blez(int32_t, int32_t), t_bgtz(int32_t, int32_t),
    t_bltz(int32_t, int32_t), t_bgez(int32_t, int32_t), t_blezl(int32_t, int32_t),
    t_bgtzl(int32_t, int32_t), t_bltzl(int32_t, int32_t), t_bgezl(int32_t, int32_t),
    t_bltzal(int32_t, int32_t), t_bgezal(int32_t, int32_t), t_bltzall(int32_t, int32_t),
    t_bgezall(int32_t, int32_t);
extern uint32_t t_bal(void), t_jalr(void), t_jr_slot(void), t_beq_slot_modifies(uint32_t),
    t_loop(uint32_t), t_likely_loop(uint32_t), t_j_jal(void), t_pc_read(void);

enum { EQ, NE, LEZ, GTZ, LTZ, GEZ };

static const struct {
    const char *name;
    br_fn fn;
    int cond, likely, link;
} br[] = {
    {"beq", t_beq, EQ, 0, 0},         {"bne", t_bne, NE, 0, 0},
    {"beql", t_beql, EQ, 1, 0},       {"bnel", t_bnel, NE, 1, 0},
    {"blez", t_blez, LEZ, 0, 0},      {"bgtz", t_bgtz, GTZ, 0, 0},
    {"bltz", t_bltz, LTZ, 0, 0},      {"bgez", t_bgez, GEZ, 0, 0},
    {"blezl", t_blezl, LEZ, 1, 0},    {"bgtzl", t_bgtzl, GTZ, 1, 0},
    {"bltzl", t_bltzl, LTZ, 1, 0},    {"bgezl", t_bgezl, GEZ, 1, 0},
    {"bltzal", t_bltzal, LTZ, 0, 1},  {"bgezal", t_bgezal, GEZ, 0, 1},
    {"bltzall", t_bltzall, LTZ, 1, 1}, {"bgezall", t_bgezall, GEZ, 1, 1},
};

static int cond_true(int c, int32_t a, int32_t b)
{
    switch (c) {
    case EQ: return a == b;
    case NE: return a != b;
    case LEZ: return a <= 0;
    case GTZ: return a > 0;
    case LTZ: return a < 0;
    default: return a >= 0;
    }
}

int main(void)
{
    static const int32_t vals[] = {0, 1, -1, 0x7fffffff, (int32_t)0x80000000};
    puts("branches: start\n");
    for (unsigned i = 0; i < sizeof(br) / sizeof(br[0]); i++) {
        int bad = 0;
        printf("%s:", br[i].name);
        for (unsigned x = 0; x < 5; x++) {
            for (unsigned y = 0; y < (br[i].cond <= NE ? 5u : 1u); y++) {
                int32_t a = vals[x], b = vals[(x + y) % 5];
                uint32_t r = br[i].fn(a, b);
                int taken = cond_true(br[i].cond, a, b);
                uint32_t exp = (taken ? 2u : 0u) | ((taken || !br[i].likely) ? 1u : 0u) |
                               (br[i].link ? 4u : 0u);
                printf(" %u", r);
                if (r != exp) {
                    bad++;
                    printf("(exp %u)", exp);
                }
            }
        }
        g_checks++;
        if (bad) {
            g_failures++;
            puts(" FAIL\n");
        } else {
            puts(" ok\n");
        }
    }
    check32("bal link+slot sees ra", t_bal(), 7);
    check32("jalr rd / jalr.hb / jr.hb", t_jalr(), 1 | 4 | 8 | 16);
    check32("jr slot overwrites reg", t_jr_slot(), 1);
    check32("beq slot modifies (0)", t_beq_slot_modifies(0), 3);
    check32("beq slot modifies (5)", t_beq_slot_modifies(5), 1);
    check32("loop sum 1..100", t_loop(100), 5050);
    check32("likely loop 10", t_likely_loop(10), 9);
    check32("likely loop 1", t_likely_loop(1), 0);
    check32("j/jal", t_j_jal(), 7);
    check32("bal pc read", t_pc_read(), 0);
    return finish("branches");
}
