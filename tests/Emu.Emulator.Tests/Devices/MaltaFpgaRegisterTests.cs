using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

/// <summary>Malta FPGA registers bare-metal guests and Linux touch: LEDs, ASCII display, SOFTRES.</summary>
public class MaltaFpgaRegisterTests
{
    [Fact]
    public void SoftRes_Only0x42_Resets()
    {
        var resets = 0;
        var fpga = new MaltaFpga(() => resets++);
        fpga.Write(0x500, 4, 0x41);
        Assert.Equal(0, resets);
        fpga.Write(0x500, 4, MaltaFpga.SoftResetValue);
        Assert.Equal(1, resets);
    }

    [Fact]
    public void AsciiDisplay_PositionsAre8BytesApart()
    {
        var fpga = new MaltaFpga(() => { });
        var text = "EMU BOOT";
        for (var i = 0; i < text.Length; i++)
        {
            fpga.Write(0x418 + (uint)i * 8, 4, text[i]);
        }
        Assert.Equal(text, fpga.Display);
        Assert.Equal((uint)'B', fpga.Read(0x418 + 4 * 8, 4));
    }

    [Fact]
    public void IsaSpace_RoutesPorts_AndUnclaimedPortsReadAllOnes()
    {
        var isa = new IsaIoSpace(0x10000);
        var pic = new I8259("pic");
        isa.Add(0x20, pic);
        isa.Write(0x21, 1, 0xfb);
        Assert.Equal(0xfbu, pic.InterruptMask);
        Assert.Equal(0xfbu, isa.Read(0x21, 1));
        Assert.Equal(0xffu, isa.Read(0x2f8, 1) & 0xff);
    }
}
