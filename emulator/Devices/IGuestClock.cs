namespace Emu.Emulator.Devices;

/// <summary>
/// Guest time as devices see it: the boot vCPU's cycle count (one cycle per retired instruction plus the
/// cycles skipped while idle; CP0 Count runs at half this rate). Deterministic: the same guest and input
/// give the same times. Read and stalled only from the vCPU thread, inside an MMIO access.
/// </summary>
public interface IGuestClock
{
    /// <summary>Cycles since reset, at the instruction making the current access.</summary>
    long Cycles { get; }

    /// <summary>Lets <paramref name="cycles"/> of guest time pass without executing, as a long bus stall would.</summary>
    void Stall(long cycles);
}
