using System.CommandLine;
using System.Globalization;
using Emu.Emulator.Jit;

namespace Emu.Cli;

/// <summary>
/// `--jit on|off`, `--jit-threshold N` and `--jit-compile sync|background` (run, boot-debian, bench): whether hot guest code is translated to .NET
/// code (emulator/Jit) and how often a block start must run first. On by default; off where the runtime cannot
/// generate code (Native AOT: RuntimeFeature.IsDynamicCodeCompiled is false).
/// </summary>
public sealed class JitCliOptions
{
    public Option<string> Jit { get; } = new Option<string>("--jit")
    {
        Description = "Translate hot guest code to host code (on), or interpret everything (off); results are identical",
        DefaultValueFactory = _ => JitOptions.Supported ? "on" : "off",
    }.OneOf("on", "off");

    public Option<string?> Threshold { get; } = new Option<string?>("--jit-threshold")
    {
        // Concatenated, not interpolated: the first interpolation in a run creates the shared char ArrayPool and its
        // EventSource (README, "Start-up").
        Description = "Times a block start runs before its region is compiled (default " + JitOptions.DefaultThreshold.ToString(CultureInfo.InvariantCulture) +
            "; a long piece interpreted from it counts one more per 16 instructions)",
        DefaultValueFactory = _ => JitOptions.DefaultThreshold.ToString(CultureInfo.InvariantCulture),
    }.WholeNumber(int.MinValue, int.MaxValue);

    public Option<string?> Compile { get; } = new Option<string?>("--jit-compile")
    {
        Description = "Compile regions on the vCPU thread (sync) or on a background thread while the vCPU interprets " +
            "(background); default: background under --clock host, sync under --clock insns (reproducible --stats)",
    }.OneOf("sync", "background");

    public void AddTo(Command command)
    {
        command.Options.Add(Jit);
        command.Options.Add(Threshold);
        command.Options.Add(Compile);
    }

    /// <summary>The translator's settings (null: interpreter only), or a one-line error.</summary>
    public string? Read(ParseResult parse, out JitOptions? options)
    {
        options = null;
        var threshold = (int)parse.GetWholeNumber(Threshold)!.Value;
        if (threshold < 1)
        {
            return "--jit-threshold must be at least 1";
        }
        if (parse.GetValue(Jit) == "on" && JitOptions.Supported)
        {
            options = new JitOptions
            {
                Threshold = threshold,
                CompileInBackground = parse.GetValue(Compile) switch { "sync" => false, "background" => true, _ => null },
            };
        }
        return null;
    }
}
