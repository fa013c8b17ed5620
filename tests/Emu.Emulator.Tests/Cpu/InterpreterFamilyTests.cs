using Emu.Emulator.Cpu;

namespace Emu.Emulator.Tests.Cpu;

/// <summary>
/// The interpreter's family semantics (emulator/Cpu/Interpreter) checked directly against independent models: the
/// unaligned word pieces against a byte-by-byte copy (the manual's description of LWL/LWR/SWL/SWR), and the trapping
/// arithmetic against .NET's checked arithmetic. The dispatch's use of them is covered by InstTableBehaviourTests and
/// the differential tests.
/// </summary>
public class InterpreterFamilyTests
{
    private const int Seed = 112;

    /// <summary>Bytes of a word counted from its most significant end (index 0 = bits 31:24).</summary>
    private static byte[] BytesFromMsb(uint w) => [(byte)(w >> 24), (byte)(w >> 16), (byte)(w >> 8), (byte)w];

    private static uint WordFromMsb(byte[] b) => ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];

    public static TheoryData<bool, uint> Offsets()
    {
        var data = new TheoryData<bool, uint>();
        foreach (var bigEndian in new[] { true, false })
        {
            for (uint low = 0; low < 4; low++)
            {
                data.Add(bigEndian, low);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void UnalignedPieces_MatchByteCopyModel(bool bigEndian, uint low)
    {
        var rng = new Random(Seed + (int)low + (bigEndian ? 8 : 0));
        var va = 0x80001000u + low;
        // k: the addressed byte's position from the word's most significant end in the guest's byte order.
        var k = LoadStore.ByteFromMsb(va, bigEndian);
        Assert.Equal(bigEndian ? (int)low : 3 - (int)low, k);
        for (var i = 0; i < 64; i++)
        {
            var word = (uint)rng.NextInt64(0, 1L << 32);
            var reg = (uint)rng.NextInt64(0, 1L << 32);
            var w = BytesFromMsb(word);

            // LWL: the word's bytes from the addressed one to its least significant end fill rt from its top.
            var lwl = BytesFromMsb(reg);
            Array.Copy(w, k, lwl, 0, 4 - k);
            Assert.Equal(WordFromMsb(lwl), LoadStore.Lwl(word, reg, k));

            // LWR: the word's bytes from its most significant end to the addressed one fill rt from its bottom.
            var lwr = BytesFromMsb(reg);
            Array.Copy(w, 0, lwr, 3 - k, k + 1);
            Assert.Equal(WordFromMsb(lwr), LoadStore.Lwr(word, reg, k));

            // SWL: rt's top bytes replace the word from the addressed byte to its least significant end.
            var swl = BytesFromMsb(word);
            Array.Copy(BytesFromMsb(reg), 0, swl, k, 4 - k);
            Assert.Equal(WordFromMsb(swl), LoadStore.Swl(word, reg, k));

            // SWR: rt's bottom bytes replace the word from its most significant end to the addressed byte.
            var swr = BytesFromMsb(word);
            Array.Copy(BytesFromMsb(reg), 3 - k, swr, 0, k + 1);
            Assert.Equal(WordFromMsb(swr), LoadStore.Swr(word, reg, k));
        }
    }

    [Fact]
    public void TryAdd_TrySub_FailExactlyOnSignedOverflow()
    {
        var rng = new Random(Seed);
        uint[] edges = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7ffffffe, 0x80000001];
        var values = edges.Concat(Enumerable.Range(0, 200).Select(_ => (uint)rng.NextInt64(0, 1L << 32))).ToArray();
        foreach (var a in values)
        {
            foreach (var b in values.Take(40))
            {
                var sumFits = (long)(int)a + (int)b is >= int.MinValue and <= int.MaxValue;
                Assert.Equal(sumFits, Alu.TryAdd(a, b, out var sum));
                Assert.Equal(a + b, sum);
                var diffFits = (long)(int)a - (int)b is >= int.MinValue and <= int.MaxValue;
                Assert.Equal(diffFits, Alu.TrySub(a, b, out var diff));
                Assert.Equal(a - b, diff);
            }
        }
    }
}
