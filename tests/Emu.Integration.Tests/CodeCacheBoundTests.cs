using System.Diagnostics;
using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Decoded code is a bounded cache: four vCPUs (a limit of 40M instructions each) running through 160 MiB of zeroed
/// RAM each (tools/guest/smp-nop-sled, a nop sled; 40,960 pages per vCPU, 1.3 GB of decoded slots if nothing were
/// dropped) must keep emu's peak resident memory (VmHWM, read from /proc while it runs) within twice the guest's
/// 256 MiB of RAM, as the robustness issue asks.
/// </summary>
public class CodeCacheBoundTests
{
    [SkippableFact]
    public void NopSledOnFourVcpus_PeakRss_StaysWithinTwiceGuestRam()
    {
        var elf = GuestBuild.Elf("le", "smp-nop-sled");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in (string[])["exec", RepoPaths.EmuDll, "run", "--clock", "insns", "--smp", "4", "-m", "256", "--stats",
                     "-no-reboot", "--max-insns", "40000000", "-kernel", elf, "-append", "cpus=4"])
        {
            psi.ArgumentList.Add(a);
        }
        using var emu = Process.Start(psi)!;
        var stderr = emu.StandardError.ReadToEndAsync();
        var stdout = emu.StandardOutput.ReadToEndAsync();
        long peakKib = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!emu.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                var hwm = File.ReadLines($"/proc/{emu.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (hwm is not null)
                {
                    peakKib = Math.Max(peakKib, long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
                }
            }
            catch (IOException)
            {
                // exited between the check and the read
            }
            Thread.Sleep(50);
        }
        Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(10)), "emu did not finish");
        var err = stderr.Result;
        Assert.True(emu.ExitCode == 3, $"exit {emu.ExitCode}\n{stdout.Result}\n{err}"); // the instruction limit ends the run
        var m = Regex.Match(err, @"decoded-pages=(\d+) code-cache-evictions=(\d+)");
        Assert.True(m.Success, err);
        Assert.True(long.Parse(m.Groups[2].Value) > 0, "the sled should have filled the code cache: " + m.Value);
        Assert.InRange(peakKib, 1, 512 * 1024);
    }
}
