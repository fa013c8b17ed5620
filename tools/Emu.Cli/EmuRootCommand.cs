using System.CommandLine;
using System.CommandLine.Help;

namespace Emu.Cli;

/// <summary>
/// emu's root command: System.CommandLine's RootCommand, except that its --help and --version options are made only
/// when a word of the command line spells one of their names (--version also for help, which lists it), and the
/// RootCommand itself, with its directives ([suggest]), only when the first word is one. Their constructors load
/// System.CommandLine's localized strings through a ResourceManager: `new RootCommand()` took 8 ms of CPU in a
/// test program, and `emu run` of the demo guest takes 2–3 ms less without it. An option whose names no word spells
/// matches nothing, so the parse is the same as with them always there.
/// </summary>
public static class EmuRootCommand
{
    private static readonly string[] HelpNames = ["--help", "-h", "/h", "-?", "/?"];
    private const string VersionName = "--version";

    public static Command Create(string[] args, string description, params Command[] subcommands)
    {
        var root = args.Length > 0 && args[0].StartsWith('[') ? new RootCommand(description) : new Command("emu", description);
        if (root is not RootCommand)
        {
            var help = false;
            var version = false;
            foreach (var a in args)
            {
                help |= Array.IndexOf(HelpNames, a) >= 0;
                version |= a == VersionName;
            }
            if (help)
            {
                root.Options.Add(new HelpOption());
            }
            if (help || version)
            {
                root.Options.Add(new VersionOption()); // help lists it
            }
        }
        foreach (var command in subcommands)
        {
            root.Subcommands.Add(command);
        }
        PlainParsers.TakeWordsAsText(root);
        return root;
    }
}
