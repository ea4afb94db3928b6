using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Scripting;

/// <summary>
/// The module a C# script drives: the one <see cref="Air724"/> on its link (virtual module, serial port or tcp://).
/// </summary>
/// <param name="Modem">The module; owned by the host, which disposes it after the run.</param>
public sealed record ScriptDevice(Air724 Modem)
{
    public AtEngine At => Modem.Engine;

    /// <summary>The reconnect rhythm the aLiYun global's client uses (Luat's 2 s by default; tests shorten it).</summary>
    public LuatHost.Aliyun.ReconnectPolicy AliyunReconnect { get; init; } = new();

    /// <summary>The module's data directory on the PC (the Lua face's device file system root); null = none, so the
    /// SN fallback file is not available.</summary>
    public string? DataDirectory { get; init; }
}
