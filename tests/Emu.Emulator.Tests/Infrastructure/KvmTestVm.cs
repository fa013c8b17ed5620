using System.Buffers.Binary;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Devices;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;

namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>
/// A VM for MMU tests: a real <see cref="HostMm"/> (with a real swap file), a <see cref="Vm"/> with one RAM
/// memslot at GPA 0, a device bus with a <see cref="ExitDevice"/> at GPA 0x1f000000 (a write to offset
/// k*0x100 ends vCPU k's run and records the value), and vCPUs whose front door is the VM's fault path.
/// </summary>
public sealed class KvmTestVm : IDisposable
{
    public const uint RamSlot = 0;
    public const uint ExitDeviceBase = 0x1f000000;

    /// <param name="frontDoor">Wraps each vCPU's front door (a test may interpose on its page lookups); null keeps the VM's own.</param>
    public KvmTestVm(
        uint ramSize = 4u << 20,
        MemslotFlags flags = MemslotFlags.None,
        int vcpus = 1,
        bool bigEndian = true,
        bool poisonFreedFrames = false,
        Func<IGuestMemory, IGuestMemory>? frontDoor = null)
    {
        BigEndian = bigEndian;
        RamSize = ramSize;
        HostMm = new HostMm(new HostMmOptions { PoisonFreedFrames = poisonFreedFrames });
        Vm = new Vm(HostMm);
        RamHva = HostMm.MapAnonymous(ramSize, "test-ram");
        Vm.SetUserMemoryRegion((int)RamSlot, flags, 0, ramSize, RamHva);
        Devices = new PhysicalBus();
        Exit = new ExitDevice(this);
        Devices.AddDevice(ExitDeviceBase, Exit);
        for (var i = 0; i < vcpus; i++)
        {
            var id = Vm.ReserveVcpu();
            var memory = new VcpuMemory(Vm, id, Devices);
            var cpu = new Mips32Cpu(frontDoor is null ? memory : frontDoor(memory), bigEndian, cpuNum: id);
            Vm.AttachVcpu(id, cpu.Requests);
            Memories.Add(memory);
            Cpus.Add(cpu);
            cpu.Reset(0x80010000);
            cpu.WriteCp0(Cp0Register.Status, 0);
        }
    }

    public bool BigEndian { get; }
    public uint RamSize { get; }
    public HostMm HostMm { get; }
    public Vm Vm { get; }
    public ulong RamHva { get; }
    public PhysicalBus Devices { get; }
    public ExitDevice Exit { get; }
    public List<Mips32Cpu> Cpus { get; } = [];
    public List<VcpuMemory> Memories { get; } = [];

    public Mips32Cpu Cpu => Cpus[0];

    public VcpuMemory Memory => Memories[0];

    public ulong HvaOf(ulong gpa) => RamHva + gpa;

    /// <summary>Writes guest-order words at a kseg0/kseg1 or physical address through kvm_write_guest.</summary>
    public void WriteWords(uint address, params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), words[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
            }
        }
        Assert.True(Vm.WriteGuest(address & 0x1fffffff, bytes)); // the VM's invalidation hub drops stale decodes
    }

    public uint ReadWord(uint address)
    {
        Span<byte> b = stackalloc byte[4];
        Assert.True(Vm.ReadGuest(address & 0x1fffffff, b));
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public void Dispose()
    {
        foreach (var cpu in Cpus)
        {
            cpu.Dispose();
        }
        Vm.Dispose();
        HostMm.Dispose();
        Devices.Dispose();
    }

    /// <summary>MMIO device: a store to offset k*0x100 halts vCPU k and records the stored value.</summary>
    public sealed class ExitDevice(KvmTestVm owner) : IMmioDevice
    {
        public string Name => "test-exit";

        public uint Size => 0x1000;

        public uint?[] Values { get; } = new uint?[16];

        public uint Read(uint offset, int size) => 0;

        public void Write(uint offset, int size, uint value)
        {
            var k = (int)(offset / 0x100);
            Values[k] = value;
            if (k < owner.Cpus.Count)
            {
                owner.Cpus[k].HaltRequested = true;
            }
        }
    }
}
