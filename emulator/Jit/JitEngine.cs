using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;
using Emu.Tracing;

namespace Emu.Emulator.Jit;

/// <summary>
/// The translating execution engine of one vCPU: per batch, it alternates between compiled regions and interpreted
/// pieces (Mips32Cpu.InterpretPiece, which stops at each block end) so that the batch retires exactly the
/// instructions the interpreter alone would, with every fault, MMIO access and mode change executed by the
/// interpreter. Block starts are counted; one that reaches <see cref="JitOptions.Threshold"/> becomes a region
/// (<see cref="RegionCompiler"/>), on this thread or, with <see cref="JitOptions.CompileInBackground"/>, on the
/// <see cref="RegionCompileWorker"/> while the interpreter goes on (the region is installed at a later batch start).
/// Compiled code is derived from decoded code and dropped with it (<see cref="ICodeCacheObserver"/>). vCPU thread only,
/// but for <see cref="_compiled"/>.
/// </summary>
public sealed unsafe class JitEngine : IExecutionEngine, ICodeCacheObserver
{
    private readonly Mips32Cpu _cpu;
    private readonly JitOptions _options;
    private readonly JitContext _context;
    private readonly RegionCompiler _compiler;
    // The block start whose heat Lookup just counted without compiling it (the interpreter runs the piece from it next).
    private JitPage? _heatPage;
    private int _heatSlot;
    // By decoded page address. The key is a long, not an nint: the default comparer for nint is JIT-compiled at start-up,
    // long's is precompiled.
    private readonly Dictionary<long, JitPage> _pages = [];
    // A direct-mapped cache in front of _pages, by decoded page (the dictionary's lookups were 2% of the Debian boot's CPU
    // time behind a two-entry cache). Cleared with _pages in AllDropped, the only place JitPages go.
    private const int PageCacheBits = 8;
    private readonly nint[] _cachedCode = new nint[1 << PageCacheBits];
    private readonly JitPage?[] _cachedPage = new JitPage?[1 << PageCacheBits];
    /// <summary>
    /// Background compiles finished by the worker, installed at the next batch start (worker enqueues, vCPU drains). Null
    /// when compiling on the vCPU thread: then neither the queue nor the worker is named on the way (README, "Start-up";
    /// the queue's assembly, System.Collections.Concurrent, was loaded for it alone).
    /// </summary>
    private readonly ConcurrentQueue<RegionJob>? _compiled;
    private readonly List<Region> _covering = [];

    public JitEngine(Mips32Cpu cpu, JitOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threshold, 1);
        _cpu = cpu;
        _options = options;
        _context = new JitContext(cpu);
        // Blocks that never ran are left out of a region (RegionPlan.Build), but a threshold of 1 compiles a block at its
        // first run, before anything after it ran: with no profile to go by, every reachable block is planned (the
        // differential tests run so, to translate as much as possible).
        _compiler = new RegionCompiler(cpu, _context, options.MaxRegionInstructions,
            options.Threshold > 1 ? (code, slot) => PageOf((DecodedInst*)code).Heat[slot] != 0 : static (_, _) => true);
        cpu.Code.Observer = this;
        if (options.CompileInBackground == true)
        {
            _compiled = NewCompiledQueue();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConcurrentQueue<RegionJob> NewCompiledQueue() => new();

    public JitStats Stats { get; } = new();

    /// <summary>Regions alive now (on every page).</summary>
    public int RegionCount => Regions.Count();

    /// <summary>Regions planned and handed to the compile worker, not yet installed (vCPU thread, or while stopped).</summary>
    internal int PendingRegions => _pages.Values.Sum(p => p.Pending.Count(r => r.Pages[0] == p));

    /// <summary>The worker has handed back regions that the next batch installs (any thread).</summary>
    internal bool CompiledWaiting => _compiled is { IsEmpty: false };

    /// <summary>The regions alive now (read only while the vCPU is stopped: `monitor jit`).</summary>
    internal IEnumerable<Region> Regions => _pages.Values.SelectMany(p => p.Regions.Where(r => r.Pages[0] == p)); // each once, from its home page

    public int Run(int budget)
    {
        if (_compiled is not null)
        {
            InstallCompiled();
        }
        var s = _cpu.State;
        _context.BatchEnd = _cpu.InstructionsRetired + budget;
        var mode = _cpu.ModeTag; // mode changes end the batch, so it holds for the whole batch
        _cpu.BeginPiecewiseBatch();
        var done = 0;
        var mustInterpret = false;
        Region? from = null; // the region whose exit (fromExit) led to this lookup: its chain slot learns the result
        var fromExit = 0;
        // A batch starts wherever the last one stopped (the budget, an interrupt's return), often inside a block: that
        // PC is run by an existing region if one has a block starting there, but is not counted (nor compiled) as a
        // block start, or every PC a batch happened to start at would become a region (15 regions for bench-int's
        // one loop, each 0.3-1 ms of RyuJIT). After a block end (a region's exit, an interpreted piece) it is one.
        var atBlockStart = false;
        while (done < budget)
        {
            if (!mustInterpret && s->InDelaySlot == 0 && Lookup(s->Pc, mode, atBlockStart, out var region, out var entry))
            {
                if (from is not null)
                {
                    ref var link = ref from.Links[fromExit];
                    link.Pc = s->Pc;
                    link.Entry = entry;
                    link.Target = region;
                }
                var left = budget - done;
                var n = left - region.Code(entry, left); // this region and every region it chained to
                atBlockStart = true; // a Continue exit is at a block start (an Interpret one runs the interpreter first)
                done += n;
                Stats.InstructionsInRegions += n;
                Stats.Chains += _context.Chains;
                _context.Chains = 0;
                if (_context.PageMoved != 0)
                {
                    // The code ran ended on another page than it started: that page is current (see JitContext).
                    _context.PageMoved = 0;
                    _cpu.SetCurrentCodePage(_context.PageBase, _context.PageCode, _context.PageHost);
                }
                from = _context.LastRegion;
                fromExit = _context.LastExit;
                _context.LastRegion = null;
                mustInterpret = _context.Exit == RegionExit.Interpret;
                if (mustInterpret)
                {
                    Stats.Bailouts++;
                }
                continue;
            }
            from = null;
            atBlockStart = true;
            var m = _cpu.InterpretPiece(budget - done, done, out var blockEnd);
            if (_heatPage is not null)
            {
                AddPieceHeat(m);
            }
            done += m;
            Stats.InstructionsInterpreted += m;
            if (!blockEnd)
            {
                break; // the budget is spent or the interpreter ended the batch (exception, MMIO, mode change, stop)
            }
            mustInterpret = false;
        }
        return done;
    }

    /// <summary>The region entry for <paramref name="pc"/>, counting the block start and compiling it once hot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Lookup(uint pc, uint mode, bool countHeat, out Region region, out int entry)
    {
        region = null!;
        entry = 0;
        if (!_cpu.TryCurrentCodePage(pc, mode, out var code, out var host))
        {
            return false;
        }
        var page = PageOf(code);
        var slot = (int)((pc >> 2) & (CodeCache.SlotsPerPage - 1));
        var r = page.Entries[slot];
        if (r is not null && r.VirtualBase == (pc & 0xfffff000) && r.ModeTag == mode)
        {
            region = r;
            entry = page.EntryIndex[slot];
            return true;
        }
        var heat = page.Heat[slot];
        // Negative: not translatable here, or being compiled in the background.
        if (!countHeat || heat < 0)
        {
            return false;
        }
        if ((page.Heat[slot] = Math.Min(heat, int.MaxValue - 1) + 1) < (long)_options.Threshold << page.Drops[slot])
        {
            _heatPage = page; // the interpreted piece about to run from here adds its length (AddPieceHeat)
            _heatSlot = slot;
            return false;
        }
        return CompileHot(page, code, host, pc, mode, slot, out region, out entry);
    }

    /// <summary>
    /// A block start's heat also grows with the instructions interpreted from it, one per <see cref="PieceHeatShift"/>
    /// power of two: interpreting a 1,000-instruction piece costs what 1,000 short ones do, and compiling it pays off after
    /// about as many instructions. Counted in executions alone, the Debian boot's longest pieces (1,000+ instructions
    /// without a taken branch) ran ~5,000 times each in the interpreter and never got hot.
    /// </summary>
    private void AddPieceHeat(int instructions)
    {
        var page = _heatPage!;
        _heatPage = null;
        var heat = page.Heat[_heatSlot];
        if (heat >= 0)
        {
            page.Heat[_heatSlot] = (int)Math.Min((long)heat + (instructions >> PieceHeatShift), int.MaxValue - 1);
        }
    }

    /// <summary>Interpreted instructions per extra unit of heat (1 &lt;&lt; this): see <see cref="AddPieceHeat"/>.</summary>
    private const int PieceHeatShift = 4;

    /// <summary>
    /// Plans the region of a block start that just got hot, and compiles it here or hands it to the worker. Kept out of
    /// <see cref="Lookup"/>, which runs at every dispatch and must stay small enough to be inlined into <see cref="Run"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CompileHot(JitPage page, DecodedInst* code, byte* host, uint pc, uint mode, int slot, out Region region, out int entry)
    {
        region = null!;
        entry = 0;
        var started = Stopwatch.GetTimestamp();
        var planned = _cpu.BigEndian
            ? _compiler.Plan<BigEndian>(code, host, pc, mode)
            : _compiler.Plan<LittleEndian>(code, host, pc, mode);
        if (planned is not var (compiled, emitter))
        {
            page.Heat[slot] = JitPage.NotTranslatable;
            return false;
        }
        compiled.Pages = PagesOf(compiled, page);
        var failForTest = _options.FailCompileForTest?.Invoke(compiled.Pc) == true;
        if (_compiled is not null)
        {
            Post(compiled, emitter, page, Stopwatch.GetTimestamp() - started, failForTest);
            return false;
        }
        try
        {
            if (failForTest)
            {
                throw new InvalidProgramException("compile failure injected by a test");
            }
            RegionCompiler.Finish(compiled, emitter);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            CompileFailed(compiled);
            return false;
        }
        Install(compiled, Stopwatch.GetTimestamp() - started);
        region = compiled;
        entry = page.EntryIndex[slot];
        return true;
    }

    /// <summary>Hands a planned region to the compile worker (background compiles only: out of CompileHot, as the queue is).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Post(Region compiled, RegionEmitter emitter, JitPage page, long planTicks, bool failForTest)
    {
        // Every block start of the region stops counting too: the same loop's other blocks reach the threshold at
        // about the same time, and would each get a region of their own before this one is installed.
        foreach (var s in compiled.EntrySlots)
        {
            page.Heat[s] = JitPage.Compiling;
        }
        foreach (var p in compiled.Pages)
        {
            p.Pending.Add(compiled);
        }
        RegionCompileWorker.Post(new RegionJob(compiled, emitter, planTicks, _compiled!)
        {
            FailForTest = failForTest,
        });
    }

    /// <summary>
    /// Emission or RyuJIT threw (a translator bug for some instruction mix): the guest must not notice, so its block
    /// starts are interpreted from now on, as the interpreter is the reference anyway; `--stats` counts it.
    /// </summary>
    private void CompileFailed(Region region)
    {
        Stats.CompileFailures++;
        region.Valid = false;
        foreach (var slot in region.EntrySlots)
        {
            region.Pages[0].Heat[slot] = JitPage.NotTranslatable;
        }
    }

    private void Install(Region compiled, long ticks)
    {
        compiled.Pages[0].AddEntries(compiled);
        foreach (var p in compiled.Pages)
        {
            p.Regions.Add(compiled);
        }
        Stats.CompileTicks += ticks;
        Stats.RegionsCompiled++;
        Stats.InstructionsCompiled += compiled.Instructions;
        JitTrace.RegionCompiled(_cpu.VcpuId, compiled, ticks);
    }

    /// <summary>
    /// Installs the regions the worker finished, unless the code they were planned from was invalidated meanwhile
    /// (<see cref="Drop"/>, <see cref="ICodeCacheObserver.AllDropped"/> clear Valid and reset the heat).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InstallCompiled()
    {
        if (_compiled!.IsEmpty)
        {
            return;
        }
        while (_compiled.TryDequeue(out var job))
        {
            if (!job.Region.Valid)
            {
                continue;
            }
            var home = job.Region.Pages[0]; // its block starts stay JitPage.Compiling (heat not counted) until now
            foreach (var p in job.Region.Pages)
            {
                p.Pending.Remove(job.Region);
            }
            if (job.Failure is not null)
            {
                CompileFailed(job.Region);
                continue;
            }
            foreach (var s in job.Region.EntrySlots)
            {
                if (home.Heat[s] == JitPage.Compiling)
                {
                    home.Heat[s] = 0;
                }
            }
            Install(job.Region, job.Ticks);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private JitPage PageOf(DecodedInst* code)
    {
        var i = (int)(((ulong)code * 0x9E3779B97F4A7C15UL) >> (64 - PageCacheBits)); // Fibonacci hashing of the address
        return _cachedCode[i] == (nint)code ? _cachedPage[i]! : PageOfMiss(code, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private JitPage PageOfMiss(DecodedInst* code, int i)
    {
        if (!_pages.TryGetValue((long)code, out var page))
        {
            page = new JitPage((nint)code);
            _pages.Add((long)code, page);
        }
        _cachedCode[i] = (nint)code;
        _cachedPage[i] = page;
        return page;
    }

    /// <summary>The translation state of each page the region spans, each once, its home page first (a loop, not LINQ: see RegionPlan.Build).</summary>
    private JitPage[] PagesOf(Region region, JitPage home)
    {
        var pages = new List<JitPage>(region.Spans.Length) { home };
        foreach (var span in region.Spans)
        {
            var p = span.Code == home.Code ? home : PageOf((DecodedInst*)span.Code);
            var listed = false;
            foreach (var q in pages)
            {
                listed |= ReferenceEquals(p, q);
            }
            if (!listed)
            {
                pages.Add(p);
            }
        }
        return [.. pages];
    }

    void ICodeCacheObserver.SlotsInvalidated(DecodedInst* page, int firstSlot, int endSlot)
    {
        if (_pages.TryGetValue((long)page, out var jp))
        {
            // Every store to a page holding decoded code lands here: one reused list, no allocation.
            _covering.Clear();
            jp.SlotsChanged(firstSlot, endSlot, _covering);
            foreach (var r in _covering)
            {
                Drop(r);
            }
        }
    }

    /// <summary>
    /// Drops a region whose code changed on one of its pages, from all of them: chain slots of other regions may still
    /// name it, and test <see cref="Region.Valid"/> before jumping. A region still with the worker is thrown away when it
    /// comes back (not counted or traced as dropped: as far as the stats and the trace know, it was never compiled).
    /// </summary>
    private void Drop(Region r)
    {
        var pending = r.Pages[0].Pending.Contains(r);
        r.Valid = false;
        r.Pages[0].RemoveEntries(r);
        foreach (var p in r.Pages)
        {
            (pending ? p.Pending : p.Regions).Remove(r);
        }
        if (!pending)
        {
            Stats.RegionsInvalidated++;
            JitTrace.RegionInvalidated(_cpu.VcpuId, r, JitTrace.CodeChanged);
        }
    }

    void ICodeCacheObserver.AllDropped()
    {
        var dropped = RegionCount;
        foreach (var r in _pages.Values.SelectMany(p => p.Pending))
        {
            r.Valid = false; // thrown away when the worker hands it back
        }
        foreach (var r in Regions)
        {
            r.Valid = false; // chain slots elsewhere may still name it
            JitTrace.RegionInvalidated(_cpu.VcpuId, r, JitTrace.CacheDropped);
        }
        _pages.Clear();
        Array.Clear(_cachedCode);
        Array.Clear(_cachedPage);
        Stats.RegionsInvalidated += dropped;
    }
}
