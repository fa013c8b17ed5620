namespace Emu.Integration.Tests.Infrastructure;

/// <summary>Where things are in the checkout the tests run from.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding Emu.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string GuestSources => Path.Combine(Root, "tools", "guest");

    /// <summary>emu.dll, copied next to the tests by the project reference.</summary>
    public static string EmuDll => Path.Combine(AppContext.BaseDirectory, "emu.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Emu.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Emu.sln not found above {AppContext.BaseDirectory}");
    }
}
