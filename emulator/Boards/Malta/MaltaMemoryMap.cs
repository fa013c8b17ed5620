namespace Emu.Emulator.Boards.Malta;

/// <summary>Guest-physical addresses of the Malta board as QEMU's -M malta places them.</summary>
public static class MaltaMemoryMap
{
    /// <summary>Low RAM; at most 256 MiB is visible below the I/O hole.</summary>
    public const uint RamBase = 0x00000000;
    public const uint MaxLowRam = 256u << 20;
    /// <summary>GT-64120 PCI I/O window, decoded from reset to the ISA ports.</summary>
    public const uint IsaIoBase = 0x18000000;
    public const uint IsaIoSize = 0x00200000;
    public const uint Uart0Port = 0x3f8;
    public const uint Uart1Port = 0x2f8;
    public const uint PicMasterPort = 0x20;
    public const uint PicSlavePort = 0xa0;
    public const uint ElcrPort = 0x4d0;
    public const uint PitPort = 0x40;
    public const uint RtcPort = 0x70;
    /// <summary>ISA IRQs of the PC/AT wiring the PIIX4 keeps.</summary>
    public const int Uart0Irq = 4;
    public const int Uart1Irq = 3;
    /// <summary>CPU hardware interrupts (Cause.IP2 + n) of the board: the i8259 cascade and the CBUS UART.</summary>
    public const int PicCpuIrq = 0;
    public const int CbusUartCpuIrq = 2;
    public const uint FpgaBase = 0x1f000000;
    /// <summary>GT-64120 internal registers where YAMON moves them (reset: 0x14000000).</summary>
    public const uint Gt64120Base = 0x1be00000;
    /// <summary>PCI device number of the PIIX4 on bus 0 (QEMU: slot 10).</summary>
    public const int Piix4PciDevice = 10;
    /// <summary>Boot flash; the reset vector 0xbfc00000 (kseg1) lands here.</summary>
    public const uint BootFlashBase = 0x1fc00000;
    public const uint BootFlashSize = 4u << 20;
    public const uint ResetVector = 0xbfc00000;
}
