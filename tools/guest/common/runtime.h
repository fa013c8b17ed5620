/* Emu guest runtime: console, halt, tiny libc, CP0 accessors, self-check helpers. */
#ifndef EMU_GUEST_RUNTIME_H
#define EMU_GUEST_RUNTIME_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include "frame.h"

#define UART_BASE   0xb80003f8u     /* 16550 THR (kseg1 of phys 0x180003f8) */
#define UART_LSR    5
#define SOFTRES     0xbf000500u     /* Malta FPGA SOFTRES: write 0x42 to reset */

#define KSEG0(pa)   ((uint32_t)(pa) | 0x80000000u)
#define KSEG1(pa)   ((uint32_t)(pa) | 0xa0000000u)
#define PHYS(va)    ((uint32_t)(va) & 0x1fffffffu)

struct exc_frame {
    uint32_t r[32];         /* r[0]=0, r[26]/r[27] (k0/k1) not preserved */
    uint32_t hi, lo;
    uint32_t epc;           /* written back to EPC before eret */
    uint32_t cause;         /* snapshot only */
    uint32_t status;        /* written back to Status (EXL forced to 1) */
    uint32_t badvaddr;      /* snapshot only */
    uint32_t vector;        /* 0x000, 0x080, 0x100, 0x180 or 0x200 */
    uint32_t pad;
};

/* Provided by the test (a weak default in runtime.c reports and halts). */
void exc_handler(struct exc_frame *f);

/* start.S */
extern char _vectors[];
extern char __image_start[], __image_end[], __bss_start[], __bss_end[];
extern char __user_start[], __user_end[];
uint32_t run_user(uint32_t pc, uint32_t usp);
/* Make run_user() return 'value' to its caller (call from exc_handler). */
void user_return(struct exc_frame *f, uint32_t value);

/* SMP (start.S): vCPUs other than 0 count in at smp_arrived, then run smp_entry(cpu) on smp_stacks[cpu]. */
extern volatile uint32_t smp_arrived;
extern void (*volatile smp_entry)(uint32_t cpu);
extern volatile uint32_t smp_stacks[SMP_MAX_CPUS];
/* vCPU count from the command line's "cpus=N" (argv[1] of the YAMON boot protocol: -append "cpus=N"), else 1. */
uint32_t smp_cpus_from_cmdline(int argc, char **argv);

/* console */
void putc(char c);
void puts(const char *s);           /* no newline appended */
void put_hex(uint32_t v);           /* 0x%08x */
void put_dec(int32_t v);
void put_udec(uint32_t v);
void printf(const char *fmt, ...);  /* %d %u %x %08x %s %c %llx %llu %lld %p %% */
void vprintf(const char *fmt, va_list ap);

void halt(void) __attribute__((noreturn));

/* libc subset */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strchr(const char *s, int c);

/* self-checks */
extern int g_checks, g_failures;
int check32(const char *name, uint32_t got, uint32_t expected);   /* prints name=value */
int check64(const char *name, uint64_t got, uint64_t expected);
int checkq(const char *name, uint32_t got, uint32_t expected);    /* quiet unless failing */
void check_true(const char *name, int cond);                       /* prints name: ok/FAIL */
int finish(const char *progname);   /* prints "<prog>: PASS" / FAIL, returns 0/1 */

/* CP0 access; every mtc0 is followed by ehb */
#define mfc0(reg, sel) ({ uint32_t __v; \
    __asm__ __volatile__("mfc0 %0, $" #reg ", " #sel : "=r"(__v)); __v; })
#define mtc0(reg, sel, val) __asm__ __volatile__( \
    "mtc0 %z0, $" #reg ", " #sel "\n\tehb" : : "Jr"((uint32_t)(val)) : "memory")

#define C0_INDEX    0
#define C0_RANDOM   1
#define C0_ENTRYLO0 2
#define C0_ENTRYLO1 3
#define C0_CONTEXT  4
#define C0_PAGEMASK 5
#define C0_WIRED    6
#define C0_BADVADDR 8
#define C0_COUNT    9
#define C0_ENTRYHI  10
#define C0_COMPARE  11
#define C0_STATUS   12
#define C0_CAUSE    13
#define C0_EPC      14

#define read_index()        mfc0(0, 0)
#define write_index(v)      mtc0(0, 0, v)
#define read_random()       mfc0(1, 0)
#define read_entrylo0()     mfc0(2, 0)
#define write_entrylo0(v)   mtc0(2, 0, v)
#define read_entrylo1()     mfc0(3, 0)
#define write_entrylo1(v)   mtc0(3, 0, v)
#define read_context()      mfc0(4, 0)
#define write_context(v)    mtc0(4, 0, v)
#define read_pagemask()     mfc0(5, 0)
#define write_pagemask(v)   mtc0(5, 0, v)
#define read_wired()        mfc0(6, 0)
#define write_wired(v)      mtc0(6, 0, v)
#define read_badvaddr()     mfc0(8, 0)
#define read_count()        mfc0(9, 0)
#define write_count(v)      mtc0(9, 0, v)
#define read_entryhi()      mfc0(10, 0)
#define write_entryhi(v)    mtc0(10, 0, v)
#define read_compare()      mfc0(11, 0)
#define write_compare(v)    mtc0(11, 0, v)
#define read_status()       mfc0(12, 0)
#define write_status(v)     mtc0(12, 0, v)
#define read_intctl()       mfc0(12, 1)
#define read_cause()        mfc0(13, 0)
#define write_cause(v)      mtc0(13, 0, v)
#define read_epc()          mfc0(14, 0)
#define write_epc(v)        mtc0(14, 0, v)
#define read_ebase()        mfc0(15, 1)
#define read_config()       mfc0(16, 0)
#define read_config1()      mfc0(16, 1)

#define ST_IE       0x00000001u
#define ST_EXL      0x00000002u
#define ST_ERL      0x00000004u
#define ST_UM       0x00000010u
#define ST_KSU      0x00000018u
#define ST_IM(n)    (0x100u << (n))
#define ST_BEV      0x00400000u
#define ST_CU1      0x20000000u

#define CA_EXC(c)   (((c) >> 2) & 0x1f)
#define CA_IP(n)    (0x100u << (n))
#define CA_IV       0x00800000u
#define CA_CE(c)    (((c) >> 28) & 3)
#define CA_TI       0x40000000u
#define CA_BD       0x80000000u

/* exception codes */
#define EXC_INT   0
#define EXC_MOD   1
#define EXC_TLBL  2
#define EXC_TLBS  3
#define EXC_ADEL  4
#define EXC_ADES  5
#define EXC_IBE   6
#define EXC_DBE   7
#define EXC_SYS   8
#define EXC_BP    9
#define EXC_RI    10
#define EXC_CPU   11
#define EXC_OV    12
#define EXC_TR    13

static inline void tlb_probe(void) { __asm__ __volatile__("tlbp\n\tehb" ::: "memory"); }
static inline void tlb_read(void)  { __asm__ __volatile__("tlbr\n\tehb" ::: "memory"); }
static inline void tlb_write_indexed(void) { __asm__ __volatile__("tlbwi\n\tehb" ::: "memory"); }
static inline void tlb_write_random(void)  { __asm__ __volatile__("tlbwr\n\tehb" ::: "memory"); }

/* Number of TLB entries from Config1.MMUSize (never printed). */
static inline int tlb_entries(void) { return (int)((read_config1() >> 25) & 0x3f) + 1; }
/* Invalidate all TLB entries (unique kseg0 VPN2s never match), Wired=0, PageMask=0. */
void tlb_invalidate_all(void);

#define NOINLINE __attribute__((noinline))

#endif
