using LuatHost.At;

namespace LuatHost.Scripting;

/// <summary>
/// The module a C# script drives: the AT engine on its link (virtual module, serial port or tcp://).
/// </summary>
/// <param name="At">The engine; owned by the host, which disposes it after the run.</param>
public sealed record ScriptDevice(AtEngine At)
{
    /// <summary>The module's data directory on the PC (the Lua face's device file system root); null = none, so the
    /// SN fallback file is not available.</summary>
    public string? DataDirectory { get; init; }
}
