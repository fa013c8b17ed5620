using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

/// <summary>The 16550's registers as a polled driver and Linux's 8250 driver use them.</summary>
public class Uart16550RegisterTests
{
    private const uint Rbr = 0, Thr = 0, Ier = 1, Iir = 2, Fcr = 2, Lcr = 3, Mcr = 4, Lsr = 5, Msr = 6, Scr = 7;

    private static (Uart16550 Uart, List<byte> Sent, List<bool> Irq) Make()
    {
        var sent = new List<byte>();
        var irq = new List<bool>();
        var uart = new Uart16550("com1", sent.Add, irq.Add);
        return (uart, sent, irq);
    }

    [Fact]
    public void Thr_Transmits_LsrAlwaysReadyToSend()
    {
        var (u, sent, _) = Make();
        Assert.Equal(0x60u, u.Read(Lsr, 1) & 0x60); // THRE | TEMT
        u.Write(Thr, 1, 'A');
        u.Write(Thr, 1, 'b');
        Assert.Equal("Ab"u8.ToArray(), sent);
    }

    [Fact]
    public void Input_SetsDataReady_AndIsReadInOrder()
    {
        var (u, _, _) = Make();
        Assert.Equal(0u, u.Read(Lsr, 1) & 1);
        u.EnqueueInput("hi"u8);
        Assert.Equal(1u, u.Read(Lsr, 1) & 1);
        Assert.Equal((uint)'h', u.Read(Rbr, 1));
        Assert.Equal((uint)'i', u.Read(Rbr, 1));
        Assert.Equal(0u, u.Read(Lsr, 1) & 1);
    }

    [Fact]
    public void Dlab_SwitchesOffsets0And1_ToTheDivisorLatch()
    {
        var (u, sent, _) = Make();
        u.Write(Lcr, 1, 0x83); // DLAB | 8N1
        u.Write(0, 1, 0x0c);   // DLL: 9600 baud at 1.8432 MHz
        u.Write(1, 1, 0x00);   // DLM
        Assert.Equal(0x0cu, u.Read(0, 1));
        Assert.Equal(0x00u, u.Read(1, 1));
        Assert.Empty(sent); // a DLL write is not a character
        u.Write(Lcr, 1, 0x03);
        Assert.Equal(0x03u, u.Read(Lcr, 1));
        Assert.Equal(0u, u.Read(Ier, 1));
    }

    [Fact]
    public void ScratchRegister_HoldsAByte_AsTheAutoprobeExpects()
    {
        var (u, _, _) = Make();
        u.Write(Scr, 1, 0xa5);
        Assert.Equal(0xa5u, u.Read(Scr, 1));
        u.Write(Scr, 1, 0x5a);
        Assert.Equal(0x5au, u.Read(Scr, 1));
    }

    [Fact]
    public void Loopback_WiresModemControlToModemStatus()
    {
        var (u, _, _) = Make();
        u.Write(Mcr, 1, 0x10 | 0x0a); // LOOP | RTS | OUT2
        Assert.Equal(0x90u, u.Read(Msr, 1) & 0xf0); // CTS | DCD
        u.Write(Mcr, 1, 0x10 | 0x05); // LOOP | DTR | OUT1
        Assert.Equal(0x60u, u.Read(Msr, 1) & 0xf0); // DSR | RI
    }

    [Fact]
    public void Interrupts_RxDataAndThrEmpty_ShowInIir_AndDriveTheLine()
    {
        var (u, _, irq) = Make();
        Assert.Equal(1u, u.Read(Iir, 1) & 0x0f); // no interrupt pending
        u.Write(Fcr, 1, 0x07);                    // FIFO on, clear both
        Assert.Equal(0xc0u, u.Read(Iir, 1) & 0xc0);
        u.Write(Ier, 1, 0x01);                    // RX data available
        u.EnqueueInput("x"u8);
        Assert.Equal(0x04u, u.Read(Iir, 1) & 0x0f);
        Assert.True(irq.Last());
        u.Read(Rbr, 1);
        Assert.Equal(1u, u.Read(Iir, 1) & 0x0f);
        u.Write(Ier, 1, 0x02);                    // THR empty: raised at once, cleared by reading IIR
        Assert.True(irq.Last());
        Assert.Equal(0x02u, u.Read(Iir, 1) & 0x0f);
        Assert.Equal(1u, u.Read(Iir, 1) & 0x0f);
    }
}
