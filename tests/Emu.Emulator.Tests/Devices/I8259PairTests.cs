using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

public class I8259PairTests
{
    private readonly List<bool> _cpu = [];

    private bool CpuLine => _cpu.Count > 0 && _cpu[^1];

    /// <summary>Linux's init_8259A (arch/mips/kernel/i8259.c): vectors 0 and 8, cascade on IR2, 8086 mode.</summary>
    private I8259Pair Initialised()
    {
        var pics = new I8259Pair(_cpu.Add);
        pics.MasterPorts.Write(0, 1, 0x11);
        pics.MasterPorts.Write(1, 1, 0x00);
        pics.MasterPorts.Write(1, 1, 0x04);
        pics.MasterPorts.Write(1, 1, 0x01);
        pics.SlavePorts.Write(0, 1, 0x11);
        pics.SlavePorts.Write(1, 1, 0x08);
        pics.SlavePorts.Write(1, 1, 0x02);
        pics.SlavePorts.Write(1, 1, 0x01);
        pics.MasterPorts.Write(1, 1, 0xfb); // everything masked but the cascade
        pics.SlavePorts.Write(1, 1, 0xff);
        return pics;
    }

    [Fact]
    public void MaskedRequest_DoesNotReachTheCpu_UnmaskingDelivers()
    {
        var pics = Initialised();

        pics.SetIrq(4, true);
        Assert.False(CpuLine);
        pics.MasterPorts.Write(1, 1, 0xeb);
        Assert.True(CpuLine);
        Assert.Equal(0xebu, pics.MasterPorts.Read(1, 1));
    }

    [Fact]
    public void Acknowledge_ReturnsVector_PutsInService_EoiEnds()
    {
        var pics = Initialised();
        pics.MasterPorts.Write(1, 1, 0xea);
        pics.SetIrq(4, true);

        Assert.Equal(4, pics.Acknowledge());
        Assert.Equal(0x10, pics.Master.InService);
        Assert.False(CpuLine);
        pics.MasterPorts.Write(0, 1, 0x20); // non-specific EOI
        Assert.Equal(0, pics.Master.InService);
    }

    [Fact]
    public void HigherPriority_InterruptsLowerInService_ButNotTheReverse()
    {
        var pics = Initialised();
        pics.MasterPorts.Write(1, 1, 0x00);
        pics.SetIrq(4, true);
        Assert.Equal(4, pics.Acknowledge());

        pics.SetIrq(6, true);
        Assert.False(CpuLine); // IR6 is below IR4 in service
        pics.SetIrq(1, true);
        Assert.True(CpuLine);
        Assert.Equal(1, pics.Acknowledge());
        pics.MasterPorts.Write(0, 1, 0x61); // specific EOI for IR1
        pics.MasterPorts.Write(0, 1, 0x64); // specific EOI for IR4
        Assert.True(CpuLine);
        Assert.Equal(6, pics.Acknowledge());
    }

    [Fact]
    public void SlaveRequest_CascadesThroughIr2_AndTheSlaveSuppliesTheVector()
    {
        var pics = Initialised();
        pics.SlavePorts.Write(1, 1, 0xfe); // IRQ 8 (the RTC) unmasked

        pics.SetIrq(8, true);
        Assert.True(CpuLine);
        Assert.Equal(8, pics.Acknowledge());
        Assert.Equal(0x04, pics.Master.InService);
        Assert.Equal(0x01, pics.Slave.InService);
    }

    [Fact]
    public void EdgeInput_NeedsANewRisingEdge_LevelInput_StaysRequestedWhileHigh()
    {
        var pics = Initialised();
        pics.MasterPorts.Write(1, 1, 0x00);
        pics.ElcrPorts.Write(0, 1, 0x20); // IRQ5 level-triggered

        pics.SetIrq(3, true);
        Assert.Equal(3, pics.Acknowledge());
        pics.MasterPorts.Write(0, 1, 0x20);
        Assert.False(CpuLine); // edge consumed, line still high

        pics.SetIrq(5, true);
        Assert.Equal(5, pics.Acknowledge());
        pics.MasterPorts.Write(0, 1, 0x20);
        Assert.True(CpuLine); // level still high: requested again
        pics.SetIrq(5, false);
        Assert.False(CpuLine);
        Assert.Equal(0x20u, pics.ElcrPorts.Read(0, 1));
    }

    [Fact]
    public void ElcrReservedBits_StayEdge()
    {
        var pics = Initialised();

        pics.ElcrPorts.Write(0, 1, 0xff);
        pics.ElcrPorts.Write(1, 1, 0xff);

        Assert.Equal(0xf8u, pics.ElcrPorts.Read(0, 1));
        Assert.Equal(0xdeu, pics.ElcrPorts.Read(1, 1));
    }

    [Fact]
    public void Ocw3_SelectsIsrOrIrr_AndPollActsAsAcknowledge()
    {
        var pics = Initialised();
        pics.MasterPorts.Write(1, 1, 0x00);
        pics.SetIrq(7, true);

        Assert.Equal(0x80u, pics.MasterPorts.Read(0, 1)); // IRR by default
        pics.MasterPorts.Write(0, 1, 0x0c); // poll
        Assert.Equal(0x87u, pics.MasterPorts.Read(0, 1));
        pics.MasterPorts.Write(0, 1, 0x0b); // read ISR
        Assert.Equal(0x80u, pics.MasterPorts.Read(0, 1));
    }

    [Fact]
    public void SpuriousAcknowledge_WithNothingPending_ReturnsIrq7()
    {
        var pics = Initialised();

        Assert.Equal(7, pics.Acknowledge());
        Assert.Equal(0, pics.Master.InService);
    }

    [Fact]
    public void RotateOnEoi_MakesTheServedInputLowest()
    {
        var pics = Initialised();
        pics.MasterPorts.Write(1, 1, 0x00);
        pics.SetIrq(1, true);
        Assert.Equal(1, pics.Acknowledge());
        pics.MasterPorts.Write(0, 1, 0xa0); // rotate on non-specific EOI: IR1 lowest, IR2 highest
        pics.SetIrq(0, true);
        pics.SetIrq(3, true);

        Assert.Equal(3, pics.Acknowledge());
    }

    [Fact]
    public void Reset_MasksEverything_AndDropsTheCpuLine()
    {
        var pics = Initialised();
        pics.MasterPorts.Write(1, 1, 0x00);
        pics.SetIrq(4, true);
        Assert.True(CpuLine);

        pics.Reset();

        Assert.False(CpuLine);
        Assert.Equal(0xffu, pics.MasterPorts.Read(1, 1));
        Assert.Equal(0, pics.Master.InterruptRequest);
    }
}
