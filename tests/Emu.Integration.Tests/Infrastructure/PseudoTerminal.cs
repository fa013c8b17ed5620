using System.Runtime.InteropServices;
using System.Text;

namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// A Unix98 pseudo-terminal pair opened from the test (posix_openpt, grantpt, unlockpt, ptsname_r): a program
/// started with its stdio on <see cref="SlavePath"/> sees a real terminal with the kernel's line discipline,
/// and the test plays the keyboard and screen on the master side. The test keeps a slave descriptor open too,
/// so the terminal's settings survive the program and can be compared afterwards.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private const int ORdwr = 0x2;
    private const int ONoctty = 0x100;

    private readonly int _master;
    private readonly int _slave;

    public PseudoTerminal()
    {
        _master = posix_openpt(ORdwr | ONoctty);
        if (_master < 0 || grantpt(_master) != 0 || unlockpt(_master) != 0)
        {
            throw new IOException($"posix_openpt/grantpt/unlockpt failed (errno {Marshal.GetLastPInvokeError()})");
        }
        var name = new byte[128];
        if (ptsname_r(_master, name, name.Length) != 0)
        {
            throw new IOException($"ptsname_r failed (errno {Marshal.GetLastPInvokeError()})");
        }
        SlavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        _slave = open(SlavePath, ORdwr | ONoctty);
        if (_slave < 0)
        {
            throw new IOException($"open {SlavePath} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>The terminal's device (/dev/pts/N).</summary>
    public string SlavePath { get; }

    /// <summary>Bytes the program wrote to the terminal; 0 once every slave side is closed (EIO), blocking until then.</summary>
    public int Read(byte[] buffer)
    {
        while (true)
        {
            var n = (int)read(_master, buffer, buffer.Length);
            if (n >= 0)
            {
                return n;
            }
            if (Marshal.GetLastPInvokeError() != 4) // EINTR: try again; EIO (no slave) and others: end
            {
                return 0;
            }
        }
    }

    /// <summary>Types <paramref name="bytes"/> on the terminal's keyboard.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var data = bytes.ToArray();
        var done = 0;
        while (done < data.Length)
        {
            var n = (int)write(_master, data[done..], data.Length - done);
            if (n <= 0)
            {
                throw new IOException($"write to the pty master failed (errno {Marshal.GetLastPInvokeError()})");
            }
            done += n;
        }
    }

    /// <summary>`stty -g` of the terminal: its modes in a form that compares exactly.</summary>
    public string SttySettings()
    {
        var r = HostProcess.Run("sh", ["-c", "stty -g <\"$0\"", SlavePath], TimeSpan.FromSeconds(20));
        Assert.True(r.ExitCode == 0, "stty -g failed\n" + r.Describe());
        return r.StdoutText.Trim();
    }

    public void Dispose()
    {
        close(_slave);
        close(_master);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int ptsname_r(int fd, byte[] buffer, nint length);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc")]
    private static extern int close(int fd);
}
