namespace Emu.Emulator.Devices;

/// <summary>
/// The ISA I/O port space as the CPU sees it through the GT-64120's PCI I/O window. Devices are placed
/// at port numbers; ports nothing decodes read as all ones and ignore writes, as on a PC bus (and as
/// QEMU's unassigned I/O behaves), so probing drivers see "no device" rather than a bus error.
/// </summary>
public sealed class IsaIoSpace : IMmioDevice
{
    // An array, grown by copying (DeviceTable).
    private DeviceAt[] _devices = DeviceTable.None();
    // Devices whose port a PCI base register chooses (PIIX4 PMBA); null while their decode is off. An array of a class,
    // not a list of tuples: List's code over a tuple is in no ReadyToRun image and its types took 0.3 ms to load.
    private Relocatable[] _relocatable = [];

    private sealed class Relocatable(Func<uint?> port, IMmioDevice device)
    {
        public readonly Func<uint?> Port = port;
        public readonly IMmioDevice Device = device;
    }

    public IsaIoSpace(uint size) => Size = size;

    public string Name => "isa-io";

    public uint Size { get; }

    public void Add(uint port, IMmioDevice device) => _devices = DeviceTable.With(_devices, port, device);

    /// <summary>Adds a device decoded at whatever port <paramref name="port"/> says now (null: not decoded).</summary>
    public void AddRelocatable(Func<uint?> port, IMmioDevice device) => _relocatable = [.. _relocatable, new Relocatable(port, device)];

    private IMmioDevice? Find(uint offset, out uint deviceOffset)
    {
        foreach (var (port, d) in _devices)
        {
            if (offset - port < d.Size)
            {
                deviceOffset = offset - port;
                return d;
            }
        }
        foreach (var r in _relocatable)
        {
            if (r.Port() is { } port && offset - port < r.Device.Size)
            {
                deviceOffset = offset - port;
                return r.Device;
            }
        }
        deviceOffset = 0;
        return null;
    }

    /// <summary>The ISA device at this port (com1, i8259-master, i8254-pit...), or "isa-io" where none decodes.</summary>
    public string NameAt(uint offset) => Find(offset, out _)?.Name ?? Name;

    public uint Read(uint offset, int size) =>
        Find(offset, out var at) is { } d ? d.Read(at, size) : size switch { 1 => 0xffu, 2 => 0xffffu, _ => 0xffffffffu };

    public void Write(uint offset, int size, uint value) => Find(offset, out var at)?.Write(at, size, value);
}
