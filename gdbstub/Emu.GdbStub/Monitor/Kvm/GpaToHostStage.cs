using Emu.Emulator.Debug;
using Emu.Emulator.Kvm;

namespace Emu.GdbStub.Monitor.Kvm;

/// <summary>
/// "monitor translate", after the guest's own translation: GPA → memslot → HVA → host PTE and frame, with
/// the GPA page table's entry. A read-only look: nothing is faulted in.
/// </summary>
public sealed class GpaToHostStage(Vm vm) : ITranslationStage
{
    public ulong? Translate(ICpuDebugTarget target, ulong address, TextWriter output)
    {
        var gpa = address;
        var slot = vm.Memslots.Find(gpa >> 12);
        if (slot is null || slot.IsInvalid)
        {
            output.WriteLine("  memslot: none (an access is an MMIO exit to the device bus)");
            return null;
        }
        output.WriteLine($"  memslot {slot.Id}: gpa 0x{slot.BaseGfn << 12:x8}+0x{slot.NPages << 12:x} {slot.Flags}");
        var hva = slot.GfnToHva(gpa >> 12) + (gpa & 0xfff);
        output.WriteLine($"  hva 0x{hva:x}");
        output.WriteLine(vm.HostMm.TryGetPte(hva, out var host) ? $"  host pte: {host}" : "  host pte: none (not yet touched)");
        output.WriteLine($"  gpa pte: {vm.LookupGpaPte(gpa)}");
        return hva;
    }
}
