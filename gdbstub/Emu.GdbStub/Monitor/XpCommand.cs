namespace Emu.GdbStub.Monitor;

/// <summary>
/// "xp ADDR [LEN]": guest physical memory as words in the guest's byte order, four to a line (QEMU's
/// monitor "xp /Nwx ADDR", without the format letter). ADDR and LEN (bytes, default 0x40, at most 0x1000)
/// are hex. Reads RAM-like pages only: MMIO is never touched, so a dump has no device side effects; the
/// dump ends at the first page that is not RAM (as gdb's m does).
/// </summary>
public sealed class XpCommand : IMonitorCommand
{
    private const uint DefaultLength = 0x40, MaxLength = 0x1000;

    public string Name => "xp";

    public string Help => "ADDR [LEN]  dump guest physical memory (hex; words in guest byte order, as QEMU's xp /Nwx)";

    public void Execute(MonitorContext context, string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        uint length = DefaultLength;
        if (words.Length is < 1 or > 2 || !MonitorRegistry.TryParseAddress(words[0], out var address)
            || (words.Length == 2 && (!MonitorRegistry.TryParseAddress(words[1], out length) || length == 0)))
        {
            context.Output.WriteLine("usage: monitor xp ADDR [LEN]  (hex, guest physical)");
            return;
        }
        length = Math.Min(length, MaxLength);
        var bytes = new byte[(length + 3) & ~3u];
        var t = context.Target;
        var n = t.ReadMemory(address, bytes, physical: true);
        if (n == 0)
        {
            context.Output.WriteLine($"xp: nothing readable at physical 0x{address:x8} (not RAM or ROM)");
            return;
        }
        var line = new System.Text.StringBuilder();
        for (var i = 0; i + 4 <= n && i < length; i += 4)
        {
            if (i % 16 == 0)
            {
                if (line.Length != 0)
                {
                    context.Output.WriteLine(line);
                    line.Clear();
                }
                line.Append($"{address + (uint)i:x8}:");
            }
            var w = t.BigEndian
                ? (uint)(bytes[i] << 24 | bytes[i + 1] << 16 | bytes[i + 2] << 8 | bytes[i + 3])
                : (uint)(bytes[i + 3] << 24 | bytes[i + 2] << 16 | bytes[i + 1] << 8 | bytes[i]);
            line.Append($" 0x{w:x8}");
        }
        if (line.Length != 0)
        {
            context.Output.WriteLine(line);
        }
        if (n < length)
        {
            context.Output.WriteLine($"xp: stopped at physical 0x{address + (uint)n:x8} (not RAM or ROM)");
        }
    }
}
