namespace Emu.Emulator.Cpu;

/// <summary>Why <see cref="Mips32Cpu.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>The guest asked the board to halt (Malta SOFTRES, ...).</summary>
    Halted,
    /// <summary>The instruction budget given to Run was used up.</summary>
    InstructionLimit,
    /// <summary>Another thread called <see cref="Mips32Cpu.RequestStop"/> (Ctrl-C, debugger).</summary>
    StopRequested,
}
