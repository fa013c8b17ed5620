/* Record/replay guest: echoes console input until '.', printing how many times it polled the UART before each
 * byte arrived, so the output depends on the exact instruction at which the guest received every byte. */
#include "runtime.h"

int main(void)
{
    volatile uint8_t *u = (volatile uint8_t *)UART_BASE;
    uint32_t n = 0, sum = 0, polls = 0;
    puts("rr-echo: type; '.' ends\n");
    for (;;) {
        while (!(u[UART_LSR] & 1))
            polls++;
        char c = (char)u[0];
        if (c == '.')
            break;
        n++;
        sum = sum * 31u + (uint8_t)c;
        printf("got %u after %u polls\n", (uint8_t)c, polls);
    }
    printf("rr-echo: %u bytes, sum %08x\n", n, sum);
    return 0;
}
