using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>
/// One vCPU's memory front door onto the VM (DESIGN.md "A guest load, step by step", steps 3-5): a GvaCache
/// miss arrives here as a GPA, is resolved by the <see cref="GpaFaultHandler"/> to a host frame, or becomes
/// an MMIO exit to the board's device bus (no memslot, or a write to a read-only slot).
/// Called only on the vCPU's thread, outside guest mode (see Mips32Cpu.MapGuestPage).
/// </summary>
public sealed unsafe class VcpuMemory : IGuestMemory
{
    /// <summary>How long a vCPU waits for the host to give a refused page back before treating it as a bus error.</summary>
    private static readonly TimeSpan s_hostFaultPatience = TimeSpan.FromSeconds(5);

    private readonly Vm _vm;
    private readonly PhysicalBus _devices;

    public VcpuMemory(Vm vm, int vcpuId, PhysicalBus devices)
    {
        _vm = vm;
        VcpuId = vcpuId;
        _devices = devices;
        Stat = vm.VcpuStats[vcpuId];
        Faults = new GpaFaultHandler(vm, Stat, vcpuId);
    }

    public int VcpuId { get; }

    public VcpuStat Stat { get; }

    public GpaFaultHandler Faults { get; }

    /// <summary>
    /// Set by the machine to the vCPU's "leave Run" request (a debugger pause or stop). A wait for a refused
    /// host page gives up as soon as it holds, like KVM_RUN returning -EINTR on a pending signal; the vCPU
    /// then retries the access after the stop (Mips32Cpu.AbandonForExitRequest).
    /// </summary>
    public Func<bool>? ExitRequested { get; set; }

    /// <summary>The last MMIO exit, for tests and monitor commands.</summary>
    public MmioAccess LastMmio { get; private set; }

    public bool TryMapPage(uint gpa, bool write, out byte* hostPage, out bool writable)
    {
        // A miss in the derived mapping is the "host TLB miss" exit of trap-and-emulate.
        if (write)
        {
            Stat.TlbmissStExits++;
        }
        else
        {
            Stat.TlbmissLdExits++;
        }
        // Read the clock only once the host has refused a page: every GvaCache miss comes through here.
        DateTime? deadline = null;
        while (true)
        {
            var result = Faults.MapPage(gpa, write, out var pte);
            switch (result)
            {
                case GpaFaultResult.Mapped:
                    hostPage = _vm.HostMm.FrameAddress(pte.Pfn);
                    // Never writable-but-clean: direct stores only through WRITE ∧ MODIFIED entries.
                    writable = pte.AllowsDirectWrite;
                    return true;
                case GpaFaultResult.HostFault when ExitRequested?.Invoke() == true:
                    hostPage = null;
                    writable = false;
                    return false;
                case GpaFaultResult.HostFault when DateTime.UtcNow < (deadline ??= DateTime.UtcNow + s_hostFaultPatience):
                    // KVM_RUN would fail with -EFAULT; Emu's VMM waits for the host to restore the mapping
                    // (the pressure driver's mprotect downgrades are temporary) and re-enters.
                    Stat.HostFaultExits++;
                    Thread.Sleep(1);
                    continue;
                default:
                    hostPage = null;
                    writable = false;
                    return false;
            }
        }
    }

    public bool TryRead(uint gpa, int size, out uint value)
    {
        Stat.MmioExits++;
        var ok = _devices.TryRead(gpa, size, out value);
        LastMmio = new MmioAccess(gpa, size, false, value);
        if (EmuKvmTrace.ExitEnabled)
        {
            EmuKvmTrace.MmioExit(VcpuId, gpa, size, false, value, _devices.DeviceNameAt(gpa));
        }
        return ok;
    }

    public bool TryWrite(uint gpa, int size, uint value)
    {
        Stat.MmioExits++;
        LastMmio = new MmioAccess(gpa, size, true, value);
        if (EmuKvmTrace.ExitEnabled)
        {
            EmuKvmTrace.MmioExit(VcpuId, gpa, size, true, value, _devices.DeviceNameAt(gpa));
        }
        if (_devices.TryWrite(gpa, size, value))
        {
            return true;
        }
        // A write to a read-only slot that no device claims (the boot flash): the VMM ignores it, as a flash
        // array ignores plain stores.
        return _vm.Memslots.Find(gpa >> 12) is { IsReadOnly: true, IsInvalid: false };
    }

    public bool TryReadGuest(uint gpa, Span<byte> destination) => _vm.ReadGuest(gpa, destination);

    public bool TryWriteGuest(uint gpa, ReadOnlySpan<byte> source) => _vm.WriteGuest(gpa, source);
}
