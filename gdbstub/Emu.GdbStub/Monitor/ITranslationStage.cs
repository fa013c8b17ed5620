using Emu.Emulator.Cp0.Tlb;
using Emu.Emulator.Debug;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// One stage of "monitor translate": receives the address as the previous stage left it and prints
/// its line. Today: segment/TLB → GPA. The MMU issue appends GPA → memslot → HVA → host frame stages.
/// </summary>
public interface ITranslationStage
{
    /// <summary>Returns the address handed to the next stage, or null to stop (miss, fault).</summary>
    ulong? Translate(ICpuDebugTarget target, ulong address, TextWriter output);
}

/// <summary>Guest virtual → guest physical: segment decode, then the guest TLB (current ASID).</summary>
public sealed class SegmentTlbStage : ITranslationStage
{
    public ulong? Translate(ICpuDebugTarget target, ulong address, TextWriter output)
    {
        var va = (uint)address;
        var segment = va switch
        {
            < 0x80000000u => "kuseg (mapped; unmapped while Status.ERL=1)",
            < 0xa0000000u => "kseg0 (unmapped, cached)",
            < 0xc0000000u => "kseg1 (unmapped, uncached)",
            < 0xe0000000u => "kseg2 (mapped)",
            _ => "kseg3 (mapped)",
        };
        output.WriteLine($"gva 0x{va:x8}: {segment}");
        var result = target.DebugTranslate(va, write: false, out var pa);
        if (result != TranslateResult.Match)
        {
            output.WriteLine($"  guest TLB: {result} (the guest would take a TLB exception)");
            return null;
        }
        var erl = (target.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Status) & 4) != 0;
        var mapped = va >= 0xc0000000u || (va < 0x80000000u && !erl);
        if (mapped)
        {
            var asid = target.ReadCp0(Emu.Emulator.Cp0.Cp0Register.EntryHi) & 0xff;
            var index = target.Tlb.Probe((va & 0xffffe000u) | asid);
            output.WriteLine(index >= 0 ? $"  guest TLB entry {index} (ASID {asid:x2})" : "  guest TLB: matched");
        }
        output.WriteLine($"  gpa 0x{pa:x8}");
        return pa;
    }
}
