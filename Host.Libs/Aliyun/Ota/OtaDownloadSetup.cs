using LuatHost.Modem;

namespace LuatHost.Aliyun.Ota;

/// <summary>
/// What the device side needs to download a pushed package: the module's HTTP (through <see cref="HttpTransfer"/>), where a
/// file name lands (device path → host path; the Lua face maps it into the device file system), and the options.
/// </summary>
public sealed record OtaDownloadSetup(HttpTransfer Transfer, Func<string, OtaFilePlace> Place, OtaDownloadOptions Options)
{
    /// <summary>Without <c>setName</c> Luat streams the package into the firmware area; here it lands in this file.</summary>
    public const string DefaultFileName = "/luazip/update.bin";
}
