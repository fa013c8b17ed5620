using System.Net.Sockets;
using System.Text;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Tests.Infrastructure;

/// <summary>A minimal raw RSP client for packet-level tests (ack mode; reads one reply at a time).</summary>
public sealed class RspClient : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public RspClient(int port)
    {
        _client = new TcpClient("127.0.0.1", port) { NoDelay = true, ReceiveTimeout = 10000 };
        _stream = _client.GetStream();
    }

    public void SendRaw(byte[] bytes) => _stream.Write(bytes);

    public void SendRaw(string text) => _stream.Write(Encoding.Latin1.GetBytes(text));

    public void Send(string payload) => _stream.Write(RspWriter.Frame(payload));

    /// <summary>Next byte that is not part of a packet ('+', '-'), or '$' when a packet starts.</summary>
    public char ReadAck() => (char)ReadByte();

    /// <summary>Reads up to the next packet and returns its payload (skipping acks), acking it.</summary>
    public string ReadPacket()
    {
        int b;
        while ((b = ReadByte()) != '$')
        {
        }
        var sb = new StringBuilder();
        while ((b = ReadByte()) != '#')
        {
            if (b == '}')
            {
                b = ReadByte() ^ 0x20;
            }
            sb.Append((char)b);
        }
        ReadByte();
        ReadByte();
        _stream.WriteByte((byte)'+');
        return sb.ToString();
    }

    /// <summary>Sends a packet and returns the reply payload.</summary>
    public string Ask(string payload)
    {
        Send(payload);
        return ReadPacket();
    }

    private int ReadByte()
    {
        var b = _stream.ReadByte();
        if (b < 0)
        {
            throw new EndOfStreamException("the stub closed the connection");
        }
        return b;
    }

    public void Dispose() => _client.Dispose();
}
