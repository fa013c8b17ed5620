using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

public class Mc146818RtcTests
{
    private const long Hz = 100_000_000;
    // 2026-11-26 01:25:05 UTC, a Thursday.
    private static readonly DateTimeOffset s_powerOn = new(2026, 11, 26, 1, 25, 5, TimeSpan.Zero);

    private static uint Get(Mc146818Rtc rtc, Mc146818Rtc.Reg reg)
    {
        rtc.Write(0, 1, (uint)reg);
        return rtc.Read(1, 1);
    }

    private static void Set(Mc146818Rtc rtc, Mc146818Rtc.Reg reg, uint value)
    {
        rtc.Write(0, 1, (uint)reg);
        rtc.Write(1, 1, value);
    }

    [Fact]
    public void PowerOn_ShowsTheGivenTime_InBcd24Hour()
    {
        var rtc = new Mc146818Rtc(new FakeClock(), Hz, s_powerOn);

        Assert.Equal(0x05u, Get(rtc, Mc146818Rtc.Reg.Seconds));
        Assert.Equal(0x25u, Get(rtc, Mc146818Rtc.Reg.Minutes));
        Assert.Equal(0x01u, Get(rtc, Mc146818Rtc.Reg.Hours));
        Assert.Equal(0x26u, Get(rtc, Mc146818Rtc.Reg.DayOfMonth));
        Assert.Equal(0x11u, Get(rtc, Mc146818Rtc.Reg.Month));
        Assert.Equal(0x26u, Get(rtc, Mc146818Rtc.Reg.Year));
        Assert.Equal(0x20u, Get(rtc, Mc146818Rtc.Reg.Century));
        Assert.Equal(5u, Get(rtc, Mc146818Rtc.Reg.DayOfWeek)); // Sunday = 1
        Assert.Equal(0x80u, Get(rtc, Mc146818Rtc.Reg.D));
    }

    [Fact]
    public void Time_AdvancesWithGuestCycles_NotHostTime()
    {
        var clock = new FakeClock();
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn);

        clock.Cycles = 61 * Hz + 5;

        Assert.Equal(0x06u, Get(rtc, Mc146818Rtc.Reg.Seconds));
        Assert.Equal(0x26u, Get(rtc, Mc146818Rtc.Reg.Minutes));
    }

    [Fact]
    public void BinaryAnd12HourModes_FollowRegisterB()
    {
        var clock = new FakeClock { Cycles = 13 * 3600 * Hz };
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn); // 14:25:05

        Set(rtc, Mc146818Rtc.Reg.B, Mc146818Rtc.BBinary | Mc146818Rtc.B24Hour);
        Assert.Equal(14u, Get(rtc, Mc146818Rtc.Reg.Hours));
        Assert.Equal(25u, Get(rtc, Mc146818Rtc.Reg.Minutes));
        Set(rtc, Mc146818Rtc.Reg.B, 0);
        Assert.Equal(0x82u, Get(rtc, Mc146818Rtc.Reg.Hours)); // 2 PM, BCD
    }

    [Fact]
    public void Uip_IsSetFor244MicrosecondsBeforeEachSecond()
    {
        var clock = new FakeClock();
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn);

        clock.Cycles = Hz - 24_401;
        Assert.Equal(0u, Get(rtc, Mc146818Rtc.Reg.A) & Mc146818Rtc.AUpdateInProgress);
        clock.Cycles = Hz - 24_400;
        Assert.NotEqual(0u, Get(rtc, Mc146818Rtc.Reg.A) & Mc146818Rtc.AUpdateInProgress);
        clock.Cycles = Hz;
        Assert.Equal(0u, Get(rtc, Mc146818Rtc.Reg.A) & Mc146818Rtc.AUpdateInProgress);
        Assert.Equal(0x26u, Get(rtc, Mc146818Rtc.Reg.A) & 0x7f);
    }

    [Fact]
    public void PollingLoopOnUip_StallsTheCpuExactlyToTheNextEdge()
    {
        var clock = new FakeClock { Cycles = 1000 };
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn);
        rtc.Write(0, 1, (uint)Mc146818Rtc.Reg.A);

        var reads = 0;
        while ((rtc.Read(1, 1) & Mc146818Rtc.AUpdateInProgress) == 0)
        {
            reads++;
            clock.Cycles += 6; // the loop's own instructions
        }

        Assert.Equal(Mc146818Rtc.PollsBeforeStall - 1, reads);
        Assert.Equal(Hz - 24_400, clock.Cycles); // the rising edge, not a cycle later
        // Linux's calibration then waits for the next rising edge: exactly one RTC second apart.
        while ((rtc.Read(1, 1) & Mc146818Rtc.AUpdateInProgress) != 0)
        {
            clock.Cycles += 6;
        }
        while ((rtc.Read(1, 1) & Mc146818Rtc.AUpdateInProgress) == 0)
        {
            clock.Cycles += 6;
        }
        Assert.Equal((2 * Hz) - 24_400, clock.Cycles);
    }

    [Fact]
    public void OtherAccesses_BetweenReads_AreNotAPollingLoop()
    {
        var clock = new FakeClock();
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn);

        for (var i = 0; i < 100; i++)
        {
            Get(rtc, Mc146818Rtc.Reg.A);
            Get(rtc, Mc146818Rtc.Reg.Seconds);
        }

        Assert.Equal(0, clock.Stalled);
    }

    [Fact]
    public void SettingTheTime_WithSetBit_FreezesThenRunsFromTheNewTime()
    {
        var clock = new FakeClock();
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn);

        Set(rtc, Mc146818Rtc.Reg.B, Mc146818Rtc.BSet | Mc146818Rtc.B24Hour);
        Set(rtc, Mc146818Rtc.Reg.Hours, 0x23);
        Set(rtc, Mc146818Rtc.Reg.Minutes, 0x59);
        Set(rtc, Mc146818Rtc.Reg.Seconds, 0x58);
        clock.Cycles += 5 * Hz; // frozen: no time passes
        Assert.Equal(0x58u, Get(rtc, Mc146818Rtc.Reg.Seconds));
        Set(rtc, Mc146818Rtc.Reg.B, Mc146818Rtc.B24Hour);
        clock.Cycles += 2 * Hz;

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), rtc.Now);
    }

    [Fact]
    public void RegisterC_ReportsUpdateEnded_OnceThenClears()
    {
        var clock = new FakeClock();
        var rtc = new Mc146818Rtc(clock, Hz, s_powerOn);
        Set(rtc, Mc146818Rtc.Reg.B, Mc146818Rtc.B24Hour | Mc146818Rtc.BUpdateIe);

        clock.Cycles = Hz + 1;
        Assert.Equal((uint)(Mc146818Rtc.CIrqf | Mc146818Rtc.CUpdate), Get(rtc, Mc146818Rtc.Reg.C) & 0xf0 & ~(uint)Mc146818Rtc.CPeriodic);
        Assert.Equal(0u, Get(rtc, Mc146818Rtc.Reg.C) & Mc146818Rtc.CUpdate);
    }

    [Fact]
    public void Nvram_BothBanks_HoldBytes()
    {
        var rtc = new Mc146818Rtc(new FakeClock(), Hz, s_powerOn);

        Set(rtc, (Mc146818Rtc.Reg)0x40, 0x5a);
        rtc.Write(2, 1, 0x10);
        rtc.Write(3, 1, 0xa5);

        Assert.Equal(0x5au, Get(rtc, (Mc146818Rtc.Reg)0x40));
        rtc.Write(2, 1, 0x10);
        Assert.Equal(0xa5u, rtc.Read(3, 1));
        rtc.Write(0, 1, 0x90); // NMI-disable bit is not part of the index
        Assert.Equal(0u, rtc.Read(1, 1));
    }
}
