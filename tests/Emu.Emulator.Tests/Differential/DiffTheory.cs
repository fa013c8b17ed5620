namespace Emu.Emulator.Tests.Differential;

internal static class DiffTheory
{
    /// <summary>Every mnemonic in both byte orders.</summary>
    public static TheoryData<string, bool> Cases(IEnumerable<string> mnemonics)
    {
        var data = new TheoryData<string, bool>();
        foreach (var m in mnemonics)
        {
            data.Add(m, true);
            data.Add(m, false);
        }
        return data;
    }
}
