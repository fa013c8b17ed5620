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
    // Devices whose port a PCI base register chooses (PIIX4 PMBA); null while their decode is off.
    private readonly List<(Func<uint?> Port, IMmioDevice Device)> _relocatable = [];

    public IsaIoSpace(uint size) => Size = size;

    public string Name => "isa-io";

    public uint Size { get; }

    public void Add(uint port, IMmioDevice device) => _devices = DeviceTable.With(_devices, port, device);

    /// <summary>Adds a device decoded at whatever port <paramref name="port"/> says now (null: not decoded).</summary>
    public void AddRelocatable(Func<uint?> port, IMmioDevice device) => _relocatable.Add((port, device));

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
        foreach (var (portOf, d) in _relocatable)
        {
            if (portOf() is { } port && offset - port < d.Size)
            {
                deviceOffset = offset - port;
                return d;
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
