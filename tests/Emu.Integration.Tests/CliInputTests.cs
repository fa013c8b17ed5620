using System.Buffers.Binary;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Bad input as a new user gives it (issue 10): every case ends with exactly one line on stderr, exit 2, no
/// .NET type name and no stack trace; nothing hangs on a FIFO or streams /dev/zero into memory.
/// </summary>
public sealed class CliInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-cli-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string DemoElf => Path.Combine(RepoPaths.GuestSources, "prebuilt", "be", "demo.elf");

    public static TheoryData<string[]> BadFiles() => new()
    {
        { ["run", ""] },
        { ["run", "{dir}"] },
        { ["run", "/dev/zero"] },
        { ["run", "{fifo}"] },
        { ["run", "-kernel", ""] },
        { ["run", "-kernel", "{dir}"] },
        { ["run", "-kernel", "/dev/zero"] },
        { ["run", "-kernel", "{fifo}"] },
        { ["run", "-kernel", "{demo}", "-initrd", "{dir}"] },
        { ["run", "-kernel", "{demo}", "-initrd", "/dev/zero"] },
        { ["run", "-kernel", "{demo}", "-initrd", "{fifo}"] },
        { ["run", "-kernel", "{demo}", "-initrd", "/nonexistent/initrd"] },
        { ["run", "{huge-memsz}"] },
        { ["run", "-m", "16", "{beyond-ram}"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadInputFile_OneLine_Exit2(string[] args)
    {
        var fifo = Path.Combine(_dir, "fifo");
        if (!File.Exists(fifo))
        {
            Assert.Equal(0, HostProcess.Run("mkfifo", [fifo], TimeSpan.FromSeconds(10)).ExitCode);
        }
        var resolved = args.Select(a => a switch
        {
            "{dir}" => _dir,
            "{fifo}" => fifo,
            "{demo}" => DemoElf,
            "{huge-memsz}" => PatchedDemo("huge", 0x8000_0000), // wrapped an int before the fits-in-RAM check
            "{beyond-ram}" => PatchedDemo("beyond", 0x0200_0000), // fits the physical space, not 16 MiB of RAM
            _ => a,
        }).ToArray();
        // A FIFO without a writer must be refused, not opened: a hang here ends as a timeout failure.
        var r = HostProcess.Emu(TimeSpan.FromSeconds(60), resolved);
        Assert.False(r.TimedOut, r.Describe());
        AssertOneLineBadInput(r);
    }

    [Theory]
    [InlineData("run", "--max-insns", "abc")]
    [InlineData("run", "--max-insns", "99999999999999999999")]
    [InlineData("run", "--pressure-seed", "x")]
    [InlineData("run", "--pressure-rate", "fast")]
    [InlineData("run", "--tlb-entries", "sixteen")]
    [InlineData("run", "--tlb-entries", "4294967296")] // past int
    [InlineData("run", "--smp-quantum", "0x8000000000000000")] // past long
    [InlineData("run", "--gdb-idle-timeout", "soon")]
    [InlineData("run", "-smp", "two")]
    [InlineData("run", "-m", "lots")]
    [InlineData("run", "--endian", "middle")]
    [InlineData("run", "-serial", "file:out.txt")]
    [InlineData("run", "-M", "virt")]
    [InlineData("bench", "-r", "many")]
    [InlineData("boot-debian", "-m", "zero")]
    [InlineData("boot-debian", "--smp", "x")]
    public void TypeErrors_ArePlainWords(params string[] args)
    {
        var r = HostProcess.Emu(args);
        AssertOneLineBadInput(r);
        Assert.Contains(args[^1], r.Stderr); // the bad value is quoted back
    }

    [Theory]
    [InlineData("--stat", "--stats")]
    [InlineData("--max-insn", "--max-insns")]
    [InlineData("--hots-pressure", "--host-pressure")]
    [InlineData("-smpp", "--smp")]
    [InlineData("--tlb-entry", "--tlb-entries")]
    public void UnknownOption_IsAnError_WithDidYouMean(string typo, string meant)
    {
        foreach (var args in new[] { new[] { "run", typo }, ["run", typo, "all"], ["run", DemoElf, typo] })
        {
            var r = HostProcess.Emu(args);
            AssertOneLineBadInput(r);
            Assert.Contains($"unknown option '{typo}'", r.Stderr);
            Assert.Contains($"did you mean '{meant}'", r.Stderr);
        }
    }

    [Fact]
    public void UnknownCommand_SuggestsTheClosest()
    {
        var r = HostProcess.Emu("rnu");
        AssertOneLineBadInput(r);
        Assert.Contains("did you mean 'run'", r.Stderr);
    }

    /// <summary>The demo ELF with its first PT_LOAD's p_memsz replaced.</summary>
    private string PatchedDemo(string name, uint memsz)
    {
        var bytes = File.ReadAllBytes(DemoElf);
        Assert.Equal(2, bytes[5]); // the prebuilt demo is big-endian
        var phoff = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(28));
        var phentsize = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(42));
        var phnum = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(44));
        for (var i = 0; i < phnum; i++)
        {
            var ph = bytes.AsSpan(phoff + i * phentsize);
            if (BinaryPrimitives.ReadUInt32BigEndian(ph) == 1)
            {
                BinaryPrimitives.WriteUInt32BigEndian(ph[20..], memsz);
                break;
            }
        }
        var path = Path.Combine(_dir, name + ".elf");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static void AssertOneLineBadInput(ProcessResult r)
    {
        Assert.True(r.ExitCode == 2, r.Describe());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected exactly one stderr line:\n" + r.Describe());
        Assert.StartsWith("emu: error: ", lines[0]);
        Assert.DoesNotContain("System.", r.Stderr); // no .NET type name (System.Nullable`1[...], System.IO...)
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.DoesNotContain("`1", r.Stderr);
        Assert.Empty(r.Stdout);
    }
}
