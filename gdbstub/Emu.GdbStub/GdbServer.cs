using System.Net;
using System.Net.Sockets;
using Emu.Emulator.Debug;
using Emu.GdbStub.Monitor;
using Emu.GdbStub.Transport;

namespace Emu.GdbStub;

/// <summary>
/// Serves one debugger at a time on a TCP port or a serial line, on background threads of its own. A
/// second TCP connection while one is attached is refused with the reason (an error reply to its first
/// packet) and closed; the first is not disturbed. On a detach (RSP D) every debug point is dropped and
/// the machine resumes (as QEMU does on D) or stays stopped (<see cref="ResumeOnDetach"/>). A connection
/// that merely ends (closed, killed, a failed handshake, a client that never spoke) changes nothing about
/// whether the machine runs: an -S machine stays stopped for the next debugger, as QEMU's does.
/// k/vKill stops the machine.
/// </summary>
/// <remarks><see cref="_gate"/> guards <see cref="_active"/> (is a session attached) and <see cref="_session"/>.</remarks>
public sealed class GdbServer : IDisposable
{
    private readonly DebugController _controller;
    private readonly GdbEndpoint _endpoint;
    private readonly TextWriter _log;
    private readonly object _gate = new();
    private bool _active;
    private GdbSession? _session;
    private TcpListener? _listener;
    private volatile bool _disposed;

    public GdbServer(DebugController controller, GdbEndpoint endpoint, TextWriter log, MonitorRegistry? monitor = null)
    {
        _controller = controller;
        _endpoint = endpoint;
        _log = log;
        Monitor = monitor ?? MonitorRegistry.CreateDefault();
    }

    public MonitorRegistry Monitor { get; }

    /// <summary>
    /// After a detach (RSP D only): true (default, as QEMU) resumes the machine; false leaves it stopped
    /// where the debugger left it, for the next debugger to pick up.
    /// </summary>
    public bool ResumeOnDetach { get; init; } = true;

    /// <summary>
    /// A TCP client that sends no packet within this time is dropped, so a connection that never speaks
    /// (a port scanner, a stuck script) cannot hold the one debugger slot. gdb sends qSupported at once.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reverse execution offered to debuggers (bs/bc, ReverseStep+/ReverseContinue+); null: none.</summary>
    public IReverseDebugger? Reverse { get; init; }

    /// <summary>The TCP port actually bound (useful with port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Raised when a debugger sent k/vKill: the host should end the run.</summary>
    public event Action? Killed;

    /// <summary>Binds the listener (or opens the serial device) and starts serving in the background.</summary>
    public void Start()
    {
        switch (_endpoint)
        {
            case TcpEndpoint tcp:
                _listener = new TcpListener(tcp.Address, tcp.Port);
                _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                _listener.Start();
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
                if (!IPAddress.IsLoopback(tcp.Address))
                {
                    _log.WriteLine($"emu: gdb: warning: listening on {tcp.Address}, beyond loopback: anyone who can reach port {Port} may read and write guest memory and run monitor host commands");
                }
                _log.WriteLine($"emu: gdb: waiting for a debugger on tcp:{tcp.Address}:{Port}");
                StartThread("gdb-accept", AcceptLoop);
                break;
            case SerialEndpoint serial:
                var port = SerialLine.Open(serial);
                _log.WriteLine($"emu: gdb: waiting for a debugger on {serial.Device} ({serial.Baud} baud)");
                StartThread("gdb-serial", () => SerialLoop(serial, port));
                break;
        }
        // First attach fast: pay the runtime's first-call costs of framing and dispatch now, off the
        // critical path (GdbSession.WarmUp touches no vCPU state).
        StartThread("gdb-warmup", () => GdbSession.WarmUp(_controller, Monitor));
    }

    private static void StartThread(string name, Action body) =>
        new Thread(() => body()) { IsBackground = true, Name = name }.Start();

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            TcpClient client;
            try
            {
                client = _listener!.AcceptTcpClient();
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            client.NoDelay = true; // many tiny packets (GDB-RSP-MIPS.md §12 pitfall 15)
            lock (_gate)
            {
                if (_active)
                {
                    StartThread("gdb-refuse", () => Refuse(client));
                    continue;
                }
                _active = true;
            }
            StartThread("gdb-session", () =>
            {
                using (client)
                {
                    Serve(client.GetStream(), client.Client.RemoteEndPoint?.ToString() ?? "?", IdleTimeout);
                }
            });
        }
    }

    /// <summary>
    /// Tells a second debugger why it cannot attach. gdb reads nothing before it has sent its first packet
    /// (qSupported) and takes a packet that arrives in place of an ack as noise, so the reason goes out as
    /// the reply to that packet: gdb 13 prints an "E." reply to qSupported as "Remote failure reply: ...",
    /// then reports the closed connection.
    /// </summary>
    private void Refuse(TcpClient client)
    {
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
        _log.WriteLine($"emu: gdb: refused a connection from {peer}: a debugger is already attached");
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                stream.ReadTimeout = (int)IdleTimeout.TotalMilliseconds;
                var framer = new Protocol.RspFramer(GdbSession.PacketSize);
                var events = new List<Protocol.RspEvent>();
                var buffer = new byte[4096];
                while (!events.Any(e => e.Kind == Protocol.RspEventKind.Packet))
                {
                    var n = stream.Read(buffer);
                    if (n == 0)
                    {
                        return;
                    }
                    framer.Feed(buffer.AsSpan(0, n), events);
                }
                stream.WriteByte((byte)'+');
                stream.Write(Protocol.RspWriter.Frame("E.emu: another debugger is already attached; this connection is refused"));
                stream.Flush();
                // Let gdb read the reply before the close reaches it.
                client.Client.Shutdown(SocketShutdown.Send);
                stream.ReadTimeout = 1000;
                while (stream.Read(buffer) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private void SerialLoop(SerialEndpoint endpoint, Stream port)
    {
        while (!_disposed)
        {
            lock (_gate)
            {
                _active = true;
            }
            var end = Serve(port, endpoint.Device);
            if (end == SessionEnd.Killed || _disposed)
            {
                return;
            }
            if (end == SessionEnd.Disconnected)
            {
                // The line failed (pty peer gone): reopen it and wait for the next debugger.
                port.Dispose();
                while (!_disposed)
                {
                    Thread.Sleep(500);
                    try
                    {
                        port = SerialLine.Open(endpoint);
                        break;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                    {
                    }
                }
            }
        }
    }

    private SessionEnd Serve(Stream stream, string peer, TimeSpan? idleTimeout = null)
    {
        _log.WriteLine($"emu: gdb: debugger attached ({peer})");
        var session = new GdbSession(_controller, stream, Monitor, _log) { IdleTimeout = idleTimeout, Reverse = Reverse };
        lock (_gate)
        {
            _session = session;
        }
        SessionEnd end;
        try
        {
            end = session.Run();
        }
        catch (Exception e)
        {
            // Whatever a debugger sends, the emulator keeps running.
            _log.WriteLine($"emu: gdb: session failed: {e.Message}");
            end = SessionEnd.Disconnected;
        }
        lock (_gate)
        {
            _active = false;
            _session = null;
            System.Threading.Monitor.PulseAll(_gate);
        }
        if (end == SessionEnd.Killed)
        {
            _log.WriteLine("emu: gdb: killed by the debugger");
            _controller.Kill();
            Killed?.Invoke();
            return end;
        }
        // Debug points die with the debugger that set them: a vanished debugger's breakpoint must not stop
        // the machine later with nobody to report to.
        _controller.ClearPoints();
        if (end == SessionEnd.Detached)
        {
            _log.WriteLine($"emu: gdb: debugger detached; the guest {(ResumeOnDetach ? "runs on" : "stays stopped")}");
            if (ResumeOnDetach)
            {
                _controller.Release();
            }
        }
        else
        {
            // No D: nobody asked for the guest to run (a bare connect, a failed handshake, a killed gdb);
            // like QEMU, leave the machine as it is and wait for the next debugger.
            _log.WriteLine($"emu: gdb: debugger disconnected{(session.Attached ? "" : " before speaking")}; the guest {(_controller.AllStopped ? "stays stopped" : "runs on")}");
        }
        return end;
    }

    /// <summary>
    /// The machine's run is over and emu is about to exit: the attached debugger, if any, hears W00 (QEMU's
    /// gdb_exit) and gets up to <paramref name="grace"/> to read it and hang up, so the close that follows is not
    /// a reset that could drop the packet (unread bytes from gdb turn a close into an RST).
    /// </summary>
    public void ReportExit(TimeSpan grace)
    {
        GdbSession? session;
        lock (_gate)
        {
            session = _session;
        }
        if (session is null || !session.ReportExit())
        {
            return;
        }
        var deadline = DateTime.UtcNow + grace;
        lock (_gate)
        {
            while (_session == session && deadline - DateTime.UtcNow is { Ticks: > 0 } left)
            {
                System.Threading.Monitor.Wait(_gate, left);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _listener?.Stop();
    }
}
