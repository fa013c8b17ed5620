namespace Emu.Emulator.Cpu;

/// <summary>Engine 0: the interpreter's whole-batch loop (Interpreter/Mips32Cpu.Execute.cs).</summary>
public sealed class InterpreterEngine(Mips32Cpu cpu) : IExecutionEngine
{
    public int Run(int budget) => cpu.Interpret(budget);
}
