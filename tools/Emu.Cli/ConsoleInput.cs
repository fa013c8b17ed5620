using Emu.Emulator.Devices;

namespace Emu.Cli;

/// <summary>
/// The host's stdin as the guest console's keyboard, with QEMU's console escapes (chardev/char-mux.c,
/// mux_proc_byte): Ctrl-A x quits, Ctrl-A c switches between the guest console and the monitor, Ctrl-A h prints
/// the escapes, Ctrl-A Ctrl-A sends one Ctrl-A; Ctrl-A followed by anything else sends both bytes. Reads fd 0
/// with read(2), so on a raw terminal (<see cref="RawTerminal"/>) every key acts as it is typed.
/// </summary>
public sealed class ConsoleInput(Uart16550 uart, ConsoleSink output, ConsoleMonitor monitor, Action quit)
{
    public const byte CtrlA = 0x01;

    /// <summary>Where guest-bound bytes go instead of straight into the UART (a recording; a replay drops them).</summary>
    public Action<byte[]>? Deliver { get; init; }

    // Parser state: touched only by the reading thread (or a test calling Feed).
    private bool _escape;
    private bool _monitorFocused;
    private bool _ended;

    public static string EscapeHelp =>
        "C-a h    print this help\n" +
        "C-a x    exit emu\n" +
        "C-a c    switch between console and monitor\n" +
        "C-a C-a  sends C-a\n";

    /// <summary>Reads fd 0 on a background thread until end of file, an error, or a quit.</summary>
    public void Start()
    {
        // Nothing ever comes from /dev/null (scripts, CI, benchmarks): no thread to read it. The process's first thread
        // is ~1 ms of CPU (measured on `emu run` of the demo guest), and this one would read end-of-file and stop.
        if (OperatingSystem.IsLinux() && Emu.Emulator.Host.LinuxFiles.IsNullDevice(Libc.StdinFileno))
        {
            return;
        }
        var thread = new Thread(ReadLoop) { IsBackground = true, Name = "stdin→uart" };
        thread.Start();
    }

    private void ReadLoop()
    {
        var buffer = new byte[256];
        while (!_ended)
        {
            var n = (int)Libc.Read(Libc.StdinFileno, buffer, buffer.Length);
            if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.Eintr)
            {
                continue;
            }
            if (n <= 0)
            {
                return; // end of input or an unreadable stdin: the guest simply receives nothing more
            }
            Feed(buffer.AsSpan(0, n));
        }
    }

    /// <summary>Handles bytes typed on the host, in order; false once a quit ended input.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes)
    {
        var toGuest = new List<byte>(bytes.Length);
        foreach (var b in bytes)
        {
            if (_ended)
            {
                break;
            }
            if (!_escape && b == CtrlA)
            {
                _escape = true;
                continue;
            }
            if (!_escape)
            {
                if (_monitorFocused)
                {
                    Send(toGuest);
                    if (!monitor.Feed(b))
                    {
                        _ended = true;
                    }
                }
                else
                {
                    toGuest.Add(b);
                }
                continue;
            }
            _escape = false;
            switch (b)
            {
                case (byte)'x' or (byte)'X':
                    Send(toGuest);
                    _ended = true;
                    quit();
                    break;
                case (byte)'c' or (byte)'C':
                    Send(toGuest);
                    _monitorFocused = !_monitorFocused;
                    if (_monitorFocused)
                    {
                        monitor.Enter();
                    }
                    else
                    {
                        output.WriteText("\n");
                    }
                    break;
                case (byte)'h' or (byte)'H' or (byte)'?':
                    Send(toGuest);
                    output.WriteText("\n" + EscapeHelp);
                    break;
                case CtrlA when _monitorFocused:
                    break;
                case CtrlA:
                    toGuest.Add(CtrlA);
                    break;
                default:
                    if (!_monitorFocused)
                    {
                        toGuest.Add(CtrlA);
                        toGuest.Add(b);
                    }
                    break;
            }
        }
        Send(toGuest);
        return !_ended;
    }

    private void Send(List<byte> bytes)
    {
        if (bytes.Count > 0)
        {
            var chunk = bytes.ToArray();
            if (Deliver is { } deliver)
            {
                deliver(chunk);
            }
            else
            {
                uart.EnqueueInput(chunk);
            }
            bytes.Clear();
        }
    }
}
