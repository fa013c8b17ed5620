/* funcptr: function-pointer tables, callbacks, sorting with comparators. */
#include "runtime.h"

#define V(x) ({ volatile __typeof__(x) _v = (x); _v; })

typedef int32_t (*binop_t)(int32_t, int32_t);

static NOINLINE int32_t op_add(int32_t a, int32_t b) { return a + b; }
static NOINLINE int32_t op_sub(int32_t a, int32_t b) { return a - b; }
static NOINLINE int32_t op_mul(int32_t a, int32_t b) { return a * b; }
static NOINLINE int32_t op_div(int32_t a, int32_t b) { return b ? a / b : 0; }
static NOINLINE int32_t op_and(int32_t a, int32_t b) { return a & b; }
static NOINLINE int32_t op_shl(int32_t a, int32_t b) { return (int32_t)((uint32_t)a << (b & 31)); }

static const struct {
    const char *name;
    binop_t fn;
} ops[] = {
    {"add", op_add}, {"sub", op_sub}, {"mul", op_mul},
    {"div", op_div}, {"and", op_and}, {"shl", op_shl},
};
#define NOPS (int)(sizeof(ops) / sizeof(ops[0]))

/* generic sort with a callback (insertion + shell sort on arbitrary element size) */
typedef int (*cmp_t)(const void *, const void *);

static void swap_bytes(char *a, char *b, size_t n)
{
    while (n--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static NOINLINE void gsort(void *base, size_t n, size_t sz, cmp_t cmp)
{
    char *b = base;
    for (size_t gap = n / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < n; i++)
            for (size_t j = i; j >= gap && cmp(b + (j - gap) * sz, b + j * sz) > 0; j -= gap)
                swap_bytes(b + (j - gap) * sz, b + j * sz, sz);
}

static int ncmp;
static int cmp_int_asc(const void *a, const void *b)
{
    ncmp++;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }

struct rec {
    char name[8];
    uint16_t age;
    uint8_t id;
};
static int cmp_rec_age(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    return (int)x->age - (int)y->age;
}
static int cmp_rec_name(const void *a, const void *b)
{
    return strcmp(((const struct rec *)a)->name, ((const struct rec *)b)->name);
}

/* a tiny state machine driven by a table of handler pointers */
typedef int (*state_fn)(int c, uint32_t *acc);
static int st_start(int c, uint32_t *acc) { *acc = 0; return c == '#' ? 1 : 0; }
static int st_num(int c, uint32_t *acc)
{
    if (c >= '0' && c <= '9') {
        *acc = *acc * 10 + (uint32_t)(c - '0');
        return 1;
    }
    return c == ';' ? 2 : 3;
}
static int st_done(int c, uint32_t *acc) { (void)c; (void)acc; return 2; }
static int st_err(int c, uint32_t *acc) { (void)c; *acc = 0xffffffffu; return 3; }
static state_fn const machine[] = {st_start, st_num, st_done, st_err};

static uint32_t run_machine(const char *s)
{
    uint32_t acc = 0;
    int st = 0;
    for (; *s; s++)
        st = machine[st](*s, &acc);
    return st == 2 ? acc : 0xeeeeeeeeu;
}

/* callbacks passed through several levels, including a pointer to pointer */
static NOINLINE uint32_t apply_n(uint32_t (*f)(uint32_t), uint32_t x, int n)
{
    while (n--)
        x = f(x);
    return x;
}
static uint32_t step_a(uint32_t x) { return x * 3 + 1; }
static uint32_t step_b(uint32_t x) { return (x >> 1) ^ 0x5555u; }

int main(void)
{
    puts("funcptr: start\n");
    static const int32_t exp[NOPS] = {1000 + -7, 1000 - -7, -7000, -142, 1000 & -7, (int32_t)(1000u << 25)};
    for (int i = 0; i < NOPS; i++) {
        char name[16];
        strcpy(name, "op ");
        strcpy(name + 3, ops[i].name);
        binop_t f = V(ops[i].fn);
        check32(name, (uint32_t)f(V(1000), V(-7)), (uint32_t)exp[i]);
    }

    int32_t arr[40];
    uint32_t s = 1;
    for (int i = 0; i < 40; i++) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        arr[i] = (int32_t)(s % 2001) - 1000;
    }
    gsort(arr, 40, sizeof(arr[0]), cmp_int_asc);
    int ok = 1;
    for (int i = 1; i < 40; i++)
        ok &= arr[i - 1] <= arr[i];
    check_true("sort ascending", ok);
    printf("sorted: first=%d last=%d comparisons=%d\n", arr[0], arr[39], ncmp);
    gsort(arr, 40, sizeof(arr[0]), cmp_int_desc);
    ok = 1;
    for (int i = 1; i < 40; i++)
        ok &= arr[i - 1] >= arr[i];
    check_true("sort descending", ok);

    struct rec recs[5] = {
        {"delta", 40, 1}, {"alpha", 33, 2}, {"echo", 21, 3}, {"charlie", 58, 4}, {"bravo", 27, 5},
    };
    gsort(recs, 5, sizeof(recs[0]), cmp_rec_age);
    check32("by age ids", (uint32_t)recs[0].id << 16 | recs[1].id << 12 | recs[2].id << 8 | recs[3].id << 4 | recs[4].id,
            0x35214u << 0 | 0);
    gsort(recs, 5, sizeof(recs[0]), cmp_rec_name);
    check32("by name ids", (uint32_t)recs[0].id << 16 | recs[1].id << 12 | recs[2].id << 8 | recs[3].id << 4 | recs[4].id,
            0x25413u);
    printf("first by name: %s\n", recs[0].name);

    check32("machine #1234;", run_machine("#1234;"), 1234);
    check32("machine #42x", run_machine("#42x"), 0xeeeeeeeeu);
    check32("machine 9#77;", run_machine("9#77;"), 77);

    check32("apply_n a", apply_n(V(&step_a), 1, 10), 88573);
    check32("apply_n b", apply_n(V(&step_b), 0xdeadbeefu, 7), 0x01bd3dd7u);

    uint32_t (*const *pp)(uint32_t) = &(uint32_t (*const)(uint32_t)){step_a};
    check32("ptr to ptr", (*V(pp))(5), 16);
    return finish("funcptr");
}
