using CsCheck;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Differential;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// Random loops of straight-line code with forward branches (ALU, shifts, HI/LO, loads and stores that may be
/// misaligned or miss, traps, overflow, likely branches, LWL..SWR, LL/SC) run on two vCPUs, one interpreting and
/// one translating from the first execution (threshold 1), for a random instruction budget: registers, HI/LO, PC,
/// NextPc, delay-slot flag, retired count, exception state, the LL/SC link and the data page must be identical. Batches and the
/// budget end inside regions at random points, so the budget check and every bail-out's retired count are exercised.
/// </summary>
public sealed partial class RegionDifferentialTests
{
    private const int DataOffset = 0x100;
    private const int Base = Asm.S7;
    private const int Counter = Asm.K0;

    /// <summary>One generated item: a template index and its operands (a branch takes the next item as its slot).</summary>
    private readonly record struct Item(int Template, int A, int B, int C, int Imm, int Choice);

    private static readonly Gen<int> Dest = Gen.Int[0, 31].Where(r => r is not (Counter or Base));
    private static readonly Gen<int> Src = Gen.Int[0, 31];

    private static readonly Gen<Item> Items = Gen.Select(Gen.Int[0, Templates - 1], Dest, Src, Src, Gen.Int[-32768, 32767], Gen.Int[0, 1000],
        (t, a, b, c, imm, choice) => new Item(t, a, b, c, imm, choice));

    private const int Templates = 64;
    private const int FirstBranch = 48;

    private static bool IsBranch(Item item) => item.Template >= FirstBranch;

    /// <summary>Encodes a non-branch item (templates below <see cref="FirstBranch"/>).</summary>
    private static uint Encode(Item it)
    {
        var (rd, rs, rt, imm) = (it.A, it.B, it.C, it.Imm);
        var sa = it.Choice & 31;
        var memOff = (it.Imm % 64) + ((it.Choice & 7) == 0 ? 3 : 0); // sometimes misaligned
        var memBase = (it.Choice & 15) == 1 ? rs : Base; // sometimes a wild base: TLB refill / address error
        var linkOff = (it.Imm & 3) * 4 + ((it.Choice & 7) == 0 ? 2 : 0); // LL/SC: four words, so SCs often match an LL
        return it.Template switch
        {
            0 => Raw.R(0x21, rs, rt, rd), // addu
            1 => Raw.R(0x23, rs, rt, rd), // subu
            2 => Raw.R(0x24, rs, rt, rd),
            3 => Raw.R(0x25, rs, rt, rd),
            4 => Raw.R(0x26, rs, rt, rd),
            5 => Raw.R(0x27, rs, rt, rd),
            6 => Raw.R(0x2a, rs, rt, rd),
            7 => Raw.R(0x2b, rs, rt, rd),
            8 => Raw.R(0x20, rs, rt, rd), // add (overflow)
            9 => Raw.R(0x22, rs, rt, rd), // sub (overflow)
            10 => Raw.R(0x0a, rs, rt, rd),
            11 => Raw.R(0x0b, rs, rt, rd),
            12 => Raw.R(0x04, rs, rt, rd), // sllv
            13 => Raw.R(0x06, rs, rt, rd),
            14 => Raw.R(0x07, rs, rt, rd),
            15 => Raw.R(0x06, rs, rt, rd, 1), // rotrv
            16 => Raw.R(0x00, 0, rt, rd, sa),
            17 => Raw.R(0x02, 0, rt, rd, sa),
            18 => Raw.R(0x03, 0, rt, rd, sa),
            19 => Raw.R(0x02, 1, rt, rd, sa), // rotr
            20 => Raw.R(0x18, rs, rt, 0),
            21 => Raw.R(0x19, rs, rt, 0),
            22 => Raw.R(0x1a, rs, rt, 0),
            23 => Raw.R(0x1b, rs, rt, 0),
            24 => Raw.R(0x10, 0, 0, rd),
            25 => Raw.R(0x12, 0, 0, rd),
            26 => Raw.R(0x11, rs, 0, 0), // mthi
            27 => Raw.R(0x13, rs, 0, 0),
            28 => Raw.R(0x02, rs, rt, rd, 0, 0x1c), // mul
            29 => Raw.R((uint)new[] { 0, 1, 4, 5 }[it.Choice & 3], rs, rt, 0, 0, 0x1c), // madd/maddu/msub/msubu
            30 => Raw.R(0x20 + (uint)(it.Choice & 1), rs, rd, rd, 0, 0x1c), // clz/clo
            31 => Raw.R(0x20, 0, rt, rd, new[] { 0x02, 0x10, 0x18 }[it.Choice % 3], 0x1f), // wsbh/seb/seh
            32 => Asm.Ext(rd, rs, sa, 1 + ((it.Choice >> 5) % (32 - sa))),
            33 => Asm.Ins(rd, rs, sa, 1 + ((it.Choice >> 5) % (32 - sa))),
            34 => Raw.I(0x09, rs, rd, imm), // addiu
            35 => Raw.I(0x08, rs, rd, imm), // addi (overflow)
            36 => Raw.I(0x0a + (uint)(it.Choice % 6), rs, rd, imm), // slti sltiu andi ori xori lui
            37 => Raw.I(0x20 + (uint)new[] { 0, 1, 3, 4, 5 }[it.Choice % 5], memBase, rd, memOff), // lb lh lw lbu lhu
            38 => Raw.I(0x28 + (uint)new[] { 0, 1, 3 }[it.Choice % 3], memBase, rt, memOff), // sb sh sw
            39 => Raw.I(0x23, Base, rd, memOff & ~3), // lw, aligned
            40 => Raw.I(0x2b, Base, rt, memOff & ~3), // sw, aligned
            41 => Raw.I(0x22 + (uint)new[] { 0, 4, 8, 12 }[it.Choice & 3], Base, rd, memOff), // lwl lwr swl swr
            42 => Raw.R(0x30 + (uint)new[] { 0, 1, 2, 3, 4, 6 }[it.Choice % 6], rs, rt, 0), // tge tgeu tlt tltu teq tne
            43 => Raw.I(1, rs, 0x08 + (int)(uint)(it.Choice % 5), imm), // tgei.. teqi (tnei at 0x0e skipped)
            44 => (it.Choice & 3) == 0 ? Asm.Syscall : Asm.Nop,
            45 => Raw.I(0x0f, 0, rd, imm), // lui
            46 => Raw.I(0x30, memBase, rd, linkOff), // ll
            _ => Raw.I(0x38, memBase, rd, linkOff), // sc (rd: it writes its register, which must not be Base or Counter)
        };
    }

    /// <summary>A branch to item <paramref name="targetIndex"/> from item <paramref name="index"/>.</summary>
    private static uint EncodeBranch(Item it, int index, int targetIndex)
    {
        var off = targetIndex - (index + 1);
        var (rs, rt) = (it.B, it.C);
        return (it.Template - FirstBranch) switch
        {
            0 => Raw.I(0x04, rs, rt, off), // beq
            1 => Raw.I(0x05, rs, rt, off), // bne
            2 => Raw.I(0x06, rs, 0, off), // blez
            3 => Raw.I(0x07, rs, 0, off), // bgtz
            4 => Raw.I(1, rs, 0x00, off), // bltz
            5 => Raw.I(1, rs, 0x01, off), // bgez
            6 => Raw.I(0x14, rs, rt, off), // beql
            7 => Raw.I(0x15, rs, rt, off), // bnel
            8 => Raw.I(0x16, rs, 0, off), // blezl
            9 => Raw.I(0x17, rs, 0, off), // bgtzl
            10 => Raw.I(1, rs, 0x02, off), // bltzl
            11 => Raw.I(1, rs, 0x03, off), // bgezl
            12 => Raw.I(1, rs, 0x10, off), // bltzal
            13 => Raw.I(1, rs, 0x11, off), // bgezal
            14 => Raw.I(1, rs, 0x12, off), // bltzall
            _ => Raw.I(1, rs, 0x13, off), // bgezall
        };
    }

    /// <summary>loop: items; addiu k0,k0,-1; bne k0,$0,loop; nop; then a self-loop (also at the exception vectors).</summary>
    private static uint[] Assemble(Item[] items)
    {
        var words = new uint[items.Length + 3];
        var end = items.Length; // index of the counter decrement: forward branches may land up to there
        for (var i = 0; i < items.Length; i++)
        {
            var it = items[i];
            if (IsBranch(it) && i + 1 < items.Length && !IsBranch(items[i + 1]))
            {
                var target = i + 2 + (it.Choice % (end - (i + 2) + 1));
                words[i] = EncodeBranch(it, i, target);
                words[i + 1] = Encode(items[i + 1]);
                i++;
                continue;
            }
            words[i] = Encode(IsBranch(it) ? it with { Template = it.Template % FirstBranch } : it);
        }
        words[end] = Asm.Addiu(Counter, Counter, -1);
        words[end + 1] = Asm.Bne(Counter, 0, -(end + 2));
        words[end + 2] = Asm.Nop;
        return words;
    }

    private static readonly Gen<(Item[] Items, uint[] Gpr, uint Hi, uint Lo, int Loops, int Budget)> Cases =
        Gen.Select(Items.Array[1, 40], DiffGen.Value.Array[32], DiffGen.Value, DiffGen.Value, Gen.Int[1, 30], Gen.Int[1, 6000]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CompiledRegions_MatchTheInterpreter(bool bigEndian)
    {
        var cases = 0;
        var translatedCases = 0;
        Cases.Sample(c =>
            {
                cases++;
                translatedCases += AssertSame(bigEndian, c.Items, c.Gpr, c.Hi, c.Lo, c.Loops, c.Budget) ? 1 : 0;
            },
            iter: 300 * DiffGen.IterScale, threads: 1, seed: DiffGen.Seed);
        // A case may legitimately compile nothing (a budget that ends before the first block end, an exception at the
        // first instruction); most must, or the comparison would be the interpreter against itself.
        Assert.True(translatedCases * 2 > cases, $"only {translatedCases} of {cases} cases ran translated code");
    }

    /// <summary>Runs both vCPUs and compares them; true when the JIT compiled at least one region.</summary>
    private static bool AssertSame(bool bigEndian, Item[] items, uint[] gpr, uint hi, uint lo, int loops, int budget)
    {
        var program = Assemble(items);
        using var interpreted = Prepare(new TestCpu(bigEndian), program, gpr, hi, lo, loops);
        using var translated = Prepare(new TestCpu(bigEndian), program, gpr, hi, lo, loops);
        var jit = new JitEngine(translated.Cpu, new JitOptions { Threshold = 1 });
        translated.Cpu.ExecutionEngine = jit;

        var r1 = interpreted.Cpu.Run(budget);
        var r2 = translated.Cpu.Run(budget);

        var listing = string.Join(" ", program.Select(w => w.ToString("x8")));
        Assert.True(r1 == r2, $"stop {r1} vs {r2}: {listing}");
        Assert.True(Snapshot(interpreted) == Snapshot(translated),
            $"interpreter:\n{Snapshot(interpreted)}\ntranslated:\n{Snapshot(translated)}\nprogram: {listing}");
        Assert.True(interpreted.PeekBytes(TestCpu.DataBase, 0x400).AsSpan().SequenceEqual(translated.PeekBytes(TestCpu.DataBase, 0x400)),
            "data pages differ: " + listing);
        return jit.Stats.RegionsCompiled > 0;
    }

    private static TestCpu Prepare(TestCpu t, uint[] program, uint[] gpr, uint hi, uint lo, int loops)
    {
        t.Load(program);
        for (var r = 1; r < 32; r++)
        {
            t[r] = gpr[r];
        }
        t[Base] = TestCpu.DataBase + DataOffset;
        t[Counter] = (uint)loops;
        t.Cpu.Hi = hi;
        t.Cpu.Lo = lo;
        for (var i = 0u; i < 0x400; i += 4)
        {
            t.Poke32(TestCpu.DataBase + i, i * 0x01010101u ^ 0x5a5a5a5au);
        }
        return t;
    }

    private static string Snapshot(TestCpu t)
    {
        var c = t.Cpu;
        var regs = string.Join(" ", Enumerable.Range(0, 32).Select(i => c.GetGpr(i).ToString("x8")));
        var exceptions = string.Join(",", c.ExceptionCounts.Select((n, i) => (n, i)).Where(p => p.n != 0).Select(p => $"{(ExcCode)p.i}={p.n}"));
        return $"pc={c.Pc:x8} npc={c.NextPc:x8} bd={c.InDelaySlot} hi={c.Hi:x8} lo={c.Lo:x8} retired={c.InstructionsRetired}\n" +
               $"link={c.LinkState} lladdr={t.Cp0(Cp0Register.LlAddr):x8}\n" +
               $"epc={t.Cp0(Cp0Register.Epc):x8} cause={t.Cp0(Cp0Register.Cause):x8} badvaddr={t.Cp0(Cp0Register.BadVAddr):x8} " +
               $"status={t.Cp0(Cp0Register.Status):x8} exceptions={exceptions}\n{regs}";
    }
}

/// <summary>
/// The generator's raw R- and I-format words: it draws opcode/funct numbers from families of encodings (e.g. the six
/// I-format ALU ops at 0x0a..0x0f) the way the random-word fuzzers do, which the table's named encoder cannot express.
/// </summary>
internal static class Raw
{
    public static uint R(uint funct, int rs, int rt, int rd, int sa = 0, uint op = 0) =>
        (op << 26) | ((uint)rs << 21) | ((uint)rt << 16) | ((uint)rd << 11) | ((uint)sa << 6) | funct;

    public static uint I(uint op, int rs, int rt, int imm) =>
        (op << 26) | ((uint)rs << 21) | ((uint)rt << 16) | ((uint)imm & 0xffff);
}
