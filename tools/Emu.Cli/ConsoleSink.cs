using System.Text;

namespace Emu.Cli;

/// <summary>
/// Guest UART output to the host's stdout: bytes pass through unchanged, buffered until a newline, a full
/// buffer, or <see cref="FlushInterval"/> of quiet, so a chatty guest does not make one system call per byte
/// while a prompt or a single echoed key still shows at once. The console monitor writes through here too,
/// so its text and the guest's never interleave mid-write.
/// </summary>
public sealed class ConsoleSink : IDisposable
{
    /// <summary>Longest time a byte without a newline after it waits in the buffer (an echoed key, a prompt).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(10);

    private readonly Stream _out;
    private readonly byte[] _buffer = new byte[4096];
    // Guards _buffer, _length, _flushArmed, _armedAt, _flusher and _disposed, and orders writes to _out; the flusher
    // thread waits on it. Tick reads _flushArmed without it first, and again under it.
    private readonly object _gate = new();
    // Flushes a buffer left without a newline for FlushInterval. Run by the machine (ticked: Tick, between batches and
    // before the vCPU sleeps or stops) or, for a sink nobody ticks, by a thread of its own, started by the first byte left
    // in the buffer and asleep while nothing is. Not a System.Threading.Timer: the timer queue and the thread pool its
    // callbacks run on cost 1.5–2 ms of CPU in every run that prints anything (measured on `emu run`); the thread, when
    // it is the process's first, ~1.2 ms (bench-int).
    private Thread? _flusher;
    private readonly bool _ticked;
    private volatile bool _flushArmed;
    private long _armedAt;
    private bool _disposed;
    private int _length;

    /// <param name="output">Where the bytes go (stdout).</param>
    /// <param name="ticked">
    /// The machine calls <see cref="Tick"/> (MachineOptions.ConsoleTick): no flusher thread; a partial line goes out at
    /// the first tick after FlushInterval of quiet (a polling guest's UART accesses end batches), or at once when the
    /// vCPU is about to sleep in WAIT or leave its run loop (so a prompt shows as soon as the guest waits for input).
    /// </param>
    public ConsoleSink(Stream output, bool ticked = false)
    {
        _out = output;
        _ticked = ticked;
    }

    public void Write(byte b)
    {
        lock (_gate)
        {
            _buffer[_length++] = b;
            if (b == (byte)'\n' || _length == _buffer.Length)
            {
                FlushLocked();
            }
            else if (!_flushArmed)
            {
                _flushArmed = true;
                _armedAt = Environment.TickCount64;
                if (_flusher is null && !_ticked)
                {
                    StartFlusherLocked();
                }
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// A batch boundary (any vCPU thread): bytes left without a newline go out once quiet for FlushInterval, or at once
    /// when <paramref name="now"/> (the vCPU is about to sleep or stop).
    /// </summary>
    public void Tick(bool now)
    {
        if (!_flushArmed)
        {
            return;
        }
        lock (_gate)
        {
            if (_flushArmed && (now || Environment.TickCount64 - _armedAt >= (long)FlushInterval.TotalMilliseconds))
            {
                FlushLocked();
            }
        }
    }

    private void StartFlusherLocked()
    {
        _flusher = new Thread(FlushWhenQuiet) { IsBackground = true, Name = "console-flush" };
        _flusher.Start();
    }

    private void FlushWhenQuiet()
    {
        lock (_gate)
        {
            while (!_disposed)
            {
                if (!_flushArmed)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                var left = _armedAt + (long)FlushInterval.TotalMilliseconds - Environment.TickCount64;
                if (left > 0)
                {
                    Monitor.Wait(_gate, (int)left);
                    continue;
                }
                FlushLocked();
            }
        }
    }

    /// <summary>Text from emu itself (the monitor, the escape help), written at once after any pending guest output.</summary>
    public void WriteText(string text)
    {
        lock (_gate)
        {
            FlushLocked();
            var bytes = Encoding.UTF8.GetBytes(text);
            _out.Write(bytes, 0, bytes.Length);
            _out.Flush();
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        _flushArmed = false;
        if (_length == 0)
        {
            return;
        }
        try
        {
            _out.Write(_buffer, 0, _length);
            _out.Flush();
        }
        catch (IOException)
        {
            // stdout went away (a closed pipe or terminal): the guest's output has nowhere to go.
        }
        _length = 0;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.Pulse(_gate);
            FlushLocked();
        }
    }
}
