using System.Net;
using Emu.Emulator;
using Emu.Emulator.Debug;
using Emu.Emulator.Loaders;
using Emu.GdbStub.Tests.Infrastructure;
using Emu.GdbStub.Transport;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Protocol;

/// <summary>
/// Packet families against an in-process machine (the prebuilt demo guest, big-endian) and a real
/// <see cref="GdbServer"/> on a loopback port, its vCPU on a thread of its own: raw packets, exact replies.
/// </summary>
public sealed class PacketTests : IDisposable
{
    private readonly Machine _machine;
    private readonly DebugController _controller;
    private readonly GdbServer _server;
    private readonly Thread _vcpu;
    private readonly RspClient _gdb;

    public PacketTests()
    {
        var image = ElfLoader.Load(Path.Combine(RepoPaths.GuestSources, "prebuilt", "be", "demo.elf"));
        _machine = Machine.FromElf(image, new MachineOptions());
        _controller = _machine.AttachDebugger(startHalted: true);
        _server = new GdbServer(_controller, new TcpEndpoint(IPAddress.Loopback, 0), TextWriter.Null) { ResumeOnDetach = false };
        _server.Start();
        _vcpu = new Thread(() => _machine.Run()) { IsBackground = true };
        _vcpu.Start();
        _gdb = new RspClient(_server.Port);
        Assert.Contains("PacketSize=4000", _gdb.Ask("qSupported:multiprocess+;swbreak+;hwbreak+"));
    }

    public void Dispose()
    {
        _gdb.Dispose();
        _controller.Kill();
        _vcpu.Join(TimeSpan.FromSeconds(10));
        _server.Dispose();
        _machine.Dispose();
    }

    private uint Symbol(string name) => ElfSymbols.Find(Path.Combine(RepoPaths.GuestSources, "prebuilt", "be", "demo.elf"), name);

    [Fact]
    public void Handshake_StopReason_Threads_Attached()
    {
        Assert.StartsWith("T05thread:p1.1;", _gdb.Ask("?"));
        Assert.Equal("", _gdb.Ask("vMustReplyEmpty"));
        Assert.Equal("OK", _gdb.Ask("Hgp0.0"));
        Assert.Equal("mp1.1", _gdb.Ask("qfThreadInfo"));
        Assert.Equal("l", _gdb.Ask("qsThreadInfo"));
        Assert.Equal("QCp1.1", _gdb.Ask("qC"));
        Assert.Equal("1", _gdb.Ask("qAttached:1"));
        Assert.Equal("OK", _gdb.Ask("Tp1.1"));
        Assert.Equal("E22", _gdb.Ask("Tp1.2"));
        Assert.Equal("vCont;c;C;s;S", _gdb.Ask("vCont?"));
        Assert.Contains("cpu0 stopped", System.Text.Encoding.UTF8.GetString(Convert.FromHexString(_gdb.Ask("qThreadExtraInfo,p1.1"))));
        Assert.Contains("name=\"cpu0\"", _gdb.Ask("qXfer:threads:read::0,1000"));
    }

    [Fact]
    public void TargetXml_IsServedInChunks()
    {
        var first = _gdb.Ask("qXfer:features:read:target.xml:0,40");
        Assert.Equal('m', first[0]);
        Assert.Equal(0x40, first.Length - 1);
        var all = "";
        for (var offset = 0; ; offset += 200)
        {
            var part = _gdb.Ask($"qXfer:features:read:target.xml:{offset:x},c8");
            all += part[1..];
            if (part[0] == 'l')
            {
                break;
            }
        }
        Assert.Contains("org.gnu.gdb.mips.fpu", all);
        Assert.EndsWith("</target>\n", all);
        Assert.Equal("E00", _gdb.Ask("qXfer:features:read:other.xml:0,10"));
    }

    [Fact]
    public void Registers_GAndP_PcWrite()
    {
        var g = _gdb.Ask("g");
        Assert.Equal((72 + 21) * 8, g.Length); // 0..71, then the custom CP0 feature 80..100
        Assert.Equal("bfc00000", g.Substring(37 * 8, 8));
        Assert.Equal("00400000", _gdb.Ask("p20")); // Status: BEV; ERL cleared at reset for an image boot, as QEMU
        Assert.Equal("00019300", _gdb.Ask("p5c")); // prid, custom feature regnum 92
        Assert.Equal("E22", _gdb.Ask("p48")); // 72: no such register
        Assert.Equal("OK", _gdb.Ask("P8=12345678"));
        Assert.Equal("12345678", _gdb.Ask("p8"));
        Assert.Equal("OK", _gdb.Ask("P0=12345678"));
        Assert.Equal("00000000", _gdb.Ask("p0")); // r0 stays zero
    }

    [Fact]
    public void Memory_ReadWriteBinary_PhysicalMode_Unmapped()
    {
        Assert.Equal("E14", _gdb.Ask("mc0000000,4")); // kseg2, no TLB entry: no guest exception either
        Assert.Equal("OK", _gdb.Ask("M80001000,4:deadbeef"));
        Assert.Equal("deadbeef", _gdb.Ask("m80001000,4"));
        Assert.Equal("deadbeef", _gdb.Ask("mffffffffa0001000,4")); // sign-extended kseg1 alias
        Assert.Equal("OK", _gdb.Ask("X80001000,0:"));
        Assert.Equal("OK", _gdb.Ask("X80001004,4:#$}*")); // the client escapes all four on the wire
        Assert.Equal("23247d2a", _gdb.Ask("m80001004,4"));
        Assert.Equal("OK", _gdb.Ask("Qqemu.PhyMemMode:1"));
        Assert.Equal("1", _gdb.Ask("qqemu.PhyMemMode"));
        Assert.Equal("deadbeef", _gdb.Ask("m1000,4"));
        Assert.Equal("OK", _gdb.Ask("Qqemu.PhyMemMode:0"));
        Assert.Equal("0x7", _gdb.Ask("qqemu.sstep"));
    }

    [Fact]
    public void Crc_OverSignExtendedAddress()
    {
        Assert.Equal("OK", _gdb.Ask("M80001000,9:313233343536373839"));
        Assert.Equal("C0376e6e7", _gdb.Ask("qCRC:ffffffff80001000,9"));
    }

    [Fact]
    public void Breakpoint_StopsBeforeTheInstruction_WithSwbreak_AndResumeRunsIt()
    {
        var main = Symbol("main");
        Assert.Equal("OK", _gdb.Ask($"Z0,{main:x},4"));
        Assert.Equal("OK", _gdb.Ask($"Z0,{main:x},4")); // idempotent
        _gdb.Send("vCont;c:p1.-1");
        var stop = _gdb.ReadPacket();
        Assert.StartsWith("T05thread:p1.1;swbreak:;", stop);
        Assert.Contains($"25:{main:x8};", stop);
        // Resuming from the breakpoint executes it: a step moves on to main+4.
        _gdb.Send("vCont;s:p1.1");
        Assert.Contains($"25:{main + 4:x8};", _gdb.ReadPacket());
        Assert.Equal("OK", _gdb.Ask($"z0,{main:x},4"));
    }

    [Fact]
    public void BreakpointInADelaySlot_StopsThere_AndAStepTakesThePendingBranch()
    {
        // Find main's first JAL; its delay slot is the instruction after it.
        var main = Symbol("main");
        var code = Convert.FromHexString(_gdb.Ask($"m{main:x},100"));
        var jal = Enumerable.Range(0, code.Length / 4).Select(i => (Address: main + (uint)(i * 4), Word: System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(code.AsSpan(i * 4))))
            .First(x => x.Word >> 26 == 3);
        var target = ((jal.Address + 4) & 0xf0000000u) | ((jal.Word & 0x03ffffffu) << 2);
        Assert.Equal("OK", _gdb.Ask($"Z1,{jal.Address + 4:x},4"));
        _gdb.Send("c");
        var stop = _gdb.ReadPacket();
        Assert.StartsWith("T05thread:p1.1;hwbreak:;", stop);
        Assert.Contains($"25:{jal.Address + 4:x8};", stop); // in the slot, the jump still pending
        Assert.Equal($"{jal.Address + 8:x8}", _gdb.Ask("p1f")); // ra already written by the JAL
        Assert.Equal("OK", _gdb.Ask($"z1,{jal.Address + 4:x},4"));
        _gdb.Send("vCont;s:p1.1");
        Assert.Contains($"25:{target:x8};", _gdb.ReadPacket()); // the slot ran, then the jump
    }

    [Fact]
    public void PcWrite_InADelaySlot_CancelsThePendingBranch()
    {
        var main = Symbol("main");
        var code = Convert.FromHexString(_gdb.Ask($"m{main:x},100"));
        var jal = main + (uint)(4 * Enumerable.Range(0, code.Length / 4).First(i => code[i * 4] >> 2 == 3));
        Assert.Equal("OK", _gdb.Ask($"Z0,{jal + 4:x},4"));
        _gdb.Send("c");
        Assert.Contains($"25:{jal + 4:x8};", _gdb.ReadPacket());
        Assert.Equal("OK", _gdb.Ask($"z0,{jal + 4:x},4"));
        Assert.Equal("OK", _gdb.Ask($"P25={jal + 8:x8}")); // skip the slot: the jump is cancelled too
        _gdb.Send("s");
        Assert.Contains($"25:{jal + 12:x8};", _gdb.ReadPacket());
    }

    [Fact]
    public void Watchpoint_StopsBeforeTheStore_ReportsTheAddress()
    {
        var mem = Symbol("mem");
        Assert.Equal("OK", _gdb.Ask($"Z2,{mem + 20:x},4"));
        _gdb.Send("c");
        var stop = _gdb.ReadPacket();
        Assert.StartsWith($"T05thread:p1.1;watch:{mem + 20:x};", stop);
        Assert.Equal("00000000", _gdb.Ask($"m{mem + 20:x},4")); // the store has not happened yet
        var pc = Convert.ToUInt32(_gdb.Ask("p25"), 16);
        var insn = Convert.ToUInt32(_gdb.Ask($"m{pc:x},4"), 16);
        Assert.Equal(0x2bu, insn >> 26); // SW: the PC is on the storing instruction
        // A step onto the watched store reports the watchpoint again, still before the access (QEMU does).
        _gdb.Send("vCont;s:p1.1");
        Assert.StartsWith($"T05thread:p1.1;watch:{mem + 20:x};25:{pc:x8};", _gdb.ReadPacket());
        Assert.Equal("OK", _gdb.Ask($"z2,{mem + 20:x},4"));
        // With the watchpoint removed, a step performs the store (gdb's step-over of a watch stop).
        _gdb.Send("s");
        Assert.Contains($"25:{pc + 4:x8};", _gdb.ReadPacket());
    }

    [Fact]
    public void Interrupt_WhileRunning_StopsWithSigint()
    {
        _gdb.Send("c");
        Thread.Sleep(50);
        _gdb.SendRaw([0x03]);
        var stop = _gdb.ReadPacket();
        Assert.True(stop.StartsWith("T02thread:p1.1;", StringComparison.Ordinal) || stop == "W00", stop);
    }

    [Fact]
    public void NoAckMode_StopsAcks()
    {
        _gdb.Send("QStartNoAckMode");
        Assert.Equal('+', _gdb.ReadAck());
        Assert.Equal("OK", _gdb.ReadPacket());
        // From here the stub sends no '+': the next byte is the start of the reply.
        _gdb.Send("qC");
        Assert.Equal('$', _gdb.ReadAck());
    }

    [Fact]
    public void BadChecksum_IsNacked_AndNackResends()
    {
        _gdb.SendRaw("$qC#00");
        Assert.Equal('-', _gdb.ReadAck());
        Assert.Equal("QCp1.1", _gdb.Ask("qC"));
        _gdb.SendRaw("-");
        Assert.Equal("QCp1.1", _gdb.ReadPacket());
    }

    [Fact]
    public void Fuzz_MutatedPackets_AlwaysGetAProtocolAnswer()
    {
        // Bounded fuzz with a fixed seed (printed on failure): valid packets with random mutations, sent
        // with correct checksums. Resume/detach/kill families are left out: they legitimately end the
        // stop state or the session this test keeps asking questions in.
        const int seed = 20261126;
        var random = new Random(seed);
        string[] seeds =
        [
            "g", "p25", "P8=12345678", "m80001000,10", "M80001000,4:00000000", "X80001000,2:ab", "Z0,80100000,4",
            "z0,80100000,4", "Z2,80001000,4", "z2,80001000,4", "Hgp1.1", "Hc-1", "Tp1.1", "qC", "qfThreadInfo",
            "qXfer:features:read:target.xml:0,100", "qXfer:threads:read::0,100", "qCRC:80001000,10", "qRcmd,68656c70",
            "qThreadExtraInfo,p1.1", "qqemu.sstep", "Qqemu.PhyMemMode:0", "qSupported:multiprocess+", "qAttached:1",
        ];
        const string alphabet = "0123456789abcdefxyz,:;.-=pPmMZzqQ?#$}*\u0003";
        for (var i = 0; i < 600; i++)
        {
            var chars = seeds[random.Next(seeds.Length)].ToCharArray().ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                var at = random.Next(chars.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when chars.Count > 0 && at < chars.Count: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1 when chars.Count > 0 && at < chars.Count: chars.RemoveAt(at); break;
                    default: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }
            var packet = new string([.. chars]);
            if (packet.Length == 0 || packet[0] is 'c' or 'C' or 's' or 'S' or 'D' or 'k' or 'v' or 'R' or '!')
            {
                continue;
            }
            string reply;
            try
            {
                reply = _gdb.Ask(packet);
                while (packet.StartsWith("qRcmd,", StringComparison.Ordinal) && reply.StartsWith('O') && reply != "OK")
                {
                    reply = _gdb.ReadPacket(); // monitor output, then the final answer
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, packet {i} '{packet}': {e.Message}", e);
            }
            Assert.False(reply.StartsWith("E.", StringComparison.Ordinal), $"seed {seed}: '{packet}' -> '{reply}'");
        }
        var last = _gdb.Ask("qC");
        // (A mutated qSupported may have turned multiprocess thread ids off: both forms are right.)
        Assert.True(last is "QCp1.1" or "QC1", $"seed {seed}: after the fuzz qC -> '{last}'");
        Assert.StartsWith("T05", _gdb.Ask("?"));
    }

    [Fact]
    public void Monitor_WritesOPacketsThenOk()
    {
        _gdb.Send("qRcmd," + Convert.ToHexStringLower("translate 0x80100000"u8));
        var text = "";
        string p;
        while ((p = _gdb.ReadPacket()) != "OK")
        {
            Assert.StartsWith("O", p);
            text += System.Text.Encoding.UTF8.GetString(Convert.FromHexString(p[1..]));
        }
        Assert.Contains("gpa 0x00100000", text);
    }

    [Fact]
    public void Packets_AreGdbKeywordEvents()
    {
        // Other tests in this assembly may talk RSP at the same time; count at least ours.
        using var listener = new GdbEventListener();
        _gdb.Ask("qC");
        _gdb.Ask("vMustReplyEmpty");
        Assert.Contains(listener.Kinds, k => k == Emu.Tracing.GdbPacketKind.Received);
        Assert.Contains(listener.Kinds, k => k == Emu.Tracing.GdbPacketKind.Sent);
        Assert.True(listener.Kinds.Count(k => k == Emu.Tracing.GdbPacketKind.Received) >= 2);
    }

    private sealed class GdbEventListener : System.Diagnostics.Tracing.EventListener
    {
        public System.Collections.Concurrent.ConcurrentBag<Emu.Tracing.GdbPacketKind> Kinds { get; } = [];

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Emu-Kvm")
            {
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, Emu.Tracing.EmuKvmEventSource.Keywords.Gdb);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (e.EventName == "GdbPacket")
            {
                Kinds.Add((Emu.Tracing.GdbPacketKind)(int)e.Payload![0]!);
            }
        }
    }
}
