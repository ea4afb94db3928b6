namespace LuatHost.Luat.Compat;

/// <summary>
/// Every source rewrite a Luat script goes through before Lua 5.4 loads it, in order: Luat's
/// `continue`, then Lua 5.1 numbers. Used for the main file, required modules, built-in library
/// scripts, loadstring and RunString alike, so all code sees the same dialect.
/// </summary>
public static class LuaSourcePrepass
{
    public static string Apply(string source) => Lua51NumberPrepass.Apply(ContinuePrepass.Apply(source));
}
