namespace Emu.GdbStub.Protocol;

/// <summary>What <see cref="RspFramer"/> found in the byte stream.</summary>
internal enum RspEventKind
{
    /// <summary>A packet with a good checksum (payload unescaped and run-length decoded).</summary>
    Packet,
    /// <summary>A packet whose checksum did not match: answer '-' (gdb retransmits).</summary>
    BadChecksum,
    /// <summary>'+' from the debugger.</summary>
    Ack,
    /// <summary>'-' from the debugger: resend the last packet.</summary>
    Nack,
    /// <summary>Raw 0x03 outside a packet: interrupt the running target.</summary>
    Interrupt,
    /// <summary>A packet longer than the advertised PacketSize was dropped.</summary>
    Overlong,
}

internal readonly record struct RspEvent(RspEventKind Kind, string Payload = "");

/// <summary>
/// Byte stream → RSP events, a state machine fed any chunking of the input (RSP "Overview": $data#cc;
/// '}' escapes the next byte XOR 0x20; "c*N" repeats c N-29 more times). Payloads come out as Latin-1
/// strings: one char per byte, so binary X data survives. Not thread-safe: one reader thread.
/// </summary>
internal sealed class RspFramer
{
    private enum State { Idle, Data, Escape, RunLength, Checksum1, Checksum2 }

    private readonly int _maxPayload;
    private readonly System.Text.StringBuilder _data = new();
    private State _state;
    private byte _sum;
    private int _checksum;
    private bool _overlong;

    public RspFramer(int maxPayload)
    {
        _maxPayload = maxPayload;
    }

    public void Feed(ReadOnlySpan<byte> bytes, List<RspEvent> events)
    {
        foreach (var b in bytes)
        {
            Step(b, events);
        }
    }

    private void Step(byte b, List<RspEvent> events)
    {
        switch (_state)
        {
            case State.Idle:
                switch (b)
                {
                    case (byte)'$':
                        _data.Clear();
                        _sum = 0;
                        _overlong = false;
                        _state = State.Data;
                        break;
                    case (byte)'+': events.Add(new RspEvent(RspEventKind.Ack)); break;
                    case (byte)'-': events.Add(new RspEvent(RspEventKind.Nack)); break;
                    case 0x03: events.Add(new RspEvent(RspEventKind.Interrupt)); break;
                    default: break; // line noise between packets is ignored
                }
                return;
            case State.Data:
                if (b == (byte)'#')
                {
                    _state = State.Checksum1;
                    return;
                }
                if (b == (byte)'$')
                {
                    // A new start inside a packet: the previous one was truncated; start over.
                    _data.Clear();
                    _sum = 0;
                    _overlong = false;
                    return;
                }
                _sum += b;
                if (b == (byte)'}')
                {
                    _state = State.Escape;
                }
                else if (b == (byte)'*' && _data.Length > 0)
                {
                    _state = State.RunLength;
                }
                else
                {
                    Append((char)b);
                }
                return;
            case State.Escape:
                _sum += b;
                Append((char)(b ^ 0x20));
                _state = State.Data;
                return;
            case State.RunLength:
                {
                    _sum += b;
                    var repeat = b - 29;
                    var c = _data[^1];
                    for (var i = 0; i < repeat && !_overlong; i++)
                    {
                        Append(c);
                    }
                    _state = State.Data;
                    return;
                }
            case State.Checksum1:
                _checksum = HexValue(b) << 4;
                _state = State.Checksum2;
                return;
            case State.Checksum2:
                _checksum |= HexValue(b);
                _state = State.Idle;
                if (_overlong)
                {
                    events.Add(new RspEvent(RspEventKind.Overlong));
                }
                else if (_checksum != _sum)
                {
                    events.Add(new RspEvent(RspEventKind.BadChecksum));
                }
                else
                {
                    events.Add(new RspEvent(RspEventKind.Packet, _data.ToString()));
                }
                return;
        }
    }

    private void Append(char c)
    {
        if (_data.Length >= _maxPayload)
        {
            _overlong = true;
            return;
        }
        _data.Append(c);
    }

    /// <summary>Hex digit value, or 0x100 (never matches a byte sum) for anything else.</summary>
    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => 0x1000,
    };
}
