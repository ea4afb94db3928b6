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
}
