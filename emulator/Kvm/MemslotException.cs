namespace Emu.Emulator.Kvm;

/// <summary>The errno KVM_SET_USER_MEMORY_REGION / KVM_GET_DIRTY_LOG would return.</summary>
public enum KvmErrno
{
    /// <summary>EINVAL: bad flags, alignment, slot id, or a change KVM does not allow.</summary>
    Inval = 22,
    /// <summary>EEXIST: the range overlaps another slot.</summary>
    Exist = 17,
    /// <summary>ENOENT: the slot has no dirty bitmap.</summary>
    NoEnt = 2,
}

/// <summary>A refused memslot or dirty-log request, with the errno KVM would give.</summary>
public sealed class MemslotException(KvmErrno errno, string message) : Exception(message)
{
    public KvmErrno Errno { get; } = errno;
}
