/* usermode: the user program.  Linked inside the kernel image in .user, run at
 * VA 0x00400000 (data page, even) / 0x00401000 (code page, odd) through TLB.
 * Position independent: only relative branches, constants from same-section
 * label differences defined before use.
 * Syscalls: v0=1 write(a0=buf, a1=len); v0=2 exit(a0); v0=3 puthex(a0);
 *           v0=4 returns 42 in v0. */
        .set    noreorder
        .set    noat
        .section .user, "ax"
        .globl  um_data, um_code, um_main, um_bad
um_data:
um_counter:
        .word   100
um_msg1:
        .ascii  "hello from user mode\n"
um_msg1_end:
um_msg2:
        .ascii  "user: about to load from kseg0\n"
um_msg2_end:

        .org    0x1000
um_code:
        .equ    DATA_VA, 0x00400000
um_main:
        li      $v0, 1
        li      $a0, DATA_VA + (um_msg1 - um_data)
        li      $a1, um_msg1_end - um_msg1
        syscall
        li      $v0, 4
        syscall
        move    $s0, $v0                /* 42 from the kernel */
        /* demand-mapped page pair at 0x00800000 (filled by the kernel) */
        li      $t0, 0x00800000
        lw      $t1, 0($t0)             /* TLB refill -> kernel maps -> retried */
        addu    $t1, $t1, $s0
        sw      $t1, 4($t0)
        li      $t2, 0x00801008
        sw      $t1, 0($t2)             /* odd page of the same pair: no new refill */
        move    $a0, $t1
        li      $v0, 3
        syscall
        /* read-modify-write of user data page */
        li      $t0, DATA_VA + (um_counter - um_data)
        lw      $t1, 0($t0)
        addiu   $t1, $t1, 23
        sw      $t1, 0($t0)
        lw      $a0, 0($t0)
        li      $v0, 3
        syscall
        /* a little loop: sum 1..10 */
        li      $t0, 10
        li      $a0, 0
1:      addu    $a0, $a0, $t0
        addiu   $t0, $t0, -1
        bnez    $t0, 1b
        nop
        li      $v0, 3
        syscall
        li      $v0, 2
        li      $a0, 7
        syscall
2:      b       2b
        nop

um_bad:
        li      $v0, 1
        li      $a0, DATA_VA + (um_msg2 - um_data)
        li      $a1, um_msg2_end - um_msg2
        syscall
        lui     $t0, 0x8000
        .globl  um_bad_pc
um_bad_pc:
        lw      $t1, 0($t0)             /* AdEL: kseg0 from user mode */
        li      $v0, 2
        li      $a0, 0
        syscall
3:      b       3b
        nop
