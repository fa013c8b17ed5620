using Emu.Emulator.Devices;
using Emu.Emulator.Devices.Pci;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Boards.Malta;

/// <summary>
/// Wires the Malta board's devices (QEMU -M malta addresses) onto the device bus: the ISA window at
/// 0x18000000 with the PIIX4's legacy devices (two 16550 UARTs, the cascaded i8259s, the i8254 PIT, the
/// MC146818 RTC), the GT-64120 system controller at 0x1be00000 with PCI bus 0, and the FPGA at 0x1f000000.
/// Wiring only; device behaviour lives in Devices/. RAM (at 0) and the boot flash (at 0x1fc00000) are memslots
/// of the VM, set up by <see cref="Machine"/> (<see cref="MaltaMemoryMap"/> names their addresses).
/// </summary>
public sealed partial class MaltaBoard
{
    /// <summary>
    /// Guest cycles (instructions) per second of board time: the RTC and PIT count in these, so Linux
    /// measures a 100 MHz CPU (CP0 Count at 50 MHz) and its 250 Hz tick comes every 400,000 instructions.
    /// </summary>
    public const long CyclesPerSecond = 100_000_000;

    /// <param name="clock">Guest time for the RTC and PIT (the boot vCPU).</param>
    /// <param name="cpuIrq">Drives CPU hardware interrupt n (Cause.IP2+n): 0 is the PIIX4's master PIC, 2 the CBUS UART.</param>
    /// <param name="rtcPowerOn">Wall-clock time the RTC shows at cycle 0.</param>
    /// <param name="softReset">The FPGA's SOFTRES (Linux <c>reboot</c>).</param>
    /// <param name="powerOff">The PIIX4's soft-off (Linux <c>poweroff</c>).</param>
    public MaltaBoard(PhysicalBus bus, Action<byte> consoleOut, Action softReset, Action powerOff, bool bigEndian, IGuestClock clock,
        Action<int, bool> cpuIrq, DateTimeOffset rtcPowerOn)
    {
        Pics = new I8259Pair(level => cpuIrq(MaltaMemoryMap.PicCpuIrq, level));
        Uart0 = new Uart16550("com1", consoleOut, level => Pics.SetIrq(MaltaMemoryMap.Uart0Irq, level));
        Uart1 = new Uart16550("com2", _ => { }, level => Pics.SetIrq(MaltaMemoryMap.Uart1Irq, level));
        Pit = new I8254Pit(clock, CyclesPerSecond);
        Rtc = new Mc146818Rtc(clock, CyclesPerSecond, rtcPowerOn);
        var isa = new IsaIoSpace(MaltaMemoryMap.IsaIoSize);
        isa.Add(MaltaMemoryMap.Uart0Port, Uart0);
        isa.Add(MaltaMemoryMap.Uart1Port, Uart1);
        isa.Add(MaltaMemoryMap.PicMasterPort, Pics.MasterPorts);
        isa.Add(MaltaMemoryMap.PicSlavePort, Pics.SlavePorts);
        isa.Add(MaltaMemoryMap.ElcrPort, Pics.ElcrPorts);
        isa.Add(MaltaMemoryMap.PitPort, Pit);
        isa.Add(MaltaMemoryMap.RtcPort, Rtc);
        bus.AddDevice(MaltaMemoryMap.IsaIoBase, isa);

        // The CBUS UART (Malta User's Manual "CBUS UART"; Linux's malta.dts: reg-shift 3, CPU interrupt 4 = IP4).
        // Like QEMU under -nographic, its output goes nowhere: the console is COM1.
        Uart2 = new Uart16550("cbus-uart", _ => { }, level => cpuIrq(MaltaMemoryMap.CbusUartCpuIrq, level));
        Fpga = new MaltaFpga(softReset, new RegisterStride(Uart2, 3));
        bus.AddDevice(MaltaMemoryMap.FpgaBase, Fpga);

        // PCI bus 0 behind the GT-64120: the bridge itself (device 0) and the PIIX4 southbridge at device 10
        // (QEMU's slot), function 0 the PCI-to-ISA bridge, function 3 power management (its I/O block sits where
        // Linux puts PMBA). IDE (1) and USB (2)
        // are not modelled and so read as absent. The GT's interrupt-acknowledge cycle is answered by the PICs.
        Gt64120 = new Gt64120(bigEndian) { InterruptAcknowledge = Pics.Acknowledge };
        Gt64120.AddFunction(MaltaMemoryMap.Piix4PciDevice, 0, new PciConfigSpace(0x8086, 0x7110, 0x06010000, multiFunction: true));
        PowerManagement = new Piix4PowerManagement(clock, CyclesPerSecond, powerOff);
        Gt64120.AddFunction(MaltaMemoryMap.Piix4PciDevice, 3, PowerManagement);
        isa.AddRelocatable(() => PowerManagement.IoBase, PowerManagement);
        bus.AddDevice(MaltaMemoryMap.Gt64120Base, Gt64120);
    }

    /// <summary>
    /// Board reset (SOFTRES): every device back to its power-on state, except the RTC and its CMOS RAM, which
    /// are battery-backed and keep time.
    /// </summary>
    public void Reset()
    {
        Pics.Reset();
        Uart0.Reset();
        Uart1.Reset();
        Uart2.Reset();
        Pit.Reset();
        Gt64120.Reset();
        PowerManagement.Reset();
        Fpga.Reset();
    }

    public Gt64120 Gt64120 { get; }
    /// <summary>PIIX4 power management; soft-off (Linux <c>poweroff</c>) halts the machine.</summary>
    public Piix4PowerManagement PowerManagement { get; }
    public Uart16550 Uart0 { get; }
    public Uart16550 Uart1 { get; }
    public Uart16550 Uart2 { get; }
    public I8259Pair Pics { get; }
    public I8254Pit Pit { get; }
    public Mc146818Rtc Rtc { get; }
    public MaltaFpga Fpga { get; }
}
