using Emu.Emulator.Devices;

namespace Emu.Emulator.Memory;

/// <summary>
/// The board's guest-physical address map: RAM-like regions (RAM, boot flash) and MMIO devices.
/// Implements the memory front door <see cref="IGuestMemory"/> with RAM as plain host buffers.
/// Built once by the board before vCPUs start and never changed afterwards, so lookups take no lock.
/// </summary>
public sealed unsafe class PhysicalBus : IGuestMemory, IDisposable
{
    private readonly List<RamRegion> _ram = [];
    private RamRegion[] _ramArray = [];
    // An array, grown by copying (DeviceTable).
    private DeviceAt[] _mmioArray = DeviceTable.None();

    public IReadOnlyList<RamRegion> RamRegions => _ram;

    public RamRegion AddRam(string name, uint gpaBase, uint size, bool readOnly = false)
    {
        var region = new RamRegion(name, gpaBase, size, readOnly);
        CheckFree(gpaBase, size, name);
        _ram.Add(region);
        _ramArray = [.. _ram];
        return region;
    }

    public void AddDevice(uint gpaBase, IMmioDevice device)
    {
        CheckFree(gpaBase, device.Size, device.Name);
        _mmioArray = DeviceTable.With(_mmioArray, gpaBase, device);
    }

    private void CheckFree(uint gpaBase, uint size, string name)
    {
        var end = (ulong)gpaBase + size;
        foreach (var r in _ram)
        {
            if (gpaBase < (ulong)r.Base + r.Size && r.Base < end)
            {
                throw new InvalidOperationException($"{name} overlaps {r.Name}");
            }
        }
        foreach (var (b, d) in _mmioArray)
        {
            if (gpaBase < (ulong)b + d.Size && b < end)
            {
                throw new InvalidOperationException($"{name} overlaps {d.Name}");
            }
        }
    }

    public RamRegion? FindRam(uint gpa)
    {
        foreach (var r in _ramArray)
        {
            if (r.Contains(gpa))
            {
                return r;
            }
        }
        return null;
    }

    public bool TryMapPage(uint gpa, bool write, out byte* hostPage, out bool writable)
    {
        var r = FindRam(gpa);
        if (r is null)
        {
            hostPage = null;
            writable = false;
            return false;
        }
        hostPage = r.Host + ((gpa - r.Base) & ~0xfffu);
        writable = !r.ReadOnly;
        return true;
    }

    /// <summary>The device (or ISA device) that decodes <paramref name="gpa"/>, "unassigned" if none: names MMIO exits in traces.</summary>
    public string DeviceNameAt(uint gpa)
    {
        foreach (var (b, d) in _mmioArray)
        {
            if (gpa - b < d.Size)
            {
                return d.NameAt(gpa - b);
            }
        }
        return "unassigned";
    }

    public bool TryRead(uint gpa, int size, out uint value)
    {
        foreach (var (b, d) in _mmioArray)
        {
            if (gpa - b < d.Size)
            {
                value = d.Read(gpa - b, size);
                return true;
            }
        }
        value = 0;
        return false;
    }

    public bool TryWrite(uint gpa, int size, uint value)
    {
        foreach (var (b, d) in _mmioArray)
        {
            if (gpa - b < d.Size)
            {
                d.Write(gpa - b, size, value);
                return true;
            }
        }
        return false;
    }

    public bool TryReadGuest(uint gpa, Span<byte> destination)
    {
        var r = FindRam(gpa);
        if (r is null || !r.Contains(gpa + (uint)destination.Length - 1))
        {
            return false;
        }
        r.AsSpan(gpa, destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWriteGuest(uint gpa, ReadOnlySpan<byte> source) => TryWritePhysical(gpa, source);

    /// <summary>Copies bytes into RAM-like regions (loaders, debuggers); false if any byte has no RAM.</summary>
    public bool TryWritePhysical(uint gpa, ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length;)
        {
            var a = gpa + (uint)i;
            var r = FindRam(a);
            if (r is null)
            {
                return false;
            }
            var chunk = (int)Math.Min((ulong)(data.Length - i), (ulong)r.Base + r.Size - a);
            data.Slice(i, chunk).CopyTo(r.AsSpan(a, chunk));
            i += chunk;
        }
        return true;
    }

    public void Dispose()
    {
        foreach (var r in _ram)
        {
            r.Dispose();
        }
    }
}
