using System.CommandLine;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Loaders;

namespace Emu.Cli;

/// <summary>
/// `emu boot-debian`: fetch Debian 12's Malta kernel and busybox, build the initramfs (the embedded
/// tools/linux/fetch-debian-malta.sh, cached in EMU_LINUX_CACHE or ~/.cache/emu-linux; see
/// <see cref="DebianMaltaFetch"/>), and boot them with the console on stdin/stdout. It takes the same
/// machine, pressure and gdb options as `emu run` (<see cref="MachineCliOptions"/>).
/// </summary>
public static class BootDebianCommand
{
    /// <summary>The largest initrd read: it must fit in guest RAM (256 MiB at most) anyway.</summary>
    private const long MaxInitrdBytes = 256L << 20;

    public static Command Create()
    {
        var append = new Option<string?>("--append", "-append")
        {
            Description = "Extra kernel command line after 'console=ttyS0'",
        };
        var command = new Command("boot-debian", "Fetch Debian's stock Malta kernel and a busybox initramfs, then boot them (Ctrl-A x quits)")
        {
            append,
        };
        var shared = new MachineCliOptions();
        shared.AddTo(command);
        var clock = new ClockOption();
        clock.AddTo(command);
        command.SetAction(parse =>
        {
            // The Malta kernel package is little-endian (mipsel).
            if (shared.Read(parse, bigEndian: null, out var settings) is { } error)
            {
                return RunCommand.Fail(error);
            }
            var machine = settings.Machine;
            if (clock.Apply(parse, Emu.Emulator.Timing.GuestClockSource.Host, ref machine) is { } clockError)
            {
                return RunCommand.Fail(clockError);
            }
            settings = settings with { Machine = machine };
            if (DebianMaltaFetch.Run() is not var (vmlinuz, initrd))
            {
                return ExitCodes.HostError;
            }
            ElfImage image;
            byte[] rd;
            try
            {
                image = ElfLoader.Load(vmlinuz, "kernel");
                rd = InputFile.ReadAll(initrd, MaxInitrdBytes, "initrd");
            }
            catch (ElfLoadException e)
            {
                return RunCommand.Fail($"{vmlinuz}: {e.Message}");
            }
            catch (InputFileException e)
            {
                return RunCommand.Fail(e.Message);
            }
            var cmdline = $"console=ttyS0 {parse.GetValue(append)}".Trim();
            var boot = new KernelBoot(vmlinuz, cmdline, rd);
            // Not with a gdb stub: its own lines ("waiting for a debugger") would share the status line.
            var status = settings.Gdb is null ? DecompressingStatus.Show() : null;
            return RunCommand.Run(image, boot, settings, status is null ? null : status.Clear);
        });
        return command;
    }
}
