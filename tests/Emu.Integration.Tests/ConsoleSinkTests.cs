using System.Text;
using Emu.Cli;

namespace Emu.Integration.Tests;

/// <summary>
/// ConsoleSink's buffering: a line goes out at its newline, bytes without one (a prompt, an echoed key) go out by
/// themselves after a quiet interval (its flusher thread), and whatever is left goes out at Dispose.
/// </summary>
public sealed class ConsoleSinkTests
{
    /// <summary>A stream that records what reaches it, readable from the test thread while the sink writes.</summary>
    private sealed class Screen : Stream
    {
        private readonly Lock _lock = new();
        private readonly MemoryStream _bytes = new();

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return Encoding.ASCII.GetString(_bytes.ToArray());
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_lock)
            {
                _bytes.Write(buffer, offset, count);
            }
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void Write(ConsoleSink sink, string text)
    {
        foreach (var c in text)
        {
            sink.Write((byte)c);
        }
    }

    private static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(5);
        }
        return true;
    }

    [Fact]
    public void Ticked_APromptGoesOutAtATickAfterTheQuietInterval_OrAtOnceWhenTheVcpuWaits()
    {
        // A ticked sink has no thread: the machine's ticks flush it (MachineOptions.ConsoleTick).
        var screen = new Screen();
        using var sink = new ConsoleSink(screen, ticked: true);
        Write(sink, "done\n");
        Assert.Equal("done\n", screen.Text); // a line goes out at its newline
        Write(sink, "login: ");
        sink.Tick(now: false); // too soon after the last byte
        Assert.Equal("done\n", screen.Text);
        Thread.Sleep(3 * (int)ConsoleSink.FlushInterval.TotalMilliseconds);
        Assert.Equal("done\n", screen.Text); // no thread: nothing goes out between ticks
        sink.Tick(now: false);
        Assert.Equal("done\nlogin: ", screen.Text);
        Write(sink, "root\n# ");
        sink.Tick(now: true); // the vCPU is about to sleep in WAIT or stop
        Assert.Equal("done\nlogin: root\n# ", screen.Text);
    }

    [Fact]
    public void APrompt_WithoutANewline_GoesOutByItself_AndAgainAfterALine()
    {
        var screen = new Screen();
        using var sink = new ConsoleSink(screen);
        Write(sink, "login: ");
        Assert.True(Eventually(() => screen.Text == "login: "), $"screen: '{screen.Text}'");
        // The flusher sleeps while nothing is buffered and wakes for the next partial line.
        Write(sink, "root\n# ");
        Assert.True(Eventually(() => screen.Text == "login: root\n# "), $"screen: '{screen.Text}'");
    }

    [Fact]
    public void Dispose_FlushesWhatIsLeft()
    {
        var screen = new Screen();
        var sink = new ConsoleSink(screen);
        Write(sink, "line\nrest");
        Assert.StartsWith("line\n", screen.Text);
        sink.Dispose();
        Assert.Equal("line\nrest", screen.Text);
    }
}
