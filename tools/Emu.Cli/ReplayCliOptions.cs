using System.CommandLine;

namespace Emu.Cli;

/// <summary>What `emu run` was asked about snapshots, recording and replay.</summary>
public sealed record ReplaySettings(long SnapshotEvery, long SnapshotMemoryBytes, string? RecordFile, string? ReplayFile)
{
    public static readonly ReplaySettings None = new(0, 256L << 20, null, null);
}

/// <summary>
/// --snapshot-every, --snapshot-mem, --record and --replay (issue 16: snapshots, record/replay, reverse debugging),
/// shared by `emu run` and `emu boot-debian` through <see cref="MachineCliOptions"/>.
/// </summary>
public sealed class ReplayCliOptions
{
    public Option<long> SnapshotEvery { get; } = new Option<long>("--snapshot-every")
    {
        Description = "Take an automatic snapshot every N guest instructions (vCPU 0); with --gdb, gdb's reverse-stepi and reverse-continue replay from them (needs --clock insns, --smp 1)",
    }.WholeNumber();

    public Option<uint> SnapshotMemory { get; } = new Option<uint>("--snapshot-mem")
    {
        Description = "Bound in MiB on what the automatic snapshots hold (pages the guest wrote since, plus device state); the oldest go first",
        DefaultValueFactory = _ => 256,
    }.MebiBytes();

    public Option<string?> Record { get; } = new("--record")
    {
        Description = "Write the run's nondeterministic inputs (console bytes with the instruction each reached the guest at, RTC time, image hashes) to FILE (needs --clock insns, --smp 1)",
    };

    public Option<string?> Replay { get; } = new("--replay")
    {
        Description = "Reproduce a run recorded with --record: same console output, same final state hash; refused if the images differ",
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { SnapshotEvery, SnapshotMemory, Record, Replay })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>Reads the options; an error message (one line) or null.</summary>
    public string? Read(ParseResult parse, int vcpus, bool gdb, out ReplaySettings settings)
    {
        settings = ReplaySettings.None;
        var every = parse.GetValue(SnapshotEvery);
        var mem = parse.GetValue(SnapshotMemory);
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
        if ((every > 0 && gdb || record is not null || replay is not null) && vcpus != 1)
        {
            return "reverse execution, --record and --replay need --smp 1: vCPU threads interleave nondeterministically";
        }
        settings = new ReplaySettings(every, (long)mem << 20, record, replay);
        return null;
    }
}
