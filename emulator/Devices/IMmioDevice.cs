namespace Emu.Emulator.Devices;

/// <summary>
/// A memory-mapped (or ISA port) device. Offsets are relative to where the board placed it; values
/// are the numeric value of a 1-, 2- or 4-byte access. Called on the vCPU thread that made the access;
/// a device that is also driven by another thread (host input) guards its own state.
/// </summary>
public interface IMmioDevice
{
    string Name { get; }

    /// <summary>Bytes of address space the device decodes.</summary>
    uint Size { get; }

    uint Read(uint offset, int size);

    void Write(uint offset, int size, uint value);

    /// <summary>The name of what decodes <paramref name="offset"/> (a container names the device inside it); for traces.</summary>
    string NameAt(uint offset) => Name;
}
