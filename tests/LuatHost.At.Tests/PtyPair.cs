using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LuatHost.At.Tests;

/// <summary>
/// A Linux pseudo-terminal pair (posix_openpt + grantpt + unlockpt + ptsname from libc): the slave path is a real tty
/// that System.IO.Ports opens like /dev/ttyUSB0; the master is the "module" end as a Stream.
/// </summary>
internal static partial class PtyPair
{
    private const int ORdwr = 0x2;
    private const int ONoctty = 0x100;

    public static (Stream Master, string SlavePath) Open()
    {
        var fd = posix_openpt(ORdwr | ONoctty);
        if (fd < 0)
        {
            throw new IOException($"posix_openpt failed (errno {Marshal.GetLastPInvokeError()})");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (grantpt(fd) != 0 || unlockpt(fd) != 0)
        {
            handle.Dispose();
            throw new IOException($"grantpt/unlockpt failed (errno {Marshal.GetLastPInvokeError()})");
        }
        var name = Marshal.PtrToStringAnsi(ptsname(fd)) ?? throw new IOException("ptsname returned null");
        return (new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0), name);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint ptsname(int fd);
}
