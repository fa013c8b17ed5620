using Emu.Emulator.Devices;

namespace Emu.Cli;

/// <summary>
/// Feeds the host's stdin to the guest UART from a background thread, with QEMU's console escapes:
/// Ctrl-A x quits, Ctrl-A Ctrl-A sends one Ctrl-A; Ctrl-A followed by anything else sends both.
/// </summary>
public static class StdinPump
{
    private const byte CtrlA = 0x01;

    public static void Start(Uart16550 uart, Action quit)
    {
        var thread = new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                var escape = false;
                var outgoing = new List<byte>(512);
                int n;
                while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0)
                {
                    outgoing.Clear();
                    for (var i = 0; i < n; i++)
                    {
                        var b = buffer[i];
                        if (escape)
                        {
                            escape = false;
                            if (b is (byte)'x' or (byte)'X')
                            {
                                uart.EnqueueInput(outgoing.ToArray());
                                quit();
                                return;
                            }
                            if (b != CtrlA)
                            {
                                outgoing.Add(CtrlA);
                            }
                            outgoing.Add(b);
                        }
                        else if (b == CtrlA)
                        {
                            escape = true;
                        }
                        else
                        {
                            outgoing.Add(b);
                        }
                    }
                    uart.EnqueueInput(outgoing.ToArray());
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
