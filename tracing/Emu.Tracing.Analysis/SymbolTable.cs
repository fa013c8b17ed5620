using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Guest function symbols for `emu-trace profile`: from an ELF32 file's .symtab (a guest program, vmlinux;
/// either byte order) or from System.map / /proc/kallsyms text ("ADDR TYPE NAME"). Addresses are the guest's
/// 32-bit virtual addresses (nm prints MIPS32 ones sign-extended to 64 bits; they are masked back).
/// </summary>
public sealed class SymbolTable
{
    private readonly (uint Address, uint Size, string Name)[] _symbols;

    private SymbolTable(IEnumerable<(uint Address, uint Size, string Name)> symbols) =>
        _symbols = [.. symbols.DistinctBy(s => s.Address).OrderBy(s => s.Address)];

    public int Count => _symbols.Length;

    public static readonly SymbolTable Empty = new([]);

    /// <summary>Reads an ELF file or a symbol-map text; a file that is neither throws InvalidDataException.</summary>
    public static SymbolTable Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var table = bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F'
            ? new SymbolTable(FromElf(bytes, path))
            : new SymbolTable(FromMap(Encoding.UTF8.GetString(bytes), path));
        return table.Count > 0 ? table : throw new InvalidDataException($"{path}: no function symbols (an ELF with .symtab, or System.map/kallsyms text)");
    }

    /// <summary>"name+0xoff" for the function containing <paramref name="pc"/>, as a (function, offset) pair; "?" when unknown.</summary>
    public (string Function, uint Offset) Lookup(ulong pc)
    {
        var a = (uint)pc;
        int lo = 0, hi = _symbols.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_symbols[mid].Address <= a)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0)
        {
            return ("?", 0);
        }
        var s = _symbols[found];
        // A sized symbol (ELF FUNC; an ELF label, to its section's end) covers [addr, addr+size); a map entry runs to the next symbol.
        return s.Size != 0 && a - s.Address >= s.Size ? ("?", 0) : (s.Name, a - s.Address);
    }

    private static IEnumerable<(uint, uint, string)> FromMap(string text, string path)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', '\t').Where(p => p.Length > 0).ToArray();
            if (parts.Length < 3 || parts[1].Length != 1 || !ulong.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var addr))
            {
                throw new InvalidDataException($"{path}: not an ELF file nor a System.map/kallsyms line: '{(line.Length > 60 ? line[..60] : line)}'");
            }
            if ("tTwW".Contains(parts[1][0], StringComparison.Ordinal))
            {
                yield return ((uint)addr, 0u, parts[2]);
            }
        }
    }

    /// <summary>ELF32 (System V gABI, "Symbol Table"): FUNC symbols, and NOTYPE labels in executable sections (asm entry points).</summary>
    private static List<(uint, uint, string)> FromElf(byte[] b, string path)
    {
        if (b.Length < 52 || b[4] != 1)
        {
            throw new InvalidDataException($"{path}: not a 32-bit ELF file");
        }
        var big = b[5] == 2;
        uint U32(int o) => big ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
        ushort U16(int o) => big ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));
        try
        {
            var shoff = (int)U32(32);
            var shentsize = U16(46);
            var shnum = U16(48);
            var result = new List<(uint, uint, string)>();
            for (var i = 0; i < shnum; i++)
            {
                var sh = shoff + (i * shentsize);
                if (U32(sh + 4) != 2) // SHT_SYMTAB
                {
                    continue;
                }
                var symOff = (int)U32(sh + 16);
                var symSize = (int)U32(sh + 20);
                var strSh = shoff + ((int)U32(sh + 24) * shentsize); // sh_link: the string table
                var strOff = (int)U32(strSh + 16);
                for (var s = symOff; s + 16 <= symOff + symSize; s += 16)
                {
                    var info = b[s + 12];
                    var type = info & 0xf;
                    var shndx = U16(s + 14);
                    if (shndx == 0 || shndx >= shnum || (type != 2 && !(type == 0 && (U32(shoff + (shndx * shentsize) + 8) & 0x4) != 0)))
                    {
                        continue; // not FUNC, and not a NOTYPE label in an SHF_EXECINSTR section
                    }
                    var nameAt = strOff + (int)U32(s);
                    var end = Array.IndexOf(b, (byte)0, nameAt);
                    var name = Encoding.UTF8.GetString(b, nameAt, end - nameAt);
                    if (name.Length == 0 || name.StartsWith('$') || name.StartsWith(".L", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    // A FUNC has its size; an asm label (NOTYPE, size 0) covers up to the next symbol but never past the
                    // end of its section, so code outside every section (the boot stub in flash) is "?", not label+0x3fa....
                    var value = U32(s + 4);
                    var section = shoff + (shndx * shentsize);
                    var sectionEnd = U32(section + 12) + U32(section + 20); // sh_addr + sh_size
                    var size = type == 2 ? U32(s + 8) : sectionEnd > value ? sectionEnd - value : 1; // a label at the very end: itself only
                    result.Add((value, size, name));
                }
            }
            return result;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: ELF file is truncated or malformed");
        }
    }
}
