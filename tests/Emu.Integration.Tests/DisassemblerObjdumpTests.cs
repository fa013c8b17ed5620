using System.Globalization;
using System.Text.RegularExpressions;
using Emu.Emulator.Decoder;
using Emu.Emulator.Decoder.Syntax;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Emu's disassembler (generated from InstTable's syntax column) against the real <c>mips-linux-gnu-objdump -d</c> on
/// every guest program the GNU cross toolchain builds from tools/guest, both byte orders: every instruction word that
/// both know (objdump prints a mnemonic, not <c>.word</c>; Emu's table executes it) must print the same text, branch and
/// jump targets included (objdump's <c>&lt;symbol+offset&gt;</c> is dropped).
/// </summary>
public partial class DisassemblerObjdumpTests
{
    // "80100054:\t27bdffe0 \taddiu\tsp,sp,-32" (MIPS16 lines have 4-digit words and are not ours).
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t([^\t]+)(?:\t(.*))?$")]
    private static partial Regex Line();

    [SkippableTheory]
    [InlineData("be")]
    [InlineData("le")]
    public void EveryWordBothKnow_PrintsAsObjdumpPrintsIt(string endian)
    {
        RequiredTools.Require("mips-linux-gnu-objdump", "binutils-mips-linux-gnu");
        var compared = 0;
        var mnemonics = new HashSet<string>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var program in GuestBuild.SelfCheckingPrograms().Concat(["bench-int", "bench-fp", "bench-call", "bench-memcpy"]))
        {
            var elf = GuestBuild.Elf(endian, program);
            var r = HostProcess.Run("mips-linux-gnu-objdump", ["-d", elf], TimeSpan.FromMinutes(1));
            Assert.True(r.ExitCode == 0, r.Describe());
            foreach (var line in r.StdoutLines)
            {
                var m = Line().Match(line);
                if (!m.Success)
                {
                    continue;
                }
                var pc = uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var word = uint.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var mnemonic = m.Groups[3].Value.Trim();
                var operands = Regex.Replace(m.Groups[4].Value, @"\s*<[^>]*>", "").Trim();
                // objdump does not know the word (.word, or a bare coprocessor op "c1 0x..."), or Emu raises RI for it.
                if (mnemonic.StartsWith('.') || mnemonic is "c0" or "c1" or "c2" or "c3" || InstDecoder.Decode(word).Op == InstName.Reserved)
                {
                    continue;
                }
                var theirs = operands.Length == 0 ? mnemonic : mnemonic + " " + operands;
                var ours = Disassembler.Disassemble(word, pc);
                compared++;
                mnemonics.Add(mnemonic);
                if (ours != theirs && mismatches.Count < 40)
                {
                    mismatches.Add($"{program} {pc:x8}: {word:x8} objdump '{theirs}', Emu '{ours}'");
                }
            }
        }
        Assert.Empty(mismatches);
        // The guests use most of the table: a comparison of a handful of words would prove little.
        Assert.True(compared > 20000 && mnemonics.Count > 150, $"compared {compared} words, {mnemonics.Count} mnemonics");
    }
}
