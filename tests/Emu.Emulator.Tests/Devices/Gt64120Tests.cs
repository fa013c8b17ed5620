using Emu.Emulator.Devices;
using Emu.Emulator.Devices.Pci;

namespace Emu.Emulator.Tests.Devices;

public class Gt64120Tests
{
    private static uint Config(Gt64120 gt, int device, int function, int register)
    {
        gt.Write((uint)Gt64120.Reg.Pci0ConfigAddress, 4, Gt64120.ConfigEnable | (uint)(device << 11 | function << 8 | register));
        return gt.Read((uint)Gt64120.Reg.Pci0ConfigData, 4);
    }

    [Fact]
    public void Registers_StartAsYamonLeavesThem()
    {
        var gt = new Gt64120(bigEndian: false);

        Assert.Equal(0x1be00000u >> 21, gt.Read((uint)Gt64120.Reg.InternalSpaceDecode, 4));
        Assert.Equal(0xc0u, gt.Read((uint)Gt64120.Reg.Pci0IoLowDecode, 4));
        Assert.Equal(0xc0u, gt.Read((uint)Gt64120.Reg.Pci0IoRemap, 4));
        Assert.Equal(0x80u, gt.Read((uint)Gt64120.Reg.Pci0Mem0LowDecode, 4));
        Assert.Equal(0x1000u, gt.Read((uint)Gt64120.Reg.CpuInterfaceConfig, 4));
    }

    [Fact]
    public void LowDecodeWrite_AlsoLoadsTheRemapRegister()
    {
        var gt = new Gt64120(bigEndian: false);

        gt.Write((uint)Gt64120.Reg.Pci0Mem1LowDecode, 4, 0xc123); // bits 15+ are not decode bits
        gt.Write((uint)Gt64120.Reg.Pci0IoRemap, 4, 0);

        Assert.Equal(0x123u, gt.Read((uint)Gt64120.Reg.Pci0Mem1Remap, 4));
        Assert.Equal(0x4123u, gt.Read((uint)Gt64120.Reg.Pci0Mem1LowDecode, 4));
        Assert.Equal(0u, gt.Read((uint)Gt64120.Reg.Pci0IoRemap, 4));
    }

    [Fact]
    public void ConfigRead_Bridge_IsGalileoGt64120HostBridge()
    {
        var gt = new Gt64120(bigEndian: false);

        Assert.Equal(0x462011abu, Config(gt, 0, 0, 0x00));
        Assert.Equal(0x06000000u, Config(gt, 0, 0, 0x08) & 0xffffff00);
        Assert.Equal(0u, gt.Read((uint)Gt64120.Reg.InterruptCause, 4) & Gt64120.CauseMasterAbort0);
    }

    [Fact]
    public void ConfigRead_AbsentSlot_ReadsAllOnes_AndSetsMasterAbort_UntilSoftwareClearsIt()
    {
        var gt = new Gt64120(bigEndian: false);

        Assert.Equal(0xffffffffu, Config(gt, 5, 0, 0x00));
        Assert.NotEqual(0u, gt.Read((uint)Gt64120.Reg.InterruptCause, 4) & Gt64120.CauseMasterAbort0);

        // Linux clears the abort bits by writing zeros to them (ones elsewhere leave bits alone).
        gt.Write((uint)Gt64120.Reg.InterruptCause, 4, ~(Gt64120.CauseMasterAbort0 | Gt64120.CauseTargetAbort0));
        Assert.Equal(0u, gt.Read((uint)Gt64120.Reg.InterruptCause, 4) & Gt64120.CauseMasterAbort0);
    }

    [Fact]
    public void ConfigCycles_WithoutConfigEnable_OrOnAnotherBus_AreAbsent()
    {
        var gt = new Gt64120(bigEndian: false);

        gt.Write((uint)Gt64120.Reg.Pci0ConfigAddress, 4, 0); // ConfigEn clear
        Assert.Equal(0xffffffffu, gt.Read((uint)Gt64120.Reg.Pci0ConfigData, 4));
        gt.Write((uint)Gt64120.Reg.Pci0ConfigAddress, 4, Gt64120.ConfigEnable | 1u << 16);
        Assert.Equal(0xffffffffu, gt.Read((uint)Gt64120.Reg.Pci0ConfigData, 4));
    }

    [Fact]
    public void AddedFunction_AnswersAtItsSlot_WithWritableDeviceArea_AndFixedIdentity()
    {
        var gt = new Gt64120(bigEndian: false);
        gt.AddFunction(10, 0, new PciConfigSpace(0x8086, 0x7110, 0x06010000, multiFunction: true));

        Assert.Equal(0x71108086u, Config(gt, 10, 0, 0x00));
        Assert.Equal(0x00800000u, Config(gt, 10, 0, 0x0c) & 0x00ff0000);
        // PIRQ routing registers (0x60..0x63) hold what Linux writes; a byte write merges its lane.
        gt.Write((uint)Gt64120.Reg.Pci0ConfigAddress, 4, Gt64120.ConfigEnable | 10u << 11 | 0x60);
        gt.Write((uint)Gt64120.Reg.Pci0ConfigData, 4, 0x0b0a0b0a);
        gt.Write((uint)Gt64120.Reg.Pci0ConfigData + 1, 1, 0x80);
        Assert.Equal(0x0b0a800au, gt.Read((uint)Gt64120.Reg.Pci0ConfigData, 4));
        // Identity is read-only.
        gt.Write((uint)Gt64120.Reg.Pci0ConfigAddress, 4, Gt64120.ConfigEnable | 10u << 11);
        gt.Write((uint)Gt64120.Reg.Pci0ConfigData, 4, 0);
        Assert.Equal(0x71108086u, gt.Read((uint)Gt64120.Reg.Pci0ConfigData, 4));
        Assert.Equal(0xffffffffu, Config(gt, 10, 1, 0x00));
    }

    [Fact]
    public void InterruptAcknowledgeRegister_RunsAnIackCycle()
    {
        var gt = new Gt64120(bigEndian: false) { InterruptAcknowledge = () => 0x0c };

        Assert.Equal(0x0cu, gt.Read((uint)Gt64120.Reg.Pci0InterruptAcknowledge, 4));
    }

    [Fact]
    public void Reset_RestoresTheWindowsLinuxReprogrammed()
    {
        var gt = new Gt64120(bigEndian: false);
        gt.Write((uint)Gt64120.Reg.Pci0IoRemap, 4, 0); // what Linux's prom_init does

        gt.Reset();

        Assert.Equal(0xc0u, gt.Read((uint)Gt64120.Reg.Pci0IoRemap, 4));
        Assert.Equal(0x462011abu, Config(gt, 0, 0, 0x00));
    }
}
