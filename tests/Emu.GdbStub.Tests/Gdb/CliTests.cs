using System.Net;
using System.Net.Sockets;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>`emu run --gdb ...` option handling: bad input is exit code 2 with a message, never a hang.</summary>
public class CliTests
{
    [Theory]
    [InlineData("tcp::abc")]
    [InlineData("serial:")]
    [InlineData("serial:/nonexistent/emu-tty")]
    public void BadGdbEndpoint_IsBadInput(string spec)
    {
        var r = HostProcess.Emu(TimeSpan.FromSeconds(60), "run", "--gdb", spec);
        Assert.True(r.ExitCode == 2 && !r.TimedOut, r.Describe());
        Assert.Contains("emu: error:", r.Stderr);
    }

    [Fact]
    public void PortInUse_IsBadInput()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var r = HostProcess.Emu(TimeSpan.FromSeconds(60), "run", "-S", "--gdb", $"tcp::{port}");
        Assert.True(r.ExitCode == 2 && !r.TimedOut, r.Describe());
        Assert.Contains("gdb stub", r.Stderr);
    }

    [Fact]
    public void MaxInsns_WithGdb_IsRejected()
    {
        var r = HostProcess.Emu(TimeSpan.FromSeconds(60), "run", "-s", "--max-insns", "10");
        Assert.Equal(2, r.ExitCode);
    }
}
