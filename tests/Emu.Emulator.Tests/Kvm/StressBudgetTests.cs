using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// The stress tests' instruction budget follows EMU_STRESS_SCALE: it is computed from the workload
/// (<see cref="PageWriterGuest.MaxInstructions"/>), and these checks pin that computation to what the guest
/// really executes, so a longer run can never end on the limit (it did past EMU_STRESS_SCALE≈45 with a fixed
/// 200,000,000).
/// </summary>
public class StressBudgetTests
{
    [Theory]
    [InlineData(1, 8, 3)]
    [InlineData(2, 9, 4)]
    public void Budget_IsExactWhenEveryCheckPasses_AndCoversEveryMismatch(int vcpus, int pages, int rounds)
    {
        using var vm = new KvmTestVm(ramSize: 4u << 20, vcpus: vcpus);
        vm.WriteWords(PageWriterGuest.CodeVa, PageWriterGuest.Code());
        PageWriterGuest.LoadConstPages(vm, pages);
        for (var k = 0; k < vcpus; k++)
        {
            PageWriterGuest.Prepare(vm.Cpus[k], k, vcpus, pages, rounds);
            var budget = PageWriterGuest.MaxInstructions(k, vcpus, pages, rounds);
            Assert.Equal(StopReason.Halted, vm.Cpus[k].Run(budget));
            long visits = (pages - k + vcpus - 1) / vcpus;
            // Nothing failed, so the run took exactly the bound minus the mismatch detours it allows for.
            Assert.Equal(0u, vm.Exit.Values[k]);
            Assert.Equal(budget - rounds * visits * 3 * PageWriterGuest.MismatchInstructions, vm.Cpus[k].InstructionsRetired);
        }
    }

    [Fact]
    public void Budget_CoversTheMismatchDetours()
    {
        // Round 1 fails all three checks on every visit: the pattern pages start non-zero and the constant
        // pages do not hold the constant (the guest stores it, so later rounds pass).
        const int pages = 6, rounds = 3;
        using var vm = new KvmTestVm(ramSize: 4u << 20);
        vm.WriteWords(PageWriterGuest.CodeVa, PageWriterGuest.Code());
        for (var p = 0; p < pages; p++)
        {
            vm.WriteWords(PageWriterGuest.RegionVa + (uint)p * 4096, 0xdead);
            vm.WriteWords(PageWriterGuest.RegionVa + (uint)p * 4096 + 2048, 0xdead);
        }
        PageWriterGuest.Prepare(vm.Cpus[0], 0, 1, pages, rounds);
        vm.Cpus[0].SetGpr(Asm.A0, 0x1234); // expect a constant the pages do not hold
        Assert.Equal(StopReason.Halted, vm.Cpus[0].Run(PageWriterGuest.MaxInstructions(0, 1, pages, rounds)));
        Assert.Equal((uint)(3 * pages), vm.Exit.Values[0]);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("abc", 1)]
    [InlineData("0", 1)]
    [InlineData("-3", 1)]
    [InlineData("45", 45)]
    [InlineData("1000", 1000)]
    public void Scale_ParsesTheEnvironmentValue(string? text, int factor) => Assert.Equal(factor, StressScale.Parse(text));

    [Fact]
    public void Budget_GrowsWithTheScale_PastTheOldFixedLimit()
    {
        // MmuStressTests' shape: 2 vCPUs, 192 pages, 1500 rounds per scale unit.
        var one = PageWriterGuest.MaxInstructions(0, 2, 192, 1500);
        var thousand = PageWriterGuest.MaxInstructions(0, 2, 192, 1500 * 1000);
        Assert.Equal(1000 * (one - 1), thousand - 1);
        Assert.True(PageWriterGuest.MaxInstructions(0, 2, 192, 1500 * 50) > 200_000_000);
    }
}
