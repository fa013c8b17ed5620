using System.Runtime.CompilerServices;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Boards.Malta;
using Emu.Emulator.Cpu;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Loaders;
using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;
using Emu.Emulator.Timing;

namespace Emu.Emulator;

/// <summary>Options for building a <see cref="Machine"/>.</summary>
public sealed record MachineOptions
{
    public uint RamSize { get; init; } = 256u << 20;
    public int TlbEntries { get; init; } = 16;
    /// <summary>The CPU model (QEMU's -cpu): the 24Kf with its FPU by default, like qemu-system-mips -M malta.</summary>
    public CpuModel Cpu { get; init; } = CpuModel.Mips24Kf;
    /// <summary>Null: take the byte order from the ELF file.</summary>
    public bool? BigEndian { get; init; }
    public Action<byte>? ConsoleOut { get; init; }
    /// <summary>
    /// Called on each vCPU's thread at every batch boundary with false, and with true before the vCPU sleeps in WAIT or
    /// leaves Run (<see cref="Mips32Cpu.BatchTick"/>): the console's chance to send output left without a newline.
    /// Must be cheap and thread-safe.
    /// </summary>
    public Action<bool>? ConsoleTick { get; init; }
    /// <summary>Directory for the simulated host's (unnamed) swap file (null: the temp directory).</summary>
    public string? SwapDirectory { get; init; }
    /// <summary>Number of vCPUs, one host thread each; every vCPU starts at the reset vector (EBase.CPUNum tells them apart).</summary>
    public int Vcpus { get; init; } = 1;
    /// <summary>Host memory pressure applied to guest RAM while the machine runs (none when null).</summary>
    public MachinePressure? HostPressure { get; init; }
    /// <summary>
    /// What the guest's SOFTRES write (Linux <c>reboot</c>) does: reset the board and boot again (true), or halt
    /// the machine (false, QEMU's -no-reboot). Null: reset for a kernel boot (QEMU's default), halt for a bare
    /// ELF program, whose way to exit SOFTRES is.
    /// </summary>
    public bool? RebootResets { get; init; }
    /// <summary>
    /// Wall-clock time the RTC shows when the machine starts. Null: now under host time; under instruction time
    /// <see cref="DeterministicRtcPowerOn"/>, so that two runs of the same guest are identical even when the guest
    /// reads the date (Linux sets its system clock from the RTC and prints it).
    /// </summary>
    public DateTimeOffset? RtcPowerOn { get; init; }

    /// <summary>The RTC's power-on time under instruction time when none is given: 2000-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DeterministicRtcPowerOn = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>
    /// What drives guest time: retired instructions (deterministic; the default for library users and tests) or
    /// the host's monotonic clock (interactive use; <c>emu run</c> chooses it for a kernel boot).
    /// </summary>
    public GuestClockSource Clock { get; init; } = GuestClockSource.Instructions;
    /// <summary>Translate hot guest code (emulator/Jit) with these settings; null: the interpreter alone.</summary>
    public Jit.JitOptions? Jit { get; init; }
    /// <summary>
    /// How several vCPUs share guest time: free threads, or deterministic turns of <see cref="SmpQuantum"/> instructions
    /// (<see cref="RoundRobinSchedule"/>). Ignored with one vCPU.
    /// </summary>
    public SmpOrder SmpOrder { get; init; } = SmpOrder.Free;
    /// <summary>Instructions of one vCPU's turn under <see cref="SmpOrder.RoundRobin"/>.</summary>
    public long SmpQuantum { get; init; } = RoundRobinSchedule.DefaultQuantum;
}

/// <summary>What the host pressure driver does to a running machine (<c>emu run --host-pressure</c>).</summary>
public sealed record MachinePressure
{
    public PressureKinds Kinds { get; init; } = PressureKinds.All;
    public int? Seed { get; init; }
    /// <summary>Operations per second (0: as fast as possible).</summary>
    public double Rate { get; init; } = 1000;
    /// <summary>
    /// Guest-physical range the guest has given up (a balloon driver's pages); the only place the balloon acts.
    /// Null: the balloon has nothing to take.
    /// </summary>
    public (uint Gpa, uint Size)? BalloonRange { get; init; }
}

/// <summary>
/// One emulated Malta machine the KVM way: a simulated host address space (<see cref="HostMm"/>), a VM whose
/// memslots map guest RAM (slot 0, at GPA 0) and the boot flash (slot 1, read-only, at 0x1fc00000) onto it,
/// the board's devices on the MMIO bus, and a vCPU whose memory front door is the VM's GPA fault path.
/// Lifecycle: build from an ELF image (written into guest memory through the memslots, boot stub in the
/// flash), then <see cref="Run"/> on the calling thread; <see cref="RequestStop"/> from any thread. The vCPU
/// threads are run by <see cref="Runner"/>, the one run loop; a debugger plugs into it (<see cref="AttachDebugger"/>).
/// </summary>
public sealed partial class Machine : IDisposable
{
    /// <summary>Memslot ids of the Malta layout.</summary>
    public const int RamSlot = 0;
    public const int BootFlashSlot = 1;

    private Machine(ElfImage image, MachineOptions options, KernelBoot? kernelBoot)
    {
        if (options.BigEndian is { } forced && forced != image.BigEndian)
        {
            throw new ElfLoadException($"the ELF file is {(image.BigEndian ? "big" : "little")}-endian but {(forced ? "big" : "little")}-endian was requested");
        }
        if (options.RamSize == 0 || options.RamSize > MaltaMemoryMap.MaxLowRam || (options.RamSize & 0xfffff) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Malta RAM must be 1..256 MiB in whole MiB");
        }
        // Checked before anything host-side (frames, swap file) exists.
        if (options.Vcpus is < 1 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "1..8 vCPUs (KVM_MAX_VCPUS on MIPS)");
        }
        BigEndian = image.BigEndian;
        RamSize = options.RamSize;
        HostMm = new HostMm(new HostMmOptions { SwapDirectory = options.SwapDirectory });
        Vm = new Vm(HostMm);
        RamHva = HostMm.MapAnonymous(options.RamSize, "guest-ram");
        BootFlashHva = HostMm.MapAnonymous(MaltaMemoryMap.BootFlashSize, "boot-flash");
        Vm.SetUserMemoryRegion(RamSlot, MemslotFlags.None, MaltaMemoryMap.RamBase, options.RamSize, RamHva);
        Vm.SetUserMemoryRegion(BootFlashSlot, MemslotFlags.ReadOnly, MaltaMemoryMap.BootFlashBase, MaltaMemoryMap.BootFlashSize, BootFlashHva);

        Devices = new PhysicalBus();

        var cpus = new List<Mips32Cpu>();
        var memories = new List<VcpuMemory>();
        for (var i = 0; i < options.Vcpus; i++)
        {
            var vcpuId = Vm.ReserveVcpu();
            var memory = new VcpuMemory(Vm, vcpuId, Devices);
            var cpu = new Mips32Cpu(memory, BigEndian, options.TlbEntries, cpuNum: vcpuId, options.Cpu);
            memory.ExitRequested = () => cpu.ExitRequestPending;
            // Where the runtime cannot generate code, --jit on quietly runs the interpreter (README).
            if (options.Jit is { } jit && Jit.JitOptions.Supported)
            {
                // Under the instruction clock everything --stats prints is reproducible, the translator's line too: unless
                // told otherwise, only the host clock (nothing reproducible anyway) lets regions compile in the background.
                cpu.ExecutionEngine = new Jit.JitEngine(cpu, jit with { CompileInBackground = jit.CompileInBackground ?? options.Clock == GuestClockSource.Host });
            }
            cpu.BatchTick = options.ConsoleTick;
            Vm.AttachVcpu(vcpuId, cpu.Requests);
            cpus.Add(cpu);
            memories.Add(memory);
        }
        Cpus = cpus;
        Memories = memories;
        cpus[0].SoleVcpu = cpus.Count == 1; // SC needs no bus lock (Mips32Cpu.ExchangeLinked)
        // No other vCPU waits on this one's IPIs or flushes and no pressure thread on its acknowledgements; under host
        // time the timer is looked at every MaxBatch instructions. Only with the translator: the interpreter alone runs a
        // batch in one call of its loop, which tiered compilation promotes from ReadyToRun code after so many calls
        // (30, and again as many with PGO), and at a million instructions a call that took a quarter of bench-memcpy's
        // run (1.17 s against 0.93 with --jit off).
        cpus[0].LongBatches = cpus.Count == 1 && options.Clock == GuestClockSource.Instructions && options.HostPressure is null
            && cpus[0].ExecutionEngine is Jit.JitEngine;

        // The board's clock and interrupt controller belong to the boot vCPU (Malta's PIIX4 interrupts reach CPU 0).
        var consoleOut = options.ConsoleOut ?? (_ => { });
        Board = new MaltaBoard(Devices, b => { if (!ConsoleMuted) { consoleOut(b); } }, SoftReset, HaltAll, BigEndian, Cpu,
            Cpu.SetIrqLine, options.RtcPowerOn ?? (options.Clock == GuestClockSource.Instructions
                ? MachineOptions.DeterministicRtcPowerOn : DateTimeOffset.UtcNow));

        Clock = options.Clock;
        if (Clock == GuestClockSource.Host)
        {
            foreach (var cpu in Cpus)
            {
                cpu.HostPacer = new HostTimePacer(MaltaBoard.CyclesPerSecond);
            }
        }

        _image = image;
        _kernelBoot = kernelBoot;
        _rebootResets = options.RebootResets ?? kernelBoot is not null;
        LoadImage();
        foreach (var cpu in Cpus)
        {
            cpu.Reset(MaltaMemoryMap.ResetVector);
            ClearErlForImageBoot(cpu);
        }
        if (options.HostPressure is { } p)
        {
            Pressure = CreatePressure(p, options.RamSize);
        }
        Runner = new VcpuRunner(Cpus, TakeResetRequest, ResetBoard,
            options.SmpOrder == SmpOrder.RoundRobin && options.Vcpus > 1 ? new RoundRobinSchedule(options.Vcpus, options.SmpQuantum) : null);
        _counters = MachineCounters.Register(this);
    }

    // A cold path out of the constructor (README, "Start-up"): the pressure driver is needed only with --host-pressure.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private HostPressureDriver CreatePressure(MachinePressure p, uint ramSize) => new(HostMm, new HostPressureOptions
    {
        Seed = p.Seed,
        Kinds = p.Kinds,
        OperationsPerSecond = p.Rate,
        Ranges = [new HvaRange(RamHva, ramSize)],
        BalloonRange = p.BalloonRange is { } b ? new HvaRange(RamHva + b.Gpa, b.Size) : null,
    });

    private readonly ElfImage _image;
    private readonly KernelBoot? _kernelBoot;
    // SOFTRES resets (true) or halts (false); see MachineOptions.RebootResets.
    private readonly bool _rebootResets;
    // Set by SOFTRES on the vCPU thread; the runner performs the reset once every vCPU has parked.
    private volatile bool _resetRequested;

    /// <summary>Times the board was reset by the guest (SOFTRES).</summary>
    public int Resets { get; private set; }

    /// <summary>
    /// Writes what a boot needs into guest memory, as QEMU's ROM blobs do at every reset: the ELF segments, the
    /// initrd and YAMON table for a kernel boot, and the boot flash (reset jump, REVISION, argument stub).
    /// Other RAM keeps its contents across a reset, as on QEMU.
    /// </summary>
    private void LoadImage()
    {
        foreach (var seg in _image.Segments)
        {
            // The size check comes before the allocation: MemSize is the file's word (up to 4 GiB).
            if ((ulong)seg.PhysicalAddress + seg.MemSize > RamSize)
            {
                throw new ElfLoadException($"ELF segment at physical 0x{seg.PhysicalAddress:x8} (+0x{seg.MemSize:x}) does not fit in guest RAM");
            }
            var bytes = new byte[seg.MemSize];
            seg.Data.CopyTo(bytes, 0);
            if (!Vm.WriteGuest(seg.PhysicalAddress, bytes))
            {
                throw new ElfLoadException($"ELF segment at physical 0x{seg.PhysicalAddress:x8} (+0x{seg.MemSize:x}) does not fit in guest RAM");
            }
        }
        // QEMU's -kernel path is the same for a bare program and for Linux: the YAMON arguments (a0 = argc = 2,
        // argv[0] the file name, argv[1] the command line, envp, a3 = memsize, sp below the table).
        var stub = BootStub.Build(_image.Entry, PlaceKernelBootInfo(_image, _kernelBoot ?? new KernelBoot(_image.Name, "", null)), BigEndian);
        Vm.WriteGuest(MaltaMemoryMap.BootFlashBase, stub);
    }

    /// <summary>
    /// SOFTRES: reset the board (once every vCPU has parked: <see cref="VcpuRunner"/>) or halt, per
    /// <see cref="MachineOptions.RebootResets"/>.
    /// </summary>
    private void SoftReset()
    {
        if (!_rebootResets)
        {
            HaltAll();
            return;
        }
        _resetRequested = true;
        foreach (var cpu in Cpus)
        {
            cpu.RequestStop();
        }
    }

    /// <summary>
    /// The board reset (SOFTRES, a guest reboot; the debugger's monitor system_reset), only while no vCPU
    /// runs: devices, memory images (ELF or kernel, initrd, YAMON table, boot flash), decoded code of RAM and
    /// flash dropped, every vCPU back to the reset vector (QEMU's qemu_system_reset: device resets, ROM blobs
    /// written again, CPU reset).
    /// </summary>
    public void ResetBoard()
    {
        Resets++;
        Board.Reset();
        LoadImage();
        // The images were rewritten through Vm.WriteGuest, which told the invalidation hub; all of RAM and the flash
        // go too, as at power-on (every vCPU drops them when it next runs).
        Vm.InvalidateCode(0, RamSize);
        Vm.InvalidateCode(MaltaMemoryMap.BootFlashBase, MaltaMemoryMap.BootFlashSize);
        foreach (var cpu in Cpus)
        {
            cpu.HaltRequested = false;
            cpu.WarmReset(MaltaMemoryMap.ResetVector);
            ClearErlForImageBoot(cpu);
        }
    }

    /// <summary>
    /// QEMU's Malta (main_cpu_reset) clears Status.ERL on every reset when it boots a -kernel image, so the image is
    /// entered with Status = BEV only (0x00400000) and kuseg is TLB-mapped from its first instruction. Emu always
    /// boots an image, so it does the same on every vCPU at power-on and at each board reset.
    /// </summary>
    private static void ClearErlForImageBoot(Mips32Cpu cpu) =>
        cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Status, cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Status) & ~Emu.Emulator.Cp0.Cp0Bits.StatusERL);

    /// <summary>True once per guest reset request (SOFTRES); the runner then resets the board with every vCPU parked.</summary>
    private bool TakeResetRequest()
    {
        if (!_resetRequested)
        {
            return false;
        }
        _resetRequested = false;
        return true;
    }

    /// <summary>
    /// QEMU's Malta -kernel path: the initrd high in low RAM (above the kernel image), the YAMON argument and
    /// environment table at 0x2000. Returns what the boot stub loads into a0..a3 and sp.
    /// </summary>
    private YamonBootInfo PlaceKernelBootInfo(ElfImage image, KernelBoot boot)
    {
        (uint, uint)? initrd = null;
        if (boot.Initrd is { } rd)
        {
            var lowRam = Math.Min(RamSize, MaltaMemoryMap.MaxLowRam);
            var kernelEnd = image.Segments.Max(s => (ulong)s.PhysicalAddress + s.MemSize);
            var fits = (ulong)rd.Length + YamonBootInfo.InitrdGap < lowRam;
            var at = fits ? YamonBootInfo.InitrdAddress(lowRam, (uint)rd.Length) : 0;
            if (!fits || at < kernelEnd)
            {
                throw new ElfLoadException($"the initrd ({rd.Length} bytes) does not fit in guest RAM above the kernel");
            }
            Vm.WriteGuest(at, rd);
            initrd = (at, (uint)rd.Length);
        }
        var info = YamonBootInfo.Build(boot.KernelName, boot.CommandLine, initrd, RamSize, BigEndian);
        Vm.WriteGuest(YamonBootInfo.EnvpPhys, info.Table);
        return info;
    }

    // Emu-Kvm counter registrations for this machine's vCPU; removed on Dispose.
    private readonly IDisposable _counters;

    public bool BigEndian { get; }
    public uint RamSize { get; }
    /// <summary>What drives guest time (see <see cref="MachineOptions.Clock"/>).</summary>
    public GuestClockSource Clock { get; }
    public HostMm HostMm { get; }
    public Vm Vm { get; }
    public ulong RamHva { get; }
    public ulong BootFlashHva { get; }
    /// <summary>The MMIO side of the physical address map (devices only; RAM is memslots).</summary>
    public PhysicalBus Devices { get; }
    public MaltaBoard Board { get; }
    public IReadOnlyList<VcpuMemory> Memories { get; }
    public IReadOnlyList<Mips32Cpu> Cpus { get; }
    /// <summary>The boot vCPU (vCPU 0).</summary>
    public Mips32Cpu Cpu => Cpus[0];
    public VcpuMemory Memory => Memories[0];
    /// <summary>The host pressure driver, when one was asked for.</summary>
    public HostPressureDriver? Pressure { get; }

    /// <summary>Instructions retired by all vCPUs.</summary>
    public long InstructionsRetired => MachineCounters.Total(Cpus, static c => c.InstructionsRetired);

    public static Machine FromElf(ElfImage image, MachineOptions options) => new(image, options, null);

    /// <summary>Boots a kernel ELF the way QEMU's <c>-kernel</c> does on Malta (YAMON arguments, initrd).</summary>
    public static Machine FromKernel(ElfImage kernel, KernelBoot boot, MachineOptions options) => new(kernel, options, boot);

    /// <summary>The one run loop of this machine's vCPU threads (with or without a debugger).</summary>
    public VcpuRunner Runner { get; }

    /// <summary>
    /// Plugs a debugger into the run loop (before <see cref="Run"/>); with <paramref name="startHalted"/> (gdb -S)
    /// the vCPUs wait at the reset vector for its first resume.
    /// </summary>
    public Debug.DebugController AttachDebugger(bool startHalted) => new(Runner, startHalted);

    /// <summary>
    /// Runs every vCPU (vCPU 0 on the calling thread, the others on their own threads) until the guest powers
    /// off, a stop is requested, or vCPU 0 has retired <paramref name="maxInstructions"/> more; a guest reboot
    /// resets the board and runs on (see <see cref="VcpuRunner"/>). The host pressure driver runs meanwhile.
    /// Returns why the run ended.
    /// </summary>
    public StopReason Run(long maxInstructions = long.MaxValue)
    {
        Pressure?.Start();
        try
        {
            return Runner.Run(maxInstructions);
        }
        finally
        {
            Pressure?.Stop();
        }
    }

    /// <summary>Ends the run from any thread (Ctrl-C, SIGTERM, quit); before a run, the next <see cref="Run"/> returns at once.</summary>
    public void RequestStop() => Runner.End();

    private void HaltAll()
    {
        foreach (var cpu in Cpus)
        {
            cpu.HaltRequested = true;
        }
    }

    public void Dispose()
    {
        _counters.Dispose();
        Pressure?.Dispose();
        foreach (var cpu in Cpus)
        {
            cpu.Dispose();
        }
        Vm.Dispose();
        HostMm.Dispose();
        Devices.Dispose();
    }
}
