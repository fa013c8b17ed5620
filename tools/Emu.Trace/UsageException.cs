namespace Emu.Trace;

/// <summary>A bad flag, file or command: reported as one line on stderr, exit status 2.</summary>
public sealed class UsageException(string message) : Exception(message);
