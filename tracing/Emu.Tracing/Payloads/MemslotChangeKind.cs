namespace Emu.Tracing;

/// <summary>KVM_MR_CREATE / DELETE / MOVE / FLAGS_ONLY (enum kvm_mr_change). Stable values.</summary>
public enum MemslotChangeKind
{
    Create = 0,
    Delete = 1,
    Move = 2,
    FlagsOnly = 3,
}
