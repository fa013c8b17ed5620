using Emu.Emulator.Host;

namespace Emu.Emulator.Tests.Host;

/// <summary>LinuxFiles.IsNullDevice: /dev/null and nothing else (emu starts no stdin thread for it).</summary>
public sealed class LinuxFilesTests
{
    [SkippableTheory]
    [InlineData("/dev/null", true)]
    [InlineData("/dev/zero", false)] // a character device too, but one that does deliver bytes
    [InlineData("/proc/self/status", false)]
    public void IsNullDevice_TellsTheNullDeviceFromOtherFiles(string path, bool expected)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "statx is Linux's");
        using var handle = File.OpenHandle(path);
        Assert.Equal(expected, LinuxFiles.IsNullDevice((int)handle.DangerousGetHandle()));
    }

    [SkippableFact]
    public void IsNullDevice_IsFalseForAPipeAndForAClosedDescriptor()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "statx is Linux's");
        using var server = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        Assert.False(LinuxFiles.IsNullDevice((int)server.ClientSafePipeHandle.DangerousGetHandle()));
        Assert.False(LinuxFiles.IsNullDevice(-1));
    }
}
