using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Boards.Malta;
using Emu.Emulator.Cpu;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Loaders;
using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;

namespace Emu.Emulator;

/// <summary>Options for building a <see cref="Machine"/>.</summary>
public sealed record MachineOptions
{
    public uint RamSize { get; init; } = 256u << 20;
    public int TlbEntries { get; init; } = 16;
    /// <summary>Null: take the byte order from the ELF file.</summary>
    public bool? BigEndian { get; init; }
    public Action<byte>? ConsoleOut { get; init; }
    /// <summary>Swap file of the simulated host (null: a temporary file).</summary>
    public string? SwapFilePath { get; init; }
}

/// <summary>
/// One emulated Malta machine the KVM way: a simulated host address space (<see cref="HostMm"/>), a VM whose
/// memslots map guest RAM (slot 0, at GPA 0) and the boot flash (slot 1, read-only, at 0x1fc00000) onto it,
/// the board's devices on the MMIO bus, and a vCPU whose memory front door is the VM's GPA fault path.
/// Lifecycle: build from an ELF image (written into guest memory through the memslots, boot stub in the
/// flash), then <see cref="Run"/> on the calling thread; <see cref="RequestStop"/> from any thread.
/// </summary>
public sealed class Machine : IDisposable
{
    /// <summary>Memslot ids of the Malta layout.</summary>
    public const int RamSlot = 0;
    public const int BootFlashSlot = 1;

    private Machine(ElfImage image, MachineOptions options)
    {
        if (options.BigEndian is { } forced && forced != image.BigEndian)
        {
            throw new ElfLoadException($"the ELF file is {(image.BigEndian ? "big" : "little")}-endian but {(forced ? "big" : "little")}-endian was requested");
        }
        if (options.RamSize == 0 || options.RamSize > MaltaMemoryMap.MaxLowRam || (options.RamSize & 0xfffff) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Malta RAM must be 1..256 MiB in whole MiB");
        }
        BigEndian = image.BigEndian;
        RamSize = options.RamSize;
        HostMm = new HostMm(new HostMmOptions { SwapFilePath = options.SwapFilePath });
        Vm = new Vm(HostMm);
        RamHva = HostMm.MapAnonymous(options.RamSize, "guest-ram");
        BootFlashHva = HostMm.MapAnonymous(MaltaMemoryMap.BootFlashSize, "boot-flash");
        Vm.SetUserMemoryRegion(RamSlot, MemslotFlags.None, MaltaMemoryMap.RamBase, options.RamSize, RamHva);
        Vm.SetUserMemoryRegion(BootFlashSlot, MemslotFlags.ReadOnly, MaltaMemoryMap.BootFlashBase, MaltaMemoryMap.BootFlashSize, BootFlashHva);

        Devices = new PhysicalBus();
        var console = options.ConsoleOut ?? (_ => { });
        Board = new MaltaBoard(Devices, console, () => Cpu!.HaltRequested = true);

        var vcpuId = Vm.ReserveVcpu();
        Memory = new VcpuMemory(Vm, vcpuId, Devices);
        Cpu = new Mips32Cpu(Memory, BigEndian, options.TlbEntries);
        Vm.AttachVcpu(vcpuId, Cpu);

        foreach (var seg in image.Segments)
        {
            var bytes = new byte[seg.MemSize];
            seg.Data.CopyTo(bytes, 0);
            if ((ulong)seg.PhysicalAddress + seg.MemSize > options.RamSize || !Vm.WriteGuest(seg.PhysicalAddress, bytes))
            {
                throw new ElfLoadException($"ELF segment at physical 0x{seg.PhysicalAddress:x8} (+0x{seg.MemSize:x}) does not fit in guest RAM");
            }
        }
        Vm.WriteGuest(MaltaMemoryMap.BootFlashBase, BootStub.Build(image.Entry, options.RamSize, BigEndian));
        Cpu.Reset(MaltaMemoryMap.ResetVector);
    }

    public bool BigEndian { get; }
    public uint RamSize { get; }
    public HostMm HostMm { get; }
    public Vm Vm { get; }
    public ulong RamHva { get; }
    public ulong BootFlashHva { get; }
    /// <summary>The MMIO side of the physical address map (devices only; RAM is memslots).</summary>
    public PhysicalBus Devices { get; }
    public MaltaBoard Board { get; }
    public VcpuMemory Memory { get; }
    public Mips32Cpu Cpu { get; }

    public static Machine FromElf(ElfImage image, MachineOptions options) => new(image, options);

    public StopReason Run(long maxInstructions = long.MaxValue) => Cpu.Run(maxInstructions);

    public void RequestStop() => Cpu.RequestStop();

    public void Dispose()
    {
        Cpu.Dispose();
        Vm.Dispose();
        HostMm.Dispose();
        Devices.Dispose();
    }
}
