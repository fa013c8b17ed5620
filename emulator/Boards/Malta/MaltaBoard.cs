using Emu.Emulator.Devices;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Boards.Malta;

/// <summary>
/// Wires the Malta core board's devices (QEMU -M malta addresses) onto the device bus: the ISA window at
/// 0x18000000 with COM1 and the PIIX4's two i8259s, and the FPGA at 0x1f000000. Wiring only; device
/// behaviour lives in Devices/. RAM (at 0) and the boot flash (at 0x1fc00000) are memslots of the VM, set up
/// by <see cref="Machine"/> (<see cref="MaltaMemoryMap"/> names their addresses).
/// </summary>
public sealed class MaltaBoard
{
    public MaltaBoard(PhysicalBus bus, Action<byte> consoleOut, Action halt)
    {
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

    public Uart16550 Uart0 { get; }
    public I8259 PicMaster { get; }
    public I8259 PicSlave { get; }
    public MaltaFpga Fpga { get; }
}
