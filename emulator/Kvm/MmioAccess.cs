namespace Emu.Emulator.Kvm;

/// <summary>
/// One MMIO exit (kvm_run's mmio: phys_addr, len, is_write, data). A struct of its own, not a tuple: a tuple of value
/// types is a generic instantiation no ReadyToRun image holds, so its constructor was JIT-compiled at every start-up.
/// </summary>
public readonly record struct MmioAccess(uint Gpa, int Size, bool IsWrite, uint Data);
