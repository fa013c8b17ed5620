namespace Emu.Emulator.Boards.Boot;

/// <summary>
/// What <c>emu run -kernel K [-initrd I] [-append C]</c> hands the machine: the kernel is booted with the
/// YAMON protocol (<see cref="YamonBootInfo"/>) instead of the bare ELF entry used for test programs.
/// </summary>
/// <param name="KernelName">argv[0] (QEMU passes the -kernel file name).</param>
/// <param name="CommandLine">The kernel command line (-append), without the rd_start/rd_size QEMU prepends.</param>
/// <param name="Initrd">The initrd's bytes, placed high in low RAM, or null.</param>
public sealed record KernelBoot(string KernelName, string CommandLine, byte[]? Initrd);
