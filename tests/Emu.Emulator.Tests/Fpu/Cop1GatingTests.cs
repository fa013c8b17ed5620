using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Cpu.Fpu;
using Emu.Emulator.Memory;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.FpAsm;

namespace Emu.Emulator.Tests.Fpu;

/// <summary>
/// How CP1 is reached: Status.CU1 gating (CpU with Cause.CE = 1), the 24Kc without an FPU, the identity
/// registers (Config1.FP, FIR), FR/CU1 writability, and FPE delivery with FCSR.Cause set and the destination
/// untouched (MIPS32 PRA §9.31, MIPS32 Vol I §6.7; QEMU's 24Kf/24Kc definitions).
/// </summary>
public class Cop1GatingTests
{
    private const uint Cu1 = 1u << 29, Fr = 1u << 26;

    [Fact]
    public void Cop1_WithCu1Clear_RaisesCpUWithCe1()
    {
        using var t = new TestCpu();
        t.Load(Add(D, 2, 4, 6));
        t.Step();
        Assert.Equal(ExcCode.CpU, t.LastExcCode);
        Assert.Equal(1u, (t.Cp0(Cp0Register.Cause) >> 28) & 3);
        Assert.Equal(TestCpu.CodeBase, t.Cp0(Cp0Register.Epc));
    }

    [Fact]
    public void Cop1_WithCu1Set_Executes()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cu1);
        t[Asm.T0] = 0x3fc00000; // 1.5f
        t.Load(Mtc1(Asm.T0, 1), Add(S, 2, 1, 1), Mfc1(Asm.T1, 2), Cfc1(Asm.T2, 0));
        t.Step(4);
        Assert.Equal(0L, t.Cpu.ExceptionCounts.Sum());
        Assert.Equal(0x40400000u, t[Asm.T1]); // 3.0f
        Assert.Equal(Fcsr.FirValue, t[Asm.T2]);
    }

    [Fact]
    public void Model24Kf_HasConfig1Fp_AndWritableCu1AndFr()
    {
        using var t = new TestCpu();
        Assert.Equal(1u, t.Cp0(Cp0Register.Config1) & 1);
        t.Cpu.WriteCp0(Cp0Register.Status, Cu1 | Fr);
        Assert.Equal(Cu1 | Fr, t.Cp0(Cp0Register.Status) & (Cu1 | Fr));
    }

    [Fact]
    public void Model24Kc_HasNoFpu_Cu1StaysClear_AndCop1RaisesCpU()
    {
        using var bus = new PhysicalBus();
        var ram = bus.AddRam("ram", 0, 1u << 20);
        using var cpu = new Mips32Cpu(bus, bigEndian: true, model: CpuModel.Mips24Kc);
        Assert.Null(cpu.Fpu);
        Assert.Equal(0u, cpu.ReadCp0(Cp0Register.Config1) & 1);
        Assert.Equal(0x00019300u, cpu.ReadCp0(Cp0Register.PrId));
        cpu.Reset(0x80001000);
        cpu.WriteCp0(Cp0Register.Status, Cu1 | Fr);
        Assert.Equal(0u, cpu.ReadCp0(Cp0Register.Status) & (Cu1 | Fr));
        var word = Add(S, 0, 0, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ram.AsSpan(0x1000, 4), word);
        cpu.Run(1);
        Assert.Equal(1L, cpu.ExceptionCounts[(int)ExcCode.CpU]);
        Assert.Equal(1u, (cpu.ReadCp0(Cp0Register.Cause) >> 28) & 3);
        Assert.Equal(0u, cpu.ReadFpuRegister(33)); // gdb sees zeros without an FPU
    }

    [Fact]
    public void EnabledInvalid_RaisesFpe_SetsCause_KeepsFlagsAndDestination()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cu1);
        var fpu = t.Cpu.Fpu!;
        fpu.SetRaw(2, 0x1234);
        fpu.SetRaw(4, 0); // +0.0f
        fpu.Fcsr = 0x10u << Fcsr.EnablesShift; // Invalid enabled
        t.Load(Div(S, 2, 4, 4)); // 0/0
        t.Step();
        Assert.Equal(ExcCode.Fpe, t.LastExcCode);
        Assert.Equal(FpFlags.Invalid, (FpFlags)Fcsr.Cause(fpu.Fcsr));
        Assert.Equal(0u, (fpu.Fcsr >> Fcsr.FlagsShift) & 0x1f);
        Assert.Equal(0x1234UL, fpu.Raw(2));
    }

    [Fact]
    public void DisabledInvalid_AccumulatesFlag_AndWritesDefaultNaN()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cu1);
        var fpu = t.Cpu.Fpu!;
        t.Load(Div(S, 2, 4, 4), Add(S, 6, 8, 8));
        t.Step(2);
        Assert.Equal(0x7fbfffffu, fpu.GetWord(2));
        Assert.Equal(0u, Fcsr.Cause(fpu.Fcsr)); // 0 + 0 is exact: the second op cleared Cause
        Assert.Equal((uint)FpFlags.Invalid, (fpu.Fcsr >> Fcsr.FlagsShift) & 0x1f);
    }

    [Fact]
    public void OddDoubleRegister_WithFr0_IsReserved_WithFr1_Executes()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cu1);
        t.Load(Add(D, 2, 3, 4));
        t.Step();
        Assert.Equal(ExcCode.RI, t.LastExcCode);

        using var t1 = new TestCpu();
        t1.Cpu.WriteCp0(Cp0Register.Status, Cu1 | Fr);
        t1.Cpu.Fpu!.SetRaw(3, 0x3ff0000000000000);
        t1.Cpu.Fpu!.SetRaw(4, 0x3ff0000000000000);
        t1.Load(Add(D, 2, 3, 4));
        t1.Step();
        Assert.Equal(0L, t1.Cpu.ExceptionCounts.Sum());
        Assert.Equal(0x4000000000000000UL, t1.Cpu.Fpu!.Raw(2));
    }

    [Fact]
    public void Fr0_DoubleSpansEvenOddPair_AndMfhc1ReadsTheOddRegister()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cu1);
        t[Asm.T0] = 0x3ff00000;
        t.Load(Mtc1(0, 4), Mthc1(Asm.T0, 4), Add(D, 6, 4, 4), Mfc1(Asm.T1, 7), Mfhc1(Asm.T2, 6));
        t.Step(5);
        Assert.Equal(0L, t.Cpu.ExceptionCounts.Sum());
        Assert.Equal(0x40000000u, t[Asm.T1]); // 2.0: high word in f7
        Assert.Equal(0x40000000u, t[Asm.T2]);
        Assert.Equal(0x3ff00000u, t.Cpu.Fpu!.GetWord(5)); // MTHC1 with FR = 0 wrote the odd register
    }
}
