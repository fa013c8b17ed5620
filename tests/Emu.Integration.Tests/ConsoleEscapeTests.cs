using System.Text;
using Emu.Cli;
using Emu.Emulator;
using Emu.Emulator.Devices;

namespace Emu.Integration.Tests;

/// <summary>
/// The console's Ctrl-A escapes and monitor, fed bytes in-process (<see cref="ConsoleInput.Feed"/>) against a real
/// UART and monitor on a built machine (never run): which bytes reach the guest, what the host sees, when it quits.
/// The same code on a real terminal is <see cref="TerminalConsoleTests"/>.
/// </summary>
public sealed class ConsoleEscapeTests : IDisposable
{
    private readonly Machine _machine = Machine.FromElf(EmbeddedGuests.Load("demo", bigEndian: true), new MachineOptions());
    private readonly MemoryStream _screen = new();
    private readonly ConsoleSink _sink;
    private readonly ConsoleInput _input;
    private int _quits;

    public ConsoleEscapeTests()
    {
        _sink = new ConsoleSink(_screen);
        var monitor = new ConsoleMonitor(_machine, control: null, _sink, () => _quits++);
        _input = new ConsoleInput(_machine.Board.Uart0, _sink, monitor, () => _quits++);
    }

    private string Screen => Encoding.UTF8.GetString(_screen.ToArray());

    /// <summary>What the guest would read from the UART's receive FIFO (LSR.DR, then RBR).</summary>
    private byte[] GuestReceived()
    {
        var bytes = new List<byte>();
        while ((_machine.Board.Uart0.Read(5, 1) & 1) != 0)
        {
            bytes.Add((byte)_machine.Board.Uart0.Read(0, 1));
        }
        return [.. bytes];
    }

    [Fact]
    public void PlainBytes_Including_CtrlC_And_Tab_GoToTheGuest_AsTyped()
    {
        Assert.True(_input.Feed("ls\t\u0003\r"u8));
        Assert.Equal("ls\t\u0003\r"u8.ToArray(), GuestReceived());
        Assert.Equal("", Screen);
    }

    [Fact]
    public void CtrlA_CtrlA_SendsOneCtrlA_AndAnUnknownEscape_SendsBoth()
    {
        _input.Feed([0x01, 0x01, (byte)'a', 0x01, (byte)'z']);
        Assert.Equal(new byte[] { 0x01, (byte)'a', 0x01, (byte)'z' }, GuestReceived());
    }

    [Fact]
    public void CtrlA_x_DeliversWhatCameBefore_Quits_AndIgnoresTheRest()
    {
        Assert.False(_input.Feed("ab\u0001xcd"u8));
        Assert.Equal(1, _quits);
        Assert.Equal("ab"u8.ToArray(), GuestReceived());
    }

    [Fact]
    public void EscapeSplitAcrossReads_StillActs()
    {
        Assert.True(_input.Feed([0x01]));
        Assert.False(_input.Feed("x"u8));
        Assert.Equal(1, _quits);
        Assert.Empty(GuestReceived());
    }

    [Fact]
    public void CtrlA_h_PrintsTheEscapes_ToTheHostOnly()
    {
        _input.Feed("\u0001h"u8);
        Assert.Contains("C-a x    exit emu", Screen);
        Assert.Empty(GuestReceived());
    }

    [Fact]
    public void CtrlA_c_SwitchesToTheMonitor_ItsLineEditing_ThenBack()
    {
        _input.Feed("\u0001c"u8);
        Assert.EndsWith("(emu) ", Screen);
        _input.Feed("helx\u007fp\r"u8); // a typo erased with Backspace (DEL)
        Assert.Contains("system_reset", Screen);
        _input.Feed("bogus\r"u8);
        Assert.Contains("unknown command: 'bogus'", Screen);
        Assert.Empty(GuestReceived());
        _input.Feed("\u0001cok"u8);
        Assert.Equal("ok"u8.ToArray(), GuestReceived());
    }

    [Fact]
    public void MonitorQuit_EndsInput()
    {
        Assert.False(_input.Feed("\u0001cquit\rls"u8));
        Assert.Equal(1, _quits);
        Assert.Empty(GuestReceived());
    }

    public void Dispose()
    {
        _sink.Dispose();
        _machine.Dispose();
    }
}
