namespace Emu.Emulator.Cp0;

/// <summary>
/// What a CP0 register access needs from the rest of its vCPU: guest time (Count is derived from retired
/// instructions), the live interrupt lines (Cause.IP2..7) and the caches whose contents a write makes stale.
/// Implemented by the vCPU; called on the vCPU thread only, inside MFC0/MTC0 (not a hot path).
/// </summary>
internal interface ICp0Host
{
    /// <summary>Count at the instruction boundary <paramref name="instret"/> (PRA §9.16).</summary>
    uint CountAt(long instret);

    /// <summary>MTC0 Count: Count reads <paramref name="value"/> at <paramref name="instret"/> and counts on from there.</summary>
    void CountWritten(uint value, long instret);

    /// <summary>MTC0 Compare: the timer's next match is measured from Count at <paramref name="instret"/> (PRA §9.18).</summary>
    void CompareWritten(long instret);

    /// <summary>Cause as software sees it: the stored bits plus the live hardware lines and the timer on IP7.</summary>
    uint LiveCause();

    /// <summary>EntryHi.ASID changed (MTC0 EntryHi, TLBR): translations cached under the old ASID are stale.</summary>
    void AsidChanged(uint oldAsid, uint newAsid);

    /// <summary>Status changed: KSU/EXL/ERL (the translation mode) or IE/IM (deliverable interrupts) may differ.</summary>
    void ModeChanged();

    /// <summary>Status bits writable beyond <see cref="Cp0Masks.Status"/>: CU1 and FR when the core has an FPU.</summary>
    uint ExtraWritableStatus { get; }
}
