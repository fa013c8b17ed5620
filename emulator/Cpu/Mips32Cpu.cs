using System.Runtime.InteropServices;
using Emu.Emulator.Cp0;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Cpu;

/// <summary>
/// One MIPS32 Release 2 vCPU (24Kc or 24Kf, <see cref="CpuModel"/>) running on its own thread: interpreter, CP0,
/// TLB, exceptions and interrupts. Split by concern into partial files: the interpreter in Interpreter/ (Execute, the
/// instruction switch, over one file per family: <see cref="Alu"/>, <see cref="Branch"/>, <see cref="LoadStore"/> with
/// LoadStore and Linked (LL/SC), <see cref="MulDiv"/>, <see cref="Trap"/>, Privileged (CP0 instructions)), Memory
/// (GvaCache fills and slow paths), Cop0 (MFC0/MTC0 through <see cref="Cp0RegisterFile"/>), Fpu/Cop1, Timer,
/// GuestMode and CodeCoherence (this vCPU's use of <see cref="VcpuRequests"/>, the requests other threads make of it and
/// the guest-mode/flush protocol), Debug, Trace, and <see cref="ExceptionDispatcher"/>.
/// </summary>
/// <remarks>
/// Threading: all architectural state is owned by the thread inside <see cref="Run"/>. Other threads may
/// only call <see cref="RequestStop"/>, <see cref="SetIrqLine"/> and the members of <see cref="Requests"/> (the VM's
/// <see cref="IVcpuRequests"/>); these set volatile flags that the vCPU reads at batch boundaries (at most <see cref="MaxBatch"/>
/// instructions apart, or <see cref="LongBatch"/> when <see cref="LongBatches"/>).
/// </remarks>
public sealed unsafe partial class Mips32Cpu : IDisposable
{
    /// <summary>
    /// Longest run of instructions between checks for interrupts, timers and requests, unless <see cref="LongBatches"/>
    /// (deadlines that must fall on an exact instruction, such as Count = Compare, and MMIO exits end a batch earlier). Each batch boundary costs the translator a
    /// return to the dispatcher and, when the budget falls inside a block, the rest of that block interpreted: at 4,096
    /// that was 7-8% of bench-int's and bench-memcpy's CPU time. 16,384 instructions are microseconds of compiled code
    /// and under 0.1 ms interpreted.
    /// </summary>
    public const int MaxBatch = 16384;

    /// <summary>
    /// The batch length when nothing outside the vCPU needs its batch boundaries often (<see cref="LongBatches"/>): a
    /// sole vCPU under instruction time, with no host pressure, running translated code. Its deadlines (Count = Compare,
    /// the instruction limit, a record/replay position) and MMIO exits still end a batch on their exact instruction, so
    /// the guest cannot tell; only requests from other threads wait longer: a stop, a debugger's interrupt or console
    /// input waits at most this many instructions, a few milliseconds. At <see cref="MaxBatch"/>, batch boundaries were
    /// 4% of bench-int's CPU time.
    /// </summary>
    public const int LongBatch = 1 << 20;

    /// <summary>
    /// Batches may be <see cref="LongBatch"/> long (set by the machine before the first run). Without it, and while a
    /// trace session samples guest PCs (one sample per batch at most), batches are at most <see cref="MaxBatch"/>.
    /// </summary>
    public bool LongBatches { get; set; }

    private readonly IGuestMemory _memory;
    private readonly CpuState* _s;
    private readonly GvaCache _gvaCache = new();
    private readonly CodeCache _codeCache;
    private readonly Cp0State _cp0 = new();
    private readonly Cp0RegisterFile _cp0Regs;
    private readonly AddressTranslator _translator;
    private readonly Cp0.Tlb.Tlb _tlb;

    /// <summary>Requests from other threads and the guest-mode protocol (see class remarks).</summary>
    private readonly VcpuRequests _requests;

    /// <summary>Instructions retired since reset.</summary>
    private long _instret;

    /// <param name="codeCachePages">Decoded pages kept at most (<see cref="CodeCache.MaxPages"/>); tests make it small.</param>
    public Mips32Cpu(IGuestMemory memory, bool bigEndian, int tlbEntries = 16, int cpuNum = 0, CpuModel model = CpuModel.Mips24Kf,
        int codeCachePages = CodeCache.DefaultMaxPages)
    {
        if (cpuNum is < 0 or > 0x3ff)
        {
            throw new ArgumentOutOfRangeException(nameof(cpuNum), "EBase.CPUNum is 10 bits");
        }
        _memory = memory;
        BigEndian = bigEndian;
        CpuNum = cpuNum;
        _tlb = new Cp0.Tlb.Tlb(tlbEntries);
        _cp0Regs = new Cp0RegisterFile(_cp0, tlbEntries, this);
        _translator = new AddressTranslator(_cp0, _tlb);
        _codeCache = new CodeCache(codeCachePages);
        _requests = new VcpuRequests(cpuNum, _gvaCache, _codeCache);
        Model = model;
        _fpu = CpuModels.HasFpu(model) ? new Fpu.FpuState() : null; // Fpu/Mips32Cpu.Cop1.cs
        _s = (CpuState*)NativeMemory.AllocZeroed((nuint)sizeof(CpuState));
        Reset(0xbfc00000);
    }

    public bool BigEndian { get; }

    /// <summary>This vCPU's number, visible in EBase.CPUNum and through RDHWR $0 (MIPS32 PRA §9.42).</summary>
    public int CpuNum { get; }
    /// <summary>The vCPU's id in its VM (= <see cref="CpuNum"/>; trace events and counters name vCPUs by it).</summary>
    public int VcpuId => CpuNum;

    /// <summary>Set by the board when the guest halts the machine; Run returns <see cref="StopReason.Halted"/>.</summary>
    public volatile bool HaltRequested;

    public Cp0State Cp0 => _cp0;

    /// <summary>The guest TLB, read-only from outside the vCPU (TLB instructions write it through <c>_tlb</c>).</summary>
    public Cp0.Tlb.IReadOnlyTlb Tlb => _tlb;

    /// <summary>
    /// The TLB itself, for tests that set entries up before the vCPU runs (cached translations are not dropped:
    /// write before running, or after a reset). The guest writes it only through TLBWI/TLBWR.
    /// </summary>
    internal Cp0.Tlb.Tlb WritableTlb => _tlb;

    public long InstructionsRetired => _instret;

    public uint Pc
    {
        get => _s->Pc;
        set
        {
            // A PC write cancels any pending branch (the new PC is not a delay slot).
            _s->Pc = value;
            _s->NextPc = value + 4;
            _s->InDelaySlot = 0;
        }
    }

    public uint NextPc => _s->NextPc;

    public bool InDelaySlot => _s->InDelaySlot != 0;

    public uint Hi { get => _s->Hi; set => _s->Hi = value; }

    public uint Lo { get => _s->Lo; set => _s->Lo = value; }

    public uint GetGpr(int index) => _s->Gpr[index & 31];

    public void SetGpr(int index, uint value)
    {
        if ((index & 31) != 0)
        {
            _s->Gpr[index & 31] = value;
        }
    }

    /// <summary>
    /// Called on the vCPU thread as each exception is taken (ExcCode, faulting PC, BadVAddr), before any CP0
    /// side effect: what <c>emu run --trace-exceptions</c> prints. Exceptions are not the hot path.
    /// </summary>
    public Action<ExcCode, uint, uint>? ExceptionObserver { get; set; }

    /// <summary>Counts of exceptions taken, by ExcCode (for tests, stats and traces).</summary>
    public long[] ExceptionCounts { get; } = new long[32];

    /// <summary>Cold reset: registers zero, CP0 reset values, PC at <paramref name="resetVector"/>.</summary>
    public void Reset(uint resetVector)
    {
        ResetArchitecturalState(resetVector);
        _instret = 0;
        _waiting = false; // a reset ends WAIT like any other activity
        ResetTimer();
    }

    /// <summary>
    /// Board reset (Malta SOFTRES, Linux <c>reboot</c>) on the vCPU's own thread between runs: the architectural
    /// state as at power-on, but guest time goes on (retired instructions, idle cycles and Count keep counting),
    /// so the board's RTC and the instruction limit see one continuous clock.
    /// </summary>
    public void WarmReset(uint resetVector)
    {
        ResetArchitecturalState(resetVector);
        _waiting = false;
        _lastCount = CountAt(_instret);
    }

    private void ResetArchitecturalState(uint resetVector)
    {
        *_s = default;
        _cp0.Reset(BigEndian, _tlb.Count);
        ResetFpu(); // Fpu/Mips32Cpu.Cop1.cs: FCSR, FPRs, Config1.FP
        _cp0.EBase |= (uint)CpuNum;
        _tlb.Reset();
        _gvaCache.FlushAll();
        Pc = resetVector;
    }

    /// <summary>What the VM and the runner ask of this vCPU (the VM attaches it as its <see cref="IVcpuRequests"/>).</summary>
    public VcpuRequests Requests => _requests;

    /// <summary>Any thread: leave <see cref="Run"/> at the next batch boundary (<see cref="VcpuRequests.RequestStop"/>).</summary>
    public void RequestStop() => _requests.RequestStop();

    public void Dispose()
    {
        _gvaCache.Dispose();
        _codeCache.Dispose();
        NativeMemory.Free(_s);
        _requests.Dispose();
    }
}
