namespace Emu.Emulator.Devices;

/// <summary>
/// The (address, device) tables a bus decodes by (PhysicalBus, IsaIoSpace): arrays grown by one copy per device, since
/// devices are added only while the board is built and a List of these tuples is a generic instantiation no ReadyToRun
/// image holds (JIT-compiled at every start-up).
/// </summary>
internal static class DeviceTable
{
    /// <summary>A copy of <paramref name="table"/> with (<paramref name="at"/>, <paramref name="device"/>) added last.</summary>
    public static (uint At, IMmioDevice Device)[] With((uint At, IMmioDevice Device)[] table, uint at, IMmioDevice device)
    {
        var grown = new (uint At, IMmioDevice Device)[table.Length + 1];
        Array.Copy(table, grown, table.Length);
        grown[^1] = (at, device);
        return grown;
    }
}
