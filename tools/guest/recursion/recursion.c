/* recursion: deep and branching recursion, mutual recursion, stack arguments. */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })

static NOINLINE uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static NOINLINE uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static NOINLINE uint32_t fact(uint32_t n)
{
    return n <= 1 ? 1 : n * fact(n - 1);
}

static uint32_t hanoi_moves;
static uint32_t hanoi_sig;

static NOINLINE void hanoi(int n, int from, int to, int via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_sig = hanoi_sig * 31 + (uint32_t)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static NOINLINE int is_odd(uint32_t n);
static NOINLINE int is_even(uint32_t n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}
static NOINLINE int is_odd(uint32_t n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

/* deep recursion with a local array to use stack space */
static NOINLINE uint32_t deep(uint32_t n)
{
    volatile uint32_t local[4];
    local[0] = n;
    local[3] = n * 3;
    if (n == 0)
        return 0;
    return local[0] + deep(n - 1) + (local[3] - 3 * n);
}

/* more than 4 arguments: the rest are passed on the stack */
static NOINLINE uint32_t many(uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                              uint32_t e, uint32_t f, uint32_t g, uint32_t h, uint32_t depth)
{
    if (depth == 0)
        return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
    return many(h, a, b, c, d, e, f, g, depth - 1) ^ depth;
}

static NOINLINE uint32_t gcd(uint32_t a, uint32_t b)
{
    return b == 0 ? a : gcd(b, a % b);
}

/* recursive quicksort */
static void qsort_rec(int32_t *v, int lo, int hi)
{
    if (lo >= hi)
        return;
    int32_t p = v[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
        while (v[i] < p)
            i++;
        while (v[j] > p)
            j--;
        if (i <= j) {
            int32_t t = v[i];
            v[i] = v[j];
            v[j] = t;
            i++;
            j--;
        }
    }
    qsort_rec(v, lo, j);
    qsort_rec(v, i, hi);
}

int main(void)
{
    puts("recursion: start\n");
    check32("fib(20)", fib(V(20u)), 6765);
    check32("fib(25)", fib(V(25u)), 75025);
    check32("ack(2,3)", ack(V(2u), V(3u)), 9);
    check32("ack(3,3)", ack(V(3u), V(3u)), 61);
    check32("ack(3,5)", ack(V(3u), V(5u)), 253);
    check32("fact(12)", fact(V(12u)), 479001600u);
    hanoi(V(10), 0, 2, 1);
    check32("hanoi(10) moves", hanoi_moves, 1023);
    printf("hanoi signature = 0x%08x\n", hanoi_sig);
    check32("is_even(1001)", is_even(V(1001u)), 0);
    check32("is_odd(777)", is_odd(V(777u)), 1);
    check32("deep(1000)", deep(V(1000u)), 1000u * 1001u / 2);
    /* many(): rotate args 9 times, reference computed by the C rules above */
    {
        uint32_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        uint32_t x = 0;
        /* after 9 rotations (h,a,b,..,g) the arg list is rotated right by 9 mod 8 = 1 */
        uint32_t r[8];
        for (int i = 0; i < 8; i++)
            r[i] = a[(i + 7) % 8];
        for (int i = 0; i < 8; i++)
            x += (uint32_t)(i + 1) * r[i];
        uint32_t exp = x;
        for (uint32_t d = 1; d <= 9; d++)
            exp ^= d;
        check32("many(...,9)", many(V(1u), 2, 3, 4, 5, 6, 7, 8, V(9u)), exp);
    }
    check32("gcd(1071,462)", gcd(V(1071u), V(462u)), 21);
    check32("gcd(2^31,3^19)", gcd(V(0x80000000u), V(1162261467u)), 1);
    {
        int32_t v[64];
        uint32_t s = 12345;
        for (int i = 0; i < 64; i++) {
            s = s * 1103515245u + 12345u;
            v[i] = (int32_t)(s >> 8) - 0x400000;
        }
        qsort_rec(v, 0, 63);
        int sorted = 1;
        for (int i = 1; i < 64; i++)
            if (v[i - 1] > v[i])
                sorted = 0;
        check_true("qsort sorted", sorted);
        printf("qsort min=%d max=%d\n", v[0], v[63]);
    }
    return finish("recursion");
}
