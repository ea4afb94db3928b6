using LuatHost.At;

namespace LuatHost.Scripting;

/// <summary>
/// The module a C# script drives: the AT engine on its link (virtual module, serial port or tcp://).
/// </summary>
/// <param name="At">The engine; owned by the host, which disposes it after the run.</param>
public sealed record ScriptDevice(AtEngine At);
