namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// The FPU's architectural state: 32 64-bit FPRs and FCSR (FIR is constant). The FPRs are stored as QEMU
/// stores them (fpu_f64[32]) and read through the Status.FR views of MIPS32 Vol I §6.4:
/// FR = 1, each FPR holds a double; FR = 0, a double lives in an even/odd pair, the odd register's low word
/// holding the high half, and the upper words of the storage are not visible.
/// Owned by the vCPU thread; the debugger reads it only while the vCPU is parked.
/// </summary>
public sealed class FpuState
{
    private readonly ulong[] _fpr = new ulong[32];

    public uint Fcsr;

    public void Reset()
    {
        Array.Clear(_fpr);
        Fcsr = 0;
    }

    /// <summary>The raw 64-bit storage of FPR <paramref name="index"/> (what gdb shows with FR = 1).</summary>
    public ulong Raw(int index) => _fpr[index & 31];

    public void SetRaw(int index, ulong value) => _fpr[index & 31] = value;

    /// <summary>32-bit (S/W) operand: the low word of the FPR in both modes.</summary>
    public uint GetWord(int index) => (uint)_fpr[index];

    /// <summary>32-bit result: the low word; the high word is kept (UNPREDICTABLE in the manual, kept by QEMU).</summary>
    public void SetWord(int index, uint value) => _fpr[index] = (_fpr[index] & 0xffffffff00000000UL) | value;

    /// <summary>64-bit (D/L) operand.</summary>
    public ulong GetDouble(int index, bool fr) =>
        fr ? _fpr[index] : (uint)_fpr[index & ~1] | ((ulong)(uint)_fpr[index | 1] << 32);

    public void SetDouble(int index, ulong value, bool fr)
    {
        if (fr)
        {
            _fpr[index] = value;
            return;
        }
        // QEMU gen_store_fpr64 with FR = 0: low word to the even register, high word to the odd one.
        SetWord(index & ~1, (uint)value);
        SetWord(index | 1, (uint)(value >> 32));
    }

    /// <summary>MFHC1/MTHC1 view: the high word of the double held in FPR <paramref name="index"/>.</summary>
    public uint GetHigh(int index, bool fr) => fr ? (uint)(_fpr[index] >> 32) : (uint)_fpr[index | 1];

    public void SetHigh(int index, uint value, bool fr)
    {
        if (fr)
        {
            _fpr[index] = (_fpr[index] & 0xffffffffUL) | ((ulong)value << 32);
        }
        else
        {
            SetWord(index | 1, value);
        }
    }
}
