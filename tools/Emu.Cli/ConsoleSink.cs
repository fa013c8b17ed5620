namespace Emu.Cli;

/// <summary>
/// Guest UART output to the host's stdout: bytes pass through unchanged, buffered until a newline or
/// a full buffer so a chatty guest does not make one system call per byte.
/// </summary>
public sealed class ConsoleSink : IDisposable
{
    private readonly Stream _out;
    private readonly byte[] _buffer = new byte[4096];
    private readonly object _gate = new();
    private int _length;

    public ConsoleSink(Stream output) => _out = output;

    public void Write(byte b)
    {
        lock (_gate)
        {
            _buffer[_length++] = b;
            if (b == (byte)'\n' || _length == _buffer.Length)
            {
                FlushLocked();
            }
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
        _out.Write(_buffer, 0, _length);
        _out.Flush();
        _length = 0;
    }

    public void Dispose() => Flush();
}
