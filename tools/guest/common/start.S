/*
 * Emu guest start-up code (MIPS32r2, o32, big or little endian).
 *
 *  - _start: sets CP0 Status/Cause/EBase, stack, clears .bss, calls main(), halts.
 *  - Exception vector block (EBase-relative 0x000/0x080/0x100/0x180/0x200):
 *    every vector saves the full register state into a struct exc_frame on a
 *    dedicated exception stack and calls  void exc_handler(struct exc_frame *).
 *    On return the (possibly modified) frame is restored, EPC/Status are
 *    written back from the frame and ERET is executed.
 *  - run_user(pc, sp): enters user mode at pc; see runtime.h.
 */
#include "frame.h"

        .set    noreorder
        .set    noat

        .section .text.start, "ax"
        .globl  _start
        .ent    _start
_start:
        /* Status: BEV=1 while EBase is changed; kernel mode, ERL=EXL=IE=0, CU0..3=0 */
        li      $t0, 0x00400000
        mtc0    $t0, $12
        ehb
        la      $t0, _vectors
        mtc0    $t0, $15, 1             /* EBase */
        mtc0    $zero, $13              /* Cause: IV=0, IP1..0=0, DC=0 */
        mtc0    $zero, $12              /* Status: BEV=0 */
        ehb
        mfc0    $t0, $15, 1             /* EBase.CPUNum: only vCPU 0 runs main() */
        andi    $t0, $t0, 0x3ff
        bnez    $t0, secondary_start
        nop
        la      $sp, _stack_top
        move    $gp, $zero
        move    $fp, $zero
        la      $t0, __bss_start
        la      $t1, __bss_end
1:      beq     $t0, $t1, 2f
        nop
        sw      $zero, 0($t0)
        b       1b
        addiu   $t0, $t0, 4
2:      addiu   $sp, $sp, -16
        jal     main
        nop
        jal     halt
        nop
3:      b       3b
        nop
        .end    _start

/* Secondary vCPUs (emu --smp N, QEMU -smp N start every CPU at the reset vector): count in at smp_arrived,
 * wait until vCPU 0 publishes smp_entry, then call smp_entry(CPUNum) on the stack smp_stacks[CPUNum] (no stack:
 * stay parked). Exceptions on secondaries are not supported (one exception frame area). The variables live in
 * .data, not .bss, because vCPU 0 clears .bss while secondaries may already be counting in. */
        .ent    secondary_start
secondary_start:
        move    $s0, $t0
        la      $t1, smp_arrived
1:      ll      $t2, 0($t1)
        addiu   $t2, $t2, 1
        sc      $t2, 0($t1)
        beqz    $t2, 1b
        nop
        la      $t1, smp_entry
2:      lw      $t9, 0($t1)
        beqz    $t9, 2b
        nop
        sltiu   $t2, $s0, SMP_MAX_CPUS
        beqz    $t2, 3f
        nop
        la      $t1, smp_stacks
        sll     $t2, $s0, 2
        addu    $t1, $t1, $t2
        lw      $sp, 0($t1)
        beqz    $sp, 3f
        nop
        jalr    $t9
        move    $a0, $s0
3:      b       3b
        nop
        .end    secondary_start

        .data
        .align  2
        .globl  smp_arrived, smp_entry, smp_stacks
smp_arrived:
        .word   0
smp_entry:
        .word   0
smp_stacks:
        .space  4 * SMP_MAX_CPUS

        .text
/* uint32_t run_user(uint32_t pc, uint32_t usp)
 * Saves callee-saved state in user_ctx and ERETs to pc in user mode (KSU=10)
 * with sp=usp.  The exception handler returns to the caller through
 * user_return(frame, value) (runtime.c), which makes run_user return value. */
        .text
        .globl  run_user
        .ent    run_user
run_user:
        la      $t0, user_ctx
        sw      $s0, 0($t0)
        sw      $s1, 4($t0)
        sw      $s2, 8($t0)
        sw      $s3, 12($t0)
        sw      $s4, 16($t0)
        sw      $s5, 20($t0)
        sw      $s6, 24($t0)
        sw      $s7, 28($t0)
        sw      $fp, 32($t0)
        sw      $sp, 36($t0)
        sw      $ra, 40($t0)
        mfc0    $t1, $12
        sw      $t1, 44($t0)            /* kernel Status to restore */
        mtc0    $a0, $14                /* EPC = user pc */
        ori     $t1, $t1, 0x0002        /* EXL=1 (stay in kernel until eret) */
        mtc0    $t1, $12
        ehb
        ori     $t1, $t1, 0x0010        /* KSU = 10 (user) */
        mtc0    $t1, $12
        move    $sp, $a1
        move    $ra, $zero
        ehb
        eret
        nop
        .end    run_user

        .section .text.vectors, "ax"
        .align  12
        .globl  _vectors
_vectors:
        /* +0x000: TLB refill (EXL=0) */
        li      $k1, 0x000
        la      $k0, exc_common
        jr      $k0
        nop
        .org    0x080
        li      $k1, 0x080
        la      $k0, exc_common
        jr      $k0
        nop
        .org    0x100                    /* cache error (runs via kseg1) */
        li      $k1, 0x100
        la      $k0, exc_common
        jr      $k0
        nop
        .org    0x180                    /* general exception */
        li      $k1, 0x180
        la      $k0, exc_common
        jr      $k0
        nop
        .org    0x200                    /* interrupt, Cause.IV=1 */
        li      $k1, 0x200
        la      $k0, exc_common
        jr      $k0
        nop
        .org    0x280

exc_common:
        la      $k0, exc_frame_area
        sw      $k1, F_VEC($k0)
        sw      $zero, 0($k0)
        sw      $1, 4($k0)
        sw      $2, 8($k0)
        sw      $3, 12($k0)
        sw      $4, 16($k0)
        sw      $5, 20($k0)
        sw      $6, 24($k0)
        sw      $7, 28($k0)
        sw      $8, 32($k0)
        sw      $9, 36($k0)
        sw      $10, 40($k0)
        sw      $11, 44($k0)
        sw      $12, 48($k0)
        sw      $13, 52($k0)
        sw      $14, 56($k0)
        sw      $15, 60($k0)
        sw      $16, 64($k0)
        sw      $17, 68($k0)
        sw      $18, 72($k0)
        sw      $19, 76($k0)
        sw      $20, 80($k0)
        sw      $21, 84($k0)
        sw      $22, 88($k0)
        sw      $23, 92($k0)
        sw      $24, 96($k0)
        sw      $25, 100($k0)
        sw      $zero, 104($k0)         /* k0, k1 not preserved */
        sw      $zero, 108($k0)
        sw      $28, 112($k0)
        sw      $29, 116($k0)
        sw      $30, 120($k0)
        sw      $31, 124($k0)
        mfhi    $t0
        sw      $t0, F_HI($k0)
        mflo    $t0
        sw      $t0, F_LO($k0)
        mfc0    $t0, $14
        sw      $t0, F_EPC($k0)
        mfc0    $t0, $13
        sw      $t0, F_CAUSE($k0)
        mfc0    $t0, $12
        sw      $t0, F_STATUS($k0)
        mfc0    $t0, $8
        sw      $t0, F_BADVADDR($k0)
        move    $a0, $k0
        addiu   $sp, $k0, -32
        la      $t9, exc_handler
        jalr    $t9
        nop
        la      $k0, exc_frame_area
        lw      $t0, F_HI($k0)
        mthi    $t0
        lw      $t0, F_LO($k0)
        mtlo    $t0
        lw      $t0, F_STATUS($k0)
        ori     $t0, $t0, 0x0002        /* keep EXL=1 until eret */
        mtc0    $t0, $12
        lw      $t0, F_EPC($k0)
        mtc0    $t0, $14
        lw      $1, 4($k0)
        lw      $2, 8($k0)
        lw      $3, 12($k0)
        lw      $4, 16($k0)
        lw      $5, 20($k0)
        lw      $6, 24($k0)
        lw      $7, 28($k0)
        lw      $8, 32($k0)
        lw      $9, 36($k0)
        lw      $10, 40($k0)
        lw      $11, 44($k0)
        lw      $12, 48($k0)
        lw      $13, 52($k0)
        lw      $14, 56($k0)
        lw      $15, 60($k0)
        lw      $16, 64($k0)
        lw      $17, 68($k0)
        lw      $18, 72($k0)
        lw      $19, 76($k0)
        lw      $20, 80($k0)
        lw      $21, 84($k0)
        lw      $22, 88($k0)
        lw      $23, 92($k0)
        lw      $24, 96($k0)
        lw      $25, 100($k0)
        lw      $28, 112($k0)
        lw      $29, 116($k0)
        lw      $30, 120($k0)
        lw      $31, 124($k0)
        ehb
        eret
        nop

        .bss
        .align  4
        .globl  user_ctx
user_ctx:
        .space  64
        .align  4
_stack:
        .space  65536
        .globl  _stack_top
_stack_top:
        .space  16
exc_stack:
        .space  8192
        .globl  exc_frame_area
exc_frame_area:
        .space  F_SIZE
