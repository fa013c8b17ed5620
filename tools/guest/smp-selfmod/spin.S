/* uint32_t selfmod_spin(volatile uint32_t *round, uint32_t expect, uint32_t limit)
 *
 * vCPU 0's loop over an instruction that vCPU 1 rewrites: selfmod_site is "addiu v0, zero, K" and vCPU 1 patches K
 * to the round number (then SYNCI, SYNC), then publishes the round at *round. The loop runs until the site yields
 * `expect`, going back to the site through JR.HB each time (MIPS32 Vol II JR.HB: clears instruction hazards, so the
 * next fetch sees stores made visible before it; what a core needs to run rewritten code). The iterations that ran
 * the old instruction after *round == expect was seen are counted (at most `limit`) and returned. One iteration is
 * exactly SELFMOD_LOOP_INSNS (11) instructions, so the count bounds how many instructions vCPU 0 ran from the old
 * decode after the patching store was visible to it.
 */
        .text
        .set    noreorder
        .globl  selfmod_spin, selfmod_site
        .ent    selfmod_spin
selfmod_spin:
        move    $t1, $zero
        la      $t9, selfmod_site
selfmod_site:
        addiu   $v0, $zero, 0           /* patched by vCPU 1: the immediate is the round */
        beq     $v0, $a1, 2f            /* the new instruction ran: done */
        nop
        lw      $t0, 0($a0)
        xor     $t0, $t0, $a1
        sltiu   $t0, $t0, 1             /* 1 once the patch is published: the old instruction ran late */
        addu    $t1, $t1, $t0
        beq     $t1, $a2, 2f            /* give up: the old decode never went */
        nop
        jr.hb   $t9
        nop
2:      jr      $ra
        move    $v0, $t1
        .end    selfmod_spin
        .set    reorder
