using System.Globalization;
using System.Text;

namespace Emu.GdbStub.Protocol;

/// <summary>Hex helpers for RSP payloads (lower-case on output, either case on input).</summary>
internal static class Hex
{
    /// <summary>
    /// Parses an address or length of up to 16 hex digits. Addresses are masked to 32 bits by the
    /// caller: gdb sends MIPS pointers sign-extended (GDB-RSP-MIPS.md §6, qCRC:ffffffff80100000).
    /// </summary>
    public static ulong ParseULong(string s)
    {
        if (s.Length is 0 or > 16 || !ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException($"not a hex number: '{s}'");
        }
        return v;
    }

    public static uint ParseAddress(string s) => (uint)ParseULong(s);

    public static uint ParseLength(string s)
    {
        var v = ParseULong(s);
        if (v > 0x7fffffff)
        {
            throw new FormatException("length out of range");
        }
        return (uint)v;
    }

    public static byte[] ParseBytes(string s)
    {
        if ((s.Length & 1) != 0)
        {
            throw new FormatException("odd number of hex digits");
        }
        return Convert.FromHexString(s);
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string EncodeText(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string DecodeText(string hex) => Encoding.UTF8.GetString(ParseBytes(hex));

    /// <summary>A 32-bit register in target byte order (RSP g/p: bytes as they lie in memory).</summary>
    public static string Register(uint value, bool bigEndian)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }
        return Encode(b);
    }

    public static uint ParseRegister(string hex, bool bigEndian)
    {
        var b = ParseBytes(hex);
        if (b.Length < 4)
        {
            throw new FormatException("register value too short");
        }
        // gdb may send 8 bytes for a 64-bit view; the low word is the first 4 bytes on LE, last 4 on BE.
        return bigEndian
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(b.Length - 4))
            : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b);
    }
}
