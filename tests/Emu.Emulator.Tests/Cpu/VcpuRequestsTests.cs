using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Tests.Cpu;

/// <summary>
/// The vCPU's request object on its own (emulator/Cpu/VcpuRequests.cs): the order in which a batch boundary applies
/// what other threads asked (code ranges before the flush acknowledgement), the guest-mode flag a flusher reads, and
/// the stop request's consume-once rule. The multi-threaded protocol is exercised through the VM by the Kvm tests.
/// </summary>
public sealed unsafe class VcpuRequestsTests : IDisposable
{
    private readonly GvaCache _gva = new();
    private readonly CodeCache _code = new();
    private readonly VcpuRequests _requests;

    public VcpuRequestsTests() => _requests = new VcpuRequests(3, _gva, _code);

    public void Dispose()
    {
        _requests.Dispose();
        _code.Dispose();
        _gva.Dispose();
    }

    [Fact]
    public void Enter_AppliesQueuedCodeRangeAndFlush_BeforeAcknowledging()
    {
        const uint gfn = 0x123;
        var slots = _code.GetOrCreate(gfn, out _, out _);
        slots[5] = new DecodedInst { Op = InstName.Addiu };
        slots[6] = new DecodedInst { Op = InstName.Addiu };
        var entry = _gva.Table + GvaCache.SlotOf(0x80123000);
        entry->ReadTag = GvaCache.TagOf(0x80123000, 0);

        _requests.RequestCodeInvalidation((gfn << 12) + 5 * 4, 4);
        _requests.RequestFlush(7);
        Assert.False(_requests.InGuestMode);
        Assert.Equal(0, _requests.FlushAcked);

        Assert.False(_requests.EnterGuestMode()); // a flush was applied: pointers from outside guest mode are stale
        Assert.True(_requests.InGuestMode);
        Assert.Equal(7, _requests.FlushAcked);
        Assert.Equal(1, _requests.RemoteFlushesApplied);
        Assert.Equal(InstName.NotDecoded, slots[5].Op);
        Assert.Equal(InstName.Addiu, slots[6].Op); // only the queued range
        Assert.Equal(GvaCache.InvalidTag, entry->ReadTag);

        // Nothing pending: re-entry reports no flush, and an older generation never lowers the acknowledgement.
        _requests.ExitGuestMode();
        _requests.RequestFlush(5);
        Assert.True(_requests.EnterGuestMode());
        Assert.Equal(7, _requests.FlushAcked);
        Assert.Equal(1, _requests.RemoteFlushesApplied);
    }

    [Fact]
    public void StopRequest_IsConsumedOnce_AndEndsASleepAtOnce()
    {
        Assert.False(_requests.StopPending);
        _requests.RequestStop();
        Assert.True(_requests.StopPending);
        // The stop released the wake-up: the sleep returns woken (not timed out; the bound only keeps a bug from hanging).
        Assert.True(_requests.Sleep(60_000));
        Assert.True(_requests.InGuestMode); // the sleep re-entered guest mode
        Assert.True(_requests.TakeStop());
        Assert.False(_requests.TakeStop());
        Assert.False(_requests.StopPending);
    }
}
