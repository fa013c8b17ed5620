using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Cpu;

public class LoadStoreTests
{
    private static TestCpu WithData(bool bigEndian)
    {
        var t = new TestCpu(bigEndian);
        t.PokeBytes(TestCpu.DataBase, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
        t[S0] = TestCpu.DataBase;
        return t;
    }

    [Theory]
    [InlineData(true, 0x11223344u, 0xffffff88u, 0x00003344u)]
    [InlineData(false, 0x44332211u, 0xffffff88u, 0x00004433u)]
    public void AlignedLoads_FollowByteOrder(bool bigEndian, uint word, uint signedByte, uint half)
    {
        using var t = WithData(bigEndian);
        t.Load(Lw(T0, S0, 0), Lb(T1, S0, 7), Lh(T2, S0, 2), Lbu(T3, S0, 7));
        t.Step(4);
        Assert.Equal(word, t[T0]);
        Assert.Equal(signedByte, t[T1]);
        Assert.Equal(half, t[T2]);
        Assert.Equal(0x88u, t[T3]);
    }

    // The classic unaligned idiom: lwl/lwr pair loads the word at S0+1.
    [Fact]
    public void Lwl_Lwr_MergeUnalignedWord_BigEndian()
    {
        using var t = WithData(bigEndian: true);
        t.Load(Lwl(T0, S0, 1), Lwr(T0, S0, 4));
        t.Step(2);
        Assert.Equal(0x22334455u, t[T0]);
    }

    [Fact]
    public void Lwl_Lwr_MergeUnalignedWord_LittleEndian()
    {
        using var t = WithData(bigEndian: false);
        t.Load(Lwl(T0, S0, 4), Lwr(T0, S0, 1));
        t.Step(2);
        Assert.Equal(0x55443322u, t[T0]);
    }

    [Fact]
    public void Lwl_KeepsLowBytes_BigEndian()
    {
        using var t = WithData(bigEndian: true);
        t[T0] = 0xaabbccdd;
        t.Load(Lwl(T0, S0, 2));
        t.Step();
        Assert.Equal(0x3344ccddu, t[T0]);
    }

    [Fact]
    public void Lwr_KeepsHighBytes_LittleEndian()
    {
        using var t = WithData(bigEndian: false);
        t[T0] = 0xaabbccdd;
        t.Load(Lwr(T0, S0, 2));
        t.Step();
        Assert.Equal(0xaabb4433u, t[T0]);
    }

    [Theory]
    [InlineData(true, new byte[] { 0x11, 0xa1, 0xa2, 0xa3, 0xa4, 0x66, 0x77, 0x88 })]
    [InlineData(false, new byte[] { 0x11, 0xa4, 0xa3, 0xa2, 0xa1, 0x66, 0x77, 0x88 })]
    public void Swl_Swr_StoreUnalignedWord(bool bigEndian, byte[] expected)
    {
        using var t = WithData(bigEndian);
        t[T0] = 0xa1a2a3a4;
        // The usual pair for an unaligned store at S0+1.
        t.Load(bigEndian ? Swl(T0, S0, 1) : Swl(T0, S0, 4), bigEndian ? Swr(T0, S0, 4) : Swr(T0, S0, 1));
        t.Step(2);
        Assert.Equal(expected, t.PeekBytes(TestCpu.DataBase, 8));
    }

    /// <summary>
    /// The GvaCache hit test compares one key that holds the page and the address bits a misaligned access has set
    /// (GvaCache.KeyOf), so a misaligned access to a page whose entry an aligned access just filled must still miss and
    /// raise its address error, whatever bits of the page offset it has (bit 4 is where a user-mode tag keeps its bit).
    /// </summary>
    [Theory]
    [InlineData("lw", 2, false)]
    [InlineData("lw", 0x13, false)]
    [InlineData("lh", 1, false)]
    [InlineData("lhu", 0x11, false)]
    [InlineData("sw", 1, true)]
    [InlineData("sw", 0x12, true)]
    [InlineData("sh", 0x17, true)]
    public void MisalignedAccess_ToAPageTheCacheHolds_StillRaisesTheAddressError(string op, int offset, bool store)
    {
        using var t = WithData(true);
        var misaligned = op switch
        {
            "lw" => Lw(T1, S0, offset),
            "lh" => Lh(T1, S0, offset),
            "lhu" => Lhu(T1, S0, offset),
            "sw" => Sw(T1, S0, offset),
            _ => Sh(T1, S0, offset),
        };
        // An aligned load and store fill the entry's read and write tags first.
        t.Load(Lw(T0, S0, 0x20), Sw(T0, S0, 0x24), misaligned);
        t.Step(3);
        Assert.Equal(store ? ExcCode.AdES : ExcCode.AdEL, t.LastExcCode);
        Assert.Equal(TestCpu.DataBase + (uint)offset, t.Cp0(Cp0Register.BadVAddr));
        Assert.Equal(TestCpu.CodeBase + 8, t.Cp0(Cp0Register.Epc));
    }

    [Fact]
    public void MisalignedLoad_RaisesAdel_MisalignedStore_RaisesAdes()
    {
        using var t = WithData(true);
        t.Load(Lw(T0, S0, 2));
        t.Step();
        Assert.Equal(ExcCode.AdEL, t.LastExcCode);
        Assert.Equal(TestCpu.DataBase + 2, t.Cp0(Cp0Register.BadVAddr));

        using var u = WithData(true);
        u.Load(Sh(T0, S0, 1));
        u.Step();
        Assert.Equal(ExcCode.AdES, u.LastExcCode);
        Assert.Equal(TestCpu.DataBase + 1, u.Cp0(Cp0Register.BadVAddr));
    }

    [Fact]
    public void LoadFromNothing_RaisesBusError()
    {
        using var t = new TestCpu();
        t[S0] = 0xb0000000; // kseg1 → physical 0x10000000: nothing on this bus
        t.Load(Lw(T0, S0, 0));
        t.Step();
        Assert.Equal(ExcCode.Dbe, t.LastExcCode);
        Assert.Equal(TestCpu.CodeBase, t.Cp0(Cp0Register.Epc));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadLinked_OnAMappedPage_TakesLlAddrFromThePhysicalAddress_OnAGvaCacheHitToo(bool bigEndian)
    {
        // kuseg 0x00400000 → physical 0x00030000 (TLB entry 0). The LW fills the GvaCache, so the LL and the SC hit it:
        // LLAddr and the SC's code-page test come from the frame the entry was filled from, not from a new translation.
        const uint va = 0x00400000, pa = 0x00030000;
        using var t = new TestCpu(bigEndian);
        Emu.Emulator.Tests.Jit.RegionChainTests.WriteTlbEntry(t, va, Emu.Emulator.Tests.Jit.RegionChainTests.Lo(pa));
        t.Poke32(0x80000000 | (pa + 0x20), 41);
        t[S0] = va;
        t.Load(Lw(T1, S0, 0x10), Ll(T0, S0, 0x20), Addiu(T0, T0, 1), Sc(T0, S0, 0x20));
        t.Step(4);
        Assert.Equal((pa + 0x20) >> 4, t.Cp0(Cp0Register.LlAddr));
        Assert.Equal(1u, t[T0]);
        Assert.Equal(42u, t.Peek32(0x80000000 | (pa + 0x20)));
    }

    [Fact]
    public void StoreConditional_SucceedsAfterLl_FailsAfterEret()
    {
        using var t = WithData(true);
        t.Load(Ll(T0, S0, 0), Addiu(T0, T0, 1), Sc(T0, S0, 0), Ll(T1, S0, 0));
        t.Step(4);
        Assert.Equal(1u, t[T0]);
        Assert.Equal(0x11223345u, t.Peek32(TestCpu.DataBase));
        Assert.Equal(TestCpu.DataBase >> 4 & 0x1ffffff, t.Cp0(Cp0Register.LlAddr));

        // ERET clears LLbit: an SC after an exception return fails and stores nothing.
        t.Cpu.WriteCp0(Cp0Register.Epc, TestCpu.CodeBase + 0x40);
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusEXL);
        t.Poke32(TestCpu.CodeBase + 0x20, Eret);
        t.Poke32(TestCpu.CodeBase + 0x40, Sc(T1, S0, 0));
        t.Cpu.Pc = TestCpu.CodeBase + 0x20;
        t.Step(2);
        Assert.Equal(0u, t[T1]);
        Assert.Equal(0x11223345u, t.Peek32(TestCpu.DataBase));
    }
}
