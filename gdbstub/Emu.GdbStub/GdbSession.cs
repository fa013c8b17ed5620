using Emu.Emulator.Debug;
using Emu.GdbStub.Commands;
using Emu.GdbStub.Monitor;
using Emu.GdbStub.Protocol;
using Emu.Tracing;

namespace Emu.GdbStub;

/// <summary>How a debugger session ended.</summary>
internal enum SessionEnd
{
    /// <summary>The connection closed or failed.</summary>
    Disconnected,
    /// <summary>RSP D: the debugger detached; the transport may serve a new debugger.</summary>
    Detached,
    /// <summary>RSP k / vKill: the emulator should stop.</summary>
    Killed,
}

/// <summary>
/// One attached debugger: reads packets on the calling thread (the session's RX thread, which keeps
/// reading while the guest runs so 0x03 is seen), dispatches them, and sends stop replies from the vCPU
/// thread that completes a stop. Protocol state (ack mode, selected threads, features gdb announced)
/// is touched only by the RX thread; <see cref="_running"/> is shared with the vCPU threads under
/// <see cref="_runLock"/>. A reverse step or continue (bs/bc) runs on a thread of its own
/// (<see cref="StartReverse"/>), so the RX thread still reads 0x03 during a long search; the RX thread waits for it
/// (a join) before it handles any further packet.
/// </summary>
internal sealed class GdbSession
{
    /// <summary>
    /// Largest packet accepted and sent, advertised as PacketSize (in hex: 0x4000 = 16 KiB). gdb sizes its
    /// m/X transfers from it, so a large value means few round trips for dump/load (QEMU: 0x1000).
    /// </summary>
    public const int PacketSize = 0x4000;

    private static readonly PacketDispatcher s_dispatcher = PacketDispatcher.CreateDefault();

    private readonly Stream _stream;
    private readonly object _runLock = new(); // guards _running and _reverseInterrupt
    private bool _running;
    private CancellationTokenSource? _reverseInterrupt; // set while a bs/bc runs: 0x03 cancels it
    private Thread? _reverseThread; // RX thread only: the bs/bc in progress or last run, joined before the next packet
    private bool _attached; // RX thread only: the machine has been paused for this debugger
    private bool _ackSent; // RX thread only: the packet being handled was acked before the attach pause

    public GdbSession(DebugController controller, Stream stream, MonitorRegistry monitor, TextWriter log)
    {
        Controller = controller;
        _stream = stream;
        Writer = new RspWriter(stream);
        Monitor = monitor;
        Log = log;
    }

    public DebugController Controller { get; }

    public RspWriter Writer { get; }

    public MonitorRegistry Monitor { get; }

    public TextWriter Log { get; }

    public bool NoAck { get; set; }

    /// <summary>gdb announced multiprocess+ in qSupported: thread ids are written pPID.TID.</summary>
    public bool Multiprocess { get; set; }

    public bool SwBreak { get; set; }

    public bool HwBreak { get; set; }

    /// <summary>vCPU index for g/G/p/P/m/M (RSP Hg).</summary>
    public int GeneralThread { get; set; }

    /// <summary>vCPU index for c/s, or -1 for all (RSP Hc).</summary>
    public int ContinueThread { get; set; } = -1;

    /// <summary>Qqemu.PhyMemMode: m/M/X address physical memory.</summary>
    public bool PhysicalMemory { get; set; }

    public SessionEnd? End { get; set; }

    /// <summary>Reverse execution (RSP bs/bc), when the machine keeps a snapshot history; null: not offered.</summary>
    public IReverseDebugger? Reverse { get; init; }

    /// <summary>
    /// Drop the connection if no packet (or Ctrl-C) arrives within this time from the start; null: wait
    /// forever (a serial line, where nobody may be listening yet).
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The debugger has sent a packet or Ctrl-C (and the machine was paused for it).</summary>
    public bool Attached => _attached;

    public ICpuDebugTarget CurrentTarget => Controller.Targets[GeneralThread];

    /// <summary>Reads and serves packets until the debugger leaves.</summary>
    public SessionEnd Run()
    {
        Controller.Stopped += OnStopped;
        try
        {
            var framer = new RspFramer(PacketSize);
            var events = new List<RspEvent>();
            var buffer = new byte[PacketSize * 2];
            var idleDeadline = IdleTimeout is { } idle && _stream.CanTimeout ? DateTime.UtcNow + idle : (DateTime?)null;
            while (End is null)
            {
                int n;
                try
                {
                    if (idleDeadline is { } deadline)
                    {
                        if (_attached)
                        {
                            _stream.ReadTimeout = Timeout.Infinite;
                            idleDeadline = null;
                        }
                        else
                        {
                            var left = deadline - DateTime.UtcNow;
                            if (left <= TimeSpan.Zero)
                            {
                                Log.WriteLine($"emu: gdb: no packet within {IdleTimeout!.Value.TotalSeconds:0.#} s; dropping the connection");
                                return SessionEnd.Disconnected;
                            }
                            _stream.ReadTimeout = Math.Max(1, (int)left.TotalMilliseconds);
                        }
                    }
                    n = _stream.Read(buffer);
                }
                catch (IOException) when (idleDeadline is { } deadline && !_attached && DateTime.UtcNow >= deadline)
                {
                    Log.WriteLine($"emu: gdb: no packet within {IdleTimeout!.Value.TotalSeconds:0.#} s; dropping the connection");
                    return SessionEnd.Disconnected;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    return SessionEnd.Disconnected;
                }
                if (n == 0)
                {
                    return SessionEnd.Disconnected;
                }
                events.Clear();
                framer.Feed(buffer.AsSpan(0, n), events);
                foreach (var ev in events)
                {
                    Handle(ev);
                    if (End is not null)
                    {
                        break;
                    }
                }
            }
            return End.Value;
        }
        catch (IOException)
        {
            return SessionEnd.Disconnected;
        }
        finally
        {
            // A debugger gone mid-search leaves the machine where the search got to, parked, as after a Ctrl-C.
            InterruptReverse();
            WaitForReverse();
            Controller.Stopped -= OnStopped;
        }
    }

    /// <summary>
    /// RSP bs/bc: runs <paramref name="operation"/> (the reverse execution and the stop reply it makes) on a thread of
    /// its own and sends the reply from there, as a vCPU thread sends a forward stop reply; 0x03 meanwhile cancels
    /// the token (<see cref="OnInterrupt"/>). Every vCPU is parked throughout: the operation runs them itself.
    /// </summary>
    public void StartReverse(Func<CancellationToken, string> operation)
    {
        WaitForReverse();
        var interrupt = new CancellationTokenSource();
        lock (_runLock)
        {
            _reverseInterrupt = interrupt;
        }
        _reverseThread = new Thread(() =>
        {
            string reply;
            try
            {
                reply = operation(interrupt.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // As PacketDispatcher does for a handler: a bug answers an error, it does not end emu.
                Log.WriteLine($"emu: gdb: reverse execution failed: {e.GetType().Name}: {e.Message}");
                reply = "E01";
            }
            finally
            {
                lock (_runLock)
                {
                    _reverseInterrupt = null;
                }
                interrupt.Dispose();
            }
            try
            {
                Writer.Send(reply);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The debugger went away; the RX thread notices and ends the session.
            }
        })
        { IsBackground = true, Name = "gdb-reverse" };
        _reverseThread.Start();
    }

    /// <summary>RX thread: cancels the bs/bc in progress, if any. Returns whether one was.</summary>
    private bool InterruptReverse()
    {
        lock (_runLock)
        {
            if (_reverseInterrupt is not { } interrupt)
            {
                return false;
            }
            interrupt.Cancel();
            return true;
        }
    }

    /// <summary>RX thread: waits for the bs/bc in progress (its reply sent); the join orders its vCPU writes before our reads.</summary>
    private void WaitForReverse()
    {
        _reverseThread?.Join();
        _reverseThread = null;
    }

    private void Handle(RspEvent ev)
    {
        Trace(ev);
        if (!_attached && ev.Kind is RspEventKind.Packet or RspEventKind.Interrupt)
        {
            // The machine stops when a debugger starts talking (as QEMU stops it on connect), not when a
            // serial line merely opens: a session on a line nobody uses must not freeze the guest.
            // Ack first: the pause may take a moment (a vCPU finishing its batch), and gdb retransmits a
            // packet it sees no ack for within its timeout, which would shift every later reply by one.
            if (ev.Kind == RspEventKind.Packet && !NoAck)
            {
                Writer.SendRaw((byte)'+');
                _ackSent = true;
            }
            _attached = true;
            Controller.PauseAll(TimeSpan.FromSeconds(10));
            GeneralThread = Controller.LastStop.VcpuIndex;
            if (ev.Kind == RspEventKind.Interrupt)
            {
                Writer.Send(StopReply.Build(this, new DebugStop(DebugStopKind.Interrupt, GeneralThread)));
                return;
            }
        }
        switch (ev.Kind)
        {
            case RspEventKind.Ack:
                break;
            case RspEventKind.Nack:
                if (!NoAck)
                {
                    Writer.Resend();
                }
                break;
            case RspEventKind.BadChecksum:
            case RspEventKind.Overlong:
                if (!NoAck)
                {
                    Writer.SendRaw((byte)'-');
                }
                break;
            case RspEventKind.Interrupt:
                OnInterrupt();
                break;
            case RspEventKind.Packet:
                if (!NoAck && !_ackSent)
                {
                    Writer.SendRaw((byte)'+');
                }
                _ackSent = false;
                // gdb sends nothing but 0x03 while it waits for a stop reply (all-stop); another client's packet
                // waits for the reverse search, which owns the vCPUs until it has replied.
                WaitForReverse();
                var reply = s_dispatcher.Dispatch(this, ev.Payload);
                if (reply is not null)
                {
                    Writer.Send(reply);
                }
                break;
        }
    }

    /// <summary>
    /// Runs gdb's connection handshake (GDB-RSP-MIPS.md §2) through a throwaway session over a loopback TCP
    /// pair of its own (socket reads and writes, framing, dispatch, replies, the session thread), so the
    /// first real attach does not pay the runtime's first-call costs (QEMU answers gdb's first packets in
    /// ~2 ms). Only packets that read no vCPU state beyond "?"'s one 32-bit PC read: the machine may be
    /// running, and a real debugger may attach meanwhile (the warm session never pauses the machine nor
    /// takes the debugger slot; its replies are discarded).
    /// </summary>
    internal static void WarmUp(DebugController controller, MonitorRegistry monitor)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            using var client = new System.Net.Sockets.TcpClient { NoDelay = true };
            client.Connect(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
            using var server = listener.AcceptTcpClient();
            server.NoDelay = true;
            var session = new GdbSession(controller, server.GetStream(), monitor, TextWriter.Null) { _attached = true };
            var thread = new Thread(() => session.Run()) { IsBackground = true, Name = "gdb-warmup-session" };
            thread.Start();
            var stream = client.GetStream();
            stream.ReadTimeout = 10000;
            var framer = new RspFramer(PacketSize);
            var events = new List<RspEvent>();
            var buffer = new byte[PacketSize];
            foreach (var packet in s_warmUpPackets)
            {
                stream.Write(RspWriter.Frame(packet));
                events.Clear();
                while (!events.Any(e => e.Kind == RspEventKind.Packet))
                {
                    var n = stream.Read(buffer);
                    if (n == 0)
                    {
                        return;
                    }
                    framer.Feed(buffer.AsSpan(0, n), events);
                }
                stream.WriteByte((byte)'+');
            }
            client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Both);
            thread.Join(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Only a warm-up: a failure here costs the first attach a few milliseconds, nothing more.
        }
    }

    private static readonly string[] s_warmUpPackets =
    [
        "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386",
        "vMustReplyEmpty", "Hgp0.0", "qXfer:features:read:target.xml:0,ffb", "qTStatus", "?",
        "qXfer:threads:read::0,ffb", "qAttached:1", "Hc-1", "qOffsets", "qSymbol::", "vCont?",
        "qC", "qfThreadInfo", "qsThreadInfo", "qqemu.sstepbits",
    ];

    /// <summary>One Gdb-keyword event per received packet, ack/nak and Ctrl-C (emu-trace and PerfView show the session).</summary>
    private static void Trace(RspEvent ev)
    {
        switch (ev.Kind)
        {
            case RspEventKind.Packet: EmuKvmTrace.GdbPacket(GdbPacketKind.Received, ev.Payload.Length); break;
            case RspEventKind.Ack: EmuKvmTrace.GdbPacket(GdbPacketKind.Ack, 0); break;
            case RspEventKind.Nack: EmuKvmTrace.GdbPacket(GdbPacketKind.Nak, 0); break;
            case RspEventKind.Interrupt: EmuKvmTrace.GdbPacket(GdbPacketKind.Interrupt, 0); break;
        }
    }

    private void OnInterrupt()
    {
        if (InterruptReverse())
        {
            return; // the reverse thread replies with the stop where the search got to (T02)
        }
        lock (_runLock)
        {
            if (_running)
            {
                Controller.Interrupt();
                return;
            }
        }
        // Already stopped: answer with a stop reply anyway (gdb may have raced a stop).
        Writer.Send(StopReply.Build(this, new DebugStop(DebugStopKind.Interrupt, GeneralThread)));
    }

    /// <summary>Starts the vCPUs; the reply comes later from <see cref="OnStopped"/>. Returns the reply to send now, if any.</summary>
    public string? Resume(IReadOnlyList<VcpuAction> actions)
    {
        if (Controller.Halted)
        {
            _exitReported = true;
            return "W00";
        }
        if (actions.All(a => a == VcpuAction.Stay))
        {
            return "E22";
        }
        lock (_runLock)
        {
            _running = true;
        }
        Controller.Resume(actions);
        return null;
    }

    /// <summary>vCPU thread: the machine stopped; send the one stop reply this resume owes.</summary>
    private void OnStopped(DebugStop stop)
    {
        lock (_runLock)
        {
            if (!_running)
            {
                return;
            }
            _running = false;
        }
        if (stop.Kind != DebugStopKind.Halted)
        {
            // Written from the vCPU thread while the RX thread waits for gdb's next packet, which gdb
            // sends only after this stop reply (all-stop): the write happens-before that packet's read.
            GeneralThread = stop.VcpuIndex;
            ContinueThread = stop.VcpuIndex;
        }
        try
        {
            if (stop.Kind == DebugStopKind.Exception)
            {
                // gdb prints O text while it waits for the stop reply: say what was caught, in words.
                var t = Controller.Targets[stop.VcpuIndex];
                SendConsole($"emu: cpu{stop.VcpuIndex} took {CatchCommand.Mnemonic(stop.Exception)} ({CatchCommand.LongName(stop.Exception)}) at 0x{stop.Address:x8}; stopped at the vector 0x{t.Pc:x8}\n");
            }
            else if (stop.Kind == DebugStopKind.Reset)
            {
                var t = Controller.Targets[stop.VcpuIndex];
                SendConsole($"emu: the guest reset the board (Malta SOFTRES); every vCPU is at the reset vector 0x{t.Pc:x8}\n");
            }
            Writer.Send(StopReply.Build(this, stop));
            _exitReported |= stop.Kind == DebugStopKind.Halted;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The debugger went away; the RX thread notices and ends the session.
        }
    }

    // Set once gdb has been sent W00 (by the vCPU thread's stop report or the RX thread's resume answer).
    private volatile bool _exitReported;

    /// <summary>
    /// The emulator is exiting: tell gdb the process exited (W00) unless it already heard, as QEMU's gdb_exit
    /// does at every exit, also when gdb is not waiting for a stop (an end that fell between a stop reply and the
    /// next resume). Returns whether a packet went out.
    /// </summary>
    public bool ReportExit()
    {
        if (_exitReported || !_attached)
        {
            return false;
        }
        _exitReported = true;
        try
        {
            Writer.Send("W00");
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Sends console text to gdb as O packets (shown by gdb as-is; RSP "Stop Reply Packets").</summary>
    public void SendConsole(string text)
    {
        const int chunk = (PacketSize / 2) - 16;
        for (var i = 0; i < text.Length; i += chunk)
        {
            Writer.Send("O" + Hex.EncodeText(text.Substring(i, Math.Min(chunk, text.Length - i))));
        }
    }

    public string ThreadId(int vcpu) => Multiprocess ? $"p1.{vcpu + 1:x}" : $"{vcpu + 1:x}";

    /// <summary>
    /// Parses an RSP thread id ("p1.2", "2", "-1", "0", "p1.-1"): -1 = all, 0 = any, else vCPU index + 1.
    /// Returns false for a thread that does not exist.
    /// </summary>
    public bool TryParseThread(string s, out int thread)
    {
        thread = 0;
        if (s.StartsWith('p'))
        {
            var dot = s.IndexOf('.');
            if (dot < 0)
            {
                thread = -1; // "pPID" alone = all threads of that process
                return true;
            }
            s = s[(dot + 1)..];
        }
        if (s == "-1")
        {
            thread = -1;
            return true;
        }
        if (s.Length is 0 or > 8 || !int.TryParse(s, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var n))
        {
            return false;
        }
        thread = n;
        return n >= 0 && n <= Controller.Targets.Count;
    }
}
