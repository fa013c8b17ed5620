using System.Reflection;
using Emu.Emulator.Cpu;
using Emu.Emulator.Kvm;

namespace Emu.Emulator.Tests.Layering;

/// <summary>
/// DESIGN.md "The parts": nothing below the CPU imports the CPU. The memory path (Kvm, Memory, Mmu, HostMemory) reaches
/// vCPUs only through interfaces the CPU implements (Memory/IVcpuRequests, Memory/ICodeCoherence), so no type there
/// may name a type of Emu.Emulator.Cpu in its base types, fields, properties, method signatures or locals (compiler-
/// generated closures included: they are nested types of the same namespace).
/// </summary>
public sealed class MemoryPathLayeringTests
{
    private static readonly string[] s_belowTheCpu = ["Emu.Emulator.Kvm", "Emu.Emulator.Memory", "Emu.Emulator.Mmu", "Emu.Emulator.HostMemory"];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void NoTypeOfTheMemoryPath_NamesACpuType()
    {
        var offenders = new List<string>();
        var types = typeof(Vm).Assembly.GetTypes().Where(t => s_belowTheCpu.Contains(t.Namespace)).ToList();
        Assert.Contains(typeof(Vm), types);
        foreach (var type in types)
        {
            foreach (var (where, used) in TypesUsedBy(type))
            {
                if (Expand(used).Any(IsCpuType))
                {
                    offenders.Add($"{type.FullName} {where}: {used}");
                }
            }
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheCheck_SeesACpuTypeInAFieldAndALocal()
    {
        // The test above would pass vacuously if TypesUsedBy saw nothing: it must see these.
        var used = TypesUsedBy(typeof(Probe)).Select(u => u.Used).SelectMany(Expand).ToList();
        Assert.Contains(typeof(Mips32Cpu), used);
        Assert.Contains(typeof(StopReason), used);
    }

    private sealed class Probe
    {
        private readonly List<Mips32Cpu> _cpus = [];

        public int Count()
        {
            var reason = StopReason.Halted;
            return _cpus.Count + (int)reason;
        }
    }

    private static bool IsCpuType(Type t) => t.Namespace is { } ns && (ns == "Emu.Emulator.Cpu" || ns.StartsWith("Emu.Emulator.Cpu.", StringComparison.Ordinal));

    /// <summary>A type and what it is built from: generic arguments, array/pointer/by-ref element types.</summary>
    private static IEnumerable<Type> Expand(Type t)
    {
        yield return t;
        if (t.HasElementType && t.GetElementType() is { } element)
        {
            foreach (var e in Expand(element))
            {
                yield return e;
            }
        }
        if (t.IsGenericType)
        {
            foreach (var a in t.GetGenericArguments())
            {
                foreach (var e in Expand(a))
                {
                    yield return e;
                }
            }
        }
    }

    private static IEnumerable<(string Where, Type Used)> TypesUsedBy(Type type)
    {
        if (type.BaseType is { } b)
        {
            yield return ("base", b);
        }
        foreach (var i in type.GetInterfaces())
        {
            yield return ("interface", i);
        }
        foreach (var f in type.GetFields(Declared))
        {
            yield return ($"field {f.Name}", f.FieldType);
        }
        foreach (var p in type.GetProperties(Declared))
        {
            yield return ($"property {p.Name}", p.PropertyType);
        }
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi)
            {
                yield return ($"{m.Name} returns", mi.ReturnType);
            }
            foreach (var p in m.GetParameters())
            {
                yield return ($"{m.Name}({p.Name})", p.ParameterType);
            }
            foreach (var l in m.GetMethodBody()?.LocalVariables ?? [])
            {
                yield return ($"{m.Name} local {l.LocalIndex}", l.LocalType);
            }
        }
    }
}
