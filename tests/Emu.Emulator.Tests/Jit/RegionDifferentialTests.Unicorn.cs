using System.Buffers.Binary;
using CsCheck;
using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Differential;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// The same random loops, translated from their first execution, against Unicorn (QEMU's TCG as a library) as the
/// oracle: issue 12's "compiled vs interpreted vs Unicorn". Unicorn has no exception handlers here, so the loops keep to
/// what cannot fault (no overflow forms, traps, SYSCALL, misaligned or wild addresses) and run to their end: GPRs,
/// HI/LO and the data page must equal Unicorn's.
/// </summary>
public sealed partial class RegionDifferentialTests
{
    /// <summary>Templates that may raise an exception: ADD/SUB/ADDI overflow, the free-form loads and stores, traps, SYSCALL.</summary>
    private static readonly int[] s_mayFault = [8, 9, 35, 37, 38, 42, 43, 44];

    /// <summary>
    /// A template that cannot fault. Assemble turns a branch it cannot place (one followed by a branch, or last) into
    /// template <c>t % FirstBranch</c>, so branches whose remainder may fault (BLEZL, BGTZL: ADD, SUB) are left out too.
    /// </summary>
    private static Item FaultFree(Item it) => s_mayFault.Contains(it.Template % FirstBranch) ? it with { Template = 0 } : it;

    private static readonly Gen<(Item[] Items, uint[] Gpr, uint Hi, uint Lo, int Loops)> FaultFreeCases =
        Gen.Select(Items.Select(FaultFree).Array[1, 40],
            DiffGen.Value.Array[32], DiffGen.Value, DiffGen.Value, Gen.Int[2, 30]);

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void CompiledRegions_MatchUnicorn(bool bigEndian)
    {
        UnicornRequirement.Require();
        var translatedCases = 0;
        var cases = 0;
        FaultFreeCases.Sample(c =>
            {
                cases++;
                translatedCases += AssertSameAsUnicorn(bigEndian, c.Items, c.Gpr, c.Hi, c.Lo, c.Loops) ? 1 : 0;
            },
            iter: 100 * DiffGen.IterScale, threads: 1, seed: DiffGen.Seed);
        Assert.True(translatedCases * 2 > cases, $"only {translatedCases} of {cases} cases ran translated code");
    }

    private static bool AssertSameAsUnicorn(bool bigEndian, Item[] items, uint[] gpr, uint hi, uint lo, int loops)
    {
        var program = Assemble(items);
        using var translated = Prepare(new TestCpu(bigEndian), program, gpr, hi, lo, loops);
        var jit = new JitEngine(translated.Cpu, new JitOptions { Threshold = 1 });
        translated.Cpu.ExecutionEngine = jit;
        var end = TestCpu.CodeBase + (uint)program.Length * 4; // the self-loop Load appends
        translated.Cpu.Run(200_000); // at most 30 loops of 43 instructions, then the self-loop
        var listing = string.Join(" ", program.Select(w => w.ToString("x8")));
        Assert.True(translated.Cpu.Pc == end || translated.Cpu.Pc == end + 4, $"Emu did not reach the end (pc={translated.Cpu.Pc:x8}): {listing}");

        using var uc = new Unicorn(bigEndian);
        const uint KsegMask = 0x1fffffff;
        uc.MapMemory(TestCpu.CodeBase & KsegMask, 0x20000);
        var code = new byte[program.Length * 4];
        for (var i = 0; i < program.Length; i++)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(i * 4), program[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(i * 4), program[i]);
            }
        }
        uc.WriteMemory(TestCpu.CodeBase & KsegMask, code);
        using var initial = Prepare(new TestCpu(bigEndian), program, gpr, hi, lo, loops); // the same starting state, read back
        uc.WriteMemory(TestCpu.DataBase & KsegMask, initial.PeekBytes(TestCpu.DataBase, 0x400));
        for (var r = 1; r < 32; r++)
        {
            uc.WriteRegister(Unicorn.Reg0 + r, initial[r]);
        }
        uc.WriteRegister(Unicorn.RegHi, hi);
        uc.WriteRegister(Unicorn.RegLo, lo);
        uc.Run(TestCpu.CodeBase, end);

        var emuState = string.Join(" ", Enumerable.Range(0, 32).Select(r => translated[r].ToString("x8"))) + $" hi={translated.Cpu.Hi:x8} lo={translated.Cpu.Lo:x8}";
        var ucState = string.Join(" ", Enumerable.Range(0, 32).Select(r => uc.ReadRegister(Unicorn.Reg0 + r).ToString("x8")))
            + $" hi={uc.ReadRegister(Unicorn.RegHi):x8} lo={uc.ReadRegister(Unicorn.RegLo):x8}";
        Assert.True(emuState == ucState, $"translated:\n{emuState}\nunicorn:\n{ucState}\nprogram: {listing}");
        var ucData = new byte[0x400];
        uc.ReadMemory(TestCpu.DataBase & KsegMask, ucData);
        Assert.True(translated.PeekBytes(TestCpu.DataBase, 0x400).AsSpan().SequenceEqual(ucData), "data pages differ: " + listing);
        return jit.Stats.RegionsCompiled > 0;
    }
}
