using System.Buffers.Binary;
using System.Text;
using Emu.Emulator.Cp0;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Differential;

/// <summary>
/// Runs one instruction (plus a nop) on Emu (<see cref="TestCpu"/>, kernel mode) and on Unicorn from the same
/// registers and data page, and compares all 32 GPRs, HI, LO, the data page and the final PC (Emu's PC catches an
/// exception there; Unicorn reports one as an error). Both run at the same kseg0 addresses: Unicorn translates kseg0 to physical
/// memory like the hardware, so the code and data pages are mapped at their physical addresses there.
/// Unicorn 2.0.1's default MIPS32 model is the 74Kf (uc_cpu_mips32 10, read back with uc_ctl): a Release 2 core,
/// so it has every instruction tested here.
/// The Ryujinx idea (CONVENTIONS.md): every opcode on the emulator and on the oracle, compare the state.
/// </summary>
public sealed class DifferentialHarness : IDisposable
{
    public const uint CodeVa = TestCpu.CodeBase;
    public const uint DataVa = TestCpu.DataBase;
    public const int DataSize = 4096;

    private const uint KsegMask = 0x1fffffff;

    private readonly TestCpu _emu;
    private Unicorn _uc;
    private bool _dirty = true;
    private readonly byte[] _code = new byte[8];
    private readonly byte[] _data = new byte[DataSize];
    private readonly byte[] _emuData = new byte[DataSize];
    private readonly byte[] _ucData = new byte[DataSize];

    public DifferentialHarness(bool bigEndian)
    {
        UnicornRequirement.Require();
        BigEndian = bigEndian;
        _emu = new TestCpu(bigEndian);
        _uc = NewUnicorn(bigEndian);
    }

    public bool BigEndian { get; }

    /// <summary>Runs <paramref name="c"/> on both and fails with a readable diff when they disagree.</summary>
    public void AssertSame(DiffCase c, bool compareHiLo = true)
    {
        new Random(c.DataSeed).NextBytes(_data);

        // Emu
        var cpu = _emu.Cpu;
        if (_dirty)
        {
            // The previous case failed (perhaps in an exception handler): start from reset. Not done every time
            // because it costs more than the rest of a case together.
            cpu.Reset(CodeVa);
            cpu.WriteCp0(Cp0Register.Status, 0);
        }
        _dirty = true;
        _emu.Load(c.Word, Asm.Nop);
        for (var r = 1; r < 32; r++)
        {
            cpu.SetGpr(r, c.Gpr[r]);
        }
        cpu.Hi = c.Hi;
        cpu.Lo = c.Lo;
        _emu.PokeBytes(DataVa, _data);
        _emu.Step(2);

        // Unicorn
        WriteWord(_code.AsSpan(0, 4), c.Word);
        WriteWord(_code.AsSpan(4, 4), Asm.Nop);
        _uc.WriteMemory(CodeVa & KsegMask, _code);
        _uc.WriteMemory(DataVa & KsegMask, _data);
        for (var r = 1; r < 32; r++)
        {
            _uc.WriteRegister(Unicorn.Reg0 + r, c.Gpr[r]);
        }
        _uc.WriteRegister(Unicorn.RegHi, c.Hi);
        _uc.WriteRegister(Unicorn.RegLo, c.Lo);
        try
        {
            // Stop at an address, not after a count: Unicorn 2.0.1 reuses stale translations when counting.
            _uc.Run(CodeVa, CodeVa + 8);
        }
        catch (UnicornException e)
        {
            // A guest exception (UC_ERR_EXCEPTION) leaves Unicorn's CP0 in EXL: start the next case afresh.
            _uc.Dispose();
            _uc = NewUnicorn(BigEndian);
            Assert.Fail($"{(BigEndian ? "BE" : "LE")} {c}: Unicorn: {e.Message} (Emu pc=0x{cpu.Pc:x8})");
        }

        var diff = new StringBuilder();
        // Unicorn 2.0.1 reports the start address as PC after stopping at `until`, so only Emu's PC is checked:
        // not at the end means Emu took an exception.
        Compare(diff, "emu pc (expected)", cpu.Pc, CodeVa + 8);
        for (var r = 0; r < 32; r++)
        {
            Compare(diff, $"${r}", cpu.GetGpr(r), _uc.ReadRegister(Unicorn.Reg0 + r));
        }
        if (compareHiLo)
        {
            Compare(diff, "hi", cpu.Hi, _uc.ReadRegister(Unicorn.RegHi));
            Compare(diff, "lo", cpu.Lo, _uc.ReadRegister(Unicorn.RegLo));
        }
        _emu.Ram.AsSpan(DataVa & KsegMask, DataSize).CopyTo(_emuData);
        _uc.ReadMemory(DataVa & KsegMask, _ucData);
        for (var i = 0; i < DataSize; i++)
        {
            if (_emuData[i] != _ucData[i])
            {
                diff.Append($"  mem[0x{DataVa + i:x8}]: emu=0x{_emuData[i]:x2} unicorn=0x{_ucData[i]:x2} (was 0x{_data[i]:x2})\n");
            }
        }
        if (diff.Length > 0)
        {
            Assert.Fail($"{(BigEndian ? "BE" : "LE")} {c}: Emu and Unicorn differ\n{diff}");
        }
        _dirty = false;
    }

    private static Unicorn NewUnicorn(bool bigEndian)
    {
        var uc = new Unicorn(bigEndian);
        // One region over the code page (phys 0x10000) and the data page (phys 0x20000).
        uc.MapMemory(CodeVa & KsegMask, 0x20000);
        return uc;
    }

    public void Dispose()
    {
        _uc.Dispose();
        _emu.Dispose();
    }

    private void WriteWord(Span<byte> span, uint word)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, word);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, word);
        }
    }

    private static void Compare(StringBuilder diff, string what, uint emu, uint unicorn)
    {
        if (emu != unicorn)
        {
            diff.Append($"  {what}: emu=0x{emu:x8} unicorn=0x{unicorn:x8}\n");
        }
    }
}

/// <summary>One instruction and the state it starts from. Gpr[0] is ignored (always zero).</summary>
public sealed record DiffCase(uint Word, uint[] Gpr, uint Hi, uint Lo, int DataSeed)
{
    public int Rs => (int)(Word >> 21) & 31;
    public int Rt => (int)(Word >> 16) & 31;
    public int Rd => (int)(Word >> 11) & 31;
    public uint RsValue => Rs == 0 ? 0 : Gpr[Rs];
    public uint RtValue => Rt == 0 ? 0 : Gpr[Rt];

    public override string ToString() =>
        $"word=0x{Word:x8} rs=${Rs}=0x{RsValue:x8} rt=${Rt}=0x{RtValue:x8} rd=${Rd} hi=0x{Hi:x8} lo=0x{Lo:x8} dataSeed={DataSeed}";
}

/// <summary>Skips locally when libunicorn.so.2 is missing; fails in CI (CI=true), where it is installed.</summary>
public static class UnicornRequirement
{
    public static void Require()
    {
        if (Unicorn.IsAvailable)
        {
            return;
        }
        var message = $"{Unicorn.Library} is not loadable: install the Debian package 'libunicorn2' (tests/run.sh does this)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }
        Skip.If(true, message);
    }
}
