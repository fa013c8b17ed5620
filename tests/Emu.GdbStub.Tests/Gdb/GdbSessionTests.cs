using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// The real gdb-multiarch 13 in batch mode against `emu run -S --gdb tcp::PORT GUEST.elf`, in both byte
/// orders: what a user does when bringing up a guest.
/// </summary>
public class GdbSessionTests
{
    public static TheoryData<string> Endians() => new() { "be", "le" };

    private static (EmuProcess Emu, string Target) StartHalted(string elf, params string[] extra)
    {
        var port = EmuProcess.FreePort();
        var emu = EmuProcess.Start(["-S", "--gdb", $"tcp::{port}", .. extra, elf]);
        return (emu, $"127.0.0.1:{port}");
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void Attach_ShowsResetState_ThenDetachRunsGuestToCompletion(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target, ["info registers", "p/x $pc", "p/x $sr", "p/x $prid", "x/2xw 0xbfc00000", "detach"]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "$1 = 0xbfc00000");
            Infrastructure.Gdb.Has(text, "$2 = 0x400000"); // Status at reset: BEV (QEMU's Malta clears ERL for an image boot)
            Infrastructure.Gdb.Has(text, "$3 = 0x19300"); // PRId (custom CP0 feature, fetched with p)
            Assert.Matches(@"0xbfc00000:\s+0x[0-9a-f]{8}\s+0x[0-9a-f]{8}", text);
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), "the guest did not finish after detach\n" + emu.Describe());
            Assert.Equal(0, emu.ExitCode);
            Assert.Contains("demo: PASS", emu.Stdout);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void BreakOnFunction_Continue_WriteRegister_GuestActsOnIt(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "branches");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // main's first check calls t_beq and expects its result; make the debugger change an argument
            // at the breakpoint so that the guest reports a failure it would not otherwise see.
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break t_beq", "continue", "p/x $a0", "p/x $a1", "set $a1 = $a0 + 1", "delete", "detach",
            ]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "Breakpoint 1, ");
            Infrastructure.Gdb.Has(text, "in t_beq");
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
            Assert.Contains("branches: FAIL", emu.Stdout); // the guest saw the register the debugger wrote
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void FpuRegisters_ShowTheRealValues_AndWritesReachTheGuest(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "fpu");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // At fpu_gdb_stop the guest holds 1.5 in $f2/$f3 (FR = 0: $f3 is the high word) and is about to add it to
            // itself; the debugger makes it 2.0, so the guest prints 4.0 instead of 3.0.
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break *fpu_gdb_stop", "continue", "p/x $f3", "p/x $f2", "p/x $fir", "p/x $fcsr", "info float",
                "set $f3 = 2.0", "p/x $f3", "delete", "detach",
            ]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "$1 = 0x3ff80000");
            Infrastructure.Gdb.Has(text, "$2 = 0x0");
            Infrastructure.Gdb.Has(text, "$3 = 0x739300");
            Assert.Matches(@"f3:\s+0x3ff80000", text); // info float
            Infrastructure.Gdb.Has(text, "$5 = 0x40000000");
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(120)), emu.Describe());
            Assert.Contains("gdb probe 4010000000000000", emu.Stdout);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void WriteMemory_TheGuestPrintsWhatTheDebuggerWrote(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // find leaves the address of the banner string in $_; the write goes out as X (or M).
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break main", "continue", "find /b 0x80100000, +0x40000, 'E', 'm', 'u', ' ', 'd', 'e', 'm', 'o'",
                "set {char}($_ + 1) = 'M'", "set {char}($_ + 2) = 'U'", "set {char}($_ + 3) = '!'", "x/s $_", "delete", "detach",
            ]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Infrastructure.Gdb.Has(r.All(), "\"EMU!demo guest");
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
            Assert.Contains("EMU!demo guest: MIPS32r2 Malta", emu.Stdout);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void Watchpoint_StopsAtTheStoringInstruction(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "watch ((unsigned int *)&mem)[5]", "continue", "p ((unsigned int *)&mem)[5]", "p ((unsigned int *)&mem)[6]",
                "x/i $pc - 4", "delete", "detach",
            ]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "Hardware watchpoint 1: ((unsigned int *)&mem)[5]");
            Infrastructure.Gdb.Has(text, "New value = 84215045"); // 5 * 0x01010101
            Infrastructure.Gdb.Has(text, "$1 = 84215045");
            Infrastructure.Gdb.Has(text, "$2 = 0"); // stopped right after the store to mem[5], before mem[6]
            Assert.Matches(@"\ssw\s", text); // the instruction just executed is the store
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
            Assert.Contains("demo: PASS", emu.Stdout);
        }
    }

    [SkippableTheory]
    [InlineData("be", true)]
    [InlineData("le", true)]
    [InlineData("be", false)]
    public void Stepi_AcrossBranchAndDelaySlot(string endian, bool osabiNone)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "branches");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            string[] before = osabiNone ? ["set osabi none"] : [];
            // t_beq: li v0,0 ; beq a0,a1,1f ; ori v0,v0,1 (slot) ; jr ra ; nop ; 1: jr ra ; ori v0,v0,2
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break *t_beq", "continue", "set $a0 = 7", "set $a1 = 7", "stepi", "p/x $pc - (int)t_beq",
                "stepi", "p/x $pc - (int)t_beq", "p/x $v0", "stepi", "p/x $pc - (int)t_beq", "p/x $v0", "delete", "detach",
            ], before);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "$1 = 0x4"); // at the branch
            if (osabiNone)
            {
                // Hardware step (vCont;s): stops in the delay slot with the branch pending, slot not run yet.
                Infrastructure.Gdb.Has(text, "$2 = 0x8");
                Infrastructure.Gdb.Has(text, "$3 = 0x0");
                Infrastructure.Gdb.Has(text, "$4 = 0x14"); // the slot ran and the branch was taken
                Infrastructure.Gdb.Has(text, "$5 = 0x1");
            }
            else
            {
                // Software single-step (Z0 at the target + vCont;c): branch and slot in one go.
                Infrastructure.Gdb.Has(text, "$2 = 0x14");
                Infrastructure.Gdb.Has(text, "$3 = 0x1");
            }
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), emu.Describe());
            Assert.Contains("branches: PASS", emu.Stdout);
        }
    }

    [SkippableFact]
    public void Interrupt_StopsARunningGuest()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "spin"); // never ends: still running when gdb interrupts, whatever the engine
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var script = Path.Combine(Path.GetTempPath(), $"emu-gdb-interrupt-{Environment.ProcessId}.py");
            File.WriteAllText(script, """
                import gdb, threading, time
                def later():
                    time.sleep(0.5)
                    gdb.post_event(lambda: gdb.execute("interrupt"))
                threading.Thread(target=later, daemon=True).start()
                gdb.execute("continue")
                """);
            try
            {
                var r = Infrastructure.Gdb.Run(elf, target, [$"source {script}", "p/x $pc", "info threads", "kill"]);
                var text = r.All();
                Infrastructure.Gdb.Has(text, "SIGINT");
                Infrastructure.Gdb.Has(text, "cpu0");
                Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(20)), "kill did not end emu\n" + emu.Describe());
            }
            finally
            {
                File.Delete(script);
            }
        }
    }

    [SkippableFact]
    public void Monitor_TranslateTlbExitsAndCompareSections()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "monitor help", "monitor cp0 prid", "monitor cp0 compare 1234", "monitor cp0 compare", "monitor translate 0x80100000", "monitor translate 0xa0001000", "monitor info tlb",
                "break main", "continue", "monitor exits", "compare-sections", "monitor reset", "maintenance flush register-cache", "p/x $pc", "kill",
            ]);
            var text = r.All();
            Infrastructure.Gdb.Has(text, "translate");
            Infrastructure.Gdb.Has(text, "PrId = 0x00019300");
            Infrastructure.Gdb.Has(text, "Compare = 0x00001234");
            Infrastructure.Gdb.Has(text, "gpa 0x00100000");
            Infrastructure.Gdb.Has(text, "gpa 0x00001000");
            Infrastructure.Gdb.Has(text, "guest TLB, 16 entries");
            Infrastructure.Gdb.Has(text, "instructions retired");
            Infrastructure.Gdb.Has(text, "matched");
            Assert.DoesNotContain("MIS-MATCHED", text);
            Infrastructure.Gdb.Has(text, "$1 = 0xbfc00000");
        }
    }

    [SkippableFact]
    public void Monitor_ShowsTheKvmPath_AndTriggersHostEvents()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break main", "continue",
                "monitor memslots", "monitor translate 0x80100000", "monitor gpa-pt 0x100000+0x10000",
                "monitor host ksm 0x100000+0x10000", "monitor host cow 0x100000+0x4000", "monitor host swap-out 0x200000+0x2000",
                "monitor host mprotect ro 0x300000", "monitor host mprotect rw 0x300000", "monitor host cow-release",
                "monitor dirty-log 0", "monitor kvm-stat", "x/4xw 0x80100000", "kill",
            ]);
            var text = r.All();
            Infrastructure.Gdb.Has(text, "slot 0: gpa 0x00000000-0x0fffffff (65536 pages)");
            Infrastructure.Gdb.Has(text, "slot 1: gpa 0x1fc00000");
            Infrastructure.Gdb.Has(text, "ReadOnly");
            Infrastructure.Gdb.Has(text, "memslot 0: gpa 0x00000000");
            Infrastructure.Gdb.Has(text, "host pte:");
            Infrastructure.Gdb.Has(text, "gpa pte: pfn=0x");
            Infrastructure.Gdb.Has(text, "present,");
            Infrastructure.Gdb.Has(text, "pages merged; mmu_notifier_seq");
            Infrastructure.Gdb.Has(text, "COW snapshot 1 taken");
            Infrastructure.Gdb.Has(text, "pages swapped out");
            Infrastructure.Gdb.Has(text, "write-protected");
            Infrastructure.Gdb.Has(text, "released 1 COW snapshots");
            Infrastructure.Gdb.Has(text, "does not log dirty pages (errno 2)");
            Infrastructure.Gdb.Has(text, "vcpu0: gpa faults fast");
            Infrastructure.Gdb.Has(text, "0x80100000");
        }
    }

    [SkippableFact]
    public void TwoVcpus_AreTwoThreads_EachWithItsOwnCpuNum()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var (emu, target) = StartHalted(elf, "--smp", "2");
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "info threads", "break main", "continue", "info threads",
                "thread 2", "monitor cp0 ebase", "thread 1", "monitor cp0 ebase", "kill",
            ]);
            var text = r.All();
            Infrastructure.Gdb.Has(text, "Thread 1.2");
            Infrastructure.Gdb.Has(text, "hit Breakpoint 1");
            // Whichever vCPU reaches main first stops both; EBase.CPUNum (bits 9..0) tells them apart.
            Assert.Matches(@"EBase = 0x8[0-9a-f]{4}001", text);
            Assert.Matches(@"EBase = 0x8[0-9a-f]{4}000", text);
        }
    }

    /// <summary>
    /// A debugger that sets a PC the guest cannot fetch from (unaligned, in the first page, where the interpreter's
    /// "no code page yet" state once matched and a null page was dereferenced) gets a guest exception on the step:
    /// AdEL with EPC = BadVAddr = that PC and the PC at the BEV general vector; emu stays alive and keeps serving.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void SetPcToAnUnfetchableAddress_ThenStepi_IsAGuestAddressError(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "demo");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
                ["set osabi none", "set $pc = 0xfcd", "stepi", "p/x $pc", "p/x $cause & 0x7c", "p/x $epc", "p/x $badvaddr", "set $pc = 0x5", "stepi", "p/x $badvaddr", "kill"]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Infrastructure.Gdb.Has(text, "$1 = 0xbfc00380");
            Infrastructure.Gdb.Has(text, "$2 = 0x10"); // ExcCode 4 (AdEL) << 2
            Infrastructure.Gdb.Has(text, "$3 = 0xfcd");
            Infrastructure.Gdb.Has(text, "$4 = 0xfcd");
            Infrastructure.Gdb.Has(text, "$5 = 0x5"); // the second (nested, EXL=1) AdEL keeps EPC, sets BadVAddr
            Assert.DoesNotContain("Exception", emu.Stderr);
        }
    }
}
