using System.Buffers.Binary;
using System.Text;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Differential;

/// <summary>
/// Runs one FPU instruction on Emu and on Unicorn inside the same small guest program, so both oracles are
/// driven only through the architecture (Unicorn 2.0.1 has no FPR register API): set Status (CU1, FR) with
/// MTC0, FCSR with CTC1, load all FPRs from the data page with LDC1, execute the instruction and its two
/// following slots, store the FPRs back with SDC1 and read FCSR with CFC1. Compared: every GPR, the whole data
/// page (FPRs out, memory operands) and FCSR; an exception must happen on both or on neither.
/// Unicorn's default MIPS32 CPU is the 74Kf, whose FPU QEMU models like the 24Kf's (same FIR, same FCSR mask).
/// </summary>
public sealed class FpuDifferentialHarness : IDisposable
{
    public const uint CodeVa = TestCpu.CodeBase;
    public const uint DataVa = TestCpu.DataBase;
    public const int FprIn = 0x000, FprOut = 0x100, MemArea = 0x400;
    public const int BaseReg = 28, StatusReg = 26, FcsrReg = 27, FcsrOutReg = 25;
    /// <summary>Registers the two slots after the instruction set (delay slot, and the one a BC1 skips).</summary>
    public const int DelaySlotReg = 23, SkippedReg = 24;

    private const uint KsegMask = 0x1fffffff;
    private const int DataSize = 4096;

    private readonly TestCpu _emu;
    private Unicorn _uc;
    private readonly byte[] _data = new byte[DataSize];
    private readonly byte[] _ucData = new byte[DataSize];

    public FpuDifferentialHarness(bool bigEndian)
    {
        UnicornRequirement.Require();
        BigEndian = bigEndian;
        _emu = new TestCpu(bigEndian);
        _uc = NewUnicorn();
    }

    public bool BigEndian { get; }

    /// <summary>Number of cases in which both raised an exception (so a test can tell it exercised them).</summary>
    public int BothRaised { get; private set; }

    public void AssertSame(FpuCase c)
    {
        var program = Program(c);
        var end = CodeVa + (uint)(program.Count * 4);
        new Random(c.MemSeed).NextBytes(_data);
        for (var i = 0; i < 32; i++)
        {
            var span = _data.AsSpan(FprIn + (i * 8), 8);
            if (BigEndian) { BinaryPrimitives.WriteUInt64BigEndian(span, c.Fpr[i]); }
            else { BinaryPrimitives.WriteUInt64LittleEndian(span, c.Fpr[i]); }
        }
        var gpr = (uint[])c.Gpr.Clone();
        gpr[0] = 0;
        gpr[StatusReg] = 0x20000000u | (c.Fr ? 1u << 26 : 0);
        gpr[FcsrReg] = c.Fcsr;
        gpr[BaseReg] = DataVa;

        // Emu: a fresh reset each case (cheap next to Unicorn), then step until the end or an exception.
        var cpu = _emu.Cpu;
        cpu.Reset(CodeVa);
        cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Status, 0);
        _emu.Load([.. program]);
        for (var r = 1; r < 32; r++) { cpu.SetGpr(r, gpr[r]); }
        _emu.PokeBytes(DataVa, _data);
        var excBefore = ExceptionTotal(cpu);
        for (var i = 0; i < program.Count + 4 && cpu.Pc != end && ExceptionTotal(cpu) == excBefore; i++)
        {
            _emu.Step();
        }
        var emuRaised = ExceptionTotal(cpu) != excBefore;

        // Unicorn: a fresh engine per case, because Unicorn 2.0.1 can run a stale translation of the rewritten code
        // page, and an exception leaves its CP0 in EXL.
        _uc.Dispose();
        _uc = NewUnicorn();
        var code = new byte[program.Count * 4];
        for (var i = 0; i < program.Count; i++)
        {
            if (BigEndian) { BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(i * 4), program[i]); }
            else { BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(i * 4), program[i]); }
        }
        _uc.WriteMemory(CodeVa & KsegMask, code);
        _uc.WriteMemory(DataVa & KsegMask, _data);
        for (var r = 1; r < 32; r++) { _uc.WriteRegister(Unicorn.Reg0 + r, gpr[r]); }
        int ucExc;
        try
        {
            ucExc = _uc.RunCatchingInterrupt(CodeVa, end);
        }
        catch (UnicornException e)
        {
            throw new UnicornException($"{Order} {c}: {e.Message}");
        }
        var ucRaised = ucExc >= 0;

        if (emuRaised || ucRaised)
        {
            var emuCode = (ExcCode)((_emu.Cp0(Emu.Emulator.Cp0.Cp0Register.Cause) >> 2) & 0x1f);
            if (emuRaised != ucRaised || (emuRaised && !SameException(emuCode, ucExc)))
            {
                Assert.Fail($"{Order} {c}: exception on {(emuRaised ? "Emu only" : "Unicorn only")}" +
                    $" (Emu pc=0x{cpu.Pc:x8} {emuCode}, Unicorn EXCP {ucExc})");
            }
            BothRaised++;
            return;
        }
        var diff = new StringBuilder();
        if (cpu.Pc != end) { diff.Append($"  emu pc=0x{cpu.Pc:x8}, expected 0x{end:x8}\n"); }
        for (var r = 0; r < 32; r++)
        {
            var e = cpu.GetGpr(r);
            var u = _uc.ReadRegister(Unicorn.Reg0 + r);
            if (e != u) { diff.Append($"  ${r}: emu=0x{e:x8} unicorn=0x{u:x8}\n"); }
        }
        var emuData = _emu.Ram.AsSpan((int)(DataVa & KsegMask), DataSize);
        _uc.ReadMemory(DataVa & KsegMask, _ucData);
        for (var i = 0; i < 32; i++)
        {
            var e = Read64(emuData[(FprOut + (i * 8))..]);
            var u = Read64(_ucData.AsSpan(FprOut + (i * 8)));
            if (e != u) { diff.Append($"  fpr-out[{i}]: emu=0x{e:x16} unicorn=0x{u:x16}\n"); }
        }
        for (var i = MemArea; i < DataSize; i++)
        {
            if (emuData[i] != _ucData[i]) { diff.Append($"  mem[+0x{i:x}]: emu=0x{emuData[i]:x2} unicorn=0x{_ucData[i]:x2}\n"); }
        }
        if (diff.Length > 0)
        {
            Assert.Fail($"{Order} {c}: Emu and Unicorn differ\n{diff}");
        }
    }

    /// <summary>QEMU target/mips cpu.h EXCP_* numbers for the exceptions these cases can raise.</summary>
    private static bool SameException(ExcCode emu, int qemu) => emu switch
    {
        ExcCode.AdEL => qemu == 12,
        ExcCode.AdES => qemu == 13,
        ExcCode.RI => qemu == 20,
        ExcCode.Fpe => qemu == 23,
        _ => false,
    };

    private string Order => BigEndian ? "BE" : "LE";

    private ulong Read64(ReadOnlySpan<byte> s) =>
        BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);

    private static long ExceptionTotal(Mips32Cpu cpu)
    {
        long n = 0;
        foreach (var x in cpu.ExceptionCounts) { n += x; }
        return n;
    }

    /// <summary>Prologue, the instruction and two marker slots, epilogue (see the class summary).</summary>
    private static List<uint> Program(FpuCase c)
    {
        var p = new List<uint>
        {
            0x40800000u | ((uint)StatusReg << 16) | (12u << 11), // mtc0 $26, Status
            Asm.Sll(0, 0, 3), // ehb
            FpAsm.Ctc1(FcsrReg, 31),
        };
        for (var i = 0; i < 32; i += c.Fr ? 1 : 2) { p.Add(FpAsm.Ldc1(i, BaseReg, FprIn + (i * 8))); }
        p.Add(c.Word);
        p.Add(Asm.Addiu(DelaySlotReg, 0, 1));
        p.Add(Asm.Addiu(SkippedReg, 0, 1));
        for (var i = 0; i < 32; i += c.Fr ? 1 : 2) { p.Add(FpAsm.Sdc1(i, BaseReg, FprOut + (i * 8))); }
        p.Add(FpAsm.Cfc1(FcsrOutReg, 31));
        p.Add(Asm.Nop);
        return p;
    }

    private Unicorn NewUnicorn()
    {
        var uc = new Unicorn(BigEndian);
        uc.MapMemory(CodeVa & KsegMask, 0x20000);
        return uc;
    }

    public void Dispose()
    {
        _uc.Dispose();
        _emu.Dispose();
    }
}

/// <summary>One FPU instruction and its starting state. GPRs 25-28 are the harness's own.</summary>
public sealed record FpuCase(uint Word, bool Fr, uint Fcsr, ulong[] Fpr, uint[] Gpr, int MemSeed)
{
    public override string ToString()
    {
        var fs = (int)(Word >> 11) & 31;
        var ft = (int)(Word >> 16) & 31;
        var fr = (int)(Word >> 21) & 31;
        return $"word=0x{Word:x8} FR={(Fr ? 1 : 0)} fcsr=0x{Fcsr:x8} f{fs}=0x{Fpr[fs]:x16} f{ft}=0x{Fpr[ft]:x16} " +
               $"[21:25]=f{fr}=0x{Fpr[fr]:x16} memSeed={MemSeed}";
    }
}
