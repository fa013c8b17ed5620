using System.Reflection;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>
/// A <see cref="TestCpu"/> whose vCPU has a test-unique id, so events from other tests in the process
/// (listeners are process-global) never match. TestCpu is shared with the emulator's tests and builds
/// its CPU with id 0; VcpuId is init-only, so it is set here the way an initializer would.
/// </summary>
public static class TestCpuWithId
{
    private static int s_next = 1000;

    public static TestCpu Create(out int vcpu)
    {
        vcpu = Interlocked.Increment(ref s_next);
        var t = new TestCpu();
        typeof(Mips32Cpu).GetProperty(nameof(Mips32Cpu.VcpuId))!.SetValue(t.Cpu, vcpu);
        return t;
    }
}
