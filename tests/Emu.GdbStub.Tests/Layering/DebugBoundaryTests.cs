using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Emu.GdbStub.Monitor.Kvm;

namespace Emu.GdbStub.Tests.Layering;

/// <summary>
/// CONVENTIONS.md: the gdb stub reaches the emulator only through emulator/Debug/ (ICpuDebugTarget, DebugController,
/// IMmuInspector). Read from the stub's own metadata: every type it references in Emu.Emulator is in Emu.Emulator.Debug,
/// or is one of the MIPS architecture's value vocabularies the debug interfaces speak (exception codes, CP0 register
/// numbers, a translation result, the read-only TLB view and its entries), none of which has behaviour to reach.
/// The host OS bindings in Emu.Emulator.Host (termios for the serial line) are plumbing, not the machine, and allowed;
/// so is the disassembler, which turns a word into text and reaches nothing.
/// </summary>
public sealed class DebugBoundaryTests
{
    private static readonly HashSet<string> s_vocabulary =
    [
        "Emu.Emulator.Cpu.ExcCode",
        "Emu.Emulator.Cp0.Cp0Register",
        "Emu.Emulator.Cp0.Tlb.TranslateResult",
        "Emu.Emulator.Cp0.Tlb.IReadOnlyTlb",
        "Emu.Emulator.Cp0.Tlb.TlbEntry",
        "Emu.Emulator.Host.Termios",
        // Text of an instruction word: a pure function of the word and its address, like the enums above.
        "Emu.Emulator.Decoder.Syntax.Disassembler",
    ];

    [Fact]
    public void TheStub_ReferencesTheEmulatorOnlyThroughDebug()
    {
        var referenced = EmulatorTypesReferencedBy(typeof(KvmMonitorCommands).Assembly.Location);
        Assert.Contains("Emu.Emulator.Debug.IMmuInspector", referenced); // the check reads real references
        var outside = referenced.Where(n => !n.StartsWith("Emu.Emulator.Debug.", StringComparison.Ordinal) && !s_vocabulary.Contains(n)).ToList();
        Assert.Empty(outside);
    }

    private static List<string> EmulatorTypesReferencedBy(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in md.TypeReferences)
        {
            var name = FullName(md, md.GetTypeReference(handle));
            if (name.StartsWith("Emu.Emulator.", StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>Namespace.Name; a nested type is named by its outermost type's namespace (Outer+Inner).</summary>
    private static string FullName(MetadataReader md, TypeReference t)
    {
        var name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(md, md.GetTypeReference((TypeReferenceHandle)t.ResolutionScope)) + "+" + name;
        }
        var ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
