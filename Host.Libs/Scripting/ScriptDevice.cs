using LuatHost.At;

namespace LuatHost.Scripting;

/// <summary>
/// The module a C# script drives: the AT engine on its link (virtual module, serial port or tcp://), plus the
/// values the Lua runtime reports for the same module, so both faces answer alike.
/// </summary>
/// <param name="At">The engine; owned by the host, which disposes it after the run.</param>
public sealed record ScriptDevice(AtEngine At)
{
    /// <summary>
    /// What misc.getVersion / rtos.get_version report (the emulated Luat core). The CLI passes the Lua runtime's
    /// constant so a Lua script and a C# script see the same string.
    /// </summary>
    public string CoreVersion { get; init; } = "";
}
