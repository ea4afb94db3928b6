namespace LuatHost.Luat.Tests;

/// <summary>The first lines every LuaTask main.lua has (PROJECT, VERSION, sys), for test projects.</summary>
internal static class LuatProjectHeader
{
    public const string Sys = """
        PROJECT = "TEST"
        VERSION = "1.0.0"
        require "sys"

        """;
}
