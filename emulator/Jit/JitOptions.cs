namespace Emu.Emulator.Jit;

/// <summary>
/// Settings of the region translator. <see cref="Threshold"/>: how many times a block start must be dispatched
/// before a region is compiled from it. A DynamicMethod costs 0.3–1 ms of RyuJIT time almost regardless of size
/// (../shared/reference/JIT.md), so only code that runs many times repays it; the default comes from the Linux-boot
/// figures there (256 → 11 s, 4,096 → 7–10 s, interpreter 27 s) and `emu bench`.
/// </summary>
public sealed record JitOptions
{
    public const int DefaultThreshold = 2048;

    /// <summary>Longest region in guest instructions (QEMU's TCG caps a block at 512 too).</summary>
    public const int DefaultMaxRegionInstructions = 512;

    public int Threshold { get; init; } = DefaultThreshold;

    public int MaxRegionInstructions { get; init; } = DefaultMaxRegionInstructions;

    /// <summary>False where the runtime cannot generate code (Native AOT): the interpreter runs alone there.</summary>
    public static bool Supported => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled;
}
