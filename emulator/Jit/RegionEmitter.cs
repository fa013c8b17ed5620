using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>
/// Emits a region's blocks as one DynamicMethod (IL compiled by RyuJIT): guest GPRs and HI/LO live in IL locals for
/// the whole region (RyuJIT keeps them in host registers), loaded at entry and written back at the one exit.
/// </summary>
/// <remarks>
/// Exactness: each block runs only when the batch budget covers all of it (otherwise the region leaves before it),
/// and every instruction that might fault leaves the region before it (out-of-line bail-out stubs) with the PC,
/// NextPc and delay-slot flag the interpreter would have had there and the retired count of the instructions
/// before it, so the interpreter executes it, raises what it raises, and batches end on the same instruction.
/// A branch's condition (and link) is computed before its delay slot, which runs next; then control goes to the
/// target's block, or leaves the region with the target as PC. Nothing keeps a host pointer past its instruction.
/// </remarks>
internal sealed partial class RegionEmitter
{
    private static readonly FieldInfo s_regionContext = typeof(Region).GetField(nameof(Region.Context))!;
    private static readonly FieldInfo s_ctxState = typeof(JitContext).GetField(nameof(JitContext.State))!;
    private static readonly FieldInfo s_ctxGva = typeof(JitContext).GetField(nameof(JitContext.GvaTable))!;
    private static readonly FieldInfo s_ctxCp0 = typeof(JitContext).GetField(nameof(JitContext.Cp0))!;
    private static readonly FieldInfo s_status = typeof(Cp0.Cp0State).GetField(nameof(Cp0.Cp0State.Status))!;
    private static readonly FieldInfo s_ctxBatchEnd = typeof(JitContext).GetField(nameof(JitContext.BatchEnd))!;
    private static readonly MethodInfo s_readCp0 = typeof(JitHelpers).GetMethod(nameof(JitHelpers.ReadCp0))!;
    private static readonly FieldInfo s_ctxExit = typeof(JitContext).GetField(nameof(JitContext.Exit))!;
    private static readonly FieldInfo s_hi = typeof(CpuState).GetField(nameof(CpuState.Hi))!;
    private static readonly FieldInfo s_lo = typeof(CpuState).GetField(nameof(CpuState.Lo))!;
    private static readonly FieldInfo s_pc = typeof(CpuState).GetField(nameof(CpuState.Pc))!;
    private static readonly FieldInfo s_npc = typeof(CpuState).GetField(nameof(CpuState.NextPc))!;
    private static readonly FieldInfo s_delay = typeof(CpuState).GetField(nameof(CpuState.InDelaySlot))!;
    private static readonly FieldInfo s_entryCode = typeof(GvaCacheEntry).GetField(nameof(GvaCacheEntry.Code))!;
    private static readonly int s_gprOffset = (int)Marshal.OffsetOf(typeof(CpuState), nameof(CpuState.Gpr)); // not the generic form: JIT-compiled

    // Arrays and linear searches (a region has tens of blocks), not dictionaries keyed by PC: see RegionPlan.Build.
    private readonly List<PlannedBlock> _blocks;
    private readonly PlannedPage[] _pages;
    private readonly int _entryCount;
    /// <summary>Page index (<see cref="PlannedBlock.Page"/>) of the block being emitted.</summary>
    private int _curPage;
    private readonly uint _modeTag;
    private readonly bool _bigEndian;
    /// <summary>Each block's label, by its index in _blocks.</summary>
    private readonly Label[] _blockLabels;
    /// <summary>The blocks right after a JAL/JALR of the region, by index in _blocks: a `jr ra` may come back to them.</summary>
    private readonly bool[] _isReturnPoint;
    private readonly List<Bail> _bails = [];
    private ILGenerator _il = null!;
    private readonly LocalBuilder?[] _regs = new LocalBuilder?[32];
    private LocalBuilder _state = null!, _gva = null!, _left = null!;
    private LocalBuilder _exitPc = null!, _exitNpc = null!, _exitDelay = null!, _exitKind = null!;
    private LocalBuilder _hi = null!, _lo = null!, _va = null!, _entry = null!, _cond = null!, _bnext = null!;
    /// <summary>LWL..SWR: the addressed byte's place from the aligned word's most significant end (LoadStore.ByteFromMsb).</summary>
    private LocalBuilder _pieceK = null!;
    // The decoded page and host page a fetch check of a constant PC found (EmitNextPageSlotCheck, EmitPageCrossing), for
    // EmitCurrentPage.
    private LocalBuilder _fetchCode = null!, _fetchHost = null!;
    private LocalBuilder _exitLink = null!;
    // The batch's current code page while the region runs (the region's own, another of its pages after a jump there,
    // or the next page after a delay slot fetched from there): a chain to a PC on it needs no GvaCache lookup, as in
    // the interpreter. Kept in locals only by regions that span pages or have such a delay slot (_tracksPage); for the
    // others it is the region's page, a constant.
    private LocalBuilder _curBase = null!, _curCode = null!;
    private bool _tracksPage;
    private LocalBuilder _t1 = null!, _t2 = null!, _t3 = null!, _t64 = null!;
    private bool _usesHiLo;
    private bool _writesHiLo;
    private readonly bool[] _written = new bool[32];
    private bool _slotOnNextPage;
    private uint _slotPageBase;
    private Label _epilogue;
    private int _chainExits;
    private uint _virtualBase;

    /// <summary>Where an instruction that cannot run here leaves the region (see remarks).</summary>
    private sealed record Bail(Label Label, uint Pc, uint Npc, bool DynamicNpc, bool Delay, int Unretired, DeferredBranch? Branch);

    /// <summary>
    /// A conditional branch whose condition is tested after its delay slot (the slot writes none of its registers): a
    /// bail-out from the slot computes the outcome, for NextPc, from the registers as they still are.
    /// </summary>
    private sealed record DeferredBranch(DecodedInst Br, uint Taken, uint Fall);

    /// <summary>The instruction being emitted: its PC, and how it leaves the region when it must bail out.</summary>
    private struct InstContext
    {
        public uint Pc;
        public bool InDelaySlot;
        /// <summary>The block's instructions not retired if this one bails (it and those after it).</summary>
        public int Unretired;
        /// <summary>NextPc for a delay slot known at compile time (else the branch's run-time target in _bnext).</summary>
        public uint ConstNpc;
        public bool DynamicNpc;
        /// <summary>With DynamicNpc: the branch whose outcome a bail-out computes into _bnext first (else _bnext holds it).</summary>
        public DeferredBranch? Deferred;
    }

    public RegionEmitter(PlannedRegion plan, uint modeTag, bool bigEndian)
    {
        _blocks = plan.Blocks;
        _pages = plan.Pages;
        _entryCount = plan.EntryCount;
        _blockLabels = new Label[_blocks.Count];
        _isReturnPoint = new bool[_blocks.Count];
        _modeTag = modeTag;
        _bigEndian = bigEndian;
    }

    /// <summary>Exits that may chain (<see cref="Region.Links"/>): direct exits out of the region and indirect jumps.</summary>
    public int ChainExits => _chainExits;

    /// <summary>Builds the method; <see cref="CreateCode"/> binds it to its region once that exists.</summary>
    public DynamicMethod Emit(uint virtualBase)
    {
        _virtualBase = virtualBase;
        var start = _blocks[0].Start;
        // Concatenated, not interpolated: the first interpolation in a run creates the shared char ArrayPool and its
        // EventSource (README, "Start-up").
        var method = new DynamicMethod("mips_region_" + start.ToString("x8", CultureInfo.InvariantCulture), typeof(int), [typeof(Region), typeof(int), typeof(int)],
            typeof(RegionEmitter).Module, skipVisibility: true);
        _il = method.GetILGenerator();
        DeclareLocals();
        EmitPrologue();
        for (var i = 0; i < _blocks.Count; i++)
        {
            EmitBlock(i);
        }
        foreach (var bail in _bails)
        {
            _il.MarkLabel(bail.Label);
            if (bail.Branch is { } deferred)
            {
                EmitSelectTarget(deferred.Br, deferred.Taken, deferred.Fall);
            }
            EmitExit(bail.Pc, bail.Npc, bail.DynamicNpc, bail.Delay, RegionExit.Interpret, bail.Unretired);
        }
        EmitEpilogue();
        return method;
    }

    public static RegionCode CreateCode(DynamicMethod method, Region region) =>
        (RegionCode)method.CreateDelegate(typeof(RegionCode), region);

    private unsafe void DeclareLocals()
    {
        _state = _il.DeclareLocal(typeof(CpuState*));
        _gva = _il.DeclareLocal(typeof(GvaCacheEntry*));
        _entry = _il.DeclareLocal(typeof(GvaCacheEntry*));
        _left = _il.DeclareLocal(typeof(int));
        _exitPc = _il.DeclareLocal(typeof(uint));
        _exitNpc = _il.DeclareLocal(typeof(uint));
        _exitDelay = _il.DeclareLocal(typeof(int));
        _exitKind = _il.DeclareLocal(typeof(int));
        _hi = _il.DeclareLocal(typeof(uint));
        _lo = _il.DeclareLocal(typeof(uint));
        _va = _il.DeclareLocal(typeof(uint));
        _pieceK = _il.DeclareLocal(typeof(int));
        _cond = _il.DeclareLocal(typeof(int));
        _bnext = _il.DeclareLocal(typeof(uint));
        _t1 = _il.DeclareLocal(typeof(int));
        _t2 = _il.DeclareLocal(typeof(int));
        _t3 = _il.DeclareLocal(typeof(int));
        _t64 = _il.DeclareLocal(typeof(long));
        _fetchCode = _il.DeclareLocal(typeof(DecodedInst*));
        _fetchHost = _il.DeclareLocal(typeof(byte*));
        _tracksPage = _pages.Length > 1;
        foreach (var b in _blocks)
        {
            _tracksPage |= b.SlotOnNextPage;
        }
        _curBase = _il.DeclareLocal(typeof(uint));
        _curCode = _il.DeclareLocal(typeof(nint));
        _exitLink = _il.DeclareLocal(typeof(int));
        foreach (var b in _blocks)
        {
            foreach (var di in b.Insts)
            {
                // Every register an instruction names (a superset of those it reads or writes: EXT/INS keep a bit
                // position in Rd) is loaded at entry and stored at exit, so a path that does not write one stores back
                // the value it loaded.
                Use(di.Rs);
                Use(di.Rt);
                Use(di.Rd);
                if (di.Op is InstName.Jal or InstName.Bltzal or InstName.Bgezal or InstName.Bltzall or InstName.Bgezall)
                {
                    Use(31);
                }
                if (RegionPlan.Destination(di) is var dest and > 0)
                {
                    _written[dest] = true; // only these are stored back at the exit
                }
                _usesHiLo |= RegionPlan.UsesHiLo(di.Op);
                _writesHiLo |= RegionPlan.UsesHiLo(di.Op) && di.Op is not (InstName.Mfhi or InstName.Mflo);
            }
        }
        for (var i = 0; i < _blocks.Count; i++)
        {
            _blockLabels[i] = _il.DefineLabel();
        }
        foreach (var b in _blocks)
        {
            var n = b.Insts.Length;
            if (b.End == BlockEnd.Branch && b.Insts[n - 2].Op is InstName.Jal or InstName.Jalr or InstName.JalrHb &&
                BlockAt(b.Start + (uint)(4 * n)) is var returnPoint and >= 0)
            {
                _isReturnPoint[returnPoint] = true;
            }
        }
        _epilogue = _il.DefineLabel();
    }

    /// <summary>Index in _blocks of the block starting at <paramref name="pc"/>, or -1 (block starts are unique).</summary>
    private int BlockAt(uint pc)
    {
        for (var i = 0; i < _blocks.Count; i++)
        {
            if (_blocks[i].Start == pc)
            {
                return i;
            }
        }
        return -1;
    }

    private void Use(int reg)
    {
        if (reg != 0 && _regs[reg] is null)
        {
            _regs[reg] = _il.DeclareLocal(typeof(uint));
        }
    }

    private void EmitPrologue()
    {
        LdCtx();
        _il.Emit(OpCodes.Ldfld, s_ctxState);
        _il.Emit(OpCodes.Stloc, _state);
        LdCtx();
        _il.Emit(OpCodes.Ldfld, s_ctxGva);
        _il.Emit(OpCodes.Stloc, _gva);
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Stloc, _left);
        if (_tracksPage)
        {
            Const(_virtualBase);
            _il.Emit(OpCodes.Stloc, _curBase);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, s_regionCodePage);
            _il.Emit(OpCodes.Stloc, _curCode);
        }
        for (var i = 1; i < 32; i++)
        {
            if (_regs[i] is { } local)
            {
                _il.Emit(OpCodes.Ldloc, _state);
                _il.Emit(OpCodes.Ldc_I4, s_gprOffset + 4 * i);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Ldind_U4);
                _il.Emit(OpCodes.Stloc, local);
            }
        }
        if (_usesHiLo)
        {
            _il.Emit(OpCodes.Ldloc, _state);
            _il.Emit(OpCodes.Ldfld, s_hi);
            _il.Emit(OpCodes.Stloc, _hi);
            _il.Emit(OpCodes.Ldloc, _state);
            _il.Emit(OpCodes.Ldfld, s_lo);
            _il.Emit(OpCodes.Stloc, _lo);
        }
        // Enter at the block the dispatcher asked for (entry index = order of the blocks on the region's own page).
        _il.Emit(OpCodes.Ldarg_1);
        var entryLabels = new Label[_entryCount];
        Array.Copy(_blockLabels, entryLabels, _entryCount);
        _il.Emit(OpCodes.Switch, entryLabels);
        _il.Emit(OpCodes.Br, _blockLabels[0]);
    }

    private void EmitEpilogue()
    {
        _il.MarkLabel(_epilogue);
        for (var i = 1; i < 32; i++)
        {
            if (_regs[i] is { } local && _written[i])
            {
                _il.Emit(OpCodes.Ldloc, _state);
                _il.Emit(OpCodes.Ldc_I4, s_gprOffset + 4 * i);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Ldloc, local);
                _il.Emit(OpCodes.Stind_I4);
            }
        }
        if (_writesHiLo)
        {
            _il.Emit(OpCodes.Ldloc, _state);
            _il.Emit(OpCodes.Ldloc, _hi);
            _il.Emit(OpCodes.Stfld, s_hi);
            _il.Emit(OpCodes.Ldloc, _state);
            _il.Emit(OpCodes.Ldloc, _lo);
            _il.Emit(OpCodes.Stfld, s_lo);
        }
        _il.Emit(OpCodes.Ldloc, _state);
        _il.Emit(OpCodes.Ldloc, _exitPc);
        _il.Emit(OpCodes.Stfld, s_pc);
        _il.Emit(OpCodes.Ldloc, _state);
        _il.Emit(OpCodes.Ldloc, _exitNpc);
        _il.Emit(OpCodes.Stfld, s_npc);
        _il.Emit(OpCodes.Ldloc, _state);
        _il.Emit(OpCodes.Ldloc, _exitDelay);
        _il.Emit(OpCodes.Stfld, s_delay);
        LdCtx();
        _il.Emit(OpCodes.Ldloc, _exitKind);
        _il.Emit(OpCodes.Stfld, s_ctxExit);
        EmitCountRun();
        EmitChain();
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// Leaves the region with the given state; <paramref name="unretired"/> instructions of the current block (counted
    /// at its start) did not run. A dynamic NextPc (a delay slot of a conditional or register jump) comes from _bnext.
    /// </summary>
    private void EmitExit(uint pc, uint npc, bool dynamicNpc, bool delay, RegionExit kind, int unretired, int link = -1)
    {
        if (unretired != 0)
        {
            _il.Emit(OpCodes.Ldloc, _left);
            _il.Emit(OpCodes.Ldc_I4, unretired);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _left);
        }
        _il.Emit(OpCodes.Ldc_I4, (int)pc);
        _il.Emit(OpCodes.Stloc, _exitPc);
        if (dynamicNpc)
        {
            _il.Emit(OpCodes.Ldloc, _bnext);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I4, (int)npc);
        }
        _il.Emit(OpCodes.Stloc, _exitNpc);
        _il.Emit(delay ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Stloc, _exitDelay);
        _il.Emit(OpCodes.Ldc_I4, (int)kind);
        _il.Emit(OpCodes.Stloc, _exitKind);
        _il.Emit(OpCodes.Ldc_I4, link);
        _il.Emit(OpCodes.Stloc, _exitLink);
        _il.Emit(OpCodes.Br, _epilogue);
    }

    /// <summary>
    /// Continues at block start <paramref name="pc"/>: a branch inside the region, or an exit that chains to the region
    /// there (or returns to the dispatcher).
    /// </summary>
    /// <param name="pc">The block start.</param>
    /// <param name="fetchChecked">Check the fetch even onto the block's own page (after a delay slot on the next page,
    /// the current code page is the slot's, whichever of the region's pages the target is on).</param>
    private void EmitGoto(uint pc, bool fetchChecked = false)
    {
        if (BlockAt(pc) is var block and >= 0)
        {
            if (fetchChecked || _blocks[block].Page != _curPage)
            {
                EmitPageCrossing(pc);
            }
            _il.Emit(OpCodes.Br, _blockLabels[block]);
        }
        else
        {
            EmitExit(pc, pc + 4, false, false, RegionExit.Continue, 0, _chainExits++);
        }
    }

    /// <summary>
    /// _entry = the GvaCache entry a fetch from the constant <paramref name="pc"/> uses; to <paramref name="miss"/> unless
    /// its read tag hits (Mips32Cpu's fetch: same page, same mode).
    /// </summary>
    private void EmitFetchTagCheck(uint pc, Label miss)
    {
        _il.Emit(OpCodes.Ldloc, _gva);
        _il.Emit(OpCodes.Ldc_I4, (int)GvaCache.OffsetOf(pc));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _entry);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, s_readTag);
        Const(GvaCache.KeyOf(pc, 4, _modeTag));
        _il.Emit(OpCodes.Bne_Un, miss);
    }

    /// <summary>
    /// Before jumping to block <paramref name="pc"/> on another of the region's pages: the interpreter would fetch it
    /// through the GvaCache, so go on only if that fetch hits (same tag) the decoded page the block was planned from, and
    /// make that page the current code page (for the dispatcher, and for chains from later exits); otherwise leave for
    /// the PC (a Continue exit that may chain, as a jump out of the region does).
    /// </summary>
    private unsafe void EmitPageCrossing(uint pc)
    {
        var page = _pages[_blocks[BlockAt(pc)].Page];
        var hit = _il.DefineLabel();
        var miss = _il.DefineLabel();
        EmitFetchTagCheck(pc, miss);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, s_entryCode);
        _il.Emit(OpCodes.Stloc, _fetchCode);
        _il.Emit(OpCodes.Ldloc, _fetchCode);
        _il.Emit(OpCodes.Ldc_I8, (long)page.Code);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Beq, hit);
        _il.MarkLabel(miss);
        EmitExit(pc, pc + 4, false, false, RegionExit.Continue, 0, _chainExits++);
        _il.MarkLabel(hit);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, s_host);
        _il.Emit(OpCodes.Stloc, _fetchHost);
        EmitCurrentPage(page.VirtualBase);
    }

    /// <summary>A bail-out for the instruction in <paramref name="ctx"/>: branch to the returned label to leave before it.</summary>
    private Label BailLabel(in InstContext ctx)
    {
        var label = _il.DefineLabel();
        _bails.Add(new Bail(label, ctx.Pc, ctx.InDelaySlot ? ctx.ConstNpc : ctx.Pc + 4, ctx.InDelaySlot && ctx.DynamicNpc,
            ctx.InDelaySlot, ctx.Unretired, ctx.InDelaySlot && ctx.DynamicNpc ? ctx.Deferred : null));
        return label;
    }

    private void EmitBlock(int index)
    {
        var b = _blocks[index];
        _il.MarkLabel(_blockLabels[index]);
        _curPage = b.Page;
        var n = b.Insts.Length;
        // The whole block runs only if the batch budget covers it: otherwise the interpreter runs what is left.
        var fits = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ldc_I4, n);
        _il.Emit(OpCodes.Bge, fits);
        EmitExit(b.Start, b.Start + 4, false, false, RegionExit.Interpret, 0);
        _il.MarkLabel(fits);
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ldc_I4, n);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _left);

        var straight = b.End == BlockEnd.Branch ? n - 2 : n;
        for (var i = 0; i < straight; i++)
        {
            var pc = b.Start + (uint)(4 * i);
            var ctx = new InstContext { Pc = pc, Unretired = n - i };
            EmitInstruction(b.Insts[i], ctx);
        }
        switch (b.End)
        {
            case BlockEnd.Branch:
                _slotOnNextPage = b.SlotOnNextPage;
                if (_slotOnNextPage)
                {
                    EmitNextPageSlotCheck(b.Insts[n - 1], b.Start + (uint)(4 * (n - 2)));
                }
                EmitBranch(b.Insts[n - 2], b.Insts[n - 1], b.Start + (uint)(4 * (n - 2)));
                break;
            case BlockEnd.Untranslated:
                EmitExit(b.NextPc, b.NextPc + 4, false, false, RegionExit.Interpret, 0);
                break;
            default:
                EmitGoto(b.NextPc);
                break;
        }
    }

    /// <summary>
    /// Before a branch whose delay slot is the next page's first word: the interpreter would fetch the slot through the
    /// GvaCache; run the translated slot only if that fetch hits (same tag) a decoded page whose first slot is still the
    /// instruction translated, else leave before the branch. The page becomes the current code page for the dispatcher.
    /// </summary>
    private unsafe void EmitNextPageSlotCheck(DecodedInst slot, uint branchPc)
    {
        var slotPc = branchPc + 4;
        var bail = BailLabel(new InstContext { Pc = branchPc, Unretired = 2 });
        EmitFetchTagCheck(slotPc, bail);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, s_entryCode);
        _il.Emit(OpCodes.Stloc, _fetchCode);
        _il.Emit(OpCodes.Ldloc, _fetchCode);
        _il.Emit(OpCodes.Brfalse, bail);
        _il.Emit(OpCodes.Ldloc, _fetchCode);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Ldc_I8, *(long*)&slot);
        _il.Emit(OpCodes.Bne_Un, bail);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, s_host);
        _il.Emit(OpCodes.Stloc, _fetchHost);
        _slotPageBase = slotPc;
    }

    /// <summary>
    /// After a delay slot fetched from the next page ran: that page is the batch's current code page now (for the
    /// dispatcher, and for a chain from the exit that follows).
    /// </summary>
    private void EmitSlotPageMove() => EmitCurrentPage(_slotPageBase);

    /// <summary>
    /// Virtual page <paramref name="virtualBase"/> (decoded page _fetchCode, host page _fetchHost) becomes the batch's
    /// current code page: in the region's locals, for chains from later exits, and in the context, for the dispatcher.
    /// </summary>
    private void EmitCurrentPage(uint virtualBase)
    {
        LdCtx();
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Stfld, s_ctxMoved);
        LdCtx();
        Const(virtualBase);
        _il.Emit(OpCodes.Stfld, s_ctxMovedBase);
        LdCtx();
        _il.Emit(OpCodes.Ldloc, _fetchCode);
        _il.Emit(OpCodes.Stfld, s_ctxMovedCode);
        LdCtx();
        _il.Emit(OpCodes.Ldloc, _fetchHost);
        _il.Emit(OpCodes.Stfld, s_ctxMovedHost);
        Const(virtualBase);
        _il.Emit(OpCodes.Stloc, _curBase);
        _il.Emit(OpCodes.Ldloc, _fetchCode);
        _il.Emit(OpCodes.Stloc, _curCode);
    }

    /// <summary>
    /// After a delay slot: to block start <paramref name="pc"/>; when the slot was on the next page, that page is current
    /// first, and the jump to the target is checked as a jump between pages (or leaves when the target is not here).
    /// </summary>
    private void EmitAfterSlot(uint pc)
    {
        if (_slotOnNextPage)
        {
            EmitSlotPageMove();
        }
        EmitGoto(pc, fetchChecked: _slotOnNextPage);
    }

    // ---- Register locals: $0 reads as zero and ignores writes ----

    private void Ld(int reg)
    {
        if (reg == 0)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _regs[reg]!);
        }
    }

    private void St(int reg)
    {
        if (reg == 0)
        {
            _il.Emit(OpCodes.Pop);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, _regs[reg]!);
        }
    }

    private void Const(uint value) => _il.Emit(OpCodes.Ldc_I4, (int)value);

    /// <summary>
    /// Pushes the vCPU's JitContext (from the region, arg 0). Loaded where used, at exits, rather than held in a local
    /// for the whole method: a value live across the region's loops competes with the guest registers for host ones.
    /// </summary>
    private void LdCtx()
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_regionContext);
    }
}
