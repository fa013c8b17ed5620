using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Cp0;

public class TlbTests
{
    private const uint UserVa = 0x00400000;
    private const uint PhysPage = 0x00030000;

    /// <summary>Writes TLB entry <paramref name="index"/> through CP0 as a guest kernel would.</summary>
    private static void WriteEntry(TestCpu t, int index, uint entryHi, uint lo0, uint lo1, uint pageMask = 0)
    {
        t.Cpu.WriteCp0(Cp0Register.Index, (uint)index);
        t.Cpu.WriteCp0(Cp0Register.EntryHi, entryHi);
        t.Cpu.WriteCp0(Cp0Register.EntryLo0, lo0);
        t.Cpu.WriteCp0(Cp0Register.EntryLo1, lo1);
        t.Cpu.WriteCp0(Cp0Register.PageMask, pageMask);
        t.Load(Tlbwi);
        t.Step();
    }

    private static uint Lo(uint pa, bool dirty = true, bool valid = true, bool global = false) =>
        ((pa >> 12) << 6) | (2u << 3) | (dirty ? 4u : 0) | (valid ? 2u : 0) | (global ? 1u : 0);

    [Fact]
    public void MappedLoad_WithoutEntry_UsesRefillVector_WhenExlClear()
    {
        using var t = new TestCpu();
        t[S0] = UserVa + 0x1234;
        t.Load(Lw(T0, S0, 0));
        t.Step();
        Assert.Equal(ExcCode.TlbL, t.LastExcCode);
        Assert.Equal(TestCpu.RefillVector, t.Cpu.Pc);
        Assert.Equal(UserVa + 0x1234, t.Cp0(Cp0Register.BadVAddr));
        Assert.Equal(UserVa & 0xffffe000, t.Cp0(Cp0Register.EntryHi) & 0xffffe000);
        Assert.Equal((UserVa >> 13) << 4, t.Cp0(Cp0Register.Context) & 0x007ffff0);
    }

    [Fact]
    public void MappedLoad_WithoutEntry_UsesGeneralVector_WhenExlSet()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusEXL);
        t[S0] = UserVa;
        t.Load(Lw(T0, S0, 0));
        t.Step();
        Assert.Equal(ExcCode.TlbL, t.LastExcCode);
        Assert.Equal(TestCpu.GeneralVector, t.Cpu.Pc);
    }

    [Fact]
    public void InvalidEntry_RaisesTlbsOnGeneralVector()
    {
        using var t = new TestCpu();
        WriteEntry(t, 0, UserVa, Lo(PhysPage, valid: false), Lo(PhysPage + 0x1000, valid: false));
        t[S0] = UserVa;
        t.Load(Sw(T0, S0, 0));
        t.Step();
        Assert.Equal(ExcCode.TlbS, t.LastExcCode);
        Assert.Equal(TestCpu.GeneralVector, t.Cpu.Pc);
    }

    [Fact]
    public void StoreToCleanPage_RaisesTlbMod_LoadSucceeds()
    {
        using var t = new TestCpu();
        t.Poke32(0x80000000 | PhysPage, 0xcafef00d);
        WriteEntry(t, 0, UserVa, Lo(PhysPage, dirty: false), Lo(PhysPage + 0x1000, dirty: false));
        t[S0] = UserVa;
        t.Load(Lw(T0, S0, 0), Sw(T0, S0, 0));
        t.Step(2);
        Assert.Equal(0xcafef00du, t[T0]);
        Assert.Equal(ExcCode.Mod, t.LastExcCode);
        Assert.Equal(TestCpu.CodeBase + 4, t.Cp0(Cp0Register.Epc));
    }

    [Fact]
    public void OddPage_UsesEntryLo1()
    {
        using var t = new TestCpu();
        t.Poke32(0x80000000 | PhysPage, 0x0e0e0e0e);
        t.Poke32(0x80000000 | (PhysPage + 0x5000), 0x0d0d0d0d);
        WriteEntry(t, 3, UserVa, Lo(PhysPage), Lo(PhysPage + 0x5000));
        t[S0] = UserVa;
        t.Load(Lw(T0, S0, 0), Lw(T1, S0, 0x1000));
        t.Step(2);
        Assert.Equal(0x0e0e0e0eu, t[T0]);
        Assert.Equal(0x0d0d0d0du, t[T1]);
    }

    [Fact]
    public void AsidMismatch_Misses_UnlessGlobal()
    {
        using var t = new TestCpu();
        WriteEntry(t, 0, UserVa | 5, Lo(PhysPage), Lo(PhysPage));
        WriteEntry(t, 1, (UserVa + 0x2000) | 5, Lo(PhysPage, global: true), Lo(PhysPage, global: true));
        t.Cpu.WriteCp0(Cp0Register.EntryHi, 6); // switch to ASID 6
        t[S0] = UserVa;
        t.Load(Lw(T0, S0, 0x2000), Lw(T1, S0, 0));
        t.Step(2);
        Assert.Equal(1L, t.Exceptions(ExcCode.TlbL)); // only the non-global entry missed
        Assert.Equal(UserVa, t.Cp0(Cp0Register.BadVAddr));
    }

    [Theory]
    [InlineData(0x00000000u)] // 4 KiB
    [InlineData(0x00006000u)] // 16 KiB
    [InlineData(0x0001e000u)] // 64 KiB
    [InlineData(0x0007e000u)] // 256 KiB
    [InlineData(0x001fe000u)] // 1 MiB
    [InlineData(0x007fe000u)] // 4 MiB
    [InlineData(0x01ffe000u)] // 16 MiB
    public void LargePages_TranslateWholeRange(uint pageMask)
    {
        using var t = new TestCpu();
        var size = (pageMask >> 1 | 0xfff) + 1;
        const uint kseg2 = 0xc0000000;
        // Even page → physical 0, odd page → physical 0 too (RAM is only 4 MiB; map both halves to 0).
        WriteEntry(t, 0, kseg2, Lo(0), Lo(0), pageMask);
        var last = Math.Min(size, 4u << 20) - 4;
        t.Poke32(0x80000000 + last, 0x600d600d);
        t.Poke32(0x80000000, 0x5a5a5a5a);
        t[S0] = kseg2 + last;
        t[S1] = kseg2 + size; // first word of the odd page
        t.Load(Lw(T0, S0, 0), Lw(T1, S1, 0));
        t.Step(2);
        Assert.Equal(0L, t.Exceptions(ExcCode.TlbL));
        Assert.Equal(0x600d600du, t[T0]);
        Assert.Equal(0x5a5a5a5au, t[T1]);
    }

    [Fact]
    public void Tlbp_FindsEntry_AndSetsProbeFailureBit()
    {
        using var t = new TestCpu();
        WriteEntry(t, 7, UserVa | 3, Lo(PhysPage), Lo(PhysPage));
        t.Cpu.WriteCp0(Cp0Register.EntryHi, UserVa | 3);
        t.Load(Tlbp);
        t.Step();
        Assert.Equal(7u, t.Cp0(Cp0Register.Index));
        t.Cpu.WriteCp0(Cp0Register.EntryHi, 0x00800000 | 3);
        t.Load(Tlbp);
        t.Step();
        Assert.Equal(0x80000000u, t.Cp0(Cp0Register.Index) & 0x80000000u);
    }

    [Fact]
    public void Tlbr_ReadsBackEntry_WithGlobalInBothLos()
    {
        using var t = new TestCpu();
        WriteEntry(t, 2, UserVa | 9, Lo(PhysPage, global: true), Lo(PhysPage + 0x1000, global: true), 0x6000);
        t.Cpu.WriteCp0(Cp0Register.Index, 2);
        t.Load(Tlbr);
        t.Step();
        Assert.Equal(UserVa | 9, t.Cp0(Cp0Register.EntryHi));
        Assert.Equal(0x6000u, t.Cp0(Cp0Register.PageMask));
        Assert.Equal(Lo(PhysPage, global: true), t.Cp0(Cp0Register.EntryLo0));
        Assert.Equal(Lo(PhysPage + 0x1000, global: true), t.Cp0(Cp0Register.EntryLo1));
    }

    [Fact]
    public void Tlbwr_NeverReplacesWiredEntries()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Wired, 4);
        for (var i = 0; i < 4; i++)
        {
            WriteEntry(t, i, (uint)(0x10000000 + i * 0x2000), Lo(PhysPage), Lo(PhysPage));
        }
        for (var i = 0; i < 200; i++)
        {
            t.Cpu.WriteCp0(Cp0Register.EntryHi, (uint)(0x20000000 + i * 0x2000));
            t.Load(Nop, Nop, Tlbwr);
            t.Step(i % 3 + 1 + (2 - i % 3)); // vary the instruction count so Random varies
        }
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal((uint)(0x10000000 + i * 0x2000), t.Cpu.Tlb[i].Vpn2);
        }
        var random = t.Cp0(Cp0Register.Random);
        Assert.InRange(random, 4u, 15u);
    }

    [Fact]
    public void UserMode_AccessToKseg0_RaisesAdel()
    {
        using var t = new TestCpu();
        WriteEntry(t, 0, 0x00010000, Lo(0x00010000, global: true), Lo(0x00011000, global: true));
        // Run the user code through a kuseg mapping of the code page.
        t.Load(Lw(T0, S0, 0));
        t[S0] = 0x80000000;
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusUM);
        t.Cpu.Pc = 0x00010000;
        t.Step();
        Assert.Equal(ExcCode.AdEL, t.LastExcCode);
        Assert.Equal(0x80000000u, t.Cp0(Cp0Register.BadVAddr));
    }

    [Fact]
    public void UserMode_PrivilegedInstruction_RaisesCpu0()
    {
        using var t = new TestCpu();
        WriteEntry(t, 0, 0x00010000, Lo(0x00010000, global: true), Lo(0x00011000, global: true));
        t.Load(Mfc0(T0, 12));
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusUM);
        t.Cpu.Pc = 0x00010000;
        t.Step();
        Assert.Equal(ExcCode.CpU, t.LastExcCode);
        Assert.Equal(0u, (t.Cp0(Cp0Register.Cause) >> 28) & 3);
    }
}
