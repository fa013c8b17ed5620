using System.Text;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Tests.Protocol;

public class RspFramerTests
{
    private static List<RspEvent> Feed(string input, int max = 0x4000, int chunk = int.MaxValue)
    {
        var framer = new RspFramer(max);
        var events = new List<RspEvent>();
        var bytes = Encoding.Latin1.GetBytes(input);
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            framer.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), events);
        }
        return events;
    }

    [Fact]
    public void GoodPacket_IsDelivered_EvenFedByteByByte()
    {
        var events = Feed("+" + Encoding.Latin1.GetString(RspWriter.Frame("qSupported:multiprocess+")), chunk: 1);
        Assert.Equal([new RspEvent(RspEventKind.Ack), new RspEvent(RspEventKind.Packet, "qSupported:multiprocess+")], events);
    }

    [Fact]
    public void Checksum_AcceptsUpperCaseHex_RejectsWrongSum()
    {
        Assert.Equal(RspEventKind.Packet, Feed("$g#67").Single().Kind);
        Assert.Equal(RspEventKind.Packet, Feed("$OK#9A").Single().Kind);
        Assert.Equal(RspEventKind.BadChecksum, Feed("$g#68").Single().Kind);
        Assert.Equal(RspEventKind.BadChecksum, Feed("$g#zz").Single().Kind);
    }

    [Fact]
    public void Escapes_AreDecoded_AndCountInTheChecksumAsSent()
    {
        // X data 23 24 7d 2a as gdb sends it: }\x03 }\x04 }] }\x0a (GDB-RSP-MIPS.md §1).
        var payload = "X0,4:}\x03}\x04}]}\x0a";
        var sum = Encoding.Latin1.GetBytes(payload).Aggregate(0, (a, b) => (a + b) & 0xff);
        var ev = Feed($"${payload}#{sum:x2}").Single();
        Assert.Equal("X0,4:#$}*", ev.Payload);
    }

    [Fact]
    public void RunLength_RepeatsThePreviousCharacter()
    {
        // "0* " = '0' plus 3 more (' ' is 32, repeat = 32 - 29).
        var payload = "0* 1";
        var sum = Encoding.Latin1.GetBytes(payload).Aggregate(0, (a, b) => (a + b) & 0xff);
        Assert.Equal("00001", Feed($"${payload}#{sum:x2}").Single().Payload);
    }

    [Fact]
    public void InterruptAndNack_OutsidePackets()
    {
        Assert.Equal([RspEventKind.Interrupt, RspEventKind.Nack], Feed("\x03-").Select(e => e.Kind));
    }

    [Fact]
    public void OverlongPacket_IsReported_NotBuffered()
    {
        Assert.Equal(RspEventKind.Overlong, Feed("$" + new string('m', 100) + "#00", max: 10).Single().Kind);
    }

    [Fact]
    public void DollarInsidePacket_RestartsFraming()
    {
        Assert.Equal("g", Feed("$mtrunc$g#67").Single().Payload);
    }

    [Fact]
    public void Writer_EscapesSpecialCharacters_WithAValidChecksum()
    {
        var frame = Encoding.Latin1.GetString(RspWriter.Frame("a#b$c}d*e"));
        Assert.Equal("$a}\u0003b}\u0004c}]d}\u000ae#", frame[..^2]);
        var roundTrip = Feed(frame).Single();
        Assert.Equal(new RspEvent(RspEventKind.Packet, "a#b$c}d*e"), roundTrip);
    }
}
