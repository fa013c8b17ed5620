using System.CommandLine;
using Emu.Trace;

var root = new RootCommand("emu-trace: collect, summarise and draw Emu-Kvm traces (EventPipe .nettrace files)")
{
    CollectCommand.Create(),
    ReportCommand.Create(),
    StatCommand.Create(),
    ProfileCommand.Create(),
    ExportCommand.Create(),
    PlotCommand.Create(),
    LiveCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"emu-trace: error: {error.Message}");
    }
    return 2;
}
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is UsageException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException
                           or FormatException or Microsoft.Diagnostics.NETCore.Client.ServerNotAvailableException)
{
    // Bad files, flags and commands: one line, exit 2 (a stack trace helps nobody who mistyped a path).
    Console.Error.WriteLine($"emu-trace: error: {OneLine(e.Message)}");
    return 2;
}

static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
