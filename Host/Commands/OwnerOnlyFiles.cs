using System.Runtime.InteropServices;

namespace LuatHost.Cli.Commands;

/// <summary>
/// A run writes files whose content comes from the script (nvm values a secret setter stored, downloads, the
/// transcript, logs): with the process umask at 077 every file it creates is 0600 and every folder 0700, whichever
/// code (Lua's fopen included) creates it. Files that existed before keep their mode.
/// </summary>
internal static partial class OwnerOnlyFiles
{
    private const uint GroupAndOthers = 0b000_111_111; // 077

    public static void Apply()
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            _ = umask(GroupAndOthers);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc umask (an unusual runtime): the secret files are owner-only by their own create mode anyway.
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint umask(uint mask);
}
