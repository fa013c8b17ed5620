using Emu.Emulator.Memory;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>
/// The invalidation hub for state derived from guest memory besides the GvaCache (which FlushShadowAll drops):
/// decoded instructions, per vCPU, keyed by guest-physical page. Every writer of guest memory that may hold code
/// comes through here — a vCPU's store to a code page (<see cref="CodeWritten"/>), the VMM's writes
/// (<see cref="WriteGuest"/>: debugger, loaders), board reset and memslot delete/move (<see cref="InvalidateCode"/>),
/// and host unmaps such as balloon zaps (InvalidateRangeStart) — and each vCPU applies the request at its next batch
/// boundary together with any pending flush (<see cref="IVcpuRequests.RequestCodeInvalidation"/>), so a vCPU runs the
/// new bytes within one batch.
/// </summary>
/// <remarks>
/// <see cref="_codePages"/> (a bit per GFN of the 4 GiB guest-physical space) only ever gains bits: a page that was
/// code once keeps sending its stores through the slow path. Written with Interlocked.Or, read lock-free.
/// </remarks>
public sealed partial class Vm : ICodeCoherence
{
    private readonly ulong[] _codePages = new ulong[(1 << 20) / 64];

    public bool IsCodePage(uint gfn) => (Volatile.Read(ref _codePages[gfn >> 6]) & (1UL << (int)(gfn & 63))) != 0;

    public void CodePageCreated(int vcpuId, uint gfn)
    {
        var bit = 1UL << (int)(gfn & 63);
        if ((Interlocked.Or(ref _codePages[gfn >> 6], bit) & bit) != 0)
        {
            return;
        }
        // The page just became code VM-wide: another vCPU may hold a write tag for it from before, and its stores
        // would then never be seen by the decoder. Dropping every vCPU's derived mappings (and waiting for those in
        // guest mode) closes that; it happens once per page in the VM's lifetime. The creating vCPU drops its own write
        // tags for the page itself (GvaCache.DropWrites, on its thread, before it decodes), so with no other vCPU
        // nothing is flushed (the Debian boot made 1,445 full flushes; without them it refills 81k fewer GvaCache entries).
        foreach (var cpu in Vcpus)
        {
            if (cpu.VcpuId != vcpuId)
            {
                FlushShadowAll(FlushCause.CodePage);
                return;
            }
        }
    }

    public void CodeWritten(int vcpuId, uint gpa, uint size)
    {
        foreach (var cpu in Vcpus)
        {
            if (cpu.VcpuId != vcpuId)
            {
                cpu.RequestCodeInvalidation(gpa, size);
            }
        }
    }

    /// <summary>Every vCPU drops its decode of [gpa, gpa+size) at its next batch boundary. Any thread.</summary>
    public void InvalidateCode(ulong gpa, ulong size)
    {
        if (size == 0 || gpa >= 1UL << 32)
        {
            return;
        }
        var end = Math.Min(gpa + size, 1UL << 32);
        for (var page = gpa & ~0xfffUL; page < end; page += 0x1000)
        {
            if (IsCodePage((uint)(page >> 12)))
            {
                // Only pages that ever held code need a request; the range is sent whole from the first such page.
                foreach (var cpu in Vcpus)
                {
                    cpu.RequestCodeInvalidation(page, Math.Min(end - page, uint.MaxValue & ~0xfffUL));
                }
                return;
            }
        }
    }
}
