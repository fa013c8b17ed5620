using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

public class Uart16550Tests
{
    private readonly List<byte> _line = [];
    private readonly List<bool> _irq = [];

    private Uart16550 Make() => new("com1", _line.Add, _irq.Add);

    private bool Irq => _irq.Count > 0 && _irq[^1];

    [Fact]
    public void ThrWrite_GoesToTheLine()
    {
        var uart = Make();

        uart.Write(0, 1, 'A');

        Assert.Equal("A"u8.ToArray(), _line);
        Assert.Equal(0x60u, uart.Read(5, 1) & 0x60); // THRE and TEMT
    }

    [Fact]
    public void Loopback_ReturnsBytesToTheReceiver_NotTheLine()
    {
        var uart = Make();
        uart.Write(4, 1, 0x10); // MCR.LOOP

        for (var i = 0; i < 20; i++)
        {
            uart.Write(0, 1, (uint)(0x20 + i));
        }

        Assert.Empty(_line);
        var received = new List<uint>();
        while ((uart.Read(5, 1) & 1) != 0)
        {
            received.Add(uart.Read(0, 1));
        }
        Assert.Equal(16, received.Count); // the 16550A's FIFO depth
        Assert.Equal(0x20u, received[0]);
    }

    [Fact]
    public void ThreInterrupt_RaisedOnEnable_ClearedByIirRead_AgainAfterThrWrite()
    {
        var uart = Make();

        uart.Write(1, 1, 0x02); // IER.ETBEI
        Assert.True(Irq);
        Assert.Equal(0x02u, uart.Read(2, 1) & 0x0f);
        Assert.False(Irq);
        Assert.Equal(0x01u, uart.Read(2, 1) & 0x0f);
        uart.Write(0, 1, 'x');
        Assert.True(Irq);
    }

    [Fact]
    public void ReceivedData_RaisesItsInterrupt_WithPriorityOverThre()
    {
        var uart = Make();
        uart.Write(1, 1, 0x03);

        uart.EnqueueInput("hi"u8);

        Assert.True(Irq);
        Assert.Equal(0x04u, uart.Read(2, 1) & 0x0f);
        Assert.Equal((uint)'h', uart.Read(0, 1));
        Assert.Equal((uint)'i', uart.Read(0, 1));
        Assert.Equal(0x02u, uart.Read(2, 1) & 0x0f); // then the pending THRE
        Assert.False(Irq);
    }

    [Fact]
    public void DivisorLatch_IsReachedThroughDlab()
    {
        var uart = Make();

        uart.Write(3, 1, 0x83);
        uart.Write(0, 1, 0x03);
        uart.Write(1, 1, 0x00);
        uart.Write(3, 1, 0x03);

        Assert.Empty(_line);
        uart.Write(3, 1, 0x83);
        Assert.Equal(3u, uart.Read(0, 1));
    }

    [Fact]
    public void CbusUart_InTheFpga_HasOneRegisterEvery8Bytes()
    {
        var fpga = new MaltaFpga(() => { }, new RegisterStride(Make(), 3));

        fpga.Write(0x900, 1, 'C');
        fpga.Write(0x900 + 7 * 8, 1, 0x5a); // SCR

        Assert.Equal("C"u8.ToArray(), _line);
        Assert.Equal(0x5au, fpga.Read(0x900 + 7 * 8, 1));
        Assert.Equal(0x60u, fpga.Read(0x900 + 5 * 8, 1) & 0x60);
    }
}
