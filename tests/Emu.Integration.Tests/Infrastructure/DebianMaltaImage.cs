namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// Debian 12's stock Malta kernel and the busybox initramfs, fetched and built once per test run by
/// tools/linux/fetch-debian-malta.sh (which caches under EMU_LINUX_CACHE or ~/.cache/emu-linux).
/// Locally, a failed download skips the tests that need it, with the script's message; in CI it fails them.
/// </summary>
public static class DebianMaltaImage
{
    private static readonly Lazy<(string? Vmlinuz, string? Initrd, string Error)> s_image = new(Fetch);

    public static (string Vmlinuz, string Initrd) Require()
    {
        RequiredTools.Require("apt-get", "apt");
        RequiredTools.Require("dpkg", "dpkg");
        var (vmlinuz, initrd, error) = s_image.Value;
        if (vmlinuz is null || initrd is null)
        {
            var message = $"tools/linux/fetch-debian-malta.sh could not provide the Debian kernel and initramfs: {error}";
            if (RequiredTools.InCi)
            {
                Assert.Fail(message);
            }
            Skip.If(true, message);
        }
        return (vmlinuz!, initrd!);
    }

    private static (string?, string?, string) Fetch()
    {
        var script = Path.Combine(RepoPaths.Root, "tools", "linux", "fetch-debian-malta.sh");
        var r = HostProcess.Run("bash", [script], TimeSpan.FromMinutes(10));
        string? Value(string key) => r.StdoutLines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        var vmlinuz = Value("vmlinuz");
        var initrd = Value("initrd");
        if (r.ExitCode != 0 || vmlinuz is null || initrd is null || !File.Exists(vmlinuz) || !File.Exists(initrd))
        {
            var tail = string.Join('\n', r.Stderr.Split('\n').TakeLast(5));
            return (null, null, $"exit {r.ExitCode}: {tail}");
        }
        return (vmlinuz, initrd, "");
    }
}
