namespace Emu.Emulator.Devices;

/// <summary>
/// A bounded first-in first-out ring of bytes (a UART's receive buffer). Not Queue&lt;byte&gt;: no ReadyToRun image holds
/// that instantiation (its code is CoreLib's, outside emu's version bubble), so every process JIT-compiled it while
/// building the board. Not thread-safe: its owner's lock guards it.
/// </summary>
internal sealed class ByteFifo(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private int _head;
    private int _count;

    public int Count => _count;

    /// <summary>Appends <paramref name="b"/> unless the ring is full (then the byte is dropped: false).</summary>
    public bool TryEnqueue(byte b)
    {
        if (_count == _ring.Length)
        {
            return false;
        }
        _ring[(_head + _count) % _ring.Length] = b;
        _count++;
        return true;
    }

    /// <summary>The oldest byte (the ring must not be empty).</summary>
    public byte Dequeue()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("the FIFO is empty");
        }
        var b = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        _count--;
        return b;
    }

    /// <summary>The byte <paramref name="index"/> places after the oldest (for snapshots).</summary>
    public byte Peek(int index) => _ring[(_head + index) % _ring.Length];

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }
}
