using Emu.Integration.Tests.Infrastructure;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>
/// dotnet-trace and dotnet-counters, installed by tests/run.sh and .ci/run with
/// <c>dotnet tool install --tool-path .tools</c>. Missing: skip locally, fail in CI (CI=true).
/// </summary>
public static class DotnetTools
{
    /// <summary>The version tests/run.sh installs (the one served to this project).</summary>
    public const string Version = "10.0.750501";

    public static string Require(string tool)
    {
        string[] candidates =
        [
            Path.Combine(RepoPaths.Root, ".tools", tool),
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, tool)),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", tool),
        ];
        if (candidates.FirstOrDefault(File.Exists) is { } found)
        {
            return found;
        }
        var message = $"'{tool}' not found: install it with 'dotnet tool install --tool-path .tools {tool} --version {Version}' (tests/run.sh does this)";
        if (RequiredTools.InCi)
        {
            Assert.Fail(message);
        }
        Skip.If(true, message);
        return "";
    }
}
