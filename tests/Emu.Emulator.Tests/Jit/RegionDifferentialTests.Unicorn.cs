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
    /// <summary>
    /// Templates that may raise an exception: ADD/SUB/ADDI overflow, the free-form loads and stores, traps, SYSCALL; and
    /// LL/SC, whose random mixes Unicorn answers differently by design (QEMU keeps lladdr after an SC, so a second SC
    /// of the same word may succeed where LLbit makes it fail): LL/SC loops have their own Unicorn case.
    /// </summary>
    private static readonly int[] s_mayFault = [8, 9, 35, 37, 38, 42, 43, 44, 46, 47];

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

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void LlScLoop_MatchesUnicorn(bool bigEndian)
    {
        UnicornRequirement.Require();
        // An atomic increment (ll; addiu; sc; beqz retry) of one word, then ll; sw; addiu; sc of the next word, where the
        // sw changes the word on the first pass (SC fails) and writes back what LL read on the next (SC succeeds): both
        // are compare-and-exchange against LL's value in Emu and in QEMU. s2 counts the second SC's successes.
        uint[] program =
        [
            Asm.Ll(Asm.T0, Base, 0),
            Asm.Addiu(Asm.T0, Asm.T0, 1),
            Asm.Sc(Asm.T0, Base, 0),
            Asm.Beq(Asm.T0, 0, -4),
            Asm.Nop,
            Asm.Ll(Asm.T1, Base, 4),
            Asm.Sw(Asm.T2, Base, 4),
            Asm.Addiu(Asm.T1, Asm.T1, 1),
            Asm.Sc(Asm.T1, Base, 4),
            Asm.Addu(Asm.S2, Asm.S2, Asm.T1),
            Asm.Addiu(Counter, Counter, -1),
            Asm.Bne(Counter, 0, -12),
            Asm.Nop,
        ];
        var gpr = new uint[32];
        gpr[Asm.T2] = 0xcafe;
        var jit = AssertProgramSameAsUnicorn(bigEndian, program, gpr, 0, 0, 30);
        Assert.True(jit.Stats.InstructionsInterpreted < 20, $"interpreted={jit.Stats.InstructionsInterpreted}");
    }

    private static bool AssertSameAsUnicorn(bool bigEndian, Item[] items, uint[] gpr, uint hi, uint lo, int loops) =>
        AssertProgramSameAsUnicorn(bigEndian, Assemble(items), gpr, hi, lo, loops).Stats.RegionsCompiled > 0;

    private static JitEngine AssertProgramSameAsUnicorn(bool bigEndian, uint[] program, uint[] gpr, uint hi, uint lo, int loops)
    {
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
        return jit;
    }
}
