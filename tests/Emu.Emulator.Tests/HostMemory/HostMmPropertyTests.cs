using CsCheck;
using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

/// <summary>
/// Model-based: random sequences of host operations on a small region must keep every page's contents
/// equal to a plain array model (balloon zeroes, mprotect refuses writes, everything else preserves data),
/// keep COW snapshots frozen, and keep the frame accounting consistent after every step.
/// </summary>
public unsafe class HostMmPropertyTests
{
    private const int Pages = 8;

    private enum Op { Write, Read, Ksm, Share, Unshare, Swap, Balloon, Protect, Unprotect, Age, Pin, Unpin }

    private static readonly Gen<(Op Op, int Page, int Count, ulong Value)> GenStep =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, Pages - 1], Gen.Int[1, Pages], Gen.ULong[0, 3]);

    [Fact]
    public void RandomOperationSequences_PreserveContents_AndAccounting()
    {
        GenStep.Array[1, 60].Sample(steps =>
        {
            using var mm = new HostMm(new HostMmOptions { PoisonFreedFrames = true });
            var recorder = new RecordingNotifier(mm);
            mm.RegisterNotifier(recorder);
            ulong ram = mm.MapAnonymous(Pages * Page, "ram");
            var model = new ulong[Pages];
            var readOnly = new bool[Pages];
            var snapshots = new List<(CowSnapshot Snapshot, ulong?[] Expected)>();
            var pins = new List<(ulong Pfn, int Page)>();
            ulong Hva(int p) => ram + (ulong)p * Page;

            foreach (var (op, page, count0, value) in steps)
            {
                int count = Math.Min(count0, Pages - page);
                ulong size = (ulong)count * Page;
                switch (op)
                {
                    case Op.Write:
                        if (readOnly[page])
                        {
                            Assert.False(mm.FaultIn(Hva(page), true, out _, out _));
                        }
                        else
                        {
                            Write(mm, Hva(page), value);
                            model[page] = value;
                        }
                        break;
                    case Op.Read:
                        Assert.Equal(model[page], Read(mm, Hva(page)));
                        break;
                    case Op.Ksm:
                        mm.KsmMerge(Hva(page), size);
                        break;
                    case Op.Share:
                        {
                            var expected = new ulong?[count];
                            for (int i = 0; i < count; i++)
                            {
                                mm.TryGetPte(Hva(page + i), out var pte);
                                expected[i] = pte.Present ? model[page + i] : null;
                            }
                            snapshots.Add((mm.ShareCow(Hva(page), size), expected));
                            break;
                        }
                    case Op.Unshare when snapshots.Count > 0:
                        {
                            var (snap, expected) = snapshots[0];
                            snapshots.RemoveAt(0);
                            var buf = new byte[Page];
                            for (int i = 0; i < expected.Length; i++)
                            {
                                Assert.Equal(expected[i].HasValue, snap.TryReadPage(i, buf));
                                if (expected[i] is { } v)
                                {
                                    Assert.Equal(v, BitConverter.ToUInt64(buf, 0));
                                }
                            }
                            snap.Dispose();
                            break;
                        }
                    case Op.Swap:
                        mm.SwapOut(Hva(page), size);
                        break;
                    case Op.Balloon:
                        mm.BalloonInflate(Hva(page), size);
                        mm.BalloonDeflate(Hva(page), size);
                        Array.Clear(model, page, count);
                        break;
                    case Op.Protect:
                        mm.Mprotect(Hva(page), size, writable: false);
                        Array.Fill(readOnly, true, page, count);
                        break;
                    case Op.Unprotect:
                        mm.Mprotect(Hva(page), size, writable: true);
                        Array.Fill(readOnly, false, page, count);
                        break;
                    case Op.Age:
                        if (value % 2 == 0)
                        {
                            mm.AgeRange(Hva(page), size);
                        }
                        else
                        {
                            mm.ClearYoung(Hva(page), size);
                        }
                        break;
                    case Op.Pin:
                        Assert.True(mm.FaultIn(Hva(page), false, out ulong pinned, out _));
                        pins.Add((pinned, page));
                        break;
                    case Op.Unpin when pins.Count > 0:
                        {
                            // A pinned frame is never freed (so never poisoned or reused); while the page still maps
                            // it, it is the page (writes through a writable PTE land in it, as on Linux).
                            var (pfn, pinnedPage) = pins[^1];
                            pins.RemoveAt(pins.Count - 1);
                            Assert.True(mm.IsFrameAllocated(pfn));
                            Assert.NotEqual(0xDBDBDBDBDBDBDBDBUL, *(ulong*)mm.FrameAddress(pfn));
                            if (mm.TryGetPte(Hva(pinnedPage), out var pte) && pte.Present && pte.Pfn == pfn)
                            {
                                Assert.Equal(model[pinnedPage], *(ulong*)mm.FrameAddress(pfn));
                            }
                            mm.PutPage(pfn);
                            break;
                        }
                }
                var audit = mm.Audit();
                Assert.True(audit.Problems.Count == 0, $"after {op} {page}+{count}: {audit}");
                Assert.Equal(pins.Count(p => p.Pfn != HostMm.ZeroPfn), audit.OutstandingGupRefs);
            }

            for (int p = 0; p < Pages; p++)
            {
                Assert.Equal(model[p], Read(mm, Hva(p)));
            }
            foreach (var (pfn, _) in pins)
            {
                mm.PutPage(pfn);
            }
            foreach (var (snap, _) in snapshots)
            {
                snap.Dispose();
            }
            Assert.Empty(recorder.Violations);
            Assert.Equal(0, recorder.Depth);
            AssertBalanced(mm);
        }, iter: 300, seed: Environment.GetEnvironmentVariable("CsCheck_Seed") ?? "fZjL0DZqmqt1");
    }
}
