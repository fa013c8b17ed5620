namespace Emu.Trace;

/// <summary>
/// Linux process-tree facts from /proc: a process's parent and its command line. Used by `collect -- CMD`
/// to find the emu process among the .NET processes a launcher such as `dotnet run` starts.
/// </summary>
public static class ProcessTree
{
    /// <summary>The parent pid from /proc/PID/stat (field 4, after the parenthesised command name), or 0.</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat.AsSpan(stat.LastIndexOf(')') + 2); // "S PPID ..."
            rest = rest[(rest.IndexOf(' ') + 1)..];
            return int.Parse(rest[..rest.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return 0; // gone, or not ours to read
        }
    }

    /// <summary>True when <paramref name="pid"/> is <paramref name="root"/> or one of its descendants.</summary>
    public static bool IsInTree(int pid, int root)
    {
        for (var p = pid; p > 1; p = ParentOf(p))
        {
            if (p == root)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>argv of a process (NUL-separated /proc/PID/cmdline), or empty.</summary>
    public static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// The program a .NET process runs: the apphost's name (<c>emu</c>), or for <c>dotnet [exec] X.dll</c>
    /// the dll's name without extension. Case as written.
    /// </summary>
    public static string ProgramName(string[] argv)
    {
        if (argv.Length == 0)
        {
            return "";
        }
        var host = Path.GetFileName(argv[0]);
        if (host != "dotnet")
        {
            return host;
        }
        var dll = argv.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        return dll is null ? host : Path.GetFileNameWithoutExtension(dll);
    }
}
