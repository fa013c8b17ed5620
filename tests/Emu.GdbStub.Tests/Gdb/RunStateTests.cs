using System.Net.Sockets;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// Whether the machine runs is decided by debuggers that say so (continue, detach), never by a
/// connection that merely ends, never speaks, or arrives while a vCPU waits for the host (issues 10, 15).
/// </summary>
public class RunStateTests
{
    [SkippableFact]
    public void BareConnectAndClose_LeavesAnSMachineStopped_ThenGdbAttachesAtTheResetVector()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        // Default --gdb-on-detach run: only a real D may start the guest.
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", elf);
        using (new TcpClient("127.0.0.1", port))
        {
        }
        using (var handshakeOnly = new TcpClient("127.0.0.1", port))
        {
            // A failed handshake: one packet, then gone.
            handshakeOnly.GetStream().Write([(byte)'+', .. Emu.GdbStub.Protocol.RspWriter.Frame("qSupported:multiprocess+")]);
            handshakeOnly.GetStream().ReadByte();
        }
        // Nobody said continue: the demo guest, which prints at once when it runs, must stay silent.
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.True(emu.Stdout.Trim().Length == 0, "the guest ran after a bare connect/close\n" + emu.Describe());
        Assert.Contains("disconnected", emu.Stderr);
        var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["p/x $pc", "continue"]);
        Infrastructure.Gdb.Has(r.All(), "$1 = 0xbfc00000");
        Infrastructure.Gdb.Has(r.All(), "exited normally");
        Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
        Assert.Contains("demo: PASS", emu.Stdout);
    }

    [SkippableFact]
    public void SilentClient_IsDroppedAfterTheIdleTimeout_ThenGdbAttaches()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", "--gdb-idle-timeout", "1", elf);
        using var silent = new TcpClient("127.0.0.1", port);
        silent.ReceiveTimeout = 30000;
        // The stub closes the silent connection: our read ends (0 bytes or a reset), with no reply ever sent.
        int first;
        try
        {
            first = silent.GetStream().ReadByte();
        }
        catch (IOException)
        {
            first = -1;
        }
        Assert.Equal(-1, first);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10); // stderr is collected asynchronously
        while (!emu.Stderr.Contains("no packet within 1 s", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Assert.Contains("no packet within 1 s", emu.Stderr);
        var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["p/x $pc", "detach"]);
        Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(r.All(), "$1 = 0xbfc00000");
        Assert.DoesNotContain("refused", emu.Stderr);
    }

    [SkippableFact]
    public void ListeningBeyondLoopback_WarnsOnStderr()
    {
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp:0.0.0.0:{port}", elf);
        Assert.Contains("warning: listening on 0.0.0.0, beyond loopback", emu.Stderr);
        using var loopback = EmuProcess.Start("-S", "--gdb", $"tcp::{EmuProcess.FreePort()}", elf);
        Assert.DoesNotContain("warning", loopback.Stderr);
    }

    /// <summary>
    /// A vCPU stalls on a store to a page the host has write-protected (monitor host mprotect ro); a new
    /// gdb must attach at once (the wait gives way to the pause) and find the store not yet done, with
    /// the PC on it; once the host gives the page back, one stepi performs exactly that store.
    /// </summary>
    [SkippableFact]
    public void HostRefusedPageStall_FreshGdbAttaches_StoreRetriedExactly()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        var target = $"127.0.0.1:{port}";
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", elf);
        // loop: addiu t0,t0,1 ; sw t0,0(t1) ; b loop ; nop   (at 0x80200000, storing to 0x80201000 = GPA 0x201000)
        var setup = Infrastructure.Gdb.Run(null, target,
        [
            "set {int}0x80200000 = 0x25080001", "set {int}0x80200004 = 0xad280000", "set {int}0x80200008 = 0x1000fffd",
            "set {int}0x8020000c = 0", "set {int}0x80201000 = 0", "set $t0 = 0", "set $t1 = 0x80201000", "set $pc = 0x80200000",
            "stepi 10", "monitor host mprotect ro 201000 +1000", "detach",
        ]);
        Assert.True(setup.ExitCode == 0, setup.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(setup.All(), "write-protected");
        // The guest runs on (default --gdb-on-detach run) into the refused page and waits there (up to 5 s).
        var r = Infrastructure.Gdb.Run(null, target,
        [
            "p/x $pc", "p $t0", "p *(int*)0x80201000", "monitor host mprotect rw 201000 +1000", "stepi",
            "p *(int*)0x80201000", "p/x $pc", "monitor exits", "kill",
        ]);
        var text = r.All();
        Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(text, "$1 = 0x80200004"); // stopped on the store, not in a bus error handler
        var t0 = int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"\$2 = (\d+)").Groups[1].Value);
        Infrastructure.Gdb.Has(text, $"$3 = {t0 - 1}"); // the waiting store has not happened
        Infrastructure.Gdb.Has(text, $"$4 = {t0}"); // one stepi performs it, once
        Infrastructure.Gdb.Has(text, "$5 = 0x80200008");
        Assert.DoesNotContain("Dbe", text); // no bus error was ever raised
    }
}
