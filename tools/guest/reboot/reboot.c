/* reboot: counts its boots and reboots the board. Each boot prints "reboot: boot N", then "reboot: PASS", then
 * halts through SOFTRES (0x42 to the Malta FPGA's 0x1f000500), which QEMU and Emu treat as a board reset for a
 * -kernel image: the image is loaded again (.data fresh, .bss cleared) but RAM outside it keeps its contents,
 * so the counter at physical 15 MiB (outside the image, below QEMU's 128 MiB default) says which boot this is.
 * With -no-reboot (and for a bare ELF under emu) the first SOFTRES ends the machine: one boot. The gdb tests
 * use it to see a reboot under the debugger: a breakpoint on main is hit once per boot. */
#include "runtime.h"

#define BOOTS ((volatile uint32_t *)KSEG1(0x00f00000u))
#define BOOTS_MAGIC 0x5eb0075eu

int main(void)
{
    uint32_t boot = BOOTS[0] == BOOTS_MAGIC ? BOOTS[1] + 1 : 1;
    BOOTS[0] = BOOTS_MAGIC;
    BOOTS[1] = boot;
    printf("reboot: boot %u\n", boot);
    return finish("reboot"); /* then start.S halts: SOFTRES, the next boot or, with -no-reboot, the end */
}
