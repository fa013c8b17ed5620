namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// The host tools these tests drive. tests/run.sh and .ci/run install them. On a developer machine
/// a missing tool skips the test with the package to install; in CI (CI=true) it fails the test,
/// because there a skip would hide a missing install step.
/// </summary>
public static class RequiredTools
{
    public static void Require(string command, string debianPackage)
    {
        if (OnPath(command))
        {
            return;
        }
        var message = $"'{command}' is not on PATH: install the Debian package '{debianPackage}' (tests/run.sh does this)";
        if (InCi)
        {
            Assert.Fail(message);
        }
        Skip.If(true, message);
    }

    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}
