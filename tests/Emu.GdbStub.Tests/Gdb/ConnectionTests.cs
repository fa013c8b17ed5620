using System.Diagnostics;
using Emu.GdbStub.Tests.Infrastructure;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>Transports and connection life: re-attach, one debugger at a time, serial line, garbage.</summary>
public class ConnectionTests
{
    [SkippableFact]
    public void DetachThenReattach_SecondDebuggerFindsTheGuestWhereTheFirstLeftIt()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", elf);
        var first = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["break main", "continue", "detach"]);
        Assert.True(first.ExitCode == 0, first.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(first.All(), "Breakpoint 1, ");
        var second = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["p $pc == main", "detach"]);
        Assert.True(second.ExitCode == 0, second.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(second.All(), "in main");
        // Detaching with --gdb-on-detach stop keeps the guest stopped: a third debugger lets it run.
        var third = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["continue"]);
        Infrastructure.Gdb.Has(third.All(), "exited normally");
        Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
        Assert.Contains("demo: PASS", emu.Stdout);
    }

    [SkippableFact]
    public void SecondConnection_IsRefused_FirstIsUndisturbed()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", elf);
        using var first = new RspClient(port);
        Assert.StartsWith("PacketSize=", first.Ask("qSupported:multiprocess+"));
        var second = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["p $pc"], timeoutSeconds: 30);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("refused a connection", emu.Stderr);
        Assert.StartsWith("T05", first.Ask("?"));
        Assert.Equal((72 + 21) * 8, first.Ask("g").Length);
        first.Send("D");
        Assert.Equal("OK", first.ReadPacket());
        Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
        Assert.Contains("demo: PASS", emu.Stdout);
    }

    [SkippableFact]
    public void SerialLine_OverSocatPtyPair_BreakAndStepi()
    {
        Infrastructure.Gdb.Require();
        RequiredTools.Require("socat", "socat");
        var elf = GdbGuests.Elf("le", "demo");
        var dir = Directory.CreateTempSubdirectory("emu-gdb-serial-").FullName;
        var psi = new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={dir}/ttyA", $"pty,raw,echo=0,link={dir}/ttyB"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var socat = Process.Start(psi)!;
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!(File.Exists($"{dir}/ttyA") && File.Exists($"{dir}/ttyB")) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            using var emu = EmuProcess.Start("-S", "--gdb", $"serial:{dir}/ttyA,115200", elf);
            var r = Infrastructure.Gdb.Run(elf, $"{dir}/ttyB",
                ["p/x $pc", "break main", "continue", "info registers pc", "set $where = $pc", "stepi", "stepi", "p $pc == $where + 8", "detach"],
                before: ["set serial baud 115200"]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "$1 = 0xbfc00000");
            Infrastructure.Gdb.Has(text, "Breakpoint 1, ");
            Infrastructure.Gdb.Has(text, "$2 = 1"); // two stepi over the raw tty, one instruction each
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
            Assert.Contains("demo: PASS", emu.Stdout);
        }
        finally
        {
            if (!socat.HasExited)
            {
                socat.Kill();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void MalformedPackets_NeverKillTheEmulator()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", elf);
        using (var raw = new RspClient(port))
        {
            raw.SendRaw("$qSupported#00"); // bad checksum
            Assert.Equal('-', raw.ReadAck());
            foreach (var p in new[] { "m", "mzz,4", "m80000000", "M80000000,4:zz", "Z9,0,0", "Z0,80100000", "p", "pzz", "P25", "Hgp9.9",
                         "vCont;x", "qXfer:features:read:nope.xml:0,10", "qCRC:", "G12", "X80000000,4:", "T99", "qRcmd,zz", "Qqemu.sstep=zz" })
            {
                var reply = raw.Ask(p);
                Assert.True(reply.Length == 0 || reply.StartsWith('E') || reply == "OK", $"'{p}' -> '{reply}'");
                Assert.Matches("^(|OK|E[0-9a-f]{2})$", reply);
            }
            raw.SendRaw("$" + new string('m', 40000) + "#00"); // longer than PacketSize
            Assert.StartsWith("T05", raw.Ask("?"));
            var random = new Random(4242); // fixed seed: a failure reproduces
            var junk = new byte[20000];
            random.NextBytes(junk);
            // No '#': random bytes never complete a packet that could legitimately resume or kill the
            // guest; the curated malformed packets above cover complete ones.
            raw.SendRaw([.. junk.Where(b => b != (byte)'#')]);
            raw.SendRaw("$?#3f");
            Assert.StartsWith("T0", raw.ReadPacket());
        }
        // The emulator survives, and a real debugger can attach and let the guest finish.
        var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["p/x $pc", "continue"]);
        Infrastructure.Gdb.Has(r.All(), "$1 = 0xbfc00000");
        Infrastructure.Gdb.Has(r.All(), "exited normally");
        Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
        Assert.Contains("demo: PASS", emu.Stdout);
    }
}
