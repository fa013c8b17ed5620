using Emu.Emulator.Cp0;
using Emu.Tracing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The only writer of EPC, Cause.BD, Cause.ExcCode/CE, Status.EXL and the exception vector (QEMU's
/// mips_cpu_do_interrupt; MIPS32 PRA §6.2 "General Exception Processing" and Table 6.3 vectors).
/// The faulting instruction is the vCPU's current <see cref="CpuState.Pc"/>; the caller has stored it.
/// </summary>
internal static unsafe class ExceptionDispatcher
{
    private const uint BootExceptionBase = 0xbfc00200;

    public static void Raise(Mips32Cpu cpu, ExcCode code, bool tlbRefill = false, uint copUnit = 0)
    {
        var cp0 = cpu.Cp0;
        var s = cpu.State;
        EmuKvmTrace.Exit(cpu.VcpuId, (ExitReason)code, s->Pc, cp0.BadVAddr); // kvm_exit: every exit, at its start
        cpu.ExceptionObserver?.Invoke(code, s->Pc, cp0.BadVAddr);
        var status = cp0.Status;
        var cause = cp0.Cause;
        uint offset;
        if ((status & Cp0Bits.StatusEXL) == 0)
        {
            // EPC and BD are updated only when EXL was clear; an exception inside a delay slot
            // restarts at the branch (EPC = branch, BD = 1).
            if (s->InDelaySlot != 0)
            {
                cp0.Epc = s->Pc - 4;
                cause |= Cp0Bits.CauseBD;
            }
            else
            {
                cp0.Epc = s->Pc;
                cause &= ~Cp0Bits.CauseBD;
            }
            // PRA §6.2.1: the refill handler at offset 0x000 is used only when EXL was 0.
            offset = tlbRefill ? 0x000u : 0x180u;
        }
        else
        {
            offset = 0x180;
        }
        if (code == ExcCode.Int && (cause & Cp0Bits.CauseIV) != 0)
        {
            offset = 0x200;
        }
        cause = (cause & ~(Cp0Bits.CauseExcCodeMask | Cp0Bits.CauseCEMask)) | ((uint)code << 2) | (copUnit << 28);
        cp0.Cause = cause;
        cp0.Status = status | Cp0Bits.StatusEXL;
        var vectorBase = (status & Cp0Bits.StatusBEV) != 0 ? BootExceptionBase : (cp0.EBase & 0xfffff000);
        cpu.Pc = vectorBase + offset;
        cpu.ExceptionCounts[(int)code]++;
        cpu.OnModeChanged();
        cpu.DebugExceptionTaken(code); // monitor catch: stop at the vector (Mips32Cpu.Debug.cs)
    }
}
