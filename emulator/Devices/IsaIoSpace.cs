namespace Emu.Emulator.Devices;

/// <summary>
/// The ISA I/O port space as the CPU sees it through the GT-64120's PCI I/O window. Devices are placed
/// at port numbers; ports nothing decodes read as all ones and ignore writes, as on a PC bus (and as
/// QEMU's unassigned I/O behaves), so probing drivers see "no device" rather than a bus error.
/// </summary>
public sealed class IsaIoSpace : IMmioDevice
{
    private readonly List<(uint Port, IMmioDevice Device)> _devices = [];

    public IsaIoSpace(uint size) => Size = size;

    public string Name => "isa-io";

    public uint Size { get; }

    public void Add(uint port, IMmioDevice device) => _devices.Add((port, device));

    public uint Read(uint offset, int size)
    {
        foreach (var (port, d) in _devices)
        {
            if (offset - port < d.Size)
            {
                return d.Read(offset - port, size);
            }
        }
        return size switch { 1 => 0xffu, 2 => 0xffffu, _ => 0xffffffffu };
    }

    public void Write(uint offset, int size, uint value)
    {
        foreach (var (port, d) in _devices)
        {
            if (offset - port < d.Size)
            {
                d.Write(offset - port, size, value);
                return;
            }
        }
    }
}
