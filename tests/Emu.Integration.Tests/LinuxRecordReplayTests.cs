using System.Text;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Issue 16 on the Debian kernel: a boot recorded with commands typed at the shell replays to byte-identical
/// console output and an identical final state hash, and a replay with another initrd is refused; a snapshot saved
/// at the shell brings back a tmpfs file the guest then deleted.
/// </summary>
public sealed class LinuxRecordReplayTests : IDisposable
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Reply = TimeSpan.FromMinutes(1);
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-linux-rr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Kernel(string vmlinuz, string initrd, params string[] more) =>
        ["run", "--clock", "insns", "-kernel", vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 nokaslr", .. more];

    [SkippableFact]
    public void DebianBoot_RecordedWithShellCommands_ReplaysByteIdentical_AndAnotherInitrdIsRefused()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var recording = Path.Combine(_dir, "boot.rec");
        string recorded;
        using (var emu = new ConsoleSession(Kernel(vmlinuz, initrd, "--record", recording)))
        {
            Assert.True(emu.WaitFor("/ # ", Boot), "no shell prompt\n" + emu.Describe());
            emu.TypeLine("echo emu-$((6*7)) > /tmp/f; cat /tmp/f; uname -m");
            Assert.True(emu.WaitFor("mips", Reply), emu.Describe());
            emu.TypeLine("poweroff -f");
            Assert.Equal(0, emu.WaitForExit(Reply));
            recorded = emu.Output;
            Assert.Contains("emu: recorded", emu.Stderr);
        }
        Assert.Contains("emu-42", recorded);

        var replay = HostProcess.Emu(Boot, Kernel(vmlinuz, initrd, "--replay", recording));
        Assert.True(replay.ExitCode == 0, replay.Describe());
        Assert.Equal(recorded, Encoding.Latin1.GetString(replay.Stdout));
        Assert.Contains("emu: replay matches the recording: 2 input events", replay.Stderr);

        var otherInitrd = Path.Combine(_dir, "other.cpio.gz");
        File.WriteAllBytes(otherInitrd, [.. File.ReadAllBytes(initrd), 0]);
        var refused = HostProcess.Emu(Reply, Kernel(vmlinuz, otherInitrd, "--replay", recording));
        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"emu: error: --replay {recording}: the initrd differs from the recording's", line);
    }

    [SkippableFact]
    public void SnapshotSavedAtTheShell_BringsBackATmpfsFileTheGuestDeleted()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        using var emu = new ConsoleSession(Kernel(vmlinuz, initrd));
        Assert.True(emu.WaitFor("/ # ", Boot), "no shell prompt\n" + emu.Describe());
        emu.TypeLine("echo keep-$((6*7)) > /tmp/f; cat /tmp/f");
        Assert.True(emu.WaitFor("keep-42", Reply), emu.Describe());
        emu.TypeLine("\u0001csnapshot save shell");
        Assert.True(emu.WaitFor("snapshot 'shell' saved at instruction", Reply), emu.Describe());
        emu.TypeLine("\u0001c"); // back to the guest (the newline is an empty shell command)
        emu.TypeLine("rm /tmp/f; cat /tmp/f");
        Assert.True(emu.WaitFor("No such file", Reply), emu.Describe());
        emu.TypeLine("\u0001cloadvm shell");
        Assert.True(emu.WaitFor("snapshot 'shell' loaded", Reply), emu.Describe());
        emu.TypeLine("\u0001c");
        emu.TypeLine("cat /tmp/f; echo checked-$((6*7))");
        Assert.True(emu.WaitFor("checked-42", Reply), emu.Describe());
        var afterLoad = emu.Output[emu.Output.LastIndexOf("snapshot 'shell' loaded", StringComparison.Ordinal)..];
        Assert.Contains("keep-42", afterLoad);
        emu.TypeLine("poweroff -f");
        Assert.Equal(0, emu.WaitForExit(Reply));
    }
}
