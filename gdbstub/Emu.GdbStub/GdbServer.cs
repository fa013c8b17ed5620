using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using Emu.Emulator.Debug;
using Emu.GdbStub.Monitor;
using Emu.GdbStub.Transport;

namespace Emu.GdbStub;

/// <summary>
/// Serves one debugger at a time on a TCP port or a serial line, on background threads of its own. A
/// second TCP connection while one is attached is refused with a message and closed; the first is not
/// disturbed. When a debugger detaches or disconnects, every debug point is dropped and the machine
/// resumes (as QEMU does on D); a new debugger may then attach. k/vKill stops the machine.
/// </summary>
/// <remarks><see cref="_gate"/> guards <see cref="_active"/> (is a session attached).</remarks>
public sealed class GdbServer : IDisposable
{
    private readonly DebugController _controller;
    private readonly GdbEndpoint _endpoint;
    private readonly TextWriter _log;
    private readonly object _gate = new();
    private bool _active;
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
    /// After a detach or disconnect: true (default, as QEMU) resumes the machine; false leaves it stopped
    /// where the debugger left it, for the next debugger to pick up.
    /// </summary>
    public bool ResumeOnDetach { get; init; } = true;

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
                _log.WriteLine($"emu: gdb: waiting for a debugger on tcp:{tcp.Address}:{Port}");
                StartThread("gdb-accept", AcceptLoop);
                break;
            case SerialEndpoint serial:
                var port = OpenSerial(serial);
                _log.WriteLine($"emu: gdb: waiting for a debugger on {serial.Device} ({serial.Baud} baud)");
                StartThread("gdb-serial", () => SerialLoop(serial, port));
                break;
        }
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
                    Refuse(client);
                    continue;
                }
                _active = true;
            }
            StartThread("gdb-session", () =>
            {
                using (client)
                {
                    Serve(client.GetStream(), client.Client.RemoteEndPoint?.ToString() ?? "?");
                }
            });
        }
    }

    private void Refuse(TcpClient client)
    {
        _log.WriteLine($"emu: gdb: refused a connection from {client.Client.RemoteEndPoint}: a debugger is already attached");
        try
        {
            // An O packet gdb prints if it reads it, then the close gdb reports as "connection closed".
            var text = Protocol.Hex.EncodeText("emu: a debugger is already attached; connection refused\n");
            client.GetStream().Write(Protocol.RspWriter.Frame("O" + text));
            client.GetStream().Write(Protocol.RspWriter.Frame("E01"));
        }
        catch (IOException)
        {
        }
        client.Close();
    }

    private void SerialLoop(SerialEndpoint endpoint, SerialPort port)
    {
        while (!_disposed)
        {
            lock (_gate)
            {
                _active = true;
            }
            var end = Serve(port.BaseStream, endpoint.Device);
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
                        port = OpenSerial(endpoint);
                        break;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                    {
                    }
                }
            }
        }
    }

    private static SerialPort OpenSerial(SerialEndpoint endpoint)
    {
        var port = new SerialPort(endpoint.Device, endpoint.Baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };
        port.Open();
        return port;
    }

    private SessionEnd Serve(Stream stream, string peer)
    {
        _log.WriteLine($"emu: gdb: debugger attached ({peer})");
        var session = new GdbSession(_controller, stream, Monitor, _log);
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
        }
        if (end == SessionEnd.Killed)
        {
            _log.WriteLine("emu: gdb: killed by the debugger");
            _controller.Kill();
            Killed?.Invoke();
            return end;
        }
        _log.WriteLine($"emu: gdb: debugger {(end == SessionEnd.Detached ? "detached" : "disconnected")}; the guest {(ResumeOnDetach ? "runs on" : "stays stopped")}");
        _controller.ClearPoints();
        if (ResumeOnDetach)
        {
            _controller.Resume([.. Enumerable.Repeat(VcpuAction.Continue, _controller.Targets.Count)]);
        }
        return end;
    }

    public void Dispose()
    {
        _disposed = true;
        _listener?.Stop();
    }
}
