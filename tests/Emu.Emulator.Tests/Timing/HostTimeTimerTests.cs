using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using Emu.Emulator.Timing;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Timing;

/// <summary>
/// Under host time guest time is the host's clock (QEMU without -icount), so a batch no longer ends on the
/// instruction at which Count reaches Compare. MFC0 Cause must still show TI as soon as Count has passed Compare:
/// Linux's c0_compare_int_usable sets Compare 16 ticks ahead and then polls Cause.TI for only 50 more ticks; when TI
/// waited for the batch boundary the kernel decided it had no timer and hung in calibrate_delay.
/// </summary>
public class HostTimeTimerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CauseTI_IsSeenInsideTheBatch_OnceCountPassesCompare(bool bigEndian)
    {
        using var t = new TestCpu(bigEndian);
        t.Cpu.HostPacer = new HostTimePacer(100_000_000);
        const int Count = 9, Compare = 11, Cause = 13;
        t.Load(
            Addiu(T3, 0, 16),    // delta: 16 Count ticks (320 ns of host time)
            Mfc0(T0, Count),     // arm: as Linux's c0_compare_int_usable, with a longer delta if Count already passed
            Addu(T0, T0, T3),
            Mtc0(T0, Compare),
            Mfc0(T1, Count),
            Subu(T1, T1, T0),
            Bgez(T1, -6),
            Sll(T3, T3, 1),
            Lui(T2, 0x4000),     // Cause.TI
            Mfc0(T1, Cause),     // poll:
            And(T1, T1, T2),
            Beq(T1, 0, -3),
            Nop);
        const uint After = TestCpu.CodeBase + 13 * 4;
        // MTC0 Compare ends its batch; the poll then runs in one batch to the 4000-instruction limit (fewer than
        // MaxBatch), so it can end only if a Cause read inside that batch sees TI. The first run compiles the .NET
        // code of these paths; the second is the measured one.
        t.Cpu.Run(4000);
        t.Cpu.Pc = TestCpu.CodeBase;
        t.Cpu.Run(4000);
        Assert.True(t.Cpu.Pc is After or After + 4, // on the self-loop after the poll
            $"pc={t.Cpu.Pc:x8} count={t.Cpu.ReadCp0(Cp0Register.Count):x8} compare={t.Cpu.ReadCp0(Cp0Register.Compare):x8} delta={t[T3]:x}");
        Assert.NotEqual(0u, t.Cpu.ReadCp0(Cp0Register.Cause) & 0x40000000u);
    }
}
