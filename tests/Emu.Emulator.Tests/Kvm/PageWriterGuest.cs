using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// The guest workload of the stress tests (after the KVM selftests' perf_test_util loop): vCPU k of N owns
/// pages k, k+N, k+2N, ... of a region; in round r it checks that words 0 and 512 of each of its pages still
/// hold the value it wrote in round r-1 (zero before round 1), counts mismatches, and writes (r &lt;&lt; 16) | page.
/// Each page visit also checks word 256 of one of <see cref="ConstPages"/> identical "constant" pages and
/// stores the same value back: KSM keeps merging those pages and every store breaks the sharing again.
/// At the end it stores the mismatch count to the test exit device (which halts it).
/// </summary>
public static class PageWriterGuest
{
    public const uint CodeVa = 0x80010000;
    public const uint RegionVa = 0x80100000;
    public const uint RegionGpa = RegionVa & 0x1fffffff;
    public const int ConstPages = 16;
    public const uint ConstValue = 0x5a5a0000;

    /// <summary>Instructions of one page visit when every check passes (the "inner" loop body above).</summary>
    public const int VisitInstructions = 28;

    /// <summary>Extra instructions per failed check (the three-instruction detour through "badN").</summary>
    public const int MismatchInstructions = 3;

    /// <summary>Instructions per round outside the page visits (the "outer" head and the round increment).</summary>
    public const int RoundInstructions = 5;

    /// <summary>
    /// An upper bound on the instructions vCPU <paramref name="k"/> runs for a whole workload of
    /// <paramref name="rounds"/> rounds, even if every one of its three checks fails on every visit; the exit
    /// store is included. Exact (not a guess) because the workload takes no exception and no interrupt.
    /// </summary>
    public static long MaxInstructions(int k, int vcpus, int pages, int rounds)
    {
        long visits = (pages - k + vcpus - 1) / vcpus;
        return (long)rounds * (visits * (VisitInstructions + 3 * MismatchInstructions) + RoundInstructions) + 1;
    }

    /// <summary>GVA of the constant pages, right after <paramref name="pages"/> pattern pages.</summary>
    public static uint ConstVa(int pages) => RegionVa + (uint)pages * 4096;

    public static uint[] Code()
    {
        var a = new Assembler();
        a.Label("outer").Emit(Or(T0, S4, Zero));
        a.Label("inner")
            .Emit(Sll(T1, T0, 12)).Emit(Addu(T1, T1, S0))
            .Emit(Addiu(T5, S2, -1)).Emit(Sll(T3, T5, 16)).Emit(Or(T4, T3, T0))
            .Emit(Or(T6, Zero, Zero)).Emit(Movn(T6, T4, T5))
            .Emit(Lw(T2, T1, 0)).Branch(Bne(T2, T6, 0), "bad0").Emit(Nop);
        a.Label("back0")
            .Emit(Lw(T2, T1, 2048)).Branch(Bne(T2, T6, 0), "bad1").Emit(Nop);
        a.Label("back1")
            .Emit(And(T3, T0, A1)).Emit(Sll(T3, T3, 12)).Emit(Addu(T3, T3, T9))
            .Emit(Lw(T2, T3, 1024)).Branch(Bne(T2, A0, 0), "bad2").Emit(Nop);
        a.Label("back2")
            .Emit(Sw(A0, T3, 1024))
            .Emit(Sll(T7, S2, 16)).Emit(Or(T7, T7, T0))
            .Emit(Sw(T7, T1, 0)).Emit(Sw(T7, T1, 2048))
            .Emit(Addu(T0, T0, S3)).Emit(Sltu(T8, T0, S1)).Branch(Bne(T8, Zero, 0), "inner").Emit(Nop)
            .Emit(Addiu(S2, S2, 1)).Emit(Sltu(T8, S2, S5)).Branch(Bne(T8, Zero, 0), "outer").Emit(Nop)
            .Emit(Sw(S7, S6, 0));
        a.Label("hang").Branch(Beq(Zero, Zero, 0), "hang").Emit(Nop);
        a.Label("bad0").Emit(Addiu(S7, S7, 1)).Branch(Beq(Zero, Zero, 0), "back0").Emit(Nop);
        a.Label("bad1").Emit(Addiu(S7, S7, 1)).Branch(Beq(Zero, Zero, 0), "back1").Emit(Nop);
        a.Label("bad2").Emit(Addiu(S7, S7, 1)).Branch(Beq(Zero, Zero, 0), "back2").Emit(Nop);
        return a.Build();
    }

    /// <summary>Sets vCPU <paramref name="k"/>'s registers for a run over <paramref name="pages"/> pages.</summary>
    public static void Prepare(Mips32Cpu cpu, int k, int vcpus, int pages, int rounds)
    {
        cpu.Pc = CodeVa;
        cpu.SetGpr(S0, RegionVa);
        cpu.SetGpr(S1, (uint)pages);
        cpu.SetGpr(S2, 1);
        cpu.SetGpr(S3, (uint)vcpus);
        cpu.SetGpr(S4, (uint)k);
        cpu.SetGpr(S5, (uint)rounds + 1);
        cpu.SetGpr(S6, 0xa0000000 | (KvmTestVm.ExitDeviceBase + (uint)k * 0x100));
        cpu.SetGpr(S7, 0);
        cpu.SetGpr(T9, ConstVa(pages));
        cpu.SetGpr(A0, ConstValue);
        cpu.SetGpr(A1, ConstPages - 1);
    }

    /// <summary>Fills the constant pages (identical content: KSM candidates).</summary>
    public static void LoadConstPages(KvmTestVm vm, int pages)
    {
        for (var c = 0; c < ConstPages; c++)
        {
            vm.WriteWords(ConstVa(pages) + (uint)c * 4096 + 1024, ConstValue);
        }
    }

    /// <summary>The value page <paramref name="page"/> holds after <paramref name="rounds"/> rounds.</summary>
    public static uint Expected(int page, int rounds) => ((uint)rounds << 16) | (uint)page;
}
