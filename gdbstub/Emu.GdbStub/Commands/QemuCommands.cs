using System.Globalization;
using Emu.Emulator.Debug;

namespace Emu.GdbStub.Commands;

/// <summary>QEMU's extensions for parity: qqemu.Supported, (q|Q)qemu.sstep[bits], (q|Q)qemu.PhyMemMode.</summary>
internal sealed class QemuCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["qqemu.", "Qqemu."];

    public string? Handle(GdbSession s, string packet)
    {
        switch (packet)
        {
            case "qqemu.Supported":
                return "sstepbits;sstep;PhyMemMode";
            case "qqemu.sstepbits":
                return "ENABLE=1,NOIRQ=2,NOTIMER=4";
            case "qqemu.sstep":
                return $"0x{(int)s.Controller.StepFlags:x}";
            case "qqemu.PhyMemMode":
                return s.PhysicalMemory ? "1" : "0";
        }
        if (packet.StartsWith("Qqemu.sstep=", StringComparison.Ordinal))
        {
            var v = packet["Qqemu.sstep=".Length..];
            v = v.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? v[2..] : v;
            s.Controller.StepFlags = (SingleStepFlags)int.Parse(v, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return "OK";
        }
        if (packet.StartsWith("Qqemu.PhyMemMode:", StringComparison.Ordinal))
        {
            var v = packet["Qqemu.PhyMemMode:".Length..];
            if (v is not ("0" or "1"))
            {
                return "E22";
            }
            s.PhysicalMemory = v == "1";
            return "OK";
        }
        return "";
    }
}
