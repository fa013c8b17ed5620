using System.Diagnostics.Tracing;

namespace Emu.Tracing;

/// <summary>
/// The Emu-Kvm counters (EventCounters, shown by <c>dotnet-counters monitor --counters Emu-Kvm</c>).
/// The statistics live in the emulator, in plain per-vCPU fields that only their vCPU thread writes;
/// the emulator registers a reader for each, and the counter sums all readers of a name when a tool
/// polls (once per interval, on the runtime's counter thread). Nothing here runs when nobody listens: the
/// DiagnosticCounters themselves are made when a session first enables Emu-Kvm (<see cref="PublishAll"/>, from
/// EmuKvmEventSource.OnEventCommand, as the runtime's own counters are), not at every machine's start (1–2 ms of CPU).
/// </summary>
/// <example>
/// <code>
/// var reg = EmuKvmCounters.Register(CounterSpec.GuestMips, () => cpu.InstructionsRetired / 1e6);
/// ... reg.Dispose();   // when the vCPU goes away
/// </code>
/// </example>
public static class EmuKvmCounters
{
    // Guards s_counters, s_published and every Aggregate's reader list changes (registration is rare). DiagnosticCounters
    // are made outside it (Aggregate.Publish has its own), since a session's enable command calls in holding the
    // EventSource's locks.
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, Aggregate> s_counters = new(StringComparer.Ordinal);
    private static bool s_published;

    /// <summary>Adds <paramref name="read"/> to counter <paramref name="spec"/>; dispose the result to remove it.</summary>
    public static IDisposable Register(CounterSpec spec, Func<double> read)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(read);
        Aggregate aggregate;
        IDisposable registration;
        bool publish;
        lock (s_lock)
        {
            if (!s_counters.TryGetValue(spec.Name, out var existing))
            {
                existing = new Aggregate(spec);
                s_counters.Add(spec.Name, existing);
            }
            else if (existing.Spec != spec)
            {
                throw new ArgumentException($"counter '{spec.Name}' is already registered as {existing.Spec}", nameof(spec));
            }
            aggregate = existing;
            registration = aggregate.Add(read);
            publish = s_published;
        }
        if (publish)
        {
            aggregate.Publish();
        }
        return registration;
    }

    /// <summary>
    /// Makes the DiagnosticCounter of every counter, now and for those registered later: a session enabled Emu-Kvm
    /// (EmuKvmEventSource.OnEventCommand). Any thread; idempotent.
    /// </summary>
    internal static void PublishAll()
    {
        Aggregate[] all;
        lock (s_lock)
        {
            s_published = true;
            all = [.. s_counters.Values];
        }
        foreach (var aggregate in all)
        {
            aggregate.Publish();
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
        // Set by the first Sum (a session's poll, Read): until then no total has been seen, so a removed reader has no
        // history to keep monotonic and is not read one last time. emu's exit removes every reader, and calling each
        // never-called reader then cost 0.7 ms of every run.
        private volatile bool _summed;
        // The counter that publishes Sum, made once (Publish); guarded by _publishLock.
        private DiagnosticCounter? _counter;
        private readonly Lock _publishLock = new();

        public Aggregate(CounterSpec spec) => Spec = spec;

        public CounterSpec Spec { get; }

        public void Publish()
        {
            lock (_publishLock)
            {
                if (_counter is not null)
                {
                    return;
                }
                var source = EmuKvmEventSource.Log;
                _counter = Spec.IsRate
                    ? new IncrementingPollingCounter(Spec.Name, source, Sum) { DisplayRateTimeScale = TimeSpan.FromSeconds(1) }
                    : new PollingCounter(Spec.Name, source, Sum);
                _counter.DisplayName = Spec.DisplayName;
                _counter.DisplayUnits = Spec.Units;
            }
        }

        public double Sum()
        {
            _summed = true;
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
                var i = 0;
                while (i < readers.Length && !ReferenceEquals(readers[i], read))
                {
                    i++;
                }
                if (i == readers.Length)
                {
                    return;
                }
                if (Spec.IsRate && _summed)
                {
                    Volatile.Write(ref _retired, _retired + read());
                }
                var rest = new Func<double>[readers.Length - 1];
                Array.Copy(readers, rest, i);
                Array.Copy(readers, i + 1, rest, i, rest.Length - i);
                _readers = rest;
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
