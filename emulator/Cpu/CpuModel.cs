namespace Emu.Emulator.Cpu;

/// <summary>
/// The CPU a vCPU models, named as QEMU's <c>-cpu</c> names them for Malta. Both are MIPS32 Release 2 cores
/// with PRId 0x00019300 (QEMU mips_defs: the 24Kf differs only by its FPU).
/// </summary>
public enum CpuModel
{
    /// <summary>QEMU "24Kf", its Malta default: a 64-bit FPU (Config1.FP = 1, FIR 0x00739300).</summary>
    Mips24Kf,
    /// <summary>QEMU "24Kc": no FPU, every CP1 instruction raises Coprocessor Unusable.</summary>
    Mips24Kc,
}

public static class CpuModels
{
    /// <summary>Parses QEMU's names (case-insensitive): "24Kf", "24Kc".</summary>
    public static bool TryParse(string name, out CpuModel model)
    {
        switch (name.ToLowerInvariant())
        {
            case "24kf": model = CpuModel.Mips24Kf; return true;
            case "24kc": model = CpuModel.Mips24Kc; return true;
            default: model = default; return false;
        }
    }

    public static string Name(CpuModel model) => model == CpuModel.Mips24Kf ? "24Kf" : "24Kc";

    public static bool HasFpu(CpuModel model) => model == CpuModel.Mips24Kf;
}
