namespace LuatHost.Runtime;

/// <summary>
/// The Luat core this host emulates, as <c>rtos.get_version</c> and <c>misc.getVersion</c> report it: the same string
/// for a Lua script and a C# script.
/// </summary>
public static class LuatCoreVersion
{
    /// <summary>A Luat core name: FLOAT build (doubles), as this host's Lua numbers are.</summary>
    public const string Text = "Luat_V0037_RDA8910_FLOAT";
}
