using Emu.Emulator;
using Emu.Emulator.Cpu;
using Emu.Emulator.Debug;
using Emu.GdbStub;
using Emu.GdbStub.Monitor;
using Emu.GdbStub.Monitor.Kvm;
using Emu.GdbStub.Transport;

namespace Emu.Cli;

/// <summary>`emu run --gdb SPEC [-S]`: how the machine is served to a debugger.</summary>
public sealed record GdbOptions(GdbEndpoint Endpoint, bool StartHalted, bool ResumeOnDetach = true)
{
    /// <summary>A TCP client that sends no packet for this long is dropped (--gdb-idle-timeout).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs the machine under the gdb stub: the vCPU runs inside <see cref="DebugController.RunVcpu"/> on
/// this thread; the stub serves debuggers on its own threads. Returns Halted when the guest halts or a
/// debugger kills the run, StopRequested on Ctrl-C, null when the stub cannot listen.
/// </summary>
public static class GdbRun
{
    internal static StopReason? Run(Machine machine, GdbOptions options, ReplaySetup? replay = null)
    {
        var controller = new DebugController(machine.Cpus, options.StartHalted) { ResetMachine = machine.ResetBoard, TakeBoardReset = machine.TakeResetRequest };
        var killedByDebugger = false;
        var monitor = MonitorRegistry.CreateDefault();
        KvmMonitorCommands.Register(monitor, machine.Vm);
        Emu.Emulator.Snapshot.ReverseExecution? reverse = null;
        if (replay?.Store is { } store)
        {
            SnapshotCommands.Register(monitor, store);
            // --snapshot-every under the stub: gdb may go backwards (bs/bc) through the automatic history.
            if (replay.Hook is { } hook)
            {
                reverse = new Emu.Emulator.Snapshot.ReverseExecution(machine, store, controller, hook);
            }
        }
        using var server = new GdbServer(controller, options.Endpoint, new GdbListeningLog(Console.Error, options.StartHalted), monitor)
        {
            ResumeOnDetach = options.ResumeOnDetach,
            IdleTimeout = options.IdleTimeout,
            Reverse = reverse,
        };
        server.Killed += () => killedByDebugger = true;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            controller.Kill();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM: RunCommand sees it too and reports it; here it only has to end the debugger's run loop.
        using var sigterm = TerminationSignal.Listen(controller.Kill);
        try
        {
            try
            {
                server.Start();
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"emu: error: gdb stub: {e.Message}");
                return null;
            }
            // vCPU 0 runs here, the others on their own threads, all under the controller (all-stop).
            machine.Pressure?.Start();
            var secondaries = Enumerable.Range(1, machine.Cpus.Count - 1)
                .Select(i => new Thread(() => controller.RunVcpu(i)) { IsBackground = true, Name = $"vcpu{i}" })
                .ToList();
            secondaries.ForEach(t => t.Start());
            StopReason reason;
            try
            {
                reason = controller.RunVcpu(0);
            }
            finally
            {
                if (secondaries.Count > 0)
                {
                    controller.Kill();
                    secondaries.ForEach(t => t.Join());
                }
                machine.Pressure?.Stop();
            }
            return killedByDebugger ? StopReason.Halted : reason;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
