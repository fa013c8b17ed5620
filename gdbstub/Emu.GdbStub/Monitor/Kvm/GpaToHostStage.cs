using Emu.Emulator.Debug;

namespace Emu.GdbStub.Monitor.Kvm;

/// <summary>
/// "monitor translate", after the guest's own translation: GPA → memslot → HVA → host PTE and frame, with
/// the GPA page table's entry. A read-only look through <see cref="IMmuInspector.TranslateGpa"/>: nothing is faulted in.
/// </summary>
public sealed class GpaToHostStage(IMmuInspector mmu) : ITranslationStage
{
    public ulong? Translate(ICpuDebugTarget target, ulong address, TextWriter output)
    {
        var t = mmu.TranslateGpa(address);
        if (t.Slot is not { } slot)
        {
            output.WriteLine("  memslot: none (an access is an MMIO exit to the device bus)");
            return null;
        }
        output.WriteLine($"  memslot {slot.Id}: gpa 0x{slot.BaseGfn << 12:x8}+0x{slot.NPages << 12:x} {slot.Flags}");
        output.WriteLine($"  hva 0x{t.Hva:x}");
        output.WriteLine(t.HostPte is { } host ? $"  host pte: {host}" : "  host pte: none (not yet touched)");
        output.WriteLine($"  gpa pte: {t.GpaPte}");
        return t.Hva;
    }
}
