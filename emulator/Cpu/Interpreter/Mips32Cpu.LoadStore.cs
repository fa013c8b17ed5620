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
        var host = GvaHit(aligned, isStore);
        if (host != null)
        {
            // The aligned word's page is in the GvaCache with the needed permission (a store: the write tag, which a code
            // or watched page never has), as for LW/SW's inline hits; the translator's regions do exactly this.
            var word = TE.Load32(host);
            switch (op)
            {
                case InstName.Lwl:
                    if (rt != 0) { r[rt] = LoadStore.Lwl(word, r[rt], k); }
                    return 0;
                case InstName.Lwr:
                    if (rt != 0) { r[rt] = LoadStore.Lwr(word, r[rt], k); }
                    return 0;
                case InstName.Swl:
                    TE.Store32(host, LoadStore.Swl(word, r[rt], k));
                    return 0;
                default:
                    TE.Store32(host, LoadStore.Swr(word, r[rt], k));
                    return 0;
            }
        }
        uint w = 0;
        var result = Access<TE>(aligned, 4, isStore ? AccessKind.ReadForWrite : AccessKind.Read, ref w);
        if (result < 0)
        {
            return result;
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
        var wr = Access<TE>(aligned, 4, AccessKind.Write, ref merged);
        return wr < 0 ? wr : Math.Max(result, wr);
    }
}
