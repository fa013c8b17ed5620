namespace Emu.Emulator.Devices;

/// <summary>A device and the address (or I/O port) where its decode starts.</summary>
internal readonly struct DeviceAt(uint at, IMmioDevice device)
{
    public uint At { get; } = at;

    public IMmioDevice Device { get; } = device;

    public void Deconstruct(out uint at, out IMmioDevice device)
    {
        at = At;
        device = Device;
    }
}

/// <summary>
/// The (address, device) tables a bus decodes by (PhysicalBus, IsaIoSpace): arrays grown by one copy per device, since
/// devices are added only while the board is built. Of <see cref="DeviceAt"/>, not of tuples: a List or an empty array
/// of (uint, IMmioDevice) is a generic instantiation no ReadyToRun image holds, JIT-compiled at every start-up.
/// </summary>
internal static class DeviceTable
{
    /// <summary>A table with no device (not Array.Empty: that too is a generic method over the struct).</summary>
    public static DeviceAt[] None() => new DeviceAt[0];

    /// <summary>A copy of <paramref name="table"/> with (<paramref name="at"/>, <paramref name="device"/>) added last.</summary>
    public static DeviceAt[] With(DeviceAt[] table, uint at, IMmioDevice device)
    {
        var grown = new DeviceAt[table.Length + 1];
        Array.Copy(table, grown, table.Length);
        grown[^1] = new DeviceAt(at, device);
        return grown;
    }
}
