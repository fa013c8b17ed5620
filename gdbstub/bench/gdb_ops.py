# Timed gdb operations against whatever stub gdb is attached to (run inside gdb-multiarch -batch -x).
# Prints one line per operation: NAME <milliseconds per operation>. Used by vs-qemu.sh.
import gdb, os, time

def per_op(name, n, body):
    start = time.perf_counter()
    for _ in range(n):
        body()
    print(f"{name} {(time.perf_counter() - start) * 1000 / n:.3f}")

def run():
    ex = lambda c: gdb.execute(c, to_string=True)
    # The first attach of this stub process: handshake, target description, registers.
    per_op("attach", 1, lambda: ex("target remote " + os.environ["STUB"]))
    # loop at 0x80200000: addiu t0,t0,1 ; b loop ; nop (RAM in both machines, kseg0)
    for addr, word in ((0x80200000, 0x25080001), (0x80200004, 0x1000fffe), (0x80200008, 0)):
        ex(f"set {{int}}0x{addr:x} = 0x{word:x}")
    ex("set $pc = 0x80200000")
    per_op("stepi", 200, lambda: ex("stepi"))
    ex("break *0x80200000")
    per_op("bp-cycle", 100, lambda: ex("continue"))
    ex("delete")
    per_op("m-packet", 300, lambda: ex("maintenance packet m80200000,4"))

try:
    run()
    gdb.execute("kill")
except Exception as e:
    print("error", e)
    gdb.execute("quit 2")
