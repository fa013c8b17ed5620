using System.CommandLine;
using System.CommandLine.Invocation;
using Emu.Cli;

var root = EmuRootCommand.Create(args, "Emu: a MIPS32r2 Malta system emulator with a KVM-style MMU, a gdb stub and EventPipe tracing",
    RunCommand.Create(), BenchCommand.Create(), BootDebianCommand.Create());
// No POSIX bundling: QEMU never bundles, and with it a typo like -smpp would be read as -s -m pp.
var parse = root.Parse(args, new ParserConfiguration { EnablePosixBundling = false });
if (CommandLineErrors.FirstMessage(parse) is { } message)
{
    // One line, always: scripts and people read the first line of stderr.
    Console.Error.WriteLine($"emu: error: {message}");
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
