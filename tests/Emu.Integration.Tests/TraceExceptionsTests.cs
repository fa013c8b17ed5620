using System.Globalization;
using System.Text.RegularExpressions;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;
using Emu.Emulator.Decoder.Syntax;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// <c>emu run --trace-exceptions N</c> on the cross-built exceptions guest: each line names the faulting instruction
/// (its word, and the table's disassembly of it), and for the exceptions an instruction raises by itself the named
/// instruction is one whose table row lists that exception (SYSCALL for Sys, BREAK for Bp, a trap for Tr, ADD/ADDI/SUB
/// for Ov): the line shows the instruction that really faulted.
/// </summary>
public partial class TraceExceptionsTests
{
    [GeneratedRegex(@"^emu: vcpu0 exception (\w+) at pc=0x([0-9a-f]{8}) badvaddr=0x[0-9a-f]{8} insns=\d+ inst=(?:\?|([0-9a-f]{8}) (.+))$", RegexOptions.Multiline)]
    private static partial Regex TraceLine();

    [SkippableTheory]
    [InlineData("be")]
    [InlineData("le")]
    public void TraceLines_ShowTheFaultingInstruction(string endian)
    {
        var elf = GuestBuild.Elf(endian, "exceptions");
        var r = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "400000000", "--trace-exceptions", "200", elf);
        Assert.True(r.ExitCode == 0, r.Describe());
        var lines = TraceLine().Matches(r.Stderr).ToList();
        Assert.True(lines.Count > 0, "no exception trace lines:\n" + r.Stderr);
        var selfRaised = 0;
        foreach (var m in lines)
        {
            var code = Enum.Parse<ExcCode>(m.Groups[1].Value);
            var pc = uint.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (!m.Groups[3].Success)
            {
                continue; // the PC itself was unreadable (a fetch fault)
            }
            var word = uint.Parse(m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.Equal(Disassembler.Disassemble(word, pc), m.Groups[4].Value);
            if (code is ExcCode.Sys or ExcCode.Bp or ExcCode.Tr or ExcCode.Ov)
            {
                var info = InstInfo.Of(InstDecoder.Decode(word).Op);
                Assert.True(info.Raises.Contains(code), $"{m.Value}: {info.Name} cannot raise {code}");
                selfRaised++;
            }
        }
        Assert.True(selfRaised >= 4, $"expected SYSCALL, BREAK, trap and overflow lines:\n{r.Stderr}");
    }
}
