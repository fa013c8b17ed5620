using System.Text;

namespace Emu.Cli;

/// <summary>
/// The gdb stub's log on stderr, with its "waiting for a debugger on X" line kept only when the vCPUs really
/// wait (-S, as QEMU's -S). Without -S the guest runs at once, so the line says that instead: QEMU's -s alone
/// prints nothing and does not wait. The stub writes whole lines (WriteLine), which is all this looks at.
/// </summary>
public sealed class GdbListeningLog(TextWriter inner, bool vcpusWait) : TextWriter
{
    private const string Waiting = "waiting for a debugger on ";

    public override Encoding Encoding => inner.Encoding;

    public override void WriteLine(string? value)
    {
        if (!vcpusWait && value is not null && value.IndexOf(Waiting, StringComparison.Ordinal) is var at and >= 0)
        {
            value = string.Concat(value.AsSpan(0, at), "listening on ", value.AsSpan(at + Waiting.Length), " (the guest runs; -S waits for the debugger)");
        }
        inner.WriteLine(value);
    }

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void Flush() => inner.Flush();
}
