namespace Emu.Emulator.Debug;

/// <summary>What a resume asks of one vCPU (RSP vCont actions; a vCPU with no action stays stopped).</summary>
public enum VcpuAction : byte
{
    Stay,
    Continue,
    Step,
}

/// <summary>QEMU-compatible single-step flags (qqemu.sstepbits: ENABLE=1, NOIRQ=2, NOTIMER=4).</summary>
[Flags]
public enum SingleStepFlags
{
    Enable = 1,
    NoIrq = 2,
    NoTimer = 4,
    Default = Enable | NoIrq | NoTimer,
}
