using System.Diagnostics.Tracing;

namespace Emu.Tracing;

/// <summary>
/// The Emu-Kvm counters (EventCounters, shown by <c>dotnet-counters monitor --counters Emu-Kvm</c>).
/// The statistics live in the emulator, in plain per-vCPU fields that only their vCPU thread writes;
/// the emulator registers a reader for each, and the counter sums all readers of a name when a tool
/// polls (once per interval, on the runtime's counter thread). Nothing here runs when nobody listens.
/// </summary>
/// <example>
/// <code>
/// var reg = EmuKvmCounters.Register(CounterSpec.GuestMips, () => cpu.InstructionsRetired / 1e6);
/// ... reg.Dispose();   // when the vCPU goes away
/// </code>
/// </example>
public static class EmuKvmCounters
{
    // Guards s_counters and every Aggregate's reader list changes (registration is rare).
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, Aggregate> s_counters = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="read"/> to counter <paramref name="spec"/>; dispose the result to remove it.</summary>
    public static IDisposable Register(CounterSpec spec, Func<double> read)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(read);
        lock (s_lock)
        {
            if (!s_counters.TryGetValue(spec.Name, out var aggregate))
            {
                aggregate = new Aggregate(spec);
                s_counters.Add(spec.Name, aggregate);
            }
            else if (aggregate.Spec != spec)
            {
                throw new ArgumentException($"counter '{spec.Name}' is already registered as {aggregate.Spec}", nameof(spec));
            }
            return aggregate.Add(read);
        }
    }

    /// <summary>
    /// Adds a reader to a counter named <paramref name="name"/>, creating it on first use. With
    /// <paramref name="isRate"/> the reader returns a running total and tools show its change per second.
    /// </summary>
    public static IDisposable Register(string name, string displayName, string units, Func<double> read, bool isRate) =>
        Register(new CounterSpec(name, displayName, units, isRate), read);

    /// <summary>Removes a registration (the same as disposing it).</summary>
    public static void Unregister(IDisposable registration) => registration.Dispose();

    /// <summary>Names of the counters that currently exist.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (s_lock)
            {
                return [.. s_counters.Keys];
            }
        }
    }

    /// <summary>The current sum of a counter's readers (tests and the emulator's own summaries).</summary>
    public static double Read(string name)
    {
        lock (s_lock)
        {
            return s_counters.TryGetValue(name, out var a) ? a.Sum() : 0;
        }
    }

    /// <summary>All readers of one counter name and the DiagnosticCounter that publishes their sum.</summary>
    private sealed class Aggregate
    {
        // Copy-on-write under s_lock, read lock-free by the counter thread.
        private volatile Func<double>[] _readers = [];
        // Final values of removed readers of a rate counter, so the running total never goes backwards.
        private double _retired;

        public Aggregate(CounterSpec spec)
        {
            Spec = spec;
            var source = EmuKvmEventSource.Log;
            DiagnosticCounter counter = spec.IsRate
                ? new IncrementingPollingCounter(spec.Name, source, Sum) { DisplayRateTimeScale = TimeSpan.FromSeconds(1) }
                : new PollingCounter(spec.Name, source, Sum);
            counter.DisplayName = spec.DisplayName;
            counter.DisplayUnits = spec.Units;
        }

        public CounterSpec Spec { get; }

        public double Sum()
        {
            var total = Spec.IsRate ? Volatile.Read(ref _retired) : 0;
            foreach (var read in _readers)
            {
                total += read();
            }
            return total;
        }

        public IDisposable Add(Func<double> read)
        {
            _readers = [.. _readers, read];
            return new Registration(this, read);
        }

        public void Remove(Func<double> read)
        {
            lock (s_lock)
            {
                var readers = _readers;
                var i = Array.IndexOf(readers, read);
                if (i < 0)
                {
                    return;
                }
                if (Spec.IsRate)
                {
                    Volatile.Write(ref _retired, _retired + read());
                }
                _readers = [.. readers[..i], .. readers[(i + 1)..]];
            }
        }
    }

    private sealed class Registration(Aggregate aggregate, Func<double> read) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                aggregate.Remove(read);
            }
        }
    }
}
