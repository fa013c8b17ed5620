using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Emu.Emulator;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Loaders;
using Emu.Emulator.Snapshot;
using Emu.Emulator.Timing;

namespace Emu.Cli;

/// <summary>
/// `emu run`'s side of issue 16: the machine's <see cref="SnapshotStore"/> (always, for the monitors' snapshot
/// commands), automatic snapshots (--snapshot-every), and a recording or a replay (--record/--replay): checked and
/// prepared before the machine exists (a replay fixes the RTC time and refuses other images), attached to vCPU 0's
/// guest-time hook once it does, and finished when the run ends (the end line, or the comparison with it).
/// </summary>
internal sealed class ReplaySetup : IDisposable
{
    /// <summary>Largest recording read (a line per input delivery: far more than any session types).</summary>
    private const long MaxRecordingBytes = 1L << 30;

    private readonly ReplaySettings _settings;
    private readonly RecordingFile? _replay;
    private readonly RecordingFile? _header;
    private StreamWriter? _recordWriter;
    private InputRecorder? _recorder;
    private InputReplayer? _replayer;

    private ReplaySetup(ReplaySettings settings, RecordingFile? replay, RecordingFile? header)
    {
        _settings = settings;
        _replay = replay;
        _header = header;
    }

    public SnapshotStore? Store { get; private set; }

    public AutoSnapshotHook? Hook { get; private set; }

    /// <summary>
    /// Instructions (of vCPU 0) a replay may run: up to where the recording ended. A recording that ended with the
    /// guest's power-off ends the replay the same way, one instruction before the bound: with several vCPUs another vCPU
    /// may power off while vCPU 0 waits at that count, which a bound at the count itself would cut short.
    /// </summary>
    public long? ReplayLimit => _replay?.End is { } end ? end.Instructions + (end.Halted ? 1 : 0) : null;

    /// <summary>
    /// Checks the settings against the machine to be built and reads a replay file; returns the setup and the machine
    /// options to use (a recording's RTC time), or a one-line error (exit 2).
    /// </summary>
    public static ReplaySetup? Prepare(ReplaySettings settings, ElfImage image, KernelBoot? boot, bool gdb, ref MachineOptions options, out string? error)
    {
        error = null;
        if (gdb && settings.SnapshotEvery > 0 && options.Clock != GuestClockSource.Instructions)
        {
            error = "reverse execution (--snapshot-every with --gdb) needs --clock insns (guest time from executed instructions)";
            return null;
        }
        var deterministic = settings.RecordFile is not null || settings.ReplayFile is not null;
        if (deterministic && options.Clock != GuestClockSource.Instructions)
        {
            error = $"--{(settings.RecordFile is not null ? "record" : "replay")} needs --clock insns (guest time from executed instructions)";
            return null;
        }
        // Several vCPUs: deterministic turns whenever the run is recorded, replayed or snapshotted (issue 16), or when
        // asked for; free threads otherwise (ReplayCliOptions refused an explicit free order with those).
        var order = settings.SmpOrder ?? (settings.NeedsDeterminism ? SmpOrder.RoundRobin : SmpOrder.Free);
        options = options with { SmpOrder = order, SmpQuantum = settings.SmpQuantum };
        if (options.Vcpus > 1 && order == SmpOrder.RoundRobin && options.Clock != GuestClockSource.Instructions)
        {
            error = $"--smp-order round-robin{(settings.SmpOrder is null ? $" (what {(settings.SnapshotEvery > 0 ? "--snapshot-every" : "--record/--replay")} uses with --smp {options.Vcpus})" : "")} needs --clock insns: turns are counted in guest instructions";
            return null;
        }
        return deterministic ? PrepareRecordOrReplay(settings, image, boot, ref options, out error) : new ReplaySetup(settings, null, null);
    }

    // What --record and --replay add: a cold path out of Prepare (README, "Start-up").
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ReplaySetup? PrepareRecordOrReplay(ReplaySettings settings, ElfImage image, KernelBoot? boot, ref MachineOptions options, out string? error)
    {
        error = null;
        // The header hashes every image (SHA-256 of a kernel and initrd: milliseconds, and OpenSSL loaded), so only
        // a recording or a replay builds it.
        var header = new RecordingFile
        {
            Command = string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            Images = Images(image, boot),
            RtcPowerOnSeconds = (options.RtcPowerOn ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            Machine = string.Create(CultureInfo.InvariantCulture,
                $"ram={options.RamSize} vcpus={options.Vcpus} cpu={options.Cpu} tlb={options.TlbEntries} endian={(image.BigEndian ? "be" : "le")} reboot={options.RebootResets?.ToString() ?? "default"}")
                // With several vCPUs the interleaving is part of the machine: another quantum is another run.
                + (options.Vcpus > 1 ? string.Create(CultureInfo.InvariantCulture, $" smp-order=round-robin quantum={options.SmpQuantum}") : ""),
        };
        RecordingFile? replay = null;
        if (settings.ReplayFile is { } path)
        {
            try
            {
                // InputFile refuses a directory, FIFO or device before opening it, and bounds the size.
                replay = RecordingFile.Parse(Encoding.UTF8.GetString(InputFile.ReadAll(path, MaxRecordingBytes, "recording")));
            }
            catch (InputFileException e)
            {
                error = $"--replay {path}: {e.Message}";
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                error = $"--replay {path}: {e.Message}";
                return null;
            }
            foreach (var (role, sha, name) in replay.Images)
            {
                var now = header.Images.FirstOrDefault(i => i.Role == role);
                if (now.Sha256 != sha)
                {
                    error = now.Sha256 is null
                        ? $"--replay {path}: the recording had a {role} ({name}) and this run has none"
                        : $"--replay {path}: the {role} differs from the recording's ({name}: sha256 {sha[..12]}..., now {now.Name}: {now.Sha256[..12]}...)";
                    return null;
                }
            }
            if (header.Images.FirstOrDefault(i => !replay.Images.Any(r => r.Role == i.Role)) is { Role: not null } extra)
            {
                error = $"--replay {path}: this run has a {extra.Role} ({extra.Name}) the recording did not have";
                return null;
            }
            if (replay.Machine != header.Machine)
            {
                error = $"--replay {path}: the machine differs from the recording's ({replay.Machine}; now {header.Machine})";
                return null;
            }
            options = options with { RtcPowerOn = DateTimeOffset.FromUnixTimeSeconds(replay.RtcPowerOnSeconds) };
        }
        else if (settings.RecordFile is not null)
        {
            options = options with { RtcPowerOn = DateTimeOffset.FromUnixTimeSeconds(header.RtcPowerOnSeconds) };
        }
        return new ReplaySetup(settings, replay, header);
    }

    /// <summary>What the guest was booted with: the ELF or kernel, the initrd, the kernel command line.</summary>
    private static List<(string Role, string Sha256, string Name)> Images(ElfImage image, KernelBoot? boot)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(image.Entry));
        sha.AppendData(BitConverter.GetBytes(image.BigEndian));
        foreach (var seg in image.Segments)
        {
            sha.AppendData(BitConverter.GetBytes(seg.PhysicalAddress));
            sha.AppendData(BitConverter.GetBytes(seg.MemSize));
            sha.AppendData(seg.Data);
        }
        var list = new List<(string, string, string)> { (boot is null ? "elf" : "kernel", Convert.ToHexStringLower(sha.GetHashAndReset()), Path.GetFileName(boot?.KernelName ?? image.Name) is { Length: > 0 } n ? n : "builtin") };
        if (boot?.Initrd is { } rd)
        {
            list.Add(("initrd", Convert.ToHexStringLower(SHA256.HashData(rd)), "initrd"));
        }
        if (boot is not null)
        {
            list.Add(("cmdline", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(boot.CommandLine))), "append"));
        }
        return list;
    }

    /// <summary>
    /// With the machine built and stopped: the snapshot store, vCPU 0's hook (automatic snapshots chained with the
    /// recorder or replayer), the recording's header. Returns how host console input reaches the guest (null: directly).
    /// </summary>
    public Action<byte[]>? Attach(Machine machine)
    {
        Store = new SnapshotStore(machine, _settings.SnapshotEvery, _settings.SnapshotMemoryBytes);
        return _settings.RecordFile is null && _replay is null && _settings.SnapshotEvery == 0 ? null : AttachHooks(machine, Store);
    }

    // A cold path (README, "Start-up"), as PrepareRecordOrReplay is.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private Action<byte[]>? AttachHooks(Machine machine, SnapshotStore store)
    {
        Emu.Emulator.Cpu.IBoundaryHook? inputHook = null;
        Action<byte[]>? deliver = null;
        var firstAt = long.MaxValue;
        if (_settings.RecordFile is { } path)
        {
            _recordWriter = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
            _recordWriter.Write(_header!.Header());
            _recordWriter.Flush();
            _recorder = new InputRecorder(machine, machine.Board.Uart0, _recordWriter);
            inputHook = _recorder;
            deliver = _recorder.Deliver;
        }
        else if (_replay is not null)
        {
            _replayer = new InputReplayer(_replay, machine.Board.Uart0);
            var replayer = _replayer;
            machine.SnapshotLoaded += () =>
            {
                // Guest time moved: the replay's next input is the first at or after the new position, and vCPU 0's
                // hook (the automatic one, which chains to the replay, or the replay itself) is asked at once.
                replayer.Seek(Emu.Emulator.Snapshot.GuestPosition.Of(machine.Cpu));
                machine.Cpu.SetBoundaryHook((Emu.Emulator.Cpu.IBoundaryHook?)Hook ?? replayer, 0);
            };
            inputHook = _replayer;
            firstAt = _replayer.FirstAt;
            deliver = _ => { }; // the recording is the guest's only input
        }
        if (_settings.SnapshotEvery > 0)
        {
            Hook = new AutoSnapshotHook(store, inputHook);
            Hook.Install(machine);
            store.AfterLoad = () => Hook.Rearm(machine);
        }
        else if (inputHook is not null)
        {
            machine.Cpu.SetBoundaryHook(inputHook, firstAt);
        }
        return deliver;
    }

    /// <summary>The run has ended (every vCPU stopped): write or check the end; returns the exit code to use.</summary>
    public int Finish(Machine machine, int exitCode, bool debugged = false) =>
        _recorder is null && _replayer is null ? exitCode : FinishRecordOrReplay(machine, exitCode, debugged);

    // A cold path (README, "Start-up"), as PrepareRecordOrReplay is.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int FinishRecordOrReplay(Machine machine, int exitCode, bool debugged)
    {
        if (debugged && _replayer is not null)
        {
            // Under gdb the run went where the debugger took it: no end to compare with.
            Console.Error.WriteLine($"emu: replay under gdb: {_replayer.EventsReplayed} of {_replayer.EventsTotal} input events delivered{(_replayer.Divergence is { } d ? $"; diverged: {d}" : "")}");
            return exitCode;
        }
        if (_recorder is not null)
        {
            _recorder.Finish(halted: machine.Runner.Halted);
            Console.Error.WriteLine($"emu: recorded {_recorder.EventsRecorded} input events to {_settings.RecordFile} ({machine.Cpu.InstructionsRetired} instructions)");
        }
        if (_replayer is not null && _replay is not null)
        {
            var hash = machine.StateHash();
            var at = machine.Cpu.InstructionsRetired;
            var problem = _replayer.Divergence
                ?? (_replayer.EventsReplayed != _replayer.EventsTotal ? $"{_replayer.EventsTotal - _replayer.EventsReplayed} input events were not reached" : null)
                ?? (_replay.End is { } end && (end.Instructions != at || end.StateHash != hash)
                    ? $"ended at instruction {at} with state {hash[..16]}..., the recording at {end.Instructions} with {end.StateHash[..Math.Min(16, end.StateHash.Length)]}..."
                    : null);
            if (problem is not null)
            {
                Emu.Tracing.EmuKvmTrace.ReplayDivergence(at, _replay.End?.Instructions ?? 0, problem);
                Console.Error.WriteLine($"emu: replay diverged: {problem}");
                return ExitCodes.HostError;
            }
            Console.Error.WriteLine($"emu: replay matches the recording: {_replayer.EventsTotal} input events, {at} instructions, state {hash[..16]}...");
            return _replay.End is null ? exitCode : ExitCodes.Halted;
        }
        return exitCode;
    }

    /// <summary>Summary lines (--stats).</summary>
    public void PrintSummary(Machine machine)
    {
        if (machine.Runner.Schedule is { } turns)
        {
            Console.Error.WriteLine($"emu:   smp-order round-robin: turns of {turns.Quantum} instructions, vCPU {turns.Turn} holds the turn");
        }
        if (Store is { Every: > 0 } s)
        {
            Console.Error.WriteLine($"emu:   snapshots: {s.Taken} taken every {s.Every} instructions, {s.History.Count} kept ({s.HistoryBytes >> 10} KiB of {s.MemoryBudgetBytes >> 20} MiB), {s.Dropped} dropped");
        }
        if (_replayer is not null)
        {
            Console.Error.WriteLine($"emu:   replay: {_replayer.EventsReplayed} of {_replayer.EventsTotal} input events delivered");
        }
    }

    public void Dispose()
    {
        _recordWriter?.Dispose();
        Store?.Dispose();
    }
}
