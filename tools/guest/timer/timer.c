/* timer: Count/Compare interrupt on IP7 (Cause.TI) via the general vector
 * (Cause.IV=0) and via EBase+0x200 (IV=1), WAIT, software interrupts IP0/IP1,
 * di/ei.  Only counts and flags are printed, never Count values. */
#include "runtime.h"

extern char wait_irq_start[], wait_irq_end[];
void wait_irq(volatile int *flag);

static volatile int timer_irqs, sw0_irqs, sw1_irqs, other_irqs, flag;
static volatile uint32_t last_vec, last_cause, last_code;

void exc_handler(struct exc_frame *f)
{
    uint32_t cause = f->cause;
    last_vec = f->vector;
    last_cause = cause;
    last_code = CA_EXC(cause);
    if (last_code != EXC_INT) {
        printf("unexpected exception %u\n", last_code);
        puts("timer: FAIL\n");
        halt();
    }
    int handled = 0;
    if ((cause & CA_IP(7)) && (f->status & ST_IM(7))) {
        timer_irqs++;
        write_compare(read_compare());      /* acknowledge: clears TI / IP7 */
        f->status &= ~ST_IM(7);             /* one shot */
        handled = 1;
    }
    if ((cause & CA_IP(0)) && (f->status & ST_IM(0))) {
        sw0_irqs++;
        write_cause(read_cause() & ~CA_IP(0));
        handled = 1;
    }
    if ((cause & CA_IP(1)) && (f->status & ST_IM(1))) {
        sw1_irqs++;
        write_cause(read_cause() & ~CA_IP(1));
        handled = 1;
    }
    if (!handled) {
        other_irqs++;
        f->status &= ~ST_IE;
    }
    flag = 1;
    if (f->epc >= (uint32_t)wait_irq_start && f->epc < (uint32_t)wait_irq_end)
        f->epc = (uint32_t)wait_irq_end;
}

static inline void ei(void) { __asm__ __volatile__("ei\n\tehb" ::: "memory"); }
static inline uint32_t di(void)
{
    uint32_t s;
    __asm__ __volatile__("di %0\n\tehb" : "=r"(s) :: "memory");
    return s;
}

static void delay(int n)
{
    for (volatile int i = 0; i < n; i++)
        ;
}

static void timer_round(const char *name, uint32_t iv, uint32_t exp_vec)
{
    int ok = 1;
    write_cause(iv);
    for (int k = 0; k < 3; k++) {
        flag = 0;
        last_vec = 0xfff;
        write_status(ST_IM(7));                     /* IE=0 while arming */
        write_compare(read_count() + 200000);     /* margin: see the TI polling note in main */
        ei();
        while (!flag)
            wait_irq(&flag);
        di();
        if (last_vec != exp_vec || !(last_cause & CA_IP(7)) || !(last_cause & CA_TI) ||
            (last_cause & CA_BD))
            ok = 0;
    }
    write_status(0);
    printf("%s: irqs=%d vec=0x%03x ExcCode=%u IP7=%u TI=%u\n", name, timer_irqs, last_vec,
           last_code, (last_cause & CA_IP(7)) ? 1u : 0u, (last_cause & CA_TI) ? 1u : 0u);
    check_true(name, ok && timer_irqs == 3);
    timer_irqs = 0;
}

int main(void)
{
    puts("timer: start\n");
    write_status(0);
    write_cause(0);

    uint32_t c1 = read_count();
    delay(1000);
    uint32_t c2 = read_count();
    check_true("Count advances", c2 != c1);

    /* TI polling with interrupts disabled.  QEMU's Count follows host time: if the host deschedules
     * QEMU between read_count() and write_compare(), Count is already past Compare and TI would only
     * come after a 2^32 wrap, so re-arm with a wider margin (Emu's guest time is deterministic). */
    uint32_t cz = 0;
    for (uint32_t margin = 5000; margin <= 5000000 && !(cz & CA_TI); margin *= 10) {
        uint32_t armed = read_count() + margin;
        write_compare(armed);
        int spins = 0;
        while (!((cz = read_cause()) & CA_TI) && spins < 50000000 &&
               (int32_t)(read_count() - armed) < (int32_t)margin)
            spins++;
    }
    check_true("Cause.TI set when Count==Compare", (cz & CA_TI) != 0);
    check_true("Cause.IP7 set with TI", (cz & CA_IP(7)) != 0);
    write_compare(read_compare());
    cz = read_cause();
    check_true("Compare write clears TI and IP7", (cz & (CA_TI | CA_IP(7))) == 0);

    timer_round("timer IV=0", 0, 0x180);
    timer_round("timer IV=1", CA_IV, 0x200);

    /* software interrupts */
    write_cause(0);
    write_status(ST_IM(0) | ST_IE);
    write_cause(CA_IP(0));
    delay(10);
    write_status(0);
    printf("sw IP0 (IV=0): irqs=%d vec=0x%03x\n", sw0_irqs, last_vec);
    check_true("sw IP0 via 0x180", sw0_irqs == 1 && last_vec == 0x180 && (last_cause & CA_IP(0)));

    write_cause(CA_IV);
    write_status(ST_IM(1) | ST_IE);
    write_cause(CA_IV | CA_IP(1));
    delay(10);
    write_status(0);
    printf("sw IP1 (IV=1): irqs=%d vec=0x%03x\n", sw1_irqs, last_vec);
    check_true("sw IP1 via 0x200", sw1_irqs == 1 && last_vec == 0x200 && (last_cause & CA_IP(1)));

    /* masked: pending bit visible in Cause, no interrupt */
    write_cause(0);
    write_status(ST_IM(1) | ST_IE);
    write_cause(CA_IP(0));
    delay(10);
    uint32_t cm = read_cause();
    write_status(0);
    check_true("masked IP0 stays pending, not taken", sw0_irqs == 1 && (cm & CA_IP(0)));
    write_cause(0);
    check_true("IP0 cleared", (read_cause() & (CA_IP(0) | CA_IP(1))) == 0);

    /* di returns the old Status and clears IE; ei sets it */
    write_status(ST_IM(1));
    ei();
    uint32_t old = di();
    check32("di old Status (IE|IM1)", old & 0xff01, ST_IM(1) | ST_IE);
    check32("Status after di", read_status() & 0xff01, ST_IM(1));
    write_status(0);
    check32("unexpected irqs", (uint32_t)other_irqs, 0);
    return finish("timer");
}
