using static LuatHost.Luat.Compat.LuaNameScan;

namespace LuatHost.Luat.Compat;

/// <summary>
/// Lua 5.1 (LUA_COMPAT_VARARG) gave every vararg function a local table `arg` = { ..., n = count };
/// Luat's 2.x libraries and the scripts copied from them use it (<c>unpack(arg)</c>). A vararg
/// function whose body names `arg` gets that local declared right after its parameter list, on the
/// same line.
/// </summary>
internal static class Lua51VarargArg
{
    private const string Declaration = " local arg = { n = select(\"#\", ...), ... };";

    public static void AddEdits(List<LuaTokenScanner.Token> tokens, int[] match, LuaChunkIndex index, Action<int, string> insert)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            if (!IsKeyword(tokens[t], "function")) continue;
            var open = t + 1;
            while (open < tokens.Count && !Is(tokens[open], "(")) open++;
            if (open >= tokens.Count || match[open] < 0) continue;
            var close = match[open];
            if (close - 1 <= open || tokens[close - 1].Text != "..." || tokens[close - 1].IsName) continue;
            if (BodyNamesArg(tokens, index, close + 1)) insert(tokens[close].Start + 1, Declaration);
        }
    }

    // A free use of `arg` (not a field) in the function body, up to its `end`.
    private static bool BodyNamesArg(List<LuaTokenScanner.Token> tokens, LuaChunkIndex index, int start) =>
        index.Occurrences("arg", start - 1, index.ScopeEnd(start)).Any(i => tokens[i - 1].IsName || tokens[i - 1].Text is not ("." or ":"));
}
