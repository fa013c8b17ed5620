using Emu.Emulator.Decoder;

// A partial of the vCPU (so it lives in Emu.Emulator.Cpu): the load/store family's instructions handled out of the
// dispatch: LWL/LWR/SWL/SWR (a GvaCache hit inline, else the slow path, Mips32Cpu.Memory.cs Access) and LL/SC; the
// other loads' and stores' inline hits are in LoadStore.cs and the dispatch.
namespace Emu.Emulator.Cpu;

public sealed unsafe partial class Mips32Cpu
{
    /// <summary>
    /// LWL/LWR/SWL/SWR (both byte orders, <see cref="LoadStore.Lwl"/> ..) and LL/SC (Mips32Cpu.Linked.cs). Returns as
    /// <see cref="Access{TE}"/>: -1 an exception was raised, 0 done, 1 done and the batch ends.
    /// </summary>
    private int ExecuteSpecialAccess<TE>(DecodedInst* di) where TE : struct, IEndian
    {
        // The slot's fields are copied first: Access may apply a code invalidation that resets the slot (Execute.cs).
        var op = di->Op;
        var r = _s->Gpr;
        var va = r[di->Rs] + di->Imm;
        var rt = di->Rt;
        switch (op)
        {
            case InstName.Ll:
                return LoadLinked<TE>(va, rt);
            case InstName.Sc:
                return StoreConditional<TE>(va, rt);
        }

        // Unaligned word pieces: one aligned word read, merged with rt (a load) or rewritten merged (a store; the read
        // is ReadForWrite so a store fault is reported as TLBS/Mod before anything is written).
        var aligned = va & ~3u;
        var k = LoadStore.ByteFromMsb(va, TE.IsBigEndian);
        var isStore = InstInfo.Of(op).IsStore; // the table's memory column (SWL/SWR store)
        // The aligned word's page in the GvaCache with the needed permission (a store: the write tag, which a code or
        // watched page never has) is used directly, as LW/SW's inline hits are and as the translator's regions do;
        // otherwise Access walks, faults and fills. Nothing between the hit and the store leaves guest mode.
        var host = GvaHit(aligned, isStore);
        uint w = 0;
        var result = 0;
        if (host != null)
        {
            w = TE.Load32(host);
        }
        else
        {
            result = Access<TE>(aligned, 4, isStore ? AccessKind.ReadForWrite : AccessKind.Read, ref w);
            if (result < 0)
            {
                return result;
            }
        }
        var old = r[rt];
        switch (op)
        {
            case InstName.Lwl:
                if (rt != 0) { r[rt] = LoadStore.Lwl(w, old, k); }
                return result;
            case InstName.Lwr:
                if (rt != 0) { r[rt] = LoadStore.Lwr(w, old, k); }
                return result;
        }
        var merged = op == InstName.Swl ? LoadStore.Swl(w, old, k) : LoadStore.Swr(w, old, k);
        if (host != null)
        {
            TE.Store32(host, merged);
            return 0;
        }
        var wr = Access<TE>(aligned, 4, AccessKind.Write, ref merged);
        return wr < 0 ? wr : Math.Max(result, wr);
    }
}
