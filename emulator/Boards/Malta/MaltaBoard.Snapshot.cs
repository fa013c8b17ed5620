using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Boards.Malta;

/// <summary>
/// The board's devices in one snapshot, in a fixed order: the three UARTs (with their receive FIFOs), the PIC pair,
/// the PIT, the RTC with CMOS, the FPGA, and the GT-64120 with the PCI functions behind it (PIIX4 bridge and power
/// management).
/// </summary>
public sealed partial class MaltaBoard : ISnapshotState
{
    private IEnumerable<ISnapshotState> SnapshotParts => [Uart0, Uart1, Uart2, Pics, Pit, Rtc, Fpga, Gt64120];

    public void SaveState(BinaryWriter writer)
    {
        foreach (var part in SnapshotParts)
        {
            part.SaveState(writer);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        // No device re-announces its interrupt level on load: the PICs' input latches and the vCPU's lines are
        // restored as saved, which is what those levels were.
        foreach (var part in SnapshotParts)
        {
            part.LoadState(reader);
        }
    }
}
