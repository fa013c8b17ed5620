using Emu.Emulator.Loaders;

namespace Emu.Cli;

/// <summary>The guest programs compiled into `emu` (tools/guest/prebuilt, built by the cross toolchain).</summary>
public static class EmbeddedGuests
{
    public static ElfImage Load(string name, bool bigEndian)
    {
        var resource = $"guest/{(bigEndian ? "be" : "le")}/{name}.elf";
        using var stream = typeof(EmbeddedGuests).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"built-in guest '{resource}' is missing from this build");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ElfLoader.Parse(ms.ToArray());
    }
}
