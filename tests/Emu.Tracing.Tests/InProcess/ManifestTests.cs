using System.Diagnostics.Tracing;
using System.Xml.Linq;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>The provider's manifest: valid under Strict rules, with the published ids, keywords and enum names.</summary>
public class ManifestTests
{
    private static XDocument Manifest() =>
        XDocument.Parse(EventSource.GenerateManifest(typeof(EmuKvmEventSource), "Emu.Tracing.dll", EventManifestOptions.Strict)!);

    [Fact]
    public void Manifest_IsValid_UnderStrictRules()
    {
        // Strict throws on duplicate ids, helpers that became events, bad keywords and the like.
        var manifest = Manifest();
        Assert.Contains(manifest.Descendants(), e => e.Name.LocalName == "provider" && (string?)e.Attribute("name") == "Emu-Kvm");
    }

    [Theory]
    [InlineData("VcpuEnter", 1)]
    [InlineData("VcpuReenter", 2)]
    [InlineData("VcpuOut", 3)]
    [InlineData("Exit", 4)]
    [InlineData("GpaFault", 5)]
    [InlineData("GpaFaultRetry", 6)]
    [InlineData("MmioExit", 7)]
    [InlineData("FlushShadow", 8)]
    [InlineData("Notifier", 9)]
    [InlineData("HostMmEvent", 10)]
    [InlineData("MemslotChange", 11)]
    [InlineData("DirtyLogGet", 12)]
    [InlineData("GuestTlbWrite", 13)]
    [InlineData("AsidChange", 14)]
    [InlineData("GdbPacket", 15)]
    [InlineData("GuestPcSample", 16)]
    public void EventIds_AreThePublishedOnes(string name, int id)
    {
        var ev = Manifest().Descendants().Single(e => e.Name.LocalName == "event" && ((string?)e.Attribute("symbol")) == name);
        Assert.Equal(id, (int)ev.Attribute("value")!);
    }

    [Fact]
    public void ExitReason_NamesAndKvmCodes_AreInTheManifest()
    {
        var map = Manifest().Descendants().Single(e => e.Name.LocalName == "valueMap" && (string?)e.Attribute("name") == "ExitReason");
        // <map value="0x20" message="$(string.map_ExitReason.Wait)"/>
        var codes = map.Elements().ToDictionary(
            e => ((string)e.Attribute("message")!).Split("map_ExitReason.")[1].TrimEnd(')'),
            e => Convert.ToInt32((string)e.Attribute("value")!, 16));
        Assert.Equal(0, codes["Int"]);
        Assert.Equal(2, codes["TlbMissLd"]);
        Assert.Equal(13, codes["TrapInst"]);
        Assert.Equal(32, codes["Wait"]);
        Assert.Equal(34, codes["Signal"]);
        Assert.Equal(40, codes["Mmio"]);
        Assert.Equal(42, codes["InternalError"]);
    }

    [Fact]
    public void HighRateEvents_AreVerbose_SoCounterSessionsNeverEnableThem()
    {
        var verbose = Manifest().Descendants().Where(e => e.Name.LocalName == "event" && (string?)e.Attribute("level") == "win:Verbose")
            .Select(e => (string)e.Attribute("symbol")!).ToHashSet();
        foreach (var name in new[] { "Exit", "GpaFault", "GpaFaultRetry", "MmioExit", "FlushShadow", "Notifier", "HostMmEvent", "GuestTlbWrite", "AsidChange", "VcpuReenter" })
        {
            Assert.Contains(name, verbose);
        }
    }
}
