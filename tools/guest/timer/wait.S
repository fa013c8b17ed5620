/* void wait_irq(volatile int *flag): returns once *flag != 0.
 * If an interrupt arrives anywhere inside [wait_irq_start, wait_irq_end) the
 * handler moves EPC to wait_irq_end, so a WAIT after the flag check can never
 * sleep forever (no lost-wakeup race). */
        .set    noreorder
        .text
        .globl  wait_irq, wait_irq_start, wait_irq_end
        .ent    wait_irq
wait_irq:
wait_irq_start:
        lw      $t0, 0($a0)
        bnez    $t0, wait_irq_end
        nop
        wait
wait_irq_end:
        jr      $ra
        nop
        .end    wait_irq
