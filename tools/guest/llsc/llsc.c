/* llsc: LL/SC increment loops, SC success/failure reporting, and SC failing
 * after an ERET (exception between LL and SC clears LLbit). */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })

static volatile uint32_t nexc, last_code;

void exc_handler(struct exc_frame *f)
{
    nexc++;
    last_code = CA_EXC(f->cause);
    if (last_code != EXC_SYS && last_code != EXC_BP) {
        printf("unexpected exception %u\n", last_code);
        puts("llsc: FAIL unexpected exception\n");
        halt();
    }
    f->epc += 4;
}

static NOINLINE uint32_t atomic_add(volatile uint32_t *p, uint32_t v, uint32_t *retries)
{
    uint32_t old, tmp, tries = 0;
    do {
        __asm__ __volatile__(
            "ll     %0, 0(%3)\n\t"
            "addu   %1, %0, %4\n\t"
            "sc     %1, 0(%3)\n\t"
            : "=&r"(old), "=&r"(tmp), "+m"(*p) : "r"(p), "r"(v) : "memory");
        tries++;
    } while (tmp == 0);
    *retries += tries - 1;
    return old;
}

/* ll; <insn>; sc  -> returns sc result, *p possibly updated with 0x77 */
#define LL_X_SC(insn, p) ({ uint32_t _t, _o; \
    __asm__ __volatile__("ll %1, 0(%2)\n\tli %0, 0x77\n\t" insn "\n\tsc %0, 0(%2)" \
        : "=&r"(_t), "=&r"(_o) : "r"(p) : "memory"); _t; })

static volatile uint32_t counter;
static volatile uint32_t words[8];
static volatile uint32_t other;
static volatile uint32_t far_words[32] __attribute__((aligned(64)));

int main(void)
{
    uint32_t retries = 0;
    puts("llsc: start\n");

    for (int i = 0; i < 1000; i++)
        atomic_add(&counter, 1, &retries);
    check32("counter after 1000 ll/sc incs", counter, 1000);
    check32("sc retries (no interference)", retries, 0);

    for (int i = 0; i < 400; i++)
        atomic_add(&words[i & 7], (uint32_t)i, &retries);
    uint32_t s = 0;
    for (int i = 0; i < 8; i++)
        s += words[i] * (uint32_t)(i + 1);
    uint32_t e = 0;
    for (int i = 0; i < 400; i++)
        e += (uint32_t)i * (uint32_t)((i & 7) + 1);
    check32("word array checksum", s, e);

    counter = 5;
    check32("sc plain success", LL_X_SC("nop", &counter), 1);
    check32("memory after sc", counter, 0x77);

    counter = 5;
    check32("sc after lw of another word", LL_X_SC("lw $0, other", &counter), 1);
    check32("memory", counter, 0x77);

    counter = 5;
    nexc = 0;
    check32("sc after syscall (eret)", LL_X_SC("syscall", &counter), 0);
    check32("memory unchanged", counter, 5);
    check32("exceptions taken", nexc, 1);

    counter = 6;
    check32("sc after break (eret)", LL_X_SC("break", &counter), 0);
    check32("memory unchanged", counter, 6);
    check32("last ExcCode", last_code, EXC_BP);

    /* sc without a new ll after an eret must fail */
    {
        uint32_t t;
        __asm__ __volatile__("syscall\n\tli %0, 0x99\n\tsc %0, 0(%1)" : "=&r"(t) : "r"(&counter) : "memory");
        check32("sc without ll after eret", t, 0);
        check32("memory unchanged", counter, 6);
    }
    /* sc to another 64-byte block than ll's fails and stores nothing (QEMU compares sc's address with ll's) */
    {
        uint32_t t;
        counter = 5;
        far_words[16] = 9;
        __asm__ __volatile__("ll %0, 0(%1)\n\tli %0, 0x55\n\tsc %0, 0(%2)"
                             : "=&r"(t) : "r"(&counter), "r"(&far_words[16]) : "memory");
        check32("sc to another block", t, 0);
        check32("other block unchanged", far_words[16], 9);
    }
    /* a plain store by this CPU to the linked word between ll and sc makes sc fail */
    counter = 5;
    check32("sc after sw to the linked word", LL_X_SC("sw $0, 0(%2)", &counter), 0);
    check32("memory holds the plain store", counter, 0);

    /* and a following ll/sc pair works again */
    check32("ll/sc after failure", LL_X_SC("nop", &counter), 1);
    check32("memory", counter, 0x77);
    return finish("llsc");
}
