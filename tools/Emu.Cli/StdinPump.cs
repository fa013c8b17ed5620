using Emu.Emulator.Devices;

namespace Emu.Cli;

/// <summary>Feeds the host's stdin to the guest UART from a background thread.</summary>
public static class StdinPump
{
    public static void Start(Uart16550 uart)
    {
        var thread = new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                int n;
                while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0)
                {
                    uart.EnqueueInput(buffer.AsSpan(0, n));
                }
            }
            catch (IOException)
            {
                // stdin closed or unavailable: the guest simply receives nothing more.
            }
        })
        {
            IsBackground = true,
            Name = "stdin→uart",
        };
        thread.Start();
    }
}
