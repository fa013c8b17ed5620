using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Emu.Tracing;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>
/// An in-process EventListener on Emu-Kvm. Events arrive synchronously on the emitting thread, so a test
/// can assert on <see cref="Events"/> right after its scenario; counters arrive on a timer thread.
/// </summary>
public sealed class EventRecorder : EventListener
{
    private readonly EventKeywords _keywords;
    private readonly EventLevel _level;
    private readonly int? _counterIntervalSec;

    public EventRecorder(EventKeywords keywords = EmuKvmEventSource.AllKeywords, EventLevel level = EventLevel.Verbose, int? counterIntervalSec = null)
    {
        _keywords = keywords;
        _level = level;
        _counterIntervalSec = counterIntervalSec;
        // OnEventSourceCreated ran in the base constructor before these fields were set: enable here.
        Enable(EmuKvmEventSource.Log);
    }

    public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

    public ConcurrentQueue<IDictionary<string, object?>> Counters { get; } = new();

    public List<EventWrittenEventArgs> Named(string name) => [.. Events.Where(e => e.EventName == name)];

    private void Enable(EventSource source)
    {
        if (_level == 0 && _keywords == 0)
        {
            return; // still in the base constructor
        }
        var args = _counterIntervalSec is { } s ? new Dictionary<string, string?> { ["EventCounterIntervalSec"] = s.ToString() } : null;
        EnableEvents(source, _level, _keywords, args);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == EmuKvmEventSource.ProviderName)
        {
            Enable(eventSource);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventSource.Name != EmuKvmEventSource.ProviderName)
        {
            return;
        }
        if (e.EventName == "EventCounters" && e.Payload is [IDictionary<string, object?> counter])
        {
            Counters.Enqueue(counter);
            return;
        }
        Events.Enqueue(e);
    }

    public override void Dispose()
    {
        DisableEvents(EmuKvmEventSource.Log);
        base.Dispose();
    }
}
