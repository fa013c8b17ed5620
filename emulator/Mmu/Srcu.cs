namespace Emu.Emulator.Mmu;

/// <summary>
/// A minimal sleepable-RCU for memslot readers (kvm->srcu): readers bracket their use of a
/// <see cref="MemslotSet"/> with <see cref="ReadLock"/>/<see cref="ReadUnlock"/>; a writer that has published a
/// new set calls <see cref="Synchronize"/> to wait until every reader that might still hold the old set is done
/// (synchronize_srcu in __kvm_set_memory_region).
/// </summary>
/// <remarks>
/// Two reader counters indexed by epoch parity. Readers must load the memslot set AFTER ReadLock; the
/// interlocked increment orders it after the counter update, so a writer that has seen the old-epoch
/// counter drop to zero knows every later reader loads the newly published set. Writers are serialised by
/// the VM's slots lock.
/// </remarks>
public sealed class Srcu
{
    private readonly long[] _readers = new long[2];
    private int _epoch;

    public int ReadLock()
    {
        while (true)
        {
            var idx = Volatile.Read(ref _epoch) & 1;
            Interlocked.Increment(ref _readers[idx]);
            if ((Volatile.Read(ref _epoch) & 1) == idx)
            {
                return idx;
            }
            // The writer flipped between our read and our increment: count ourselves in the new epoch
            // instead, so a writer waiting on the old one is not held up by us.
            Interlocked.Decrement(ref _readers[idx]);
        }
    }

    public void ReadUnlock(int idx) => Interlocked.Decrement(ref _readers[idx]);

    public void Synchronize()
    {
        var old = Interlocked.Increment(ref _epoch) - 1;
        var spin = new SpinWait();
        while (Volatile.Read(ref _readers[old & 1]) != 0)
        {
            spin.SpinOnce();
        }
    }
}
