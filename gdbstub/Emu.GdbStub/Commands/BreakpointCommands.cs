using Emu.Emulator.Debug;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// Z0-Z4 / z0-z4, implemented inside the emulator (no guest memory is patched): Z0/Z1 kind must be 4
/// (MIPS32; MIPS16/microMIPS kinds 2, 3, 5 are refused since Emu has no compressed ISAs); Z2-Z4 take any
/// length. Insert and remove are idempotent.
/// </summary>
internal sealed class BreakpointCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["Z", "z"];

    public string? Handle(GdbSession s, string packet)
    {
        var body = packet[1..];
        var semi = body.IndexOf(';'); // conditions / commands lists are not supported: ignore them
        if (semi >= 0)
        {
            body = body[..semi];
        }
        var parts = body.Split(',');
        if (parts.Length != 3 || parts[0].Length != 1 || parts[0][0] is < '0' or > '4')
        {
            return parts.Length > 0 && parts[0].Length == 1 && char.IsAsciiDigit(parts[0][0]) ? "" : "E22";
        }
        var kind = (DebugPointKind)(parts[0][0] - '0');
        var address = Hex.ParseAddress(parts[1]);
        var length = Hex.ParseLength(parts[2]);
        if (kind is DebugPointKind.SoftwareBreakpoint or DebugPointKind.HardwareBreakpoint)
        {
            if (length != 4 || (address & 3) != 0)
            {
                return "E22";
            }
        }
        else if (length == 0)
        {
            return "E22";
        }
        if (packet[0] == 'Z')
        {
            s.Controller.InsertPoint(kind, address, length);
        }
        else
        {
            s.Controller.RemovePoint(kind, address, length);
        }
        return "OK";
    }
}
