using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Decoder;

/// <summary>
/// Every row of <see cref="InstTable"/> checked against what the interpreter does, in seeded random setups (kernel or
/// user mode, CU0/CU1/FR, FCSR enables, register values including the overflow and trap edges, and for memory rows an
/// effective address that is aligned, misaligned, unmapped, on a clean page, a kernel address, or on no device):
/// <list type="bullet">
/// <item>exceptions: only those the row lists are ever taken, and each listed one is taken in some setup;</item>
/// <item>writes: no GPR outside the row's written fields, and not HI/LO unless listed, ever changes (none at all
/// when the instruction raised: exceptions are precise);</item>
/// <item>reads: giving every GPR outside the row's read fields (and HI/LO unless listed) other values changes nothing
/// else: not the exception, the PC, memory, FPRs, or any other register;</item>
/// <item>memory: a store changes only bytes inside its stated access; a load's result does not depend on bytes outside
/// it and does depend on the bytes inside it; rows without an access touch no memory.</item>
/// </list>
/// Changing a row's columns in InstTable (a missing read, a write, an exception, a size) makes its case fail.
/// </summary>
public class InstTableBehaviourTests
{
    private const int Seed = 2026;
    private const int Trials = 160, MaxTrials = 3000;

    // Data window: physical 0x20000-0x21fff, reachable as kseg0 0x80020000, as user VA 0x00020000 (TLB, dirty) and
    // as 0x00040000 (TLB, clean: stores raise Mod). User code runs at VA 0x00010000 (physical 0x10000 = CodeBase).
    private const uint DataPa = 0x20000, WindowBytes = 0x2000;
    private const uint UserCode = 0x00010000, UserData = 0x00020000, CleanData = 0x00040000;
    private const uint Unmapped = 0x00400000, KernelData = 0x80020000, NoDevice = 0xb0000000;

    public static TheoryData<InstName> Rows()
    {
        var data = new TheoryData<InstName>();
        foreach (var e in InstTable.Encodings)
        {
            data.Add(e.Name);
        }
        return data;
    }

    private sealed record Setup(bool User, uint Status, uint Fcsr, uint Word, uint[] Gprs, uint Hi, uint Lo, uint[] Fprs, byte[] Window, uint Ea);

    private sealed record Outcome(ExcCode? Exc, uint Pc, uint[] Gprs, uint Hi, uint Lo, uint[] Fprs, byte[] Window);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_DescribesWhatTheInterpreterDoes(InstName name)
    {
        var row = InstTable.Encodings.First(e => e.Name == name);
        var info = InstInfo.Of(name);
        var rng = new Random(Seed * 1000 + (int)name);
        using var t = new TestCpu();
        var seen = new HashSet<ExcCode>();
        var storesSeen = 0;
        var listed = Enum.GetValues<ExcCode>().Where(c => info.Raises.Contains(c)).ToHashSet();
        // SC is the exception: it translates only while its link holds, and the link needs an LL first, so one
        // instruction from reset reaches only its alignment check.
        if ((info.Mem & MemAccess.Linked) != 0 && info.IsStore)
        {
            listed.IntersectWith([ExcCode.AdES]);
        }
        // At least Trials setups; more (up to MaxTrials) while a listed exception has not been seen yet.
        for (var trial = 0; trial < Trials || (trial < MaxTrials && listed.Except(seen).Any()); trial++)
        {
            var setup = RandomSetup(rng, row, info);
            var decoded = InstDecoder.Decode(setup.Word);
            var where = $"{name} 0x{setup.Word:x8} trial {trial} ({(setup.User ? "user" : "kernel")}, status 0x{setup.Status:x8}, ea 0x{setup.Ea:x8})";
            var before = Run(t, setup with { }, steps: 0);
            var after = Run(t, setup, steps: 1);

            // Exceptions: only listed ones.
            if (after.Exc is { } exc)
            {
                seen.Add(exc);
                Assert.True(info.Raises.Contains(exc), $"{where}: raised {exc}, the row lists {info.Raises}");
            }

            // Writes: only listed registers change; nothing changes on an exception.
            var writes = info.GprWrites(decoded);
            for (var r = 1; r < 32; r++)
            {
                if (after.Gprs[r] != before.Gprs[r])
                {
                    Assert.True(after.Exc is null, $"{where}: GPR {r} changed although the instruction raised {after.Exc}");
                    Assert.True((writes & (1u << r)) != 0, $"{where}: wrote GPR {r}, the row writes {info.Writes}");
                }
            }
            Assert.True(after.Hi == before.Hi || info.WritesHi, $"{where}: wrote HI, the row writes {info.Writes}");
            Assert.True(after.Lo == before.Lo || info.WritesLo, $"{where}: wrote LO, the row writes {info.Writes}");

            // Memory: stores stay inside the access; other rows touch nothing.
            var (lo, hi) = AccessRange(info, setup.Ea);
            for (var i = 0; i < WindowBytes; i++)
            {
                if (after.Window[i] != before.Window[i])
                {
                    Assert.True(info.IsStore, $"{where}: changed memory at physical 0x{DataPa + i:x}, the row makes no store");
                    Assert.True(i >= lo && i < hi, $"{where}: stored to physical 0x{DataPa + i:x}, outside [0x{DataPa + lo:x}, 0x{DataPa + hi:x})");
                    storesSeen++;
                }
            }

            // Reads: other values in every register the row does not read change nothing else.
            var reads = info.GprReads(decoded);
            var other = setup with { Gprs = (uint[])setup.Gprs.Clone() };
            for (var r = 1; r < 32; r++)
            {
                if ((reads & (1u << r)) == 0)
                {
                    other.Gprs[r] = ~setup.Gprs[r] ^ (uint)rng.Next();
                }
            }
            other = other with { Hi = info.ReadsHi ? setup.Hi : ~setup.Hi, Lo = info.ReadsLo ? setup.Lo : ~setup.Lo };
            var perturbed = Run(t, other, steps: 1);
            Assert.True(perturbed.Exc == after.Exc, $"{where}: exception {perturbed.Exc} instead of {after.Exc} with other values in registers the row does not read ({info.Reads})");
            Assert.True(perturbed.Pc == after.Pc, $"{where}: PC depends on a register the row does not read ({info.Reads})");
            Assert.True(perturbed.Window.AsSpan().SequenceEqual(after.Window), $"{where}: memory depends on a register the row does not read ({info.Reads})");
            Assert.True(perturbed.Fprs.AsSpan().SequenceEqual(after.Fprs), $"{where}: FPRs depend on a register the row does not read ({info.Reads})");
            for (var r = 1; r < 32; r++)
            {
                var overwritten = after.Exc is null && (writes & (1u << r)) != 0;
                if (other.Gprs[r] == setup.Gprs[r] || overwritten)
                {
                    Assert.True(perturbed.Gprs[r] == after.Gprs[r], $"{where}: GPR {r} depends on a register the row does not read ({info.Reads})");
                }
            }
            Assert.True(perturbed.Hi == after.Hi || (other.Hi != setup.Hi && !info.WritesHi), $"{where}: HI depends on something the row does not read");
            Assert.True(perturbed.Lo == after.Lo || (other.Lo != setup.Lo && !info.WritesLo), $"{where}: LO depends on something the row does not read");

            // Loads: the result depends on the bytes inside the access and on none outside it.
            if (info.IsLoad && after.Exc is null)
            {
                var outside = setup with { Window = Flip(setup.Window, lo, hi, inside: false) };
                var o = Run(t, outside, steps: 1);
                Assert.True(o.Gprs.AsSpan().SequenceEqual(after.Gprs) && o.Fprs.AsSpan().SequenceEqual(after.Fprs),
                    $"{where}: the loaded value depends on memory outside [0x{DataPa + lo:x}, 0x{DataPa + hi:x})");
                var inside = setup with { Window = Flip(setup.Window, lo, hi, inside: true) };
                var n = Run(t, inside, steps: 1);
                Assert.False(n.Gprs.AsSpan().SequenceEqual(after.Gprs) && n.Fprs.AsSpan().SequenceEqual(after.Fprs),
                    $"{where}: the loaded value does not depend on memory inside [0x{DataPa + lo:x}, 0x{DataPa + hi:x})");
            }
        }

        // Each listed exception happens in some setup (the list is not longer than the truth).
        Assert.True(!listed.Except(seen).Any(),
            $"{name}: lists {string.Join(",", listed.Except(seen))} but never raised it in {MaxTrials} setups (saw {string.Join(",", seen)})");
        // A store row stores in some setup (SC stores only after LL, which these single-instruction runs never do).
        Assert.True(!info.IsStore || storesSeen > 0 || (info.Mem & MemAccess.Linked) != 0, $"{name}: flagged as a store but never stored");
    }

    /// <summary>Runs the setup's word from a reset vCPU for <paramref name="steps"/> instructions (0: the state before).</summary>
    private static Outcome Run(TestCpu t, Setup s, int steps)
    {
        var cpu = t.Cpu;
        cpu.Reset(TestCpu.CodeBase);
        // TLB: user code, user data (dirty), the same data clean; nothing at Unmapped.
        cpu.WritableTlb.Write(0, UserCode, 0, (0x10u << 6) | 7, (0x11u << 6) | 7);
        cpu.WritableTlb.Write(1, UserData, 0, (0x20u << 6) | 7, (0x21u << 6) | 7);
        cpu.WritableTlb.Write(2, CleanData, 0, (0x20u << 6) | 3, (0x21u << 6) | 3);
        cpu.WriteCp0(Cp0Register.Status, s.Status);
        cpu.WriteCp0(Cp0Register.EBase, 0x80000000);
        cpu.WriteFpuRegister(32, s.Fcsr);
        for (var i = 0; i < 32; i++)
        {
            cpu.SetGpr(i, s.Gprs[i]);
            cpu.WriteFpuRegister(i, s.Fprs[i]);
        }
        cpu.Hi = s.Hi;
        cpu.Lo = s.Lo;
        s.Window.CopyTo(t.Ram.AsSpan(DataPa, (int)WindowBytes));
        t.Poke32(TestCpu.CodeBase, s.Word);
        cpu.Pc = s.User ? UserCode : TestCpu.CodeBase;
        var counts = (long[])cpu.ExceptionCounts.Clone();
        if (steps > 0)
        {
            t.Step(steps);
        }
        ExcCode? exc = null;
        for (var c = 0; c < counts.Length; c++)
        {
            if (cpu.ExceptionCounts[c] != counts[c])
            {
                exc = (ExcCode)c;
            }
        }
        var gprs = new uint[32];
        var fprs = new uint[33];
        for (var i = 0; i < 32; i++)
        {
            gprs[i] = cpu.GetGpr(i);
            fprs[i] = cpu.ReadFpuRegister(i);
        }
        fprs[32] = cpu.ReadFpuRegister(32);
        return new Outcome(exc, cpu.Pc, gprs, cpu.Hi, cpu.Lo, fprs, t.Ram.AsSpan(DataPa, (int)WindowBytes).ToArray());
    }

    private static Setup RandomSetup(Random rng, InstEncoding row, InstInfo info)
    {
        var user = rng.Next(3) == 0;
        var status = (user ? Cp0Bits.StatusUM : 0)
                     | (rng.Next(4) == 0 ? Cp0Bits.StatusCU0 : 0)
                     | (rng.Next(3) != 0 ? Cp0Bits.StatusCU1 : 0)
                     | (rng.Next(2) == 0 ? Cp0Bits.StatusFR : 0);
        var fcsr = rng.Next(3) == 0 ? 0x1f80u : 0; // all IEEE enables, or none
        var regs = Enumerable.Range(1, 31).OrderBy(_ => rng.Next()).ToArray();
        var word = RowOperands.Word(rng, row, TestCpu.CodeBase, regs);
        var gprs = new uint[32];
        for (var i = 1; i < 32; i++)
        {
            gprs[i] = RandomValue(rng);
        }
        var fprs = new uint[32];
        for (var i = 0; i < 32; i++)
        {
            fprs[i] = RandomValue(rng);
        }
        if (rng.Next(4) == 0)
        {
            // Every FPR pair holds one double: infinity or a NaN (FR = 0), so x - x, x * 0 ... meet the IEEE edges.
            var high = rng.Next(2) == 0 ? 0x7ff00000u : 0x7ff7ffffu;
            for (var i = 0; i < 32; i++)
            {
                fprs[i] = (i & 1) != 0 ? high : 0;
            }
        }
        var decodedOps = InstDecoder.Decode(word);
        if (rng.Next(4) == 0)
        {
            gprs[decodedOps.Rs] = decodedOps.Imm; // a trap-immediate's equality
        }
        if (rng.Next(4) == 0)
        {
            gprs[decodedOps.Rt] = gprs[decodedOps.Rs]; // a two-register compare's equality
        }
        gprs[0] = 0;
        var window = new byte[WindowBytes];
        rng.NextBytes(window);

        // A memory row gets its effective address from the setup: base = address - offset (or - index).
        uint ea = 0;
        if (info.Mem != MemAccess.None || row.Name is InstName.Pref or InstName.Cache or InstName.Synci or InstName.Prefx)
        {
            var d = InstDecoder.Decode(word);
            var size = Math.Max(info.MemSize, 1);
            var off = (uint)rng.Next(0, 0x1000 - 8);
            var aligned = off & ~(uint)(size - 1);
            ea = rng.Next(8) switch
            {
                0 or 1 => (user || rng.Next(2) == 0 ? UserData : KernelData) + aligned,
                2 => (user || rng.Next(2) == 0 ? UserData : KernelData) + off,
                3 => Unmapped + aligned,
                4 => CleanData + aligned,
                5 => KernelData + aligned,
                6 => NoDevice + aligned,
                _ => (uint)rng.Next() & ~(uint)(size - 1),
            };
            var isIndexed = row.Format == OperandFormat.R; // COP1X: base + index
            var baseValue = isIndexed ? ea - gprs[d.Rt] : ea - d.Imm;
            if (d.Rs != 0)
            {
                gprs[d.Rs] = baseValue;
            }
            else
            {
                ea = isIndexed ? gprs[d.Rt] : d.Imm;
            }
        }
        return new Setup(user, status, fcsr, word, gprs, RandomValue(rng), RandomValue(rng), fprs, window, ea);
    }

    /// <summary>Random register contents, often an edge (overflow, sign, zero; for FPRs infinities and NaNs).</summary>
    private static uint RandomValue(Random rng) => rng.Next(9) switch
    {
        0 => 0,
        1 => 0x7fffffff,
        2 => 0x80000000,
        3 => 0xffffffff,
        4 => 0x7ff00000, // +infinity as a double's high word
        5 => 0x7f800000, // +infinity as a single
        6 => 0x7fc00000, // a single NaN (signalling in MIPS's legacy encoding)
        _ => (uint)rng.Next() ^ ((uint)rng.Next() << 16),
    };

    /// <summary>The window offsets [lo, hi) an access at <paramref name="ea"/> may touch (page offset = window offset).</summary>
    private static (int Lo, int Hi) AccessRange(InstInfo info, uint ea)
    {
        var offset = (int)(ea & 0xfff);
        if (info.Mem == MemAccess.None)
        {
            return (0, 0);
        }
        if ((info.Mem & (MemAccess.Left | MemAccess.Right)) != 0)
        {
            return (offset & ~3, (offset & ~3) + 4); // LWL/LWR/SWL/SWR: bytes of the aligned word
        }
        if ((info.Mem & MemAccess.Unaligned) != 0)
        {
            return (offset & ~7, (offset & ~7) + 8);
        }
        return (offset, offset + info.MemSize);
    }

    private static byte[] Flip(byte[] window, int lo, int hi, bool inside)
    {
        var w = (byte[])window.Clone();
        for (var i = 0; i < w.Length; i++)
        {
            if ((i >= lo && i < hi) == inside)
            {
                w[i] ^= 0xa5;
            }
        }
        return w;
    }
}
