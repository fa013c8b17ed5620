using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// "monitor disas" through the real gdb-multiarch: at main of a cross-built guest, Emu's listing (generated from the
/// instruction table) must say what gdb's own disassembler (libopcodes, x/i) says for the same words, and mark the PC.
/// </summary>
public partial class MonitorDisasTests
{
    private const int Count = 12;

    public static TheoryData<string> Endians() => new() { "be", "le" };

    // gdb:  "=> 0x80103070 <main>:\taddiu\tsp,sp,-32"; Emu: "=> 80103070:  27bdffe0  addiu sp,sp,-32"
    [GeneratedRegex(@"^(=>)?\s*0x([0-9a-f]{8}) <[^>]*>:\t(.*)$", RegexOptions.Multiline)]
    private static partial Regex GdbLine();

    [GeneratedRegex(@"^(=>)?\s*([0-9a-f]{8}):  [0-9a-f]{8}  (.*)$", RegexOptions.Multiline)]
    private static partial Regex EmuLine();

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void MonitorDisas_SaysWhatGdbsDisassemblerSays(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start(["-S", "--gdb", $"tcp::{port}", elf]);
        var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}",
        [
            "break main", "continue", $"x/{Count}i $pc", $"eval \"monitor disas 0x%x {Count}\", $pc", "monitor disas 0x0 1", "kill",
        ]);
        var text = r.All();
        var theirs = GdbLine().Matches(text).Select(m => (Pc: m.Groups[1].Success, Addr: m.Groups[2].Value, Text: Normalize(m.Groups[3].Value))).ToList();
        var ours = EmuLine().Matches(text).Select(m => (Pc: m.Groups[1].Success, Addr: m.Groups[2].Value, Text: m.Groups[3].Value.Trim())).ToList();
        Assert.True(theirs.Count == Count && ours.Count == Count, $"expected {Count} lines from each\n{text}");
        Assert.Equal(theirs, ours);
        Assert.True(ours[0].Pc, "the PC's line is marked =>");
        Infrastructure.Gdb.Has(text, "disas: cannot read 0x00000000"); // kuseg without a TLB entry: a message, no guest fault
    }

    /// <summary>gdb's text in objdump's form: one space after the mnemonic, symbols and the 0x of a target dropped.</summary>
    private static string Normalize(string gdb)
    {
        var t = Regex.Replace(gdb, @"\s*<[^>]*>", "").Trim();
        t = Regex.Replace(t, @"\t+", " ");
        return Regex.Replace(t, @"(^|[ ,])0x([0-9a-f]{8})$", "$1$2");
    }
}
