using System.Globalization;
using System.Net;

namespace Emu.GdbStub.Transport;

/// <summary>
/// Where the stub listens, parsed from the QEMU-style spelling: "tcp::1234" (127.0.0.1), "tcp:ADDR:PORT",
/// "1234", or "serial:/dev/ttyS1[,BAUD]". Port 0 picks a free port (printed at start).
/// </summary>
public abstract record GdbEndpoint
{
    public static GdbEndpoint Parse(string spec)
    {
        if (spec.StartsWith("serial:", StringComparison.Ordinal))
        {
            var rest = spec["serial:".Length..];
            var comma = rest.LastIndexOf(',');
            var baud = 115200;
            if (comma >= 0)
            {
                if (!int.TryParse(rest[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out baud) || baud <= 0)
                {
                    throw new FormatException($"bad baud rate in '{spec}'");
                }
                rest = rest[..comma];
            }
            if (rest.Length == 0)
            {
                throw new FormatException($"no device in '{spec}' (expected serial:/dev/ttyS1[,115200])");
            }
            return new SerialEndpoint(rest, baud);
        }
        var body = spec.StartsWith("tcp:", StringComparison.Ordinal) ? spec["tcp:".Length..] : spec;
        var colon = body.LastIndexOf(':');
        var host = colon < 0 ? "" : body[..colon];
        var portText = colon < 0 ? body : body[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"bad gdb endpoint '{spec}' (expected tcp::PORT, tcp:ADDR:PORT or serial:DEVICE[,BAUD])");
        }
        IPAddress address;
        if (host.Length == 0)
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host.Trim('[', ']'), out address!))
        {
            address = host == "localhost" ? IPAddress.Loopback : throw new FormatException($"bad address '{host}' in '{spec}'");
        }
        return new TcpEndpoint(address, port);
    }
}

public sealed record TcpEndpoint(IPAddress Address, int Port) : GdbEndpoint;

public sealed record SerialEndpoint(string Device, int Baud) : GdbEndpoint;
