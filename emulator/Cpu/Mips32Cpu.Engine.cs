using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>How the interpreter loop ends: a whole batch (engine 0), or also at every block end (under a JIT).</summary>
public interface IInterpreterMode
{
    static abstract bool StopsAtBlockEnds { get; }
}

/// <summary>Run to the end of the batch budget (or an early batch end): the interpreter as engine 0.</summary>
public struct WholeBatch : IInterpreterMode
{
    public static bool StopsAtBlockEnds => false;
}

/// <summary>Also return after every delay slot or nullified branch: the PC is then a block start a JIT may own.</summary>
public struct StopAtBlockEnds : IInterpreterMode
{
    public static bool StopsAtBlockEnds => true;
}

/// <summary>
/// The execution-engine seam (<see cref="IExecutionEngine"/>) and what a translator needs from the vCPU: pieces of a
/// batch interpreted up to a block end, the batch's current code page, the fetch-side GvaCache hit test and the
/// decode-on-first-use of a slot. All of it is used on the vCPU thread only.
/// </summary>
public sealed unsafe partial class Mips32Cpu
{
    private IExecutionEngine? _engine;

    // The current code page of a batch interpreted in pieces (StopAtBlockEnds): written when a piece stops at a
    // block end, read when the next piece starts, reset by the engine at each batch start (vCPU thread only).
    private uint _blockFetchBase;
    private DecodedInst* _blockCode;
    private byte* _blockCodeHost;
    private bool _blockStopped;

    /// <summary>The engine the run loop calls once per batch; the interpreter unless replaced (vCPU stopped).</summary>
    public IExecutionEngine ExecutionEngine
    {
        get => _engine ??= new InterpreterEngine(this);
        set => _engine = value;
    }

    /// <summary>Engine 0: one whole batch in the interpreter.</summary>
    internal int Interpret(int budget) =>
        BigEndian ? Execute<BigEndian, WholeBatch>(budget) : Execute<LittleEndian, WholeBatch>(budget);

    /// <summary>Engine state a translator reads at each batch start: the GvaCache and its tag for the current mode.</summary>
    internal GvaCacheEntry* GvaTable => _gvaCache.Table;

    /// <summary>The GvaCache tag bit of the current mode (constant within a batch: mode changes end batches).</summary>
    internal uint ModeTag => IsUserMode ? GvaCache.UserTagBit : 0u;

    /// <summary>Starts a batch interpreted in pieces: no code page is current yet (as at a whole batch's start).</summary>
    internal void BeginPiecewiseBatch()
    {
        _blockFetchBase = (_s->Pc & 0xfffff000u) ^ 0x1000u;
        _blockCode = null;
        _blockCodeHost = null;
    }

    /// <summary>
    /// The batch's current code page if <paramref name="pc"/> lies on it, else the fetch GvaCache hit for it (the
    /// same test as <see cref="FetchPage"/>'s fast path, which has no side effect), which then becomes current as the
    /// interpreter would make it. False when only a full fetch (translation, fill, maybe an exception) can tell:
    /// the interpreter must run that instruction.
    /// </summary>
    internal bool TryCurrentCodePage(uint pc, uint mode, out DecodedInst* code, out byte* host)
    {
        if (((pc ^ _blockFetchBase) & 0xfffff003) == 0)
        {
            code = _blockCode;
            host = _blockCodeHost;
            return true;
        }
        var e = _gvaCache.Table + GvaCache.SlotOf(pc);
        if (e->ReadTag == GvaCache.KeyOf(pc, 4, mode) && e->Code != null)
        {
            code = _blockCode = e->Code;
            host = _blockCodeHost = e->Host;
            _blockFetchBase = pc & 0xfffff000;
            return true;
        }
        code = null;
        host = null;
        return false;
    }

    /// <summary>A translated delay slot was fetched from another page: it is now the batch's current code page.</summary>
    internal void SetCurrentCodePage(uint pageBase, DecodedInst* code, byte* host)
    {
        _blockFetchBase = pageBase;
        _blockCode = code;
        _blockCodeHost = host;
    }

    /// <summary>
    /// Interprets from the current state until a block end, the end of <paramref name="budget"/>, or an early batch
    /// end; <paramref name="blockEnd"/> tells the first case from the others. <paramref name="retiredInBatch"/>
    /// (instructions already retired in this batch by other pieces) keeps CP0 Count/Random reads exact.
    /// </summary>
    internal int InterpretPiece(int budget, int retiredInBatch, out bool blockEnd)
    {
        _blockStopped = false;
        _instret += retiredInBatch;
        var n = BigEndian ? Execute<BigEndian, StopAtBlockEnds>(budget) : Execute<LittleEndian, StopAtBlockEnds>(budget);
        _instret -= retiredInBatch;
        blockEnd = _blockStopped;
        return n;
    }

    /// <summary>
    /// The slot for <paramref name="pc"/> of a current code page, decoded on first use exactly as the interpreter
    /// decodes it (a breakpoint address becomes <see cref="DebugTrapOp"/>).
    /// </summary>
    internal DecodedInst DecodeSlot<TE>(DecodedInst* code, byte* host, uint pc) where TE : struct, IEndian
    {
        var di = code + ((pc >> 2) & (CodeCache.SlotsPerPage - 1));
        if (di->Op == InstName.NotDecoded)
        {
            *di = InstDecoder.Decode(TE.Load32(host + (pc & 0xfff)));
            if (DebugBreakpointAt(pc)) { di->Op = DebugTrapOp; }
        }
        return *di;
    }

    /// <summary>A debugger breakpoint at <paramref name="pc"/> (translated code must stop before it).</summary>
    internal bool BreakpointAt(uint pc) => DebugBreakpointAt(pc);

    /// <summary>The vCPU's code cache (translated code subscribes to its invalidations).</summary>
    internal CodeCache Code => _codeCache;
}
