namespace Emu.Emulator.HostMemory;

/// <summary>A page-aligned HVA range [Start, Start + Size).</summary>
public readonly record struct HvaRange(ulong Start, ulong Size)
{
    public ulong End => Start + Size;
}
