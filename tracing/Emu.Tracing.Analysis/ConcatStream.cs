namespace Emu.Tracing.Analysis;

/// <summary>The first <c>prefixLength</c> bytes of a stream, then a fixed tail; read-only, forward-only.</summary>
internal sealed class ConcatStream(Stream inner, long prefixLength, byte[] tail) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => prefixLength + tail.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position < prefixLength)
        {
            var n = inner.Read(buffer, offset, (int)Math.Min(count, prefixLength - _position));
            if (n == 0)
            {
                throw new EndOfStreamException();
            }
            _position += n;
            return n;
        }
        var t = (int)(_position - prefixLength);
        var m = Math.Min(count, tail.Length - t);
        if (m <= 0)
        {
            return 0;
        }
        Array.Copy(tail, t, buffer, offset, m);
        _position += m;
        return m;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
