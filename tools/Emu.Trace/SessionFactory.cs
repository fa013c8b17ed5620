using System.Diagnostics.Tracing;
using Emu.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Trace;

/// <summary>Opens Emu-Kvm EventPipe sessions the cheap way: no stack walks, no rundown, a sized buffer.</summary>
public static class SessionFactory
{
    public static EventPipeSession Start(DiagnosticsClient client, long keywords, EventLevel level, int bufferMb, int counterIntervalSec)
    {
        var provider = new EventPipeProvider(EmuKvmEventSource.ProviderName, level, keywords,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = counterIntervalSec.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        // Stack walks cost ~10x per event and rundown only names managed code; neither serves Emu-Kvm analysis.
        var config = new EventPipeSessionConfiguration([provider], bufferMb, requestRundown: false, requestStackwalk: false);
        return client.StartEventPipeSession(config);
    }
}
