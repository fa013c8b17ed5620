using System.IO.Ports;

namespace Emu.GdbStub.Transport;

/// <summary>
/// Opens the serial line a debugger talks on. On Linux the tty is opened raw with termios
/// (<see cref="RawTty"/>): one blocking read(2) on the session thread returns as soon as a byte arrives,
/// as QEMU's chardev does. System.IO.Ports serves other systems; on Linux its stream polls the device in
/// 1 ms steps and completes each read on another thread, which made a stepi over a pty ~13× slower than
/// QEMU's (issue 15).
/// </summary>
public static class SerialLine
{
    public static Stream Open(SerialEndpoint endpoint)
    {
        if (OperatingSystem.IsLinux())
        {
            return RawTty.Open(endpoint.Device, endpoint.Baud);
        }
        var port = new SerialPort(endpoint.Device, endpoint.Baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };
        port.Open();
        return new SerialPortStream(port);
    }

    /// <summary>A SerialPort's BaseStream that also closes the port when disposed.</summary>
    private sealed class SerialPortStream(SerialPort port) : Stream
    {
        private readonly Stream _inner = port.BaseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => _inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                port.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
