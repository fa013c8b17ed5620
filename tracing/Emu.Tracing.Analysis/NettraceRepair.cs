using System.Buffers.Binary;
using System.Text;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Finds how much of a .nettrace file is whole, so a truncated trace (a killed collector, a full disk) can
/// be read up to where it breaks. TraceEvent throws on the first short read and, because it dispatches
/// events in time order at sequence points, loses everything it had buffered; given the whole-object prefix
/// plus the end-of-stream tag instead, it dispatches all of it.
/// </summary>
/// <remarks>
/// Layout (TraceEvent's NetTraceFormat.md, FastSerialization): "Nettrace", then the length-prefixed
/// "!FastSerialization.1", then objects, each <c>BeginPrivateObject(5)</c>, a type header
/// (<c>5, NullReference(1), version, minReaderVersion, name length, name, EndObject(6)</c>), a payload and
/// <c>EndObject(6)</c>; the stream ends with <c>NullReference(1)</c>. The Trace object's payload is 48 fixed
/// bytes; every block's payload is an Int32 size, padding to a 4-byte file offset, then that many bytes.
/// </remarks>
public static class NettraceRepair
{
    private const byte NullReference = 1;
    private const byte BeginPrivateObject = 5;
    private const byte EndObject = 6;
    private const int TracePayloadBytes = 48;

    /// <summary>Length of the prefix made of whole objects, and whether the file is complete.</summary>
    public static (long WholeLength, bool Complete) Scan(Stream file)
    {
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        long whole = 0;
        try
        {
            if (Encoding.ASCII.GetString(reader.ReadBytes(8)) != "Nettrace")
            {
                throw new InvalidDataException("not a .nettrace file (no 'Nettrace' magic)");
            }
            var n = reader.ReadInt32();
            if (n is <= 0 or > 64 || !Encoding.ASCII.GetString(reader.ReadBytes(n)).StartsWith("!FastSerialization", StringComparison.Ordinal))
            {
                throw new InvalidDataException("not a .nettrace file (no FastSerialization header)");
            }
            whole = file.Position;
            while (true)
            {
                var tag = reader.ReadByte();
                if (tag == NullReference)
                {
                    return (file.Position, true);
                }
                if (tag != BeginPrivateObject || reader.ReadByte() != BeginPrivateObject || reader.ReadByte() != NullReference)
                {
                    return (whole, false); // garbage where an object should start: keep what came before
                }
                reader.ReadInt32(); // version
                reader.ReadInt32(); // minimum reader version
                var nameLength = reader.ReadInt32();
                if (nameLength is < 0 or > 256)
                {
                    return (whole, false);
                }
                var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
                if (reader.ReadByte() != EndObject)
                {
                    return (whole, false);
                }
                if (name == "Trace")
                {
                    Skip(file, TracePayloadBytes);
                }
                else
                {
                    var size = reader.ReadInt32();
                    Skip(file, (4 - (file.Position & 3)) & 3);
                    Skip(file, size);
                }
                if (reader.ReadByte() != EndObject)
                {
                    return (whole, false);
                }
                whole = file.Position;
            }
        }
        catch (EndOfStreamException)
        {
            if (whole == 0)
            {
                throw new InvalidDataException("not a .nettrace file (too short)");
            }
            return (whole, false);
        }
    }

    /// <summary>A read-only view of the whole-object prefix followed by the end-of-stream tag.</summary>
    public static Stream Repaired(Stream file, long wholeLength)
    {
        file.Position = 0;
        return new ConcatStream(file, wholeLength, [NullReference]);
    }

    private static void Skip(Stream file, long bytes)
    {
        if (bytes < 0 || file.Position + bytes > file.Length)
        {
            throw new EndOfStreamException();
        }
        file.Seek(bytes, SeekOrigin.Current);
    }
}
