using Emu.Trace;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>`emu-trace --keywords` accepts what the README shows.</summary>
public class KeywordParserTests
{
    [Theory]
    [InlineData("all", 0x7FFF)]
    [InlineData("jit,snapshot", 0x6000)]
    [InlineData("0x1F", 0x1F)]
    [InlineData("Exit", 0x10)]
    [InlineData("exit,tlb", 0x30)]
    [InlineData("Fault, Retry, Cpu", 0x203)]
    public void Parses_NamesMasksAndAll(string text, long mask) => Assert.Equal(mask, KeywordParser.Parse(text));

    [Fact]
    public void UnknownName_IsAnError_ListingTheKnownOnes()
    {
        var e = Assert.Throws<UsageException>(() => KeywordParser.Parse("Faults"));
        Assert.Contains("Notifier", e.Message);
    }
}
