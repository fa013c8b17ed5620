namespace Emu.Emulator.Debug;

/// <summary>
/// The debugger's look at the KVM-style MMU (the gdb stub's `monitor memslots|gpa-pt|dirty-log|host|kvm-stat` and the
/// GPA → host stages of `monitor translate`): what QEMU's monitor cannot show. The stub parses arguments and prints;
/// this interface is its only way to the VM, the GPA page table and the host memory manager (CONVENTIONS.md: the
/// debug surface is an interface the core owns). Called on the debugger's thread while the vCPUs are stopped
/// (all-stop); each member takes whatever VM lock its view needs (the GPA page table walk takes MmuLock).
/// Addresses are guest-physical unless named otherwise.
/// </summary>
public interface IMmuInspector
{
    /// <summary>KVM_GET memslots: the current memslot set and the MMU-notifier seq/count pair.</summary>
    MemslotsView Memslots();

    /// <summary>The GPA page table over [startGfn, endGfn): counts, and the first <paramref name="maxEntries"/> present entries.</summary>
    GpaPageTableView GpaPageTable(ulong startGfn, ulong endGfn, int maxEntries);

    /// <summary>
    /// Turns KVM_MEM_LOG_DIRTY_PAGES on or off for slot <paramref name="slotId"/> (a flags-only
    /// KVM_SET_USER_MEMORY_REGION; turning it on write-protects the slot). Null when done, else why not.
    /// </summary>
    string? SetDirtyLogging(int slotId, bool on);

    /// <summary>KVM_GET_DIRTY_LOG: the dirty GFNs of slot <paramref name="slotId"/>, reported and cleared, or an error.</summary>
    DirtyLogView GetDirtyLog(int slotId);

    /// <summary>The HVA behind guest-physical [gpaStart, gpaEnd) if it is page aligned inside one valid memslot, else null.</summary>
    ulong? HostRange(ulong gpaStart, ulong gpaEnd);

    /// <summary>
    /// Triggers a host memory event on the HVA range behind guest-physical [gpaStart, gpaEnd), notifiers included, as
    /// the host-pressure driver would. Null when <see cref="HostRange"/> is.
    /// </summary>
    HostEventResult? HostEvent(HostEventKind kind, ulong gpaStart, ulong gpaEnd);

    /// <summary>Drops the COW snapshots that <see cref="HostEventKind.Cow"/> took (the "child" exits). Returns how many.</summary>
    int ReleaseCowSnapshots();

    /// <summary>Per-vCPU fault/exit counters, VM flush/notifier counters and the host memory manager's summary.</summary>
    KvmStatView Stat();

    /// <summary>GPA → memslot → HVA → host PTE, with the GPA page table's entry; nothing is faulted in.</summary>
    GpaTranslationView TranslateGpa(ulong gpa);
}
