using Emu.Tracing;
namespace Emu.GdbStub.Protocol;

/// <summary>
/// Writes RSP packets to a stream. One lock (<see cref="_gate"/>) serialises every write so an
/// asynchronous stop reply (sent from a vCPU thread) never interleaves with a reply or an O packet in
/// progress (GDB-RSP-MIPS.md §12 pitfall 13). Also remembers the last packet for resending on '-'.
/// </summary>
internal sealed class RspWriter
{
    private readonly Stream _stream;
    private readonly object _gate = new(); // guards _stream writes and _last
    private byte[] _last = [];

    public RspWriter(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Frames <paramref name="payload"/> (Latin-1, one char per byte), escaping $ # } * as gdb requires.</summary>
    public static byte[] Frame(string payload)
    {
        var escapes = 0;
        foreach (var ch in payload)
        {
            if (ch is '$' or '#' or '}' or '*')
            {
                escapes++;
            }
        }
        // One pass into an exactly sized array: m replies of 16 KiB are on gdb's hot path (dump, x/).
        var frame = new byte[payload.Length + escapes + 4];
        frame[0] = (byte)'$';
        var o = 1;
        byte sum = 0;
        foreach (var ch in payload)
        {
            var b = (byte)ch;
            if (b is (byte)'$' or (byte)'#' or (byte)'}' or (byte)'*')
            {
                frame[o++] = (byte)'}';
                sum += (byte)'}';
                b ^= 0x20;
            }
            frame[o++] = b;
            sum += b;
        }
        frame[o++] = (byte)'#';
        frame[o++] = (byte)"0123456789abcdef"[sum >> 4];
        frame[o] = (byte)"0123456789abcdef"[sum & 15];
        return frame;
    }

    public void Send(string payload)
    {
        EmuKvmTrace.GdbPacket(GdbPacketKind.Sent, payload.Length);
        var frame = Frame(payload);
        lock (_gate)
        {
            _last = frame;
            _stream.Write(frame);
            _stream.Flush();
        }
    }

    public void SendRaw(byte b)
    {
        lock (_gate)
        {
            _stream.WriteByte(b);
            _stream.Flush();
        }
    }

    public void Resend()
    {
        lock (_gate)
        {
            if (_last.Length != 0)
            {
                _stream.Write(_last);
                _stream.Flush();
            }
        }
    }
}
