using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Emu.Bench.GpaFaultBenchmarks).Assembly).Run(args);
