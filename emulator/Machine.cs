using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Boards.Malta;
using Emu.Emulator.Cpu;
using Emu.Emulator.Loaders;
using Emu.Emulator.Memory;

namespace Emu.Emulator;

/// <summary>Options for building a <see cref="Machine"/>.</summary>
public sealed record MachineOptions
{
    public uint RamSize { get; init; } = 256u << 20;
    public int TlbEntries { get; init; } = 16;
    /// <summary>Null: take the byte order from the ELF file.</summary>
    public bool? BigEndian { get; init; }
    public Action<byte>? ConsoleOut { get; init; }
}

/// <summary>
/// One emulated Malta machine: bus, board devices and a vCPU. Owns their lifetimes. Lifecycle: build
/// from an ELF image (loaded at its physical addresses, boot stub at the reset vector), then
/// <see cref="Run"/> on the calling thread; <see cref="RequestStop"/> from any thread.
/// </summary>
public sealed class Machine : IDisposable
{
    private Machine(ElfImage image, MachineOptions options)
    {
        if (options.BigEndian is { } forced && forced != image.BigEndian)
        {
            throw new ElfLoadException($"the ELF file is {(image.BigEndian ? "big" : "little")}-endian but {(forced ? "big" : "little")}-endian was requested");
        }
        BigEndian = image.BigEndian;
        Bus = new PhysicalBus();
        var console = options.ConsoleOut ?? (_ => { });
        Board = new MaltaBoard(Bus, options.RamSize, console, () => Cpu!.HaltRequested = true);
        Cpu = new Mips32Cpu(Bus, BigEndian, options.TlbEntries);

        foreach (var seg in image.Segments)
        {
            var bytes = new byte[seg.MemSize];
            seg.Data.CopyTo(bytes, 0);
            if (!Bus.TryWritePhysical(seg.PhysicalAddress, bytes))
            {
                throw new ElfLoadException($"ELF segment at physical 0x{seg.PhysicalAddress:x8} (+0x{seg.MemSize:x}) does not fit in guest RAM");
            }
        }
        BootStub.Build(image.Entry, options.RamSize, BigEndian).CopyTo(Board.BootFlash.AsSpan(MaltaMemoryMap.BootFlashBase, 48));
        Cpu.Reset(MaltaMemoryMap.ResetVector);
    }

    public bool BigEndian { get; }
    public PhysicalBus Bus { get; }
    public MaltaBoard Board { get; }
    public Mips32Cpu Cpu { get; }

    public static Machine FromElf(ElfImage image, MachineOptions options) => new(image, options);

    /// <summary>Every vCPU, in index order (one today; the debugger and --smp iterate this).</summary>
    public IReadOnlyList<Mips32Cpu> Cpus => [Cpu];

    /// <summary>
    /// Cold reset of the vCPUs to the reset vector (RAM keeps its contents, so the boot stub starts the
    /// loaded image again). Only while no vCPU runs (debugger "monitor reset").
    /// </summary>
    public void Reset()
    {
        foreach (var cpu in Cpus)
        {
            cpu.HaltRequested = false;
            cpu.Reset(MaltaMemoryMap.ResetVector);
        }
    }

    public StopReason Run(long maxInstructions = long.MaxValue) => Cpu.Run(maxInstructions);

    public void RequestStop() => Cpu.RequestStop();

    public void Dispose()
    {
        Cpu.Dispose();
        Bus.Dispose();
    }
}
