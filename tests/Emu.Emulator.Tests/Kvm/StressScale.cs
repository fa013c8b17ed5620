namespace Emu.Emulator.Tests.Kvm;

/// <summary>EMU_STRESS_SCALE=N makes the stress tests run N times longer (default 1; bad values count as 1).</summary>
internal static class StressScale
{
    public static int Factor => Parse(Environment.GetEnvironmentVariable("EMU_STRESS_SCALE"));

    /// <summary>The rounds of a workload whose scale-1 length is <paramref name="baseRounds"/>.</summary>
    public static int Rounds(int baseRounds) => checked(baseRounds * Factor);

    internal static int Parse(string? text) => int.TryParse(text, out var s) && s > 1 ? s : 1;
}
