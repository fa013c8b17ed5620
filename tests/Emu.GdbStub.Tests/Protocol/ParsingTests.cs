using System.Net;
using System.Text;
using Emu.GdbStub.Commands;
using Emu.GdbStub.Protocol;
using Emu.GdbStub.Transport;

namespace Emu.GdbStub.Tests.Protocol;

public class ParsingTests
{
    [Theory]
    [InlineData("tcp::1234", "127.0.0.1", 1234)]
    [InlineData("1234", "127.0.0.1", 1234)]
    [InlineData("tcp:0.0.0.0:5000", "0.0.0.0", 5000)]
    [InlineData("tcp:localhost:7", "127.0.0.1", 7)]
    public void TcpEndpoints(string spec, string address, int port)
    {
        Assert.Equal(new TcpEndpoint(IPAddress.Parse(address), port), GdbEndpoint.Parse(spec));
    }

    [Fact]
    public void SerialEndpoints_DefaultBaud115200()
    {
        Assert.Equal(new SerialEndpoint("/dev/ttyS1", 115200), GdbEndpoint.Parse("serial:/dev/ttyS1"));
        Assert.Equal(new SerialEndpoint("/dev/ttyS1", 9600), GdbEndpoint.Parse("serial:/dev/ttyS1,9600"));
    }

    [Theory]
    [InlineData("tcp::99999")]
    [InlineData("tcp::abc")]
    [InlineData("serial:")]
    [InlineData("serial:/dev/x,fast")]
    public void BadEndpoints_AreRejected(string spec)
    {
        Assert.Throws<FormatException>(() => GdbEndpoint.Parse(spec));
    }

    [Fact]
    public void Addresses_SignExtendedTo64Bits_AreMasked()
    {
        Assert.Equal(0x80100000u, Hex.ParseAddress("ffffffff80100000"));
        Assert.Throws<FormatException>(() => Hex.ParseAddress("1ffffffff80100000"));
    }

    [Fact]
    public void Registers_AreInTargetByteOrder()
    {
        Assert.Equal("12345678", Hex.Register(0x12345678, bigEndian: true));
        Assert.Equal("78563412", Hex.Register(0x12345678, bigEndian: false));
        Assert.Equal(0x12345678u, Hex.ParseRegister("78563412", bigEndian: false));
    }

    [Fact]
    public void Crc_MatchesGdbsCrc32()
    {
        // gdb's xcrc32 (poly 0x04c11db7, init ~0, MSB first, no final xor) of "123456789" is 0x0376e6e7.
        Assert.Equal(0x0376e6e7u, CrcCommand.Update(0xffffffffu, Encoding.ASCII.GetBytes("123456789")));
    }
}
