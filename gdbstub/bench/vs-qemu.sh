#!/bin/bash
# gdb round trips, Emu vs QEMU (qemu-system-mips -M malta -S), over TCP and over a socat pty pair, in
# alternating runs. Prints ms per operation for each run. Usage: gdbstub/bench/vs-qemu.sh [ROUNDS] (default 3).
# Needs: a Release build, gdb-multiarch, qemu-system-mips, socat, and tools/guest built (make -C tools/guest).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EMU="dotnet $ROOT/tools/Emu.Cli/bin/Release/net10.0/emu.dll"
ELF=$ROOT/tools/guest/build/be/demo.elf
OPS=$ROOT/gdbstub/bench/gdb_ops.py
ROUNDS=${1:-3}
GDB="gdb-multiarch -nx -batch -ex 'set pagination off' -ex 'set confirm off' -ex 'set architecture mips' -ex 'set endian big'"

one() { # $1 label, $2 stub command (backgrounded), $3 gdb target
  eval "$2" >/dev/null 2>&1 &
  local pid=$!
  sleep 2
  STUB="$3" eval "$GDB -x $OPS" 2>/dev/null | grep -E "^(attach|stepi|bp-cycle|m-packet|error) " | sed "s/^/$1 /"
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
}

for r in $(seq "$ROUNDS"); do
  one "emu  tcp   " "$EMU run -S --gdb tcp::41234 $ELF" "127.0.0.1:41234"
  one "qemu tcp   " "qemu-system-mips -M malta -net none -vga none -display none -serial null -monitor none -S -gdb tcp:127.0.0.1:41235" "127.0.0.1:41235"
  D=$(mktemp -d)
  socat pty,raw,echo=0,link=$D/ttyA pty,raw,echo=0,link=$D/ttyB & SOCAT=$!
  sleep 0.5
  one "emu  serial" "$EMU run -S --gdb serial:$D/ttyA,115200 $ELF" "$D/ttyB"
  one "qemu serial" "qemu-system-mips -M malta -net none -vga none -display none -serial null -monitor none -S -chardev serial,id=gdbser,path=$D/ttyA -gdb chardev:gdbser" "$D/ttyB"
  kill $SOCAT; wait $SOCAT 2>/dev/null; rm -rf "$D"
done
