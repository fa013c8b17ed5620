using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Emu.Tracing.Bench.EmissionBenchmarks).Assembly).Run(args);
