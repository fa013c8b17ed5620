namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// The host tools these tests drive. A missing one fails the test with the package to install
/// (tests/run.sh installs them; in CI a missing tool must be a failure, never a silent skip).
/// </summary>
public static class RequiredTools
{
    public static void Require(string command, string debianPackage)
    {
        if (!OnPath(command))
        {
            Assert.Fail($"'{command}' is not on PATH: install the Debian package '{debianPackage}' (tests/run.sh does this)");
        }
    }

    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}
