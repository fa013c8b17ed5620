/* branches: test functions.  Conventions: a0/a1 inputs; v0 result bits:
 *   bit0 = delay-slot instruction executed, bit1 = branch taken,
 *   bit2 = link register held the expected return address. */
        .set    noreorder
        .set    noat
        .text

/* two-register compare branches */
.macro BR2 name, insn
        .globl  \name
        .ent    \name
\name:
        li      $v0, 0
        \insn   $a0, $a1, 1f
        ori     $v0, $v0, 1             /* delay slot */
        jr      $ra
        nop
1:      jr      $ra
        ori     $v0, $v0, 2
        .end    \name
.endm

/* compare-with-zero branches */
.macro BR1 name, insn
        .globl  \name
        .ent    \name
\name:
        li      $v0, 0
        \insn   $a0, 1f
        ori     $v0, $v0, 1
        jr      $ra
        nop
1:      jr      $ra
        ori     $v0, $v0, 2
        .end    \name
.endm

/* compare-with-zero and link: also checks ra == branch + 8 (always written) */
.macro BRL name, insn
        .globl  \name
        .ent    \name
\name:
        move    $t9, $ra
        li      $v0, 0
        li      $ra, 0
        \insn   $a0, 1f
        ori     $v0, $v0, 1
9:      b       2f
        nop
1:      ori     $v0, $v0, 2
2:      la      $t0, 9b
        bne     $t0, $ra, 3f
        nop
        ori     $v0, $v0, 4
3:      jr      $t9
        nop
        .end    \name
.endm

        BR2     t_beq, beq
        BR2     t_bne, bne
        BR2     t_beql, beql
        BR2     t_bnel, bnel
        BR1     t_blez, blez
        BR1     t_bgtz, bgtz
        BR1     t_bltz, bltz
        BR1     t_bgez, bgez
        BR1     t_blezl, blezl
        BR1     t_bgtzl, bgtzl
        BR1     t_bltzl, bltzl
        BR1     t_bgezl, bgezl
        BRL     t_bltzal, bltzal
        BRL     t_bgezal, bgezal
        BRL     t_bltzall, bltzall
        BRL     t_bgezall, bgezall

/* bal: link value, and the delay slot sees the new ra */
        .globl  t_bal
        .ent    t_bal
t_bal:
        move    $t9, $ra
        li      $v0, 0
        bal     1f
        move    $v1, $ra                /* delay slot: ra already = bal+8 */
9:      b       3f
        nop
1:      ori     $v0, $v0, 2
        la      $t0, 9b
        bne     $t0, $ra, 2f
        nop
        ori     $v0, $v0, 4
2:      bne     $t0, $v1, 3f
        nop
        ori     $v0, $v0, 1
3:      jr      $t9
        nop
        .end    t_bal

/* jalr rd,rs with rd != ra: ra untouched, rd = jalr+8; jalr.hb too */
        .globl  t_jalr
        .ent    t_jalr
t_jalr:
        move    $t9, $ra
        li      $v0, 0
        li      $ra, 0x1234
        la      $t0, 1f
        jalr    $t1, $t0
        ori     $v0, $v0, 1             /* delay slot */
9:      jr      $t9                     /* must not get here */
        li      $v0, 0xdead
1:      la      $t2, 9b
        bne     $t1, $t2, 2f
        nop
        ori     $v0, $v0, 4
2:      li      $t2, 0x1234
        bne     $ra, $t2, 3f
        nop
        ori     $v0, $v0, 8
3:      la      $t0, 4f
        jalr.hb $t0
        nop
8:      jr      $t9
        nop
4:      la      $t2, 8b
        bne     $ra, $t2, 5f
        nop
        ori     $v0, $v0, 16
5:      jr.hb   $ra
        nop
        .end    t_jalr

/* jr with the jump register overwritten in its delay slot: old value used */
        .globl  t_jr_slot
        .ent    t_jr_slot
t_jr_slot:
        li      $v0, 0
        la      $t0, 1f
        jr      $t0
        move    $t0, $zero
        jr      $ra
        li      $v0, 0xbad
1:      jr      $ra
        ori     $v0, $v0, 1
        .end    t_jr_slot

/* branch whose delay slot modifies the compared register: old value used.
 * returns (taken<<1) | (a0+1 after slot == a0+1) */
        .globl  t_beq_slot_modifies
        .ent    t_beq_slot_modifies
t_beq_slot_modifies:
        li      $v0, 0
        move    $t0, $a0
        beq     $t0, $zero, 1f
        addiu   $t0, $t0, 1
        b       2f
        nop
1:      ori     $v0, $v0, 2
2:      addiu   $t1, $a0, 1
        bne     $t0, $t1, 3f
        nop
        ori     $v0, $v0, 1
3:      jr      $ra
        nop
        .end    t_beq_slot_modifies

/* count loop: bnez backwards with useful work in the delay slot: sum 1..a0 */
        .globl  t_loop
        .ent    t_loop
t_loop:
        move    $t0, $a0
        li      $v0, 0
1:      addu    $v0, $v0, $t0
        addiu   $t0, $t0, -1
        bnez    $t0, 1b
        sll     $zero, $zero, 0
        jr      $ra
        nop
        .end    t_loop

/* branch-likely loop: delay slot runs only when taken: returns count of slot execs */
        .globl  t_likely_loop
        .ent    t_likely_loop
t_likely_loop:
        move    $t0, $a0
        li      $v0, 0
1:      addiu   $t0, $t0, -1
        bgtzl   $t0, 1b
        addiu   $v0, $v0, 1             /* executes a0-1 times */
        jr      $ra
        nop
        .end    t_likely_loop

/* j / jal absolute jumps */
        .globl  t_j_jal
        .ent    t_j_jal
t_j_jal:
        move    $t9, $ra
        li      $v0, 0
        j       1f
        ori     $v0, $v0, 1
        li      $v0, 0xbad
1:      jal     2f
        ori     $v0, $v0, 2
9:      jr      $t9
        nop
2:      la      $t0, 9b
        bne     $t0, $ra, 3f
        nop
        ori     $v0, $v0, 4
3:      jr      $ra
        nop
        .end    t_j_jal

/* b (beq $0,$0) and 'bal' used as a position-independent PC read */
        .globl  t_pc_read
        .ent    t_pc_read
t_pc_read:
        move    $t9, $ra
        bal     1f
        nop
1:      la      $t0, 1b
        subu    $v0, $ra, $t0           /* 0 if correct */
        jr      $t9
        nop
        .end    t_pc_read
