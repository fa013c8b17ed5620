using System.Text;

namespace Emu.GdbStub.Mips;

/// <summary>
/// target.xml served through qXfer:features:read (GDB "Target Descriptions", "MIPS Features"). All
/// features inline: gdb requires org.gnu.gdb.mips.cpu, .cp0 and .fpu (the FPU is mandatory in
/// mips_gdbarch_init even for FPU-less cores); Emu's extra CP0 registers form a custom feature that
/// gdb shows as generic registers in the "system" group. No endianness here: RSP cannot carry it.
/// </summary>
internal static class TargetDescription
{
    public static string Xml { get; } = Build();

    private static string Build()
    {
        var x = new StringBuilder();
        x.Append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.Append("<architecture>mips</architecture>\n");
        x.Append("<feature name=\"org.gnu.gdb.mips.cpu\">\n");
        for (var i = 0; i < 32; i++)
        {
            Reg(x, $"r{i}", i);
        }
        Reg(x, "lo", MipsRegisterMap.Lo);
        Reg(x, "hi", MipsRegisterMap.Hi);
        Reg(x, "pc", MipsRegisterMap.Pc);
        x.Append("</feature>\n<feature name=\"org.gnu.gdb.mips.cp0\">\n");
        Reg(x, "status", MipsRegisterMap.Status);
        Reg(x, "badvaddr", MipsRegisterMap.BadVAddr);
        Reg(x, "cause", MipsRegisterMap.Cause);
        x.Append("</feature>\n<feature name=\"org.gnu.gdb.mips.fpu\">\n");
        for (var i = 0; i < 32; i++)
        {
            Reg(x, $"f{i}", MipsRegisterMap.FirstFpr + i, " type=\"ieee_single\"");
        }
        Reg(x, "fcsr", MipsRegisterMap.Fcsr, " group=\"float\"");
        Reg(x, "fir", MipsRegisterMap.Fir, " group=\"float\"");
        x.Append("</feature>\n<feature name=\"org.emu.mips.cp0\">\n");
        for (var i = 0; i < MipsRegisterMap.ExtraCp0.Length; i++)
        {
            Reg(x, MipsRegisterMap.ExtraCp0[i].Name, MipsRegisterMap.FirstExtra + i, " group=\"system\"");
        }
        x.Append("</feature>\n</target>\n");
        return x.ToString();
    }

    private static void Reg(StringBuilder x, string name, int regnum, string extra = "") =>
        x.Append($"  <reg name=\"{name}\" bitsize=\"32\" regnum=\"{regnum}\"{extra}/>\n");
}
