using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace LuatHost.Sim.Module.Serving;

/// <summary>
/// A Linux pseudo-terminal pair from libc (posix_openpt, grantpt, unlockpt, ptsname). The module talks on the
/// master; any serial program opens <see cref="SlavePath"/> (<c>/dev/pts/N</c>) as if it were the module's UART.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class PseudoTerminal : IDisposable
{
    private const int ReadWrite = 0x2;      // O_RDWR
    private const int NoControllingTty = 0x100; // O_NOCTTY (Linux)
    private const int TermiosBufferSize = 256; // larger than struct termios on every Linux ABI
    private const int TcsaNow = 0;

    private readonly SafeFileHandle _master;
    private readonly int _slaveKeeper;

    private PseudoTerminal(SafeFileHandle master, string slavePath, int slaveKeeper)
    {
        _master = master;
        SlavePath = slavePath;
        _slaveKeeper = slaveKeeper;
    }

    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        var fd = posix_openpt(ReadWrite | NoControllingTty);
        if (fd < 0)
        {
            throw new IOException($"posix_openpt failed (errno {Marshal.GetLastPInvokeError()})");
        }
        var master = new SafeFileHandle(fd, ownsHandle: true);
        if (grantpt(fd) != 0 || unlockpt(fd) != 0)
        {
            master.Dispose();
            throw new IOException($"grantpt/unlockpt failed (errno {Marshal.GetLastPInvokeError()})");
        }
        var namePointer = ptsname(fd);
        var path = Marshal.PtrToStringAnsi(namePointer) ?? throw new IOException("ptsname returned nothing");
        // Holding the slave open keeps the master readable when the serial client closes (otherwise EIO), and lets
        // us put the line in raw mode: no echo, no CR/LF translation — the module does its own echo.
        var slave = open(path, ReadWrite | NoControllingTty);
        if (slave < 0)
        {
            master.Dispose();
            throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        }
        MakeRaw(slave);
        return new PseudoTerminal(master, path, slave);
    }

    /// <summary>The master side as a duplex stream for <see cref="VirtualModule"/>.</summary>
    public Stream OpenMasterStream() => new FileStream(_master, FileAccess.ReadWrite, bufferSize: 0, isAsync: false);

    private static void MakeRaw(int fd)
    {
        var termios = Marshal.AllocHGlobal(TermiosBufferSize);
        try
        {
            if (tcgetattr(fd, termios) == 0)
            {
                cfmakeraw(termios);
                tcsetattr(fd, TcsaNow, termios);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(termios);
        }
    }

    public void Dispose()
    {
        _master.Dispose();
        close(_slaveKeeper);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial IntPtr ptsname(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, IntPtr termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, IntPtr termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(IntPtr termios);
}
