using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>
/// A <see cref="TestCpu"/> whose vCPU has a test-unique id (its EBase.CPUNum), so events from other tests in
/// the process (listeners are process-global) never match.
/// </summary>
public static class TestCpuWithId
{
    private static int s_next;

    public static TestCpu Create(out int vcpu)
    {
        // CPUNum is 10 bits; ids 100..1023 never collide with the 0..7 of machines built by other tests.
        vcpu = 100 + (Interlocked.Increment(ref s_next) % 900);
        return new TestCpu(cpuNum: vcpu);
    }
}
