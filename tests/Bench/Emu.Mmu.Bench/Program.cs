using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Emu.Mmu.Bench.GpaFaultBenchmarks).Assembly).Run(args);
