/* uint32_t probe_exec(void *code, uint32_t *regs)
 * Loads $1..$25 from regs[1..25] and HI/LO from regs[32]/regs[33], calls code (jalr $gp), then stores
 * $1..$25, HI and LO back. $fp holds regs across the call, $gp the code address; neither is ever named by a
 * probed instruction's fields (decode.c keeps rs/rt/rd of the base words in $1..$25 and varies only the
 * must-be-zero fields, whose register numbers an ignoring decoder never writes). */
#include "frame.h"
        .set    noreorder
        .set    noat
        .text
        .globl  probe_exec
        .ent    probe_exec
probe_exec:
        addiu   $sp, $sp, -48
        sw      $s0, 0($sp)
        sw      $s1, 4($sp)
        sw      $s2, 8($sp)
        sw      $s3, 12($sp)
        sw      $s4, 16($sp)
        sw      $s5, 20($sp)
        sw      $s6, 24($sp)
        sw      $s7, 28($sp)
        sw      $fp, 32($sp)
        sw      $gp, 36($sp)
        sw      $ra, 40($sp)
        move    $fp, $a1
        move    $gp, $a0
        lw      $t0, 128($fp)
        mthi    $t0
        lw      $t0, 132($fp)
        mtlo    $t0
        lw      $1, 4($fp)
        lw      $2, 8($fp)
        lw      $3, 12($fp)
        lw      $4, 16($fp)
        lw      $5, 20($fp)
        lw      $6, 24($fp)
        lw      $7, 28($fp)
        lw      $8, 32($fp)
        lw      $9, 36($fp)
        lw      $10, 40($fp)
        lw      $11, 44($fp)
        lw      $12, 48($fp)
        lw      $13, 52($fp)
        lw      $14, 56($fp)
        lw      $15, 60($fp)
        lw      $16, 64($fp)
        lw      $17, 68($fp)
        lw      $18, 72($fp)
        lw      $19, 76($fp)
        lw      $20, 80($fp)
        lw      $21, 84($fp)
        lw      $22, 88($fp)
        lw      $23, 92($fp)
        lw      $24, 96($fp)
        lw      $25, 100($fp)
        jalr    $gp
        nop
        sw      $1, 4($fp)
        sw      $2, 8($fp)
        sw      $3, 12($fp)
        sw      $4, 16($fp)
        sw      $5, 20($fp)
        sw      $6, 24($fp)
        sw      $7, 28($fp)
        sw      $8, 32($fp)
        sw      $9, 36($fp)
        sw      $10, 40($fp)
        sw      $11, 44($fp)
        sw      $12, 48($fp)
        sw      $13, 52($fp)
        sw      $14, 56($fp)
        sw      $15, 60($fp)
        sw      $16, 64($fp)
        sw      $17, 68($fp)
        sw      $18, 72($fp)
        sw      $19, 76($fp)
        sw      $20, 80($fp)
        sw      $21, 84($fp)
        sw      $22, 88($fp)
        sw      $23, 92($fp)
        sw      $24, 96($fp)
        sw      $25, 100($fp)
        mfhi    $t0
        sw      $t0, 128($fp)
        mflo    $t0
        sw      $t0, 132($fp)
        lw      $s0, 0($sp)
        lw      $s1, 4($sp)
        lw      $s2, 8($sp)
        lw      $s3, 12($sp)
        lw      $s4, 16($sp)
        lw      $s5, 20($sp)
        lw      $s6, 24($sp)
        lw      $s7, 28($sp)
        lw      $fp, 32($sp)
        lw      $gp, 36($sp)
        lw      $ra, 40($sp)
        jr      $ra
        addiu   $sp, $sp, 48
        .end    probe_exec
