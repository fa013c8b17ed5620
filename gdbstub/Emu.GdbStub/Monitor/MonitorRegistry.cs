using System.Globalization;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// The monitor command table. The stub registers the built-in commands; other parts of Emu (the MMU
/// issue's memslots, gpa-pt, host, dirty-log) register theirs, or replace a placeholder, by name.
/// Registration happens before the server starts; lookups happen on the session thread.
/// </summary>
public sealed class MonitorRegistry
{
    private readonly Dictionary<string, IMonitorCommand> _commands = new(StringComparer.Ordinal);

    public MonitorRegistry()
    {
        Register(new DelegateCommand("help", "list the monitor commands", (c, _) =>
        {
            foreach (var cmd in _commands.Values.OrderBy(x => x.Name, StringComparer.Ordinal))
            {
                c.Output.WriteLine($"{cmd.Name,-14} {cmd.Help}");
            }
        }));
    }

    public IReadOnlyCollection<IMonitorCommand> Commands => _commands.Values;

    /// <summary>The translation path shown by "monitor translate"; extend it with more stages.</summary>
    public List<ITranslationStage> TranslationStages { get; } = [new SegmentTlbStage()];

    public void Register(IMonitorCommand command) => _commands[command.Name] = command;

    /// <summary>
    /// The registry with every built-in command (help, info tlb, translate, exits, reset/system_reset, cp0, catch, xp, disas). A VM's MMU
    /// commands (memslots, gpa-pt, dirty-log, host, kvm-stat) are added by <c>KvmMonitorCommands.Register</c>.
    /// </summary>
    public static MonitorRegistry CreateDefault()
    {
        var r = new MonitorRegistry();
        r.Register(new InfoTlbCommand());
        r.Register(new TranslateCommand(r.TranslationStages));
        r.Register(new ExitsCommand());
        r.Register(new ResetCommand());
        r.Register(new ResetCommand("reset"));
        r.Register(new Cp0Command());
        r.Register(new CatchCommand());
        r.Register(new XpCommand());
        r.Register(new DisasCommand());
        return r;
    }

    public void Execute(string line, MonitorContext context)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var n = words.Length; n > 0; n--)
        {
            var name = string.Join(' ', words.Take(n));
            if (_commands.TryGetValue(name, out var cmd))
            {
                cmd.Execute(context, string.Join(' ', words.Skip(n)));
                return;
            }
        }
        context.Output.WriteLine(line.Length == 0 ? "usage: monitor COMMAND (try: monitor help)" : $"unknown command: '{line}' (try: monitor help)");
    }

    /// <summary>Parses a hex (0x optional) address; gdb may pass sign-extended 64-bit values.</summary>
    public static bool TryParseAddress(string text, out uint address)
    {
        var t = text.Trim();
        t = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? t[2..] : t;
        var ok = ulong.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) && t.Length <= 16;
        address = (uint)v;
        return ok;
    }
}

/// <summary>A monitor command from a lambda (help and placeholders).</summary>
public sealed class DelegateCommand(string name, string help, Action<MonitorContext, string> run) : IMonitorCommand
{
    public string Name => name;

    public string Help => help;

    public void Execute(MonitorContext context, string arguments) => run(context, arguments);
}
