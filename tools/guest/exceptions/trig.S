/* exceptions: trigger functions.  Each has a global <name>_pc label on the
 * instruction expected in EPC.  Leaf functions; a0/a1 = inputs, v0 = result. */
        .set    noreorder
        .set    noat
        .text

.macro FN name
        .globl  \name
        .globl  \name\()_pc
        .ent    \name
\name:
.endm
.macro ENDFN name
        jr      $ra
        nop
        .end    \name
.endm

/* Ov: destination must not be written; returns v0 (sentinel 0x1234) */
        FN      x_add
        li      $t0, 0x7fffffff
        li      $t1, 1
        li      $v0, 0x1234
x_add_pc:
        add     $v0, $t0, $t1
        ENDFN   x_add

        FN      x_addi
        li      $t0, 0x7ffffff0
        li      $v0, 0x1234
x_addi_pc:
        addi    $v0, $t0, 0x10
        ENDFN   x_addi

        FN      x_sub
        li      $t0, 0x80000000
        li      $t1, 1
        li      $v0, 0x1234
x_sub_pc:
        sub     $v0, $t0, $t1
        ENDFN   x_sub

        /* no overflow trap for the unsigned forms; returns sum of results */
        FN      x_noov
        li      $t0, 0x7fffffff
        li      $t1, 1
x_noov_pc:
        addu    $v0, $t0, $t1
        addiu   $v1, $t0, 1
        addu    $v0, $v0, $v1
        li      $t0, 0x80000000
        subu    $v1, $t0, $t1
        addu    $v0, $v0, $v1
        add     $v1, $t1, $t1           /* no overflow: 2 */
        addu    $v0, $v0, $v1
        ENDFN   x_noov

/* traps (register forms): a0 ? a1 */
.macro TR name, insn
        FN      \name
\name\()_pc:
        \insn   $a0, $a1
        ENDFN   \name
.endm
.macro TRI name, insn, imm
        FN      \name
\name\()_pc:
        \insn   $a0, \imm
        ENDFN   \name
.endm
        TR      x_teq, teq
        TR      x_tne, tne
        TR      x_tge, tge
        TR      x_tgeu, tgeu
        TR      x_tlt, tlt
        TR      x_tltu, tltu
        TRI     x_teqi, teqi, 5
        TRI     x_tnei, tnei, 5
        TRI     x_tgei, tgei, -3
        TRI     x_tgeiu, tgeiu, -2      /* compares unsigned against 0xfffffffe */
        TRI     x_tlti, tlti, -3
        TRI     x_tltiu, tltiu, 100

        FN      x_syscall
x_syscall_pc:
        syscall 0x12345
        ENDFN   x_syscall

        FN      x_break
x_break_pc:
        break   7, 9
        ENDFN   x_break

        FN      x_ri
x_ri_pc:
        .word   0xec000000              /* major opcode 0x3b: reserved in MIPS32r2 */
        ENDFN   x_ri

        FN      x_cpu1
x_cpu1_pc:
        .word   0x44080000              /* mfc1 $t0, $f0 with Status.CU1=0 */
        ENDFN   x_cpu1

        /* address errors on exc_word (word aligned, in .data) */
        FN      x_lw_unaligned
        la      $t0, exc_word
x_lw_unaligned_pc:
        lw      $v0, 1($t0)
        ENDFN   x_lw_unaligned

        FN      x_lh_unaligned
        la      $t0, exc_word
x_lh_unaligned_pc:
        lh      $v0, 3($t0)
        ENDFN   x_lh_unaligned

        FN      x_lhu_unaligned
        la      $t0, exc_word
x_lhu_unaligned_pc:
        lhu     $v0, 1($t0)
        ENDFN   x_lhu_unaligned

        FN      x_sw_unaligned
        la      $t0, exc_word
x_sw_unaligned_pc:
        sw      $t0, 2($t0)
        ENDFN   x_sw_unaligned

        FN      x_sh_unaligned
        la      $t0, exc_word
x_sh_unaligned_pc:
        sh      $t0, 1($t0)
        ENDFN   x_sh_unaligned

        /* jump to a misaligned address (bit 1 set): AdEL on fetch,
         * EPC = BadVAddr = target; the handler resumes at ra */
        FN      x_jump_unaligned
        la      $t0, x_jump_target
        addiu   $t0, $t0, 2
        move    $t9, $ra
        jalr    $t0
        nop
        jr      $t9
        nop
        .globl  x_jump_target
x_jump_target:
        jr      $ra
        nop
        .end    x_jump_unaligned

        /* AdEL in the delay slot of a taken branch: BD=1, EPC=branch */
        FN      x_bd_lw
        la      $t0, exc_word
x_bd_lw_pc:
        beq     $zero, $zero, 1f
        lw      $v0, 1($t0)
1:      ENDFN   x_bd_lw

        /* syscall in the delay slot of a taken branch-likely */
        FN      x_bd_sys
        li      $t0, 1
x_bd_sys_pc:
        bnel    $t0, $zero, 1f
        syscall 0x42
1:      ENDFN   x_bd_sys

        /* loads/stores to an address passed in a0 */
        FN      x_load
x_load_pc:
        lw      $v0, 0($a0)
        ENDFN   x_load

        FN      x_store
x_store_pc:
        sw      $a1, 0($a0)
        ENDFN   x_store

        /* instruction fetch from a0: the handler resumes at ra */
        FN      x_fetch
        move    $t9, $ra
        jalr    $a0
        nop
x_fetch_pc:
        jr      $t9
        nop
        .end    x_fetch

        .data
        .align  2
        .globl  exc_word
exc_word:
        .word   0x11223344, 0x55667788

/* user-mode code, mapped by TLB at 0x00400000 (position independent) */
        .section .user, "ax"
        .globl  user_kseg0, user_kseg0_pc, user_cop0, user_cop0_pc, user_sys, user_sys_pc
user_kseg0:
        lui     $t0, 0x8000
user_kseg0_pc:
        lw      $t1, 0($t0)
        syscall
user_cop0:
user_cop0_pc:
        mfc0    $t0, $12
        syscall
user_sys:
        li      $v0, 1
user_sys_pc:
        syscall 0x777
        b       user_sys
        nop
