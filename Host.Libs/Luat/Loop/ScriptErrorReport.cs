namespace LuatHost.Luat.Loop;

/// <summary>
/// How an error that ends the script is shown: the shape of the Lua shell on the module
/// ("lua: main.lua:12: message" then "stack traceback:" and its lines), which Luat's trace shows
/// before the module restarts.
/// </summary>
public static class ScriptErrorReport
{
    public static IEnumerable<string> Lines(string errorWithTraceback) =>
        ("lua: " + errorWithTraceback.Replace("\r\n", "\n")).Split('\n');
}
