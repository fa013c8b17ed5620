using Emu.Emulator.Devices;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Boards.Malta;

/// <summary>
/// Wires the Malta core board (QEMU -M malta addresses) onto a <see cref="PhysicalBus"/>: RAM at 0,
/// boot flash at 0x1fc00000, the ISA window at 0x18000000 with COM1 and the PIIX4's two i8259s, and
/// the FPGA at 0x1f000000. Wiring only; device behaviour lives in Devices/.
/// </summary>
public sealed class MaltaBoard
{
    public MaltaBoard(PhysicalBus bus, uint ramSize, Action<byte> consoleOut, Action halt)
    {
        if (ramSize == 0 || ramSize > MaltaMemoryMap.MaxLowRam || (ramSize & 0xfffff) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ramSize), "Malta RAM must be 1..256 MiB in whole MiB");
        }
        Ram = bus.AddRam("ram", MaltaMemoryMap.RamBase, ramSize);
        BootFlash = bus.AddRam("boot-flash", MaltaMemoryMap.BootFlashBase, MaltaMemoryMap.BootFlashSize, readOnly: true);

        Uart0 = new Uart16550("com1", consoleOut);
        PicMaster = new I8259("pic-master");
        PicSlave = new I8259("pic-slave");
        var isa = new IsaIoSpace(MaltaMemoryMap.IsaIoSize);
        isa.Add(MaltaMemoryMap.Uart0Port, Uart0);
        isa.Add(MaltaMemoryMap.PicMasterPort, PicMaster);
        isa.Add(MaltaMemoryMap.PicSlavePort, PicSlave);
        bus.AddDevice(MaltaMemoryMap.IsaIoBase, isa);

        Fpga = new MaltaFpga(halt);
        bus.AddDevice(MaltaMemoryMap.FpgaBase, Fpga);
    }

    public RamRegion Ram { get; }
    public RamRegion BootFlash { get; }
    public Uart16550 Uart0 { get; }
    public I8259 PicMaster { get; }
    public I8259 PicSlave { get; }
    public MaltaFpga Fpga { get; }
}
