namespace Emu.Emulator.Devices;

/// <summary>
/// The PIIX4's two cascaded 8259As (PIIX4 datasheet §3.6; PC/AT wiring): the slave's INT drives the master's
/// IR2, the master's INT drives the CPU (on Malta: Cause.IP2 through Mips32Cpu.SetIrqLine).
/// ISA IRQ n is master input n (0..7) or slave input n-8 (8..15). Also the Edge/Level Control Registers at
/// ports 0x4d0/0x4d1. <see cref="Acknowledge"/> is the PCI interrupt-acknowledge cycle the GT-64120 runs
/// when Linux reads its IACK register (arch/mips/pci/pci-malta.c mips_pcibios_iack): it returns the vector.
/// </summary>
/// <remarks>Lock: <see cref="_gate"/> guards both chips; taken by vCPU accesses and device threads (UART input).</remarks>
public sealed partial class I8259Pair
{
    public const int CascadeIrq = 2;

    private readonly object _gate = new();
    private readonly Action<bool> _output;
    private bool _lastOutput;

    public I8259Pair(Action<bool> output)
    {
        _output = output;
        // PIIX4 ELCR1 bits 0..2 and ELCR2 bits 0 and 5 (IRQ 8, 13) are reserved: always edge.
        Master = new I8259("pic-master", elcrWritableMask: 0xf8);
        Slave = new I8259("pic-slave", elcrWritableMask: 0xde);
        MasterPorts = new Port(this, Master);
        SlavePorts = new Port(this, Slave);
        ElcrPorts = new ElcrPort(this);
    }

    public I8259 Master { get; }

    public I8259 Slave { get; }

    /// <summary>Ports 0x20/0x21.</summary>
    public IMmioDevice MasterPorts { get; }

    /// <summary>Ports 0xa0/0xa1.</summary>
    public IMmioDevice SlavePorts { get; }

    /// <summary>Ports 0x4d0/0x4d1 (ELCR1, ELCR2).</summary>
    public IMmioDevice ElcrPorts { get; }

    public void Reset()
    {
        lock (_gate)
        {
            Master.Reset();
            Slave.Reset();
            Update();
        }
    }

    /// <summary>Drives ISA IRQ <paramref name="irq"/> (0..15); any thread.</summary>
    public void SetIrq(int irq, bool level)
    {
        lock (_gate)
        {
            (irq < 8 ? Master : Slave).SetInput(irq & 7, level);
            Update();
        }
    }

    /// <summary>INTA cycle: the vector of the highest-priority request (ICW2 base + input), as a PIIX4 answers it.</summary>
    public byte Acknowledge()
    {
        lock (_gate)
        {
            var irq = Master.Acknowledge();
            byte vector;
            if (irq == CascadeIrq)
            {
                // The master answered with its cascade input: the slave supplies the vector.
                vector = (byte)(Slave.VectorBase + Slave.Acknowledge());
            }
            else
            {
                vector = (byte)(Master.VectorBase + irq);
            }
            Update();
            return vector;
        }
    }

    /// <summary>Propagates the slave's INT to master IR2 and the master's INT to the CPU line. Under <see cref="_gate"/>.</summary>
    private void Update()
    {
        Master.SetInput(CascadeIrq, Slave.Output);
        var output = Master.Output;
        if (output != _lastOutput)
        {
            _lastOutput = output;
            _output(output);
        }
    }

    private sealed class Port(I8259Pair pair, I8259 chip) : IMmioDevice
    {
        public string Name => chip.Name;

        public uint Size => 2;

        public uint Read(uint offset, int size)
        {
            lock (pair._gate)
            {
                var value = chip.Read(offset, size);
                pair.Update();
                return value;
            }
        }

        public void Write(uint offset, int size, uint value)
        {
            lock (pair._gate)
            {
                chip.Write(offset, size, value);
                pair.Update();
            }
        }
    }

    private sealed class ElcrPort(I8259Pair pair) : IMmioDevice
    {
        public string Name => "piix4-elcr";

        public uint Size => 2;

        public uint Read(uint offset, int size)
        {
            lock (pair._gate)
            {
                return offset == 0 ? pair.Master.Elcr : pair.Slave.Elcr;
            }
        }

        public void Write(uint offset, int size, uint value)
        {
            lock (pair._gate)
            {
                if (offset == 0)
                {
                    pair.Master.Elcr = (byte)value;
                }
                else
                {
                    pair.Slave.Elcr = (byte)value;
                }
                pair.Update();
            }
        }
    }
}
