using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

public class Piix4PowerManagementTests
{
    private const long Hz = 100_000_000;

    private static (Piix4PowerManagement Pm, IsaIoSpace Io, Func<int> PowerOffs, FakeClock Clock) Make()
    {
        var offs = 0;
        var clock = new FakeClock();
        var pm = new Piix4PowerManagement(clock, Hz, () => offs++);
        var io = new IsaIoSpace(0x200000);
        io.AddRelocatable(() => pm.IoBase, pm);
        return (pm, io, () => offs, clock);
    }

    /// <summary>What Linux's malta_piix_func3_base_fixup does: PMBA = 0x1000, then enable the PM I/O space.</summary>
    private static void LinuxFixup(Piix4PowerManagement pm)
    {
        pm.WriteConfig(Piix4PowerManagement.PmbaRegister, 0x1000, 0xffff);
        pm.WriteConfig(Piix4PowerManagement.PmRegMiscRegister, 1, 0xff);
    }

    [Fact]
    public void IoBlock_IsDecodedOnlyOnceEnabled_AtPmba()
    {
        var (pm, io, _, _) = Make();
        Assert.Null(pm.IoBase);
        Assert.Equal(0xffffu, io.Read(0x1004, 2));

        LinuxFixup(pm);

        Assert.Equal(0x1000u, pm.IoBase);
        Assert.Equal(0x1001u, pm.ReadConfig(Piix4PowerManagement.PmbaRegister)); // I/O indicator bit
        Assert.Equal(0x71138086u, pm.ReadConfig(0));
        io.Write(0x1002, 2, 0x0120);
        Assert.Equal(0x0120u, io.Read(0x1002, 2));
    }

    [Fact]
    public void SuspendEnable_WithSoftOffType_PowersOff()
    {
        var (pm, io, offs, _) = Make();
        LinuxFixup(pm);

        io.Write(0x1004, 2, 1u << 10 | Piix4PowerManagement.ControlSuspendEnable); // suspend type 1: not soft off
        Assert.Equal(0, offs());
        io.Write(0x1004, 2, Piix4PowerManagement.ControlSuspendEnable); // piix4-poweroff: SUS_TYP_SOFF | SUS_EN
        Assert.Equal(1, offs());
        Assert.Equal(0u, io.Read(0x1004, 2) & Piix4PowerManagement.ControlSuspendEnable); // SUS_EN reads back 0
    }

    [Fact]
    public void PmTimer_CountsAt3579545HzOfGuestTime()
    {
        var (pm, io, _, clock) = Make();
        LinuxFixup(pm);

        clock.Cycles = Hz / 10;

        Assert.Equal(357_954u, io.Read(0x1008, 4));
    }
}
