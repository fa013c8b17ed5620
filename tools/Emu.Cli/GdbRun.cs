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
/// Runs the machine under the gdb stub: the debugger plugs into the machine's run loop
/// (<see cref="Machine.AttachDebugger"/>) and <see cref="Machine.Run"/> runs the vCPUs on this thread and their
/// own, as without a debugger; the stub serves debuggers on its own threads. Returns Halted when the guest halts
/// or a debugger kills the run, StopRequested on Ctrl-C/SIGTERM, InstructionLimit at --max-insns, null when the
/// stub cannot listen.
/// </summary>
public static class GdbRun
{
    internal static StopReason? Run(Machine machine, GdbOptions options, long maxInstructions = long.MaxValue, ReplaySetup? replay = null)
    {
        var controller = machine.AttachDebugger(options.StartHalted);
        var killedByDebugger = false;
        var monitor = MonitorRegistry.CreateDefault();
        KvmMonitorCommands.Register(monitor, new KvmMmuInspector(machine.Vm));
        monitor.Register(new JitCommand(JitInspector.For(machine.Cpus)));
        IReverseDebugger? reverse = null;
        if (replay?.Store is { } store)
        {
            SnapshotCommands.Register(monitor, new Emu.Emulator.Snapshot.SnapshotMonitor(store));
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
            machine.RequestStop();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM: RunCommand sees it too and reports it; here it only has to end the run.
        using var sigterm = TerminationSignal.Listen(machine.RequestStop);
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
            var reason = machine.Run(maxInstructions);
            server.ReportExit(TimeSpan.FromSeconds(1));
            return killedByDebugger ? StopReason.Halted : reason;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
