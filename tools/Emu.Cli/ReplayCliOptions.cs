using System.CommandLine;
using System.Globalization;
using Emu.Emulator;

namespace Emu.Cli;

/// <summary>What `emu run` was asked about snapshots, recording and replay.</summary>
public sealed record ReplaySettings(long SnapshotEvery, long SnapshotMemoryBytes, string? RecordFile, string? ReplayFile)
{
    public static readonly ReplaySettings None = new(0, 256L << 20, null, null);

    /// <summary>--smp-order as given (null: round-robin when the run is recorded, replayed or snapshotted, else free).</summary>
    public SmpOrder? SmpOrder { get; init; }

    /// <summary>--smp-quantum: instructions of a vCPU's turn under round-robin.</summary>
    public long SmpQuantum { get; init; } = RoundRobinSchedule.DefaultQuantum;

    /// <summary>The run needs a deterministic interleaving of several vCPUs.</summary>
    public bool NeedsDeterminism => SnapshotEvery > 0 || RecordFile is not null || ReplayFile is not null;
}

/// <summary>
/// --snapshot-every, --snapshot-mem, --record and --replay (issue 16: snapshots, record/replay, reverse debugging),
/// shared by `emu run` and `emu boot-debian` through <see cref="MachineCliOptions"/>.
/// </summary>
public sealed class ReplayCliOptions
{
    public Option<string?> SnapshotEvery { get; } = new Option<string?>("--snapshot-every")
    {
        Description = "Take an automatic snapshot every N guest instructions (vCPU 0); with --gdb, gdb's reverse-stepi and reverse-continue replay from them (needs --clock insns; with --smp N>1 the vCPUs take round-robin turns)",
    }.WholeNumber(long.MinValue, long.MaxValue);

    public Option<string?> SnapshotMemory { get; } = new Option<string?>("--snapshot-mem")
    {
        Description = "Bound in MiB on what the automatic snapshots hold (pages the guest wrote since, plus device state); the oldest go first",
        DefaultValueFactory = _ => "256",
    }.MebiBytes();

    public Option<string?> Record { get; } = new("--record")
    {
        Description = "Write the run's nondeterministic inputs (console bytes with the instruction each reached the guest at, RTC time, image hashes) to FILE (needs --clock insns; with --smp N>1 the vCPUs take round-robin turns)",
    };

    public Option<string?> Replay { get; } = new("--replay")
    {
        Description = "Reproduce a run recorded with --record: same console output, same final state hash; refused if the images differ",
    };

    public Option<string?> SmpOrder { get; } = new("--smp-order")
    {
        Description = "How several vCPUs share guest time: free (one host thread each, all at once) or round-robin (one at a time, in turns of --smp-quantum instructions: deterministic; needs --clock insns). Default: round-robin with --record, --replay or --snapshot-every, else free",
    };

    public Option<string?> SmpQuantum { get; } = new Option<string?>("--smp-quantum")
    {
        Description = "Instructions of a vCPU's turn under --smp-order round-robin",
        DefaultValueFactory = _ => RoundRobinSchedule.DefaultQuantum.ToString(CultureInfo.InvariantCulture),
    }.WholeNumber(long.MinValue, long.MaxValue);

    public ReplayCliOptions() => SmpOrder.OneOf("free", "round-robin");

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { SnapshotEvery, SnapshotMemory, Record, Replay, SmpOrder, SmpQuantum })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>Reads the options; an error message (one line) or null.</summary>
    public string? Read(ParseResult parse, int vcpus, bool gdb, out ReplaySettings settings)
    {
        settings = ReplaySettings.None;
        var every = parse.GetWholeNumber(SnapshotEvery) ?? 0;
        var mem = parse.GetMebiBytes(SnapshotMemory);
        var record = parse.GetValue(Record);
        var replay = parse.GetValue(Replay);
        if (every < 0)
        {
            return "--snapshot-every must be a positive number of instructions";
        }
        if (mem < 1)
        {
            return "--snapshot-mem must be at least 1 (MiB)";
        }
        if (record is not null && replay is not null)
        {
            return "give either --record or --replay, not both";
        }
        if (record is not null && gdb)
        {
            return "--record cannot be combined with a gdb stub (record first, then debug the replay: --replay FILE --gdb ...)";
        }
        var quantum = parse.GetWholeNumber(SmpQuantum)!.Value;
        if (quantum < 1)
        {
            return "--smp-quantum must be a positive number of instructions";
        }
        Emu.Emulator.SmpOrder? order = parse.GetValue(SmpOrder) switch
        {
            "free" => Emu.Emulator.SmpOrder.Free,
            "round-robin" => Emu.Emulator.SmpOrder.RoundRobin,
            _ => null,
        };
        settings = new ReplaySettings(every, (long)mem << 20, record, replay) { SmpOrder = order, SmpQuantum = quantum };
        if (settings.NeedsDeterminism && vcpus != 1 && order == Emu.Emulator.SmpOrder.Free)
        {
            var what = record is not null ? "--record" : replay is not null ? "--replay" : "--snapshot-every";
            settings = ReplaySettings.None;
            return $"{what} with --smp {vcpus} needs --smp-order round-robin: free vCPU threads interleave nondeterministically";
        }
        return null;
    }
}
