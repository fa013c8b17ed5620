namespace Emu.Emulator.Devices;

/// <summary>
/// Places a byte-register device on a bus with its registers <c>1 &lt;&lt; shift</c> bytes apart (Linux's
/// "reg-shift"), as the Malta board wires its CBUS UART (one 16550 register every 8 bytes). Offsets between
/// registers read as zero and ignore writes.
/// </summary>
public sealed class RegisterStride(IMmioDevice inner, int shift) : IMmioDevice
{
    public string Name => inner.Name;

    public uint Size => inner.Size << shift;

    public uint Read(uint offset, int size) =>
        (offset & ((1u << shift) - 1)) == 0 ? inner.Read(offset >> shift, 1) : 0u;

    public void Write(uint offset, int size, uint value)
    {
        if ((offset & ((1u << shift) - 1)) == 0)
        {
            inner.Write(offset >> shift, 1, value);
        }
    }
}
