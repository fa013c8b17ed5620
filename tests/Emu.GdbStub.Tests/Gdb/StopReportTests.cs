using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// What gdb is told when the guest stops, checked in gdb's own packet log (set debug remote 1): caught
/// guest exceptions, watch hits in delay slots, and the register packet behind `info registers`.
/// </summary>
public partial class StopReportTests
{
    private static (EmuProcess Emu, string Target) StartHalted(string elf)
    {
        var port = EmuProcess.FreePort();
        return (EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", elf), $"127.0.0.1:{port}");
    }

    [SkippableFact]
    public void CatchRI_StopsAtTheVector_WithTheCauseInTheStopReply()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // 0xec000000: major opcode 0x3b, reserved in MIPS32r2 (Vol II Table A.2) → RI when executed.
            // Continuing from the breakpoint makes gdb step over it first (software single-step): the stop
            // must survive that.
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break main", "continue", "set $where = $pc", "set {int}$pc = 0xec000000", "monitor catch RI", "set debug remote 1", "continue",
                "set debug remote 0", "p (unsigned)$pc == ((unsigned)$ebase & 0xfffff000) + 0x180", "p (unsigned)$epc == (unsigned)$where", "p ($cause >> 2) & 0x1f",
                "monitor catch none", "detach",
            ]);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Infrastructure.Gdb.Has(text, "catching: RI");
            Assert.Matches(@"Packet received: T04thread:[0-9a-fp.]+;exc:RI;25:[0-9a-f]{8};", text);
            Infrastructure.Gdb.Has(text, "Program received signal SIGILL");
            Infrastructure.Gdb.Has(text, "took RI (Reserved Instruction)");
            Infrastructure.Gdb.Has(text, "$1 = 1");
            Infrastructure.Gdb.Has(text, "$2 = 1");
            Infrastructure.Gdb.Has(text, "$3 = 10"); // Cause.ExcCode = RI
        }
    }

    /// <summary>
    /// A watched word stored by the delay slot of a taken backward branch. Under gdb's default osabi gdb
    /// steps over a watch stop with breakpoints at the successors of the reported PC: reported on the slot,
    /// the taken branch never reaches pc+4 and the stop is lost; reported on the branch (as EPC with
    /// Cause.BD), gdb reports the change and the watchpoint fires again on the next iteration.
    /// </summary>
    [SkippableFact]
    public void WatchHitInDelaySlot_StopsOnTheBranch_AndStaysArmed()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // loop: addiu t0,t0,1 ; b loop ; sw t0,0(t1) (delay slot)
            var r = Infrastructure.Gdb.Run(null, target,
            [
                "set {int}0x80200000 = 0x25080001", "set {int}0x80200004 = 0x1000fffe", "set {int}0x80200008 = 0xad280000",
                "set {int}0x80201000 = 0", "set $t0 = 0", "set $t1 = 0x80201000", "set $pc = 0x80200000",
                "watch *(int*)0x80201000", "set debug remote 1", "continue", "set debug remote 0", "continue", "continue",
                "info watchpoints", "p *(int*)0x80201000", "detach",
            ], timeoutSeconds: 60);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Assert.Matches(@"Packet received: T05thread:[0-9a-fp.]+;watch:80201000;25:80200004;", text); // PC on the branch
            Infrastructure.Gdb.Has(text, "Old value = 0\nNew value = 1");
            Infrastructure.Gdb.Has(text, "Old value = 1\nNew value = 2");
            Infrastructure.Gdb.Has(text, "Old value = 2\nNew value = 3");
            Infrastructure.Gdb.Has(text, "breakpoint already hit 3 times");
            Infrastructure.Gdb.Has(text, "$1 = 3");
        }
    }

    [SkippableFact]
    public void InfoRegisters_IsOneGPacket()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("le", "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "set debug remote 1", "maintenance flush register-cache", "info registers", "set debug remote 0", "detach",
            ]);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var sent = SentPacket().Matches(text).Select(m => m.Groups[1].Value).ToList();
            Assert.True(sent.Count(p => p == "g") == 1, "packets sent for info registers: " + string.Join(' ', sent));
            Assert.DoesNotContain(sent, p => p.StartsWith('p'));
            Assert.Matches(@"\bprid\b", text); // the custom CP0 feature came with the g packet
            Assert.Matches(@"\bulr\b", text);
        }
    }

    [GeneratedRegex(@"Sending packet: \$([^#]*)#")]
    private static partial Regex SentPacket();
}
