namespace LuatHost.Luat.Compat;

/// <summary>
/// Binds each <c>string.format("literal", a, b)</c> call to a function compiled for that format string
/// (host/lua51format.lua): <c>__luat_fs51[k](string.format, "literal", a, b)</c>. The 5.1 wrapper behind the
/// global string.format is a vararg function that looks the format up on every call; a bound site has fixed
/// parameters, its argument tests inlined and calls the native format directly (docs/lua51-compat.md, Cost).
/// <c>string.format</c> is still evaluated at the site, first, as before; the bound function calls whatever it
/// finds there when that is not the 5.1 wrapper (a script that replaced string.format keeps its own).
/// Only argument lists of a fixed length are bound — the last argument not a call or <c>...</c> — so the
/// compiled function sees the same arguments the call had. Nothing moves across a line.
/// </summary>
internal static class Lua51FormatPrepass
{
    /// <summary>The chunk-local table of bound sites.</summary>
    public const string SitesLocal = "__luat_fs51";

    /// <summary>The global host/lua51format.lua defines: count → a table of that many self-binding sites.</summary>
    public const string SitesGlobal = "__luat_format_sites51";

    /// <summary>After a `..` wrapper's opening and a `%` rewrite's at the same place (the site is inside them).</summary>
    public const double OpenOrder = 3;

    private const int MaxArguments = 32;

    /// <summary>Adds the edits for every bindable site; returns how many sites there are.</summary>
    public static int AddEdits(List<LuaTokenScanner.Token> tokens, int[] match, Lua51ModuloPrepass.AddEdit edit)
    {
        var sites = 0;
        for (var t = 0; t + 4 < tokens.Count; t++)
        {
            if (!IsFormatCall(tokens, match, t)) continue;
            var open = t + 3;
            if (!HasFixedArguments(tokens, match, open + 1, match[open] - 1)) continue;
            sites++;
            edit(tokens[t].Start, 0, $"{SitesLocal}[{sites}](", OpenOrder);
            // `(` → `, `: the format string and the arguments follow string.format as arguments of the site.
            edit(tokens[open].Start, 1, ", ", 1);
        }
        return sites;
    }

    /// <summary>
    /// The line-1 declaration of the site table. A chunk loaded in an environment without the global (a sandbox)
    /// gets sites that call string.format as written.
    /// </summary>
    public static string Declaration(int sites) =>
        $"local {SitesLocal} = {SitesGlobal} and {SitesGlobal}({sites}) or (function(p) return {{ "
        + string.Join(", ", Enumerable.Repeat("p", sites)) + " } end)(function(f, ...) return f(...) end); ";

    // `string . format ( "literal"` where `string` is a plain name (not a field of something else).
    private static bool IsFormatCall(List<LuaTokenScanner.Token> tokens, int[] match, int t) =>
        tokens[t] is { IsName: true, Text: "string" }
        && (t == 0 || tokens[t - 1].IsName || tokens[t - 1].Text is not ("." or ":"))
        && tokens[t + 1] is { IsName: false, Text: "." }
        && tokens[t + 2] is { IsName: true, Text: "format" }
        && tokens[t + 3] is { IsName: false, Text: "(" } && match[t + 3] > t + 4
        && tokens[t + 4] is { IsName: false, Text: "<string>" };

    // The arguments between the parentheses: a literal first, at most MaxArguments after it, the last one a
    // single value (a call or `...` there could pass any number of values).
    private static bool HasFixedArguments(List<LuaTokenScanner.Token> tokens, int[] match, int first, int last)
    {
        var starts = new List<int> { first };
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (!token.IsName && token.Text is "(" or "[" or "{")
            {
                if (match[i] < 0 || match[i] > last) return false;
                i = match[i];
            }
            else if (!token.IsName && token.Text == ",")
            {
                if (i == last) return false;
                starts.Add(i + 1);
            }
        }
        if (starts.Count > MaxArguments + 1) return false;
        // The format string alone: `"a" .. x` is not a literal.
        if (starts.Count > 1 ? starts[1] - 1 != first + 1 : last != first) return false;
        return IsSingleValue(tokens, match, starts[^1], last);
    }

    // A literal, a name or field chain, an index, arithmetic, or a whole parenthesized expression; not a call,
    // a method call or `...` at its end (those may give several values).
    private static bool IsSingleValue(List<LuaTokenScanner.Token> tokens, int[] match, int first, int last)
    {
        var end = tokens[last];
        if (end.IsName) return true;
        switch (end.Text)
        {
            case "...":
                return false;
            case "<number>" or "]":
                return true;
            case ")" or "}" or "<string>":
                // A whole `( … )`, `{ … }` or literal is one value; the same token ending a longer argument may be
                // a call's (f(x), f{…}, f"…").
                return last == first || match[last] == first;
            default:
                return false;
        }
    }
}
