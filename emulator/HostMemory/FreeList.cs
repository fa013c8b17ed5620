namespace Emu.Emulator.HostMemory;

/// <summary>
/// A last-in first-out list of free numbers (frame pfns, swap slots): an array and a count. Not Stack&lt;ulong&gt;, nor
/// generic: no ReadyToRun image holds code for a generic type over ulong or int (not even emu's own, measured), so every
/// process JIT-compiled those methods while building its machine. Not thread-safe: its owner's lock guards it.
/// </summary>
internal sealed class FreeList
{
    private ulong[] _items = new ulong[64];
    private int _count;

    public int Count => _count;

    public void Push(ulong item)
    {
        if (_count == _items.Length)
        {
            var grown = new ulong[_count * 2];
            Array.Copy(_items, grown, _count);
            _items = grown;
        }
        _items[_count++] = item;
    }

    /// <summary>The most recently pushed item, or false (and 0) when the list is empty.</summary>
    public bool TryPop(out ulong item)
    {
        if (_count == 0)
        {
            item = 0;
            return false;
        }
        item = _items[--_count];
        return true;
    }

    public void Clear() => _count = 0;
}
