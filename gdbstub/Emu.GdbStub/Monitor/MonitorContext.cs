using Emu.Emulator.Debug;

namespace Emu.GdbStub.Monitor;

/// <summary>What a monitor command may use: the controller, the selected vCPU, an output writer.</summary>
public sealed record MonitorContext(DebugController Controller, ICpuDebugTarget Target, TextWriter Output);
