namespace Emu.Emulator.Memory;

/// <summary>
/// The one front door through which a vCPU reaches guest physical memory. The interpreter caches the
/// host pages this returns (its GvaCache) and only comes here on a miss, so an implementation may be
/// slow: today <see cref="PhysicalBus"/> (RAM as a plain host buffer plus MMIO devices); later the
/// KVM-style path (GPA → memslot → HVA → host page, with GPA faults and notifier retry).
/// </summary>
/// <remarks>
/// Contract for implementations that can change mappings under a running vCPU: a page handed out by
/// <see cref="TryMapPage"/> stays valid until the implementation asks the vCPU to drop its derived
/// mappings (<c>Mips32Cpu.RequestFlush</c>) and the vCPU has acknowledged.
/// </remarks>
public unsafe interface IGuestMemory
{
    /// <summary>
    /// Resolves the 4 KiB guest physical page containing <paramref name="gpa"/> to host memory.
    /// Returns false when the page is not RAM-like (MMIO or nothing); then use <see cref="TryRead"/> /
    /// <see cref="TryWrite"/>. <paramref name="writable"/> says whether stores may go straight to the page.
    /// </summary>
    bool TryMapPage(uint gpa, bool write, out byte* hostPage, out bool writable);

    /// <summary>Reads 1, 2 or 4 bytes of device (or RAM) space; false = nothing decodes it (bus error).</summary>
    bool TryRead(uint gpa, int size, out uint value);

    /// <summary>Writes 1, 2 or 4 bytes; false = nothing decodes it (bus error).</summary>
    bool TryWrite(uint gpa, int size, uint value);

    /// <summary>
    /// The VMM's own access to RAM-like guest memory (kvm_read_guest): copies bytes out of one page, never
    /// touching devices. Safe from a thread that is not a vCPU (the debugger): the implementation keeps the
    /// frame alive across the copy. False if the page is not RAM-like.
    /// </summary>
    bool TryReadGuest(uint gpa, Span<byte> destination);

    /// <summary>kvm_write_guest: copies bytes into one RAM-like page (dirty-logged; read-only slots included).</summary>
    bool TryWriteGuest(uint gpa, ReadOnlySpan<byte> source);
}
