using System.Buffers.Binary;

namespace Emu.GdbStub.Tests.Infrastructure;

/// <summary>Looks a symbol up in an ELF32 file's .symtab (enough for the test guests; either byte order).</summary>
public static class ElfSymbols
{
    public static uint Find(string path, string name)
    {
        var f = File.ReadAllBytes(path);
        var be = f[5] == 2;
        uint U32(int o) => be ? BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(o)) : BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(o));
        ushort U16(int o) => be ? BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(o)) : BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(o));
        var shoff = (int)U32(0x20);
        var shentsize = U16(0x2e);
        var shnum = U16(0x30);
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + (i * shentsize);
            if (U32(sh + 4) != 2)
            {
                continue; // SHT_SYMTAB only
            }
            var strtab = shoff + ((int)U32(sh + 24) * shentsize);
            var strOff = (int)U32(strtab + 16);
            var off = (int)U32(sh + 16);
            var size = (int)U32(sh + 20);
            for (var s = off; s < off + size; s += 16)
            {
                var n = strOff + (int)U32(s);
                var end = Array.IndexOf(f, (byte)0, n);
                if (System.Text.Encoding.ASCII.GetString(f, n, end - n) == name)
                {
                    return U32(s + 4);
                }
            }
        }
        throw new InvalidOperationException($"{name} not found in {path}");
    }
}
