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
    // Guards _buffer, _length and _flushArmed, and orders writes to _out.
    private readonly object _gate = new();
    // One-shot, armed by the first byte left in the buffer: an idle guest causes no host wake-ups.
    private readonly Timer _flusher;
    private bool _flushArmed;
    private int _length;

    public ConsoleSink(Stream output)
    {
        _out = output;
        _flusher = new Timer(_ => Flush());
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
                _flusher.Change(FlushInterval, Timeout.InfiniteTimeSpan);
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
        _flusher.Dispose();
        Flush();
    }
}
