using Emu.Emulator.Loaders;

namespace Emu.Emulator.Tests.Boards;

/// <summary>
/// A machine with one vCPU lets that vCPU's SC store without the bus lock (Mips32Cpu.SoleVcpu, ExchangeLinked); with
/// more, every vCPU keeps the compare-and-exchange that makes SC atomic against the others.
/// </summary>
public class MachineSoleVcpuTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(4, false)]
    public void OnlyALoneVcpu_StoresConditionallyWithoutTheBusLock(int vcpus, bool sole)
    {
        var image = new ElfImage(true, 0x80100000, [new ElfSegment(0x00100000, 0x80100000, new byte[8], 0x1000)]);
        using var m = Machine.FromElf(image, new MachineOptions { RamSize = 16u << 20, Vcpus = vcpus });
        Assert.Equal(vcpus, m.Cpus.Count);
        Assert.All(m.Cpus, cpu => Assert.Equal(sole, cpu.SoleVcpu));
    }
}
