/* usermode: a tiny kernel running a TLB-mapped user program in user mode:
 * syscalls, a demand-mapped page filled from the TLB refill handler, and a
 * user access to kseg0 (AdEL) reported and killed by the kernel. */
#include "runtime.h"

#define LO(pa, c, d, v, g) ((((uint32_t)(pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))
#define USER_ASID 1
#define DEMAND_VA 0x00800000u

extern char um_data[], um_code[], um_main[], um_bad[], um_bad_pc[];
#define UVA(sym) (0x00401000u + (uint32_t)((sym) - um_code))

static uint32_t demand[2][1024] __attribute__((aligned(4096)));
static volatile int refills, syscalls, faults;
static volatile uint32_t last_hex[4];
static volatile int nhex;

void exc_handler(struct exc_frame *f)
{
    uint32_t code = CA_EXC(f->cause);
    int from_user = (f->status & ST_KSU) != 0;

    if (f->vector == 0x000 && (code == EXC_TLBL || code == EXC_TLBS) && from_user &&
        f->badvaddr >= DEMAND_VA && f->badvaddr < DEMAND_VA + 0x2000) {
        /* demand paging: EntryHi already holds VPN2|ASID of the miss */
        refills++;
        write_pagemask(0);
        write_entrylo0(LO(PHYS(demand[0]), 2, 1, 1, 0));
        write_entrylo1(LO(PHYS(demand[1]), 2, 1, 1, 0));
        tlb_write_random();
        return;     /* retry the faulting instruction */
    }
    if (code == EXC_SYS && from_user) {
        syscalls++;
        f->epc += 4;
        switch (f->r[2]) {
        case 1: {
            const char *p = (const char *)f->r[4];
            for (uint32_t i = 0; i < f->r[5]; i++)
                putc(p[i]);
            f->r[2] = f->r[5];
            return;
        }
        case 2:
            printf("kernel: user exit(%u)\n", f->r[4]);
            user_return(f, f->r[4]);
            return;
        case 3:
            printf("kernel: user value 0x%08x\n", f->r[4]);
            if (nhex < 4)
                last_hex[nhex++] = f->r[4];
            return;
        case 4:
            f->r[2] = 42;
            return;
        default:
            printf("kernel: bad syscall %u\n", f->r[2]);
            user_return(f, 0xbad);
            return;
        }
    }
    faults++;
    printf("kernel: user fault ExcCode=%u vec=0x%03x EPC=%s BadVAddr=0x%08x from_user=%d\n",
           code, f->vector, f->epc == UVA(um_bad_pc) ? "um_bad_pc" : "?", f->badvaddr, from_user);
    if (!from_user) {
        puts("usermode: FAIL kernel-mode fault\n");
        halt();
    }
    user_return(f, 0xdead0000u | code);
}

int main(void)
{
    puts("usermode: start\n");
    tlb_invalidate_all();
    /* entry 0 (wired): data page even (writable), code page odd (read-only) */
    write_index(0);
    write_pagemask(0);
    write_entryhi(0x00400000u | USER_ASID);
    write_entrylo0(LO(PHYS(um_data), 2, 1, 1, 0));
    write_entrylo1(LO(PHYS(um_code), 2, 0, 1, 0));
    tlb_write_indexed();
    write_wired(1);
    write_entryhi(USER_ASID);

    demand[0][0] = 0xfeed0001u;
    uint32_t r = run_user(UVA(um_main), 0x00402000u);
    check32("exit code", r, 7);
    check32("refills", (uint32_t)refills, 1);
    check32("syscalls", (uint32_t)syscalls, 6);
    check32("demand[0][1] (via kseg0)", demand[0][1], 0xfeed0001u + 42);
    check32("demand[1][2] (via kseg0)", demand[1][2], 0xfeed0001u + 42);
    check32("hex[0]", last_hex[0], 0xfeed0001u + 42);
    check32("hex[1] user data rmw", last_hex[1], 123);
    check32("hex[2] loop", last_hex[2], 55);
    check32("kernel mode again", read_status() & (ST_KSU | ST_EXL), 0);

    r = run_user(UVA(um_bad), 0x00402000u);
    check32("faulting program result", r, 0xdead0000u | EXC_ADEL);
    check32("faults", (uint32_t)faults, 1);
    check32("kernel mode again", read_status() & (ST_KSU | ST_EXL), 0);
    write_entryhi(0);
    tlb_invalidate_all();
    return finish("usermode");
}
