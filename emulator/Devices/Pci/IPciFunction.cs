namespace Emu.Emulator.Devices.Pci;

/// <summary>
/// One PCI function's 256-byte configuration space (PCI Local Bus Spec 3.0 §6.1), reached through the host
/// bridge's CONFIG_ADDRESS/CONFIG_DATA pair. Accesses are whole aligned dwords; the bridge merges byte lanes.
/// </summary>
public interface IPciFunction
{
    uint ReadConfig(int register);

    /// <summary>Writes the dword at <paramref name="register"/> (a multiple of 4) under the byte-lane <paramref name="mask"/>.</summary>
    void WriteConfig(int register, uint value, uint mask);
}
