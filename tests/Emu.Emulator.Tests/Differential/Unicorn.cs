using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Emu.Emulator.Tests.Differential;

/// <summary>
/// The slice of Unicorn's C API (libunicorn.so.2, Debian's libunicorn2 2.0.1) the differential tests need.
/// Constants are from /usr/include/unicorn/unicorn.h and mips.h of that version.
/// </summary>
public sealed partial class Unicorn : IDisposable
{
    public const string Library = "libunicorn.so.2";

    private const int UcArchMips = 3;           // uc_arch: ARM=1, ARM64, MIPS
    private const int UcModeMips32 = 1 << 2;    // UC_MODE_MIPS32
    private const int UcModeBigEndian = 1 << 30;
    private const int UcModeLittleEndian = 0;
    public const uint UcProtAll = 7;

    // uc_mips_reg: INVALID=0, PC=1, REG_0..REG_31=2..33, then DSP (11), AC0-3, CC0-7, F0-31, FCC0-7, W0-31,
    // HI=129, LO=130.
    public const int RegPc = 1;
    public const int Reg0 = 2;
    public const int RegHi = 129;
    public const int RegLo = 130;

    private readonly EngineHandle _uc;

    public Unicorn(bool bigEndian)
    {
        Check(uc_open(UcArchMips, UcModeMips32 | (bigEndian ? UcModeBigEndian : UcModeLittleEndian), out _uc), "uc_open");
    }

    /// <summary>True when libunicorn.so.2 can be loaded on this machine.</summary>
    public static bool IsAvailable
    {
        get
        {
            if (!NativeLibrary.TryLoad(Library, out var handle))
            {
                return false;
            }
            NativeLibrary.Free(handle);
            return true;
        }
    }

    public void MapMemory(ulong address, uint size, uint perms = UcProtAll) =>
        Check(uc_mem_map(_uc, address, size, perms), "uc_mem_map");

    public unsafe void WriteMemory(ulong address, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            Check(uc_mem_write(_uc, address, p, (nuint)bytes.Length), "uc_mem_write");
        }
    }

    public unsafe void ReadMemory(ulong address, Span<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            Check(uc_mem_read(_uc, address, p, (nuint)bytes.Length), "uc_mem_read");
        }
    }

    public void WriteRegister(int regId, uint value)
    {
        // Unicorn reads a target_ulong (4 bytes for MIPS32); an 8-byte buffer is safe either way on a
        // little-endian host.
        ulong buffer = value;
        Check(uc_reg_write(_uc, regId, ref buffer), "uc_reg_write");
    }

    public uint ReadRegister(int regId)
    {
        ulong buffer = 0;
        Check(uc_reg_read(_uc, regId, ref buffer), "uc_reg_read");
        return (uint)buffer;
    }

    /// <summary>
    /// Runs from <paramref name="begin"/> until the PC reaches <paramref name="until"/>. A nonzero timeout costs a
    /// timer thread per call (about 0.2 ms), so the default is none.
    /// </summary>
    public void Run(ulong begin, ulong until, ulong timeoutMicroseconds = 0) =>
        Check(uc_emu_start(_uc, begin, until, timeoutMicroseconds, 0), $"uc_emu_start(0x{begin:x8})");

    public void Dispose() => _uc.Dispose();

    [ThreadStatic]
    private static int t_lastInterrupt;

    private bool _intrHooked;

    /// <summary>
    /// Runs like <see cref="Run"/> but stops at the first guest exception and returns QEMU's exception number for
    /// it (target/mips EXCP_*), or -1 when none happened. The hook (UC_HOOK_INTR) stops the engine itself.
    /// </summary>
    public unsafe int RunCatchingInterrupt(ulong begin, ulong until)
    {
        if (!_intrHooked)
        {
            delegate* unmanaged<IntPtr, uint, IntPtr, void> cb = &OnInterrupt;
            Check(uc_hook_add(_uc, out _, UcHookIntr, (IntPtr)cb, IntPtr.Zero, 1, 0), "uc_hook_add");
            _intrHooked = true;
        }
        t_lastInterrupt = -1;
        Run(begin, until);
        return t_lastInterrupt;
    }

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static void OnInterrupt(IntPtr uc, uint intno, IntPtr userData)
    {
        t_lastInterrupt = (int)intno;
        _ = uc_emu_stop(uc);
    }

    private const int UcHookIntr = 1 << 0;

    private static void Check(int err, string what)
    {
        if (err != 0)
        {
            throw new UnicornException($"{what}: {Marshal.PtrToStringUTF8(uc_strerror(err))} (uc_err {err})");
        }
    }

    private sealed class EngineHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EngineHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => uc_close(handle) == 0;
    }

    [LibraryImport(Library)]
    private static partial int uc_open(int arch, int mode, out EngineHandle uc);

    [LibraryImport(Library)]
    private static partial int uc_close(IntPtr uc);

    [LibraryImport(Library)]
    private static partial IntPtr uc_strerror(int code);

    [LibraryImport(Library)]
    private static partial int uc_mem_map(EngineHandle uc, ulong address, nuint size, uint perms);

    [LibraryImport(Library)]
    private static unsafe partial int uc_mem_write(EngineHandle uc, ulong address, byte* bytes, nuint size);

    [LibraryImport(Library)]
    private static unsafe partial int uc_mem_read(EngineHandle uc, ulong address, byte* bytes, nuint size);

    [LibraryImport(Library)]
    private static partial int uc_reg_write(EngineHandle uc, int regId, ref ulong value);

    [LibraryImport(Library)]
    private static partial int uc_reg_read(EngineHandle uc, int regId, ref ulong value);

    // uc_hook_add is variadic; with no extra arguments the fixed-argument call is what the C ABI passes.
    [LibraryImport(Library)]
    private static partial int uc_hook_add(EngineHandle uc, out IntPtr hh, int type, IntPtr callback, IntPtr userData, ulong begin, ulong end);

    [LibraryImport(Library)]
    private static partial int uc_emu_stop(IntPtr uc);

    [LibraryImport(Library)]
    private static partial int uc_emu_start(EngineHandle uc, ulong begin, ulong until, ulong timeout, nuint count);
}

public sealed class UnicornException(string message) : Exception(message);
