using Emu.Emulator.Cp0;
using Emu.Emulator.Cp0.Tlb;

namespace Emu.Emulator.Debug;

/// <summary>
/// The debug surface of one vCPU, owned by the core (CONVENTIONS.md: the gdb stub never reaches into CPU
/// internals; Renode's ICpuSupportingGdb idea). Every member may be called only while the vCPU is parked
/// by the machine's run loop (<see cref="VcpuRunner"/>; <see cref="DebugController.AllStopped"/>): the
/// runner's lock orders those calls after the vCPU thread's last write, so no member here synchronises by itself.
/// </summary>
public interface ICpuDebugTarget
{
    /// <summary>0-based vCPU number (gdb thread id = index + 1).</summary>
    int VcpuIndex { get; }

    bool BigEndian { get; }

    /// <summary>Writing the PC cancels a pending delay-slot branch (GDB-RSP-MIPS.md §6).</summary>
    uint Pc { get; set; }

    bool InDelaySlot { get; }

    uint Hi { get; set; }

    uint Lo { get; set; }

    long InstructionsRetired { get; }

    uint GetGpr(int index);

    void SetGpr(int index, uint value);

    /// <summary>MFC0 view of a CP0 register (no side effects).</summary>
    uint ReadCp0(Cp0Register reg);

    /// <summary>MTC0 with the register's write mask and side effects.</summary>
    void WriteCp0(Cp0Register reg, uint value);

    /// <summary>
    /// FPU register as gdb's 32-bit MIPS description shows it (QEMU's MIPS32 stub): 0-31 the low word of
    /// FPR n (with FR = 0 the odd register holds a double's high half), 32 FCSR, 33 FIR; 0 without an FPU.
    /// </summary>
    uint ReadFpuRegister(int index);

    /// <summary>Writes what <see cref="ReadFpuRegister"/> reads (FCSR through its write mask; FIR is read-only).</summary>
    void WriteFpuRegister(int index, uint value);

    /// <summary>
    /// Debugger read: virtual through the vCPU's current mapping (kernel view, no guest exception), or
    /// physical. Reads RAM-like pages only (never MMIO, which could have side effects). Returns the
    /// number of bytes read from the start of <paramref name="destination"/>.
    /// </summary>
    int ReadMemory(uint address, Span<byte> destination, bool physical);

    /// <summary>
    /// Debugger write through the memory front door with write intent (so pages become dirty), then
    /// invalidates decoded code for what it wrote. Returns the number of bytes written.
    /// </summary>
    int WriteMemory(uint address, ReadOnlySpan<byte> source, bool physical);

    /// <summary>Translation as the guest would see it in kernel mode, without side effects.</summary>
    TranslateResult DebugTranslate(uint va, bool write, out uint pa);

    /// <summary>The guest TLB, read-only: the debugger never writes it (gdb has no TLB packets; QEMU's stub neither).</summary>
    IReadOnlyTlb Tlb { get; }

    long[] ExceptionCounts { get; }

    /// <summary>One line for qThreadExtraInfo: mode, exception level, delay slot, WAIT.</summary>
    string DescribeState();
}
