using System.CommandLine;
using System.CommandLine.Invocation;
using Emu.Cli;

var root = new RootCommand("Emu: a MIPS32r2 Malta system emulator with a KVM-style MMU")
{
    RunCommand.Create(),
    BenchCommand.Create(),
    BootDebianCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"emu: error: {error.Message}");
    }
    Console.Error.WriteLine("emu: try 'emu --help'");
    return ExitCodes.BadInput;
}
try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    Console.Error.WriteLine($"emu: internal error: {e}");
    return ExitCodes.HostError;
}
