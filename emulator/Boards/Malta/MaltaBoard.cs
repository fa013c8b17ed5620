using Emu.Emulator.Devices;
using Emu.Emulator.Devices.Pci;
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
    public MaltaBoard(PhysicalBus bus, Action<byte> consoleOut, Action halt, bool bigEndian = true)
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

        // PCI bus 0 behind the GT-64120: the bridge itself (device 0) and the PIIX4 southbridge at device 10
        // (QEMU's slot), function 0 the PCI-to-ISA bridge, function 3 power management. IDE (1) and USB (2)
        // are not modelled and so read as absent.
        Gt64120 = new Gt64120(bigEndian);
        Gt64120.AddFunction(MaltaMemoryMap.Piix4PciDevice, 0, new PciConfigSpace(0x8086, 0x7110, 0x06010000, multiFunction: true));
        Gt64120.AddFunction(MaltaMemoryMap.Piix4PciDevice, 3, new PciConfigSpace(0x8086, 0x7113, 0x06800003));
        bus.AddDevice(MaltaMemoryMap.Gt64120Base, Gt64120);
    }

    public Gt64120 Gt64120 { get; }

    public Uart16550 Uart0 { get; }
    public I8259 PicMaster { get; }
    public I8259 PicSlave { get; }
    public MaltaFpga Fpga { get; }
}
