using Emu.Emulator.Memory;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// A load or store that misses the GvaCache looks its page up outside guest mode (Mips32Cpu.MapGuestPage), and the
/// host may unmap the very page the instruction was fetched from meanwhile (swap-out under pressure). Re-entering guest
/// mode then applies the code invalidation the notifier queued, which resets the page's decoded slots. The
/// instruction must still complete as decoded: LWL/LWR/SWL/SWR, LH and LB once read their opcode back from the reset
/// slot after the lookup, so an LWL ran as an SWR (register unchanged, a byte of it stored into memory) and LH/LB as
/// LHU/LBU (CI saw "lwl +0 = 0xa1b2c3d4 FAIL" in tools/guest/unaligned under --host-pressure, about 1 run in 50).
/// Here the host's swap-out is placed in that window deterministically, and the result must equal a run without it.
/// </summary>
public sealed class LoadDuringCodeUnmapTests
{
    private const uint Code = 0x80010000;
    private const uint CodeGpa = 0x10000;
    private const uint Data = 0x80020000; // one data page per access, so each one misses the GvaCache

    private static readonly uint[] Program =
    [
        Lwl(T0, A0, 1),
        Lh(T1, A1, 0),
        Lb(T2, A2, 0),
        Lwr(T3, A3, 2),
        Swl(T4, S0, 1),
        Swr(T4, S1, 2),
        Beq(0, 0, -1),
        Nop,
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AccessWhoseCodePageIsSwappedOutDuringItsPageLookup_CompletesAsDecoded(bool bigEndian)
    {
        var expected = Run(bigEndian, unmapCodeDuringLookups: false, out _);
        var actual = Run(bigEndian, unmapCodeDuringLookups: true, out var swappedOut);
        Assert.True(swappedOut >= 6, $"the code page was swapped out {swappedOut} times: the window was not exercised");
        Assert.Equal(expected, actual);
    }

    private static string Run(bool bigEndian, bool unmapCodeDuringLookups, out int swappedOut)
    {
        SwapOutCodePage? hook = null;
        using var vm = new KvmTestVm(
            bigEndian: bigEndian,
            frontDoor: unmapCodeDuringLookups ? inner => hook = new SwapOutCodePage(inner) : null);
        if (hook is not null)
        {
            hook.Vm = vm;
        }
        vm.WriteWords(Code, Program);
        for (uint page = 0; page < 6; page++)
        {
            vm.WriteWords(Data + page * 0x1000, 0x80818283u + page, 0x94959697u);
        }
        var cpu = vm.Cpu;
        cpu.Pc = Code;
        int[] bases = [A0, A1, A2, A3, S0, S1];
        for (var i = 0; i < bases.Length; i++)
        {
            cpu.SetGpr(bases[i], Data + (uint)i * 0x1000);
        }
        foreach (var reg in new[] { T0, T1, T2, T3 })
        {
            cpu.SetGpr(reg, 0xa1b2c3d4);
        }
        cpu.SetGpr(T4, 0x11223344);
        cpu.Run(Program.Length);
        swappedOut = hook?.SwappedOut ?? 0;
        var words = Enumerable.Range(0, 6).Select(p => vm.ReadWord(Data + (uint)p * 0x1000));
        return $"pc={cpu.Pc:x8} t0={cpu.GetGpr(T0):x8} t1={cpu.GetGpr(T1):x8} t2={cpu.GetGpr(T2):x8} t3={cpu.GetGpr(T3):x8} "
            + $"mem={string.Join(",", words.Select(w => w.ToString("x8")))}";
    }

    /// <summary>
    /// The vCPU's front door, with the host pressure thread's swap-out of the code page placed right after each data
    /// page lookup: the window in which the vCPU is outside guest mode, so the notifier does not wait for it.
    /// </summary>
    private sealed unsafe class SwapOutCodePage(IGuestMemory inner) : IGuestMemory
    {
        public KvmTestVm? Vm { get; set; }

        public int SwappedOut { get; private set; }

        public bool TryMapPage(uint gpa, bool write, out byte* hostPage, out bool writable)
        {
            var ok = inner.TryMapPage(gpa, write, out hostPage, out writable);
            if (gpa >> 12 != CodeGpa >> 12 && Vm is { } vm)
            {
                SwappedOut += vm.HostMm.SwapOut(vm.HvaOf(CodeGpa), 0x1000);
            }
            return ok;
        }

        public bool TryRead(uint gpa, int size, out uint value) => inner.TryRead(gpa, size, out value);

        public bool TryWrite(uint gpa, int size, uint value) => inner.TryWrite(gpa, size, value);

        public bool TryReadGuest(uint gpa, Span<byte> destination) => inner.TryReadGuest(gpa, destination);

        public bool TryWriteGuest(uint gpa, ReadOnlySpan<byte> source) => inner.TryWriteGuest(gpa, source);
    }
}
