using Emu.Emulator.Loaders;

namespace Emu.Emulator.Tests.Loaders;

/// <summary>
/// InputFile.ReadAll: the bytes of a regular file exactly (on Linux through open/statx/pread, elsewhere through
/// RandomAccess), and one plain sentence naming the file for everything else.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-inputfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4097)]
    [InlineData(3 << 20)] // several pread calls' worth on some file systems
    public void RegularFile_IsReadExactly(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_dir, $"f{size}");
        File.WriteAllBytes(path, bytes);
        Assert.Equal(bytes, InputFile.ReadAll(path, 16L << 20, "ELF file"));
    }

    [Theory]
    [InlineData("plain.elf")]
    [InlineData("vmlinuz-émulé ü.elf")] // not ASCII: the name goes to the kernel as UTF-8
    [InlineData("核心")]
    public void FileNames_ReachTheKernelAsUtf8(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], InputFile.ReadAll(path, 1 << 20, "ELF file"));
        Assert.Equal([.. System.Text.Encoding.UTF8.GetBytes(path), 0], Emu.Emulator.Host.LinuxFiles.NulTerminated(path));
    }

    [Fact]
    public void FileLargerThanTheLimit_IsRefusedWithItsSize()
    {
        var path = Path.Combine(_dir, "big");
        File.WriteAllBytes(path, new byte[(1 << 20) + 1]);
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadAll(path, 1 << 20, "initrd"));
        Assert.Equal($"initrd '{path}' is {(1 << 20) + 1} bytes, more than the 1 MiB it may be", e.Message);
    }

    [Fact]
    public void MissingFile_NamesTheFileAndTheReason()
    {
        var path = Path.Combine(_dir, "missing");
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadAll(path, 1 << 20, "kernel"));
        Assert.StartsWith($"cannot read kernel '{path}': no such file", e.Message);
    }

    [Fact]
    public void Directory_IsNotARegularFile()
    {
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadAll(_dir, 1 << 20, "ELF file"));
        Assert.Equal($"ELF file '{_dir}' is a directory, not a regular file", e.Message);
    }

    [SkippableFact]
    public void CharacterDevice_IsRefusedBeforeAnyRead()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/dev/zero and statx are Linux's");
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadAll("/dev/zero", 1 << 20, "initrd"));
        Assert.Equal("initrd '/dev/zero' is a character device, not a regular file", e.Message);
    }

    [Fact]
    public void EmptyName_IsRefused()
    {
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadAll(" ", 1 << 20, "initrd"));
        Assert.Equal("the initrd name is empty", e.Message);
    }
}
