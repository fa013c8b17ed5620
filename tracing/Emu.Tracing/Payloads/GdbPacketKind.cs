namespace Emu.Tracing;

/// <summary>Direction and type of a gdb remote-protocol packet (<see cref="EmuKvmEventSource.GdbPacket"/>). Stable values.</summary>
public enum GdbPacketKind
{
    /// <summary>A <c>$...#cc</c> packet from gdb.</summary>
    Received = 0,
    /// <summary>A <c>$...#cc</c> packet to gdb.</summary>
    Sent = 1,
    /// <summary>A <c>+</c> acknowledgement.</summary>
    Ack = 2,
    /// <summary>A <c>-</c> (bad checksum, resend).</summary>
    Nak = 3,
    /// <summary>A 0x03 interrupt byte (Ctrl-C) from gdb.</summary>
    Interrupt = 4,
}
