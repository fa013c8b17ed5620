using System.Globalization;
using Emu.Emulator.Decoder.Syntax;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// "disas ADDR [N]": N instructions (default 8, at most 256) from guest virtual ADDR (hex) as the selected vCPU sees
/// it, one per line in GNU objdump's layout and syntax (<c>80100000:  27bdffe0  addiu sp,sp,-32</c>; the line at the
/// PC is marked <c>=&gt;</c> as gdb's x/i marks it). The text comes from the instruction table
/// (<see cref="Disassembler"/>); memory is read like gdb's m, so nothing here faults the guest, and the listing stops at
/// the first unreadable word.
/// </summary>
public sealed class DisasCommand : IMonitorCommand
{
    private const int DefaultCount = 8, MaxCount = 256;

    public string Name => "disas";

    public string Help => "ADDR [N]  disassemble N instructions (default 8) at guest virtual ADDR (hex), objdump syntax";

    public void Execute(MonitorContext context, string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var count = DefaultCount;
        if (words.Length is < 1 or > 2 || !MonitorRegistry.TryParseAddress(words[0], out var address)
            || (words.Length == 2 && (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count == 0)))
        {
            context.Output.WriteLine("usage: monitor disas ADDR [N]  (ADDR hex, guest virtual; N decimal)");
            return;
        }
        count = Math.Min(count, MaxCount);
        address &= ~3u;
        var t = context.Target;
        var pc = t.Pc;
        Span<byte> b = stackalloc byte[4];
        for (var i = 0; i < count; i++, address += 4)
        {
            if (t.ReadMemory(address, b, physical: false) != 4)
            {
                context.Output.WriteLine($"disas: cannot read 0x{address:x8} (unmapped or not RAM)");
                return;
            }
            var word = t.BigEndian
                ? (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
                : (uint)(b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]);
            var mark = address == pc ? "=> " : "   ";
            context.Output.WriteLine($"{mark}{address:x8}:  {word:x8}  {Disassembler.Disassemble(word, address)}");
        }
    }
}
