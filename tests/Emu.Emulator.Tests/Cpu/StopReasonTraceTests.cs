namespace Emu.Emulator.Tests.Cpu;

/// <summary>Every stop reason has its own name in the trace vocabulary (no stop is traced as another).</summary>
public class StopReasonTraceTests
{
    [Fact]
    public void EveryStopReason_MapsToTheTraceReasonOfTheSameName()
    {
        foreach (var reason in Enum.GetValues<Emu.Emulator.Cpu.StopReason>())
        {
            Assert.Equal(reason.ToString(), Emu.Emulator.Cpu.StopReasonTrace.ToTrace(reason).ToString());
        }
    }
}
