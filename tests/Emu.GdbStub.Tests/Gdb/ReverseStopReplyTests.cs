using System.Globalization;
using System.Text.RegularExpressions;
using Emu.GdbStub.Protocol;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// Reverse stops at the packet level against a real emu (--snapshot-every, --clock insns): "?" answers with the stop
/// the last bs/bc reported, not the last forward one; and 0x03 right behind a bc stops the search with T02 at a
/// state of the past that a forward step and a step back agree on.
/// </summary>
public partial class ReverseStopReplyTests
{
    [GeneratedRegex(@";25:([0-9a-f]{8});")]
    private static partial Regex ExpeditedPc();

    private static string Pc(string reply) =>
        ExpeditedPc().Match(reply) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no pc in '{reply}'");

    private static (EmuProcess Emu, RspClient Rsp, uint RrStep) Start()
    {
        var elf = GdbGuests.Elf("be", "rr-count");
        var port = EmuProcess.FreePort();
        var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", "--snapshot-every", "5000", elf);
        var rsp = new RspClient(port);
        Assert.Contains("ReverseContinue+", rsp.Ask("qSupported:swbreak+"));
        return (emu, rsp, ElfSymbols.Find(elf, "rr_step"));
    }

    /// <summary>Runs forward to the <paramref name="hits"/>-th call of rr_step; returns the last stop reply.</summary>
    private static string ContinueToRrStep(RspClient rsp, uint rrStep, int hits)
    {
        Assert.Equal("OK", rsp.Ask($"Z0,{rrStep:x},4"));
        var reply = "";
        for (var i = 0; i < hits; i++)
        {
            reply = rsp.Ask("c");
            Assert.StartsWith("T05", reply);
        }
        Assert.Equal("OK", rsp.Ask($"z0,{rrStep:x},4"));
        Assert.Equal(rrStep.ToString("x8", CultureInfo.InvariantCulture), Pc(reply));
        return reply;
    }

    [SkippableFact]
    public void HaltReason_AfterBsAndBc_IsTheReverseStop()
    {
        var (emu, rsp, rrStep) = Start();
        using (emu)
        using (rsp)
        {
            var forward = ContinueToRrStep(rsp, rrStep, 3);
            Assert.Equal(forward, rsp.Ask("?"));

            var back = rsp.Ask("bs");
            Assert.StartsWith("T05thread:", back);
            Assert.NotEqual(Pc(forward), Pc(back)); // one instruction before rr_step's first
            Assert.Equal(back, rsp.Ask("?"));

            // No breakpoint behind: back to the start of history, whose stop "?" repeats (without replaylog, which
            // only tells gdb that history ended on the way).
            var begin = rsp.Ask("bc");
            Assert.Contains(";replaylog:begin;", begin);
            var halt = rsp.Ask("?");
            Assert.Equal(begin.Replace("replaylog:begin;", "", StringComparison.Ordinal), halt);
            Assert.NotEqual(Pc(back), Pc(halt));
        }
    }

    [SkippableFact]
    public void Interrupt_RightBehindBc_StopsTheSearch_WithSigint_AtAPastState()
    {
        var (emu, rsp, rrStep) = Start();
        using (emu)
        using (rsp)
        {
            // About 20,000 instructions per rr_step call: 60 calls are ~1.2e6 instructions in ~240 snapshots, a search
            // of milliseconds at least, while the stub reads the 0x03 sent in the same write as the bc at once.
            ContinueToRrStep(rsp, rrStep, 60);
            var counterAddress = ElfSymbols.Find(GdbGuests.Elf("be", "rr-count"), "g_counter");
            var counterNow = Convert.ToUInt32(rsp.Ask($"m{counterAddress:x},4"), 16);
            rsp.SendRaw([.. RspWriter.Frame("bc"), 0x03]);
            var stop = rsp.ReadPacket();
            Assert.StartsWith("T02thread:", stop);
            Assert.DoesNotContain("replaylog", stop);
            Assert.StartsWith("T05thread:", rsp.Ask("?")); // "?" reports an interrupt as SIGTRAP, as after attach
            Assert.Equal(Pc(stop), Pc(rsp.Ask("?")));
            var counterThen = Convert.ToUInt32(rsp.Ask($"m{counterAddress:x},4"), 16);
            Assert.True(counterThen <= counterNow, $"g_counter {counterThen} is not in the past of {counterNow}");

            // A real past state: a step forward and a step back return to exactly these registers.
            var registers = rsp.Ask("g");
            Assert.StartsWith("T05", rsp.Ask("s"));
            Assert.NotEqual(registers, rsp.Ask("g"));
            Assert.StartsWith("T05", rsp.Ask("bs"));
            Assert.Equal(registers, rsp.Ask("g"));
        }
    }

    [GeneratedRegex(@"^T02thread:([0-9a-f]+);")]
    private static partial Regex InterruptedThread();

    /// <summary>
    /// Two vCPUs in round-robin turns of 7 instructions (smp-selfmod, as SmpReverseDebuggingTests): the interrupted
    /// search reports the vCPU that held the turn, and stepping that thread forward and back returns to its registers
    /// (the turn position after the interrupt is one the schedule reaches again).
    /// </summary>
    [SkippableFact]
    public void Interrupt_RightBehindBc_WithTwoVcpus_StopsAtAPastState()
    {
        var elf = GdbGuests.Elf("be", "smp-selfmod");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", "--snapshot-every", "5000", "--smp", "2",
            "--smp-quantum", "7", "-no-reboot", "-kernel", elf, "-append", "cpus=2");
        using var rsp = new RspClient(port);
        Assert.Contains("ReverseContinue+", rsp.Ask("qSupported:swbreak+"));
        var spin = ElfSymbols.Find(elf, "selfmod_spin");
        Assert.Equal("OK", rsp.Ask($"Z0,{spin:x},4"));
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("T05", rsp.Ask("c"));
        }
        Assert.Equal("OK", rsp.Ask($"z0,{spin:x},4"));
        rsp.SendRaw([.. RspWriter.Frame("bc"), 0x03]);
        var stop = rsp.ReadPacket();
        var thread = InterruptedThread().Match(stop) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException(stop);
        Assert.Equal("OK", rsp.Ask($"Hg{thread}"));
        Assert.Equal("OK", rsp.Ask($"Hc{thread}"));
        var registers = rsp.Ask("g");
        Assert.StartsWith($"T05thread:{thread};", rsp.Ask("s"));
        Assert.NotEqual(registers, rsp.Ask("g"));
        Assert.StartsWith($"T05thread:{thread};", rsp.Ask("bs"));
        Assert.Equal(registers, rsp.Ask("g"));
    }
}
