namespace Emu.Cli;

/// <summary>Process exit codes of `emu run`: how the guest (or the host) ended.</summary>
public static class ExitCodes
{
    /// <summary>The guest halted the machine (Malta SOFTRES).</summary>
    public const int Halted = 0;
    /// <summary>The emulator failed (a bug in Emu, not the guest's doing).</summary>
    public const int HostError = 1;
    /// <summary>Bad input: command-line flags or the ELF file.</summary>
    public const int BadInput = 2;
    /// <summary>The instruction limit (--max-insns) was reached first.</summary>
    public const int InstructionLimit = 3;
    /// <summary>Interrupted by SIGINT or SIGHUP (128 + SIGINT for both; on a raw terminal Ctrl-C is the guest's, not a signal).</summary>
    public const int Interrupted = 130;
    /// <summary>Ended by SIGTERM after a clean stop: 128 + 15.</summary>
    public const int Terminated = 143;
}
