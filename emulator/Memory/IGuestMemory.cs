namespace Emu.Emulator.Memory;

/// <summary>
/// The one front door through which a vCPU reaches guest physical memory. The interpreter caches the
/// host pages this returns (its GvaCache) and only comes here on a miss, so an implementation may be
/// slow. Implementations: <c>Kvm.VcpuMemory</c> (the machine's path: GPA → memslot → HVA → host frame, with
/// GPA faults and notifier retry, MMIO exits to the device bus) and <see cref="PhysicalBus"/> (RAM as plain
/// host buffers plus devices; unit tests).
/// </summary>
/// <remarks>
/// Contract for implementations that can change mappings under a running vCPU: the vCPU calls
/// <see cref="TryMapPage"/> outside guest mode (Mips32Cpu.MapGuestPage), and a page handed out stays valid
/// until the implementation has asked every vCPU to drop its derived mappings
/// (<see cref="IVcpuRequests.RequestFlush"/>) and those in guest mode have acknowledged (<c>Vm.FlushShadowAll</c>).
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
