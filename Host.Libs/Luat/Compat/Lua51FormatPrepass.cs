namespace LuatHost.Luat.Compat;

/// <summary>
/// Binds each <c>string.format("literal", a, b)</c> call to its format string, two ways (docs/lua51-compat.md, Cost):
/// <list type="bullet">
/// <item>inline, where the call's value is used, it is on one line and its arguments have no calls:
/// <c>(string.format == F51 and int51(a) and sites.format("literal", a, b) or sites[k](string.format, "literal", a, b))</c> —
/// when string.format is the 5.1 wrapper and each argument an integer conversion or %s meets is already what 5.1
/// would have printed the same way, the native format runs with no Lua call in between; an argument checked is a
/// single name or literal, so reading it twice changes nothing, and the others are evaluated once on either path;</item>
/// <item>otherwise <c>sites[k](string.format, "literal", a, b)</c>: a function compiled for that format string
/// (host/lua51format.lua) with fixed parameters and the same checks, instead of the vararg wrapper that looks the
/// format up on every call.</item>
/// </list>
/// <c>string.format</c> is still evaluated at the site, first, as before, and called when it is not the 5.1 wrapper
/// (a script that replaced it, or has a <c>string</c> of its own, keeps its function). Only argument lists of a
/// fixed length are bound — the last argument not a call or <c>...</c> — so the format sees the arguments the call
/// had. Nothing moves across a line.
/// </summary>
internal static class Lua51FormatPrepass
{
    /// <summary>The chunk-local table of bound sites; its <c>format</c> is the native format.</summary>
    public const string SitesLocal = "__luat_fs51";

    /// <summary>The global host/lua51format.lua defines: count → the site table, the 5.1 string.format, math.tointeger, type.</summary>
    public const string SitesGlobal = "__luat_format_sites51";

    private const string Format51Local = "__luat_f51";
    private const string ToIntegerLocal = "__luat_int51";
    private const string TypeLocal = "__luat_type51";

    /// <summary>After a `..` wrapper's opening and a `%` rewrite's at the same place (the site is inside them).</summary>
    public const double OpenOrder = 3;

    /// <summary>An inline site's closing: inside a `..` wrapper's or a `%` rewrite's closing at the same place.</summary>
    public const double CloseOrder = -0.75;

    private const int MaxArguments = 32;

    /// <summary>Adds the edits for every bindable site; returns how many sites there are.</summary>
    public static int AddEdits(string source, List<LuaTokenScanner.Token> tokens, int[] match, LuaChunkIndex index,
        Func<int, string> tokenText, Lua51ModuloPrepass.AddEdit edit)
    {
        // Only a site that checks an integer conversion asks which names are loop counters.
        var counters = new Lazy<HashSet<int>>(() => Lua51IntegerCounters.Reads(source, tokens, match, index));
        var sites = 0;
        for (var t = 0; t + 4 < tokens.Count; t++)
        {
            if (!IsFormatCall(tokens, match, t)) continue;
            var open = t + 3;
            var close = match[open];
            var starts = FixedArguments(tokens, match, open + 1, close - 1);
            if (starts is null) continue;
            sites++;
            var inline = InlineTest(source, tokens, match, t, starts, close, tokenText, counters);
            if (inline is null)
            {
                edit(tokens[t].Start, 0, $"{SitesLocal}[{sites}](", OpenOrder);
            }
            else
            {
                var arguments = Lua51ModuloPrepass.Copy(source, tokens, open + 1, close - 1, tokenText);
                edit(tokens[t].Start, 0, $"(string.format == {Format51Local} and {inline}{SitesLocal}.format({arguments}) or {SitesLocal}[{sites}](", OpenOrder);
                edit(tokens[close].Start + 1, 0, ")", CloseOrder);
            }
            // `(` → `, `: the format string and the arguments follow string.format as arguments of the site.
            edit(tokens[open].Start, 1, ", ", 1);
        }
        return sites;
    }

    /// <summary>
    /// The line-1 declarations. A chunk loaded in an environment without the global (a sandbox) gets sites that call
    /// string.format as written, and inline sites that always take that path.
    /// </summary>
    public static string Declaration(int sites) =>
        $"local {SitesLocal}, {Format51Local}, {ToIntegerLocal}, {TypeLocal}; if {SitesGlobal} then {SitesLocal}, {Format51Local}, "
        + $"{ToIntegerLocal}, {TypeLocal} = {SitesGlobal}({sites}) else {SitesLocal} = (function(p) return {{ "
        + string.Join(", ", Enumerable.Repeat("p", sites)) + " } end)(function(f, ...) return f(...) end) end; ";

    // The checks an inline site makes before calling the native format ("" when none is needed), or null when the
    // site cannot be inline: its value is not used (a statement cannot start with `(`), it spans lines or holds a
    // comment, the format string has an escape or a conversion only the Lua side reads, an argument calls something
    // or needs another rewrite, or an argument to check is not a single name or literal.
    private static string? InlineTest(string source, List<LuaTokenScanner.Token> tokens, int[] match, int t, List<int> starts,
        int close, Func<int, string> tokenText, Lazy<HashSet<int>> integerCounters)
    {
        if (t == 0 || !BeginsValue(tokens[t - 1])) return null;
        var span = source.AsSpan(tokens[t].Start, tokens[close].Start + 1 - tokens[t].Start);
        if (span.Contains('\n') || span.Contains("--", StringComparison.Ordinal)) return null;
        var literal = LiteralText(source, tokens[t + 4]);
        var checks = literal is null ? null : Lua51FormatConversions.Read(literal);
        if (checks is null) return null;
        for (var i = starts[0] + 1; i < close; i++)
            if (!Copyable(source, tokens, i)) return null;
        var test = new System.Text.StringBuilder();
        for (var a = 1; a < starts.Count && a <= checks.Count; a++)
        {
            var check = checks[a - 1];
            if (check == Lua51FormatConversions.Check.None) continue;
            var first = starts[a];
            var last = a + 1 < starts.Count ? starts[a + 1] - 2 : close - 1;
            if (first != last || !IsPlainValue(tokens[first])) return null;
            // A literal's answer is known now: a string for %s, a whole number for an integer conversion.
            if (tokens[first].Text == "<string>" && check == Lua51FormatConversions.Check.Text) continue;
            if (tokens[first].Text == "<number>")
            {
                if (check == Lua51FormatConversions.Check.Text) return null;
                if (IsWholeLiteral(source.Substring(tokens[first].Start, tokens[first].Length))) continue;
            }
            // A loop counter 5.4 counts in integers prints under %d as 5.1's whole double did.
            if (check == Lua51FormatConversions.Check.Integer && integerCounters.Value.Contains(first)) continue;
            var value = tokenText(first);
            test.Append(check == Lua51FormatConversions.Check.Integer ? $"{ToIntegerLocal}({value})" : $"{TypeLocal}({value}) == \"string\"")
                .Append(" and ");
        }
        return test.ToString();
    }

    // A token after which an expression's value is used: an operator, an opening bracket, `=`, `,`, `return`.
    private static bool BeginsValue(LuaTokenScanner.Token token) =>
        token.IsName ? token.Text is "return" or "and" or "or" or "not" or "in"
            : token.Text is "=" or "(" or "," or "{" or "[" or ".." or "+" or "-" or "*" or "/" or "^" or "#"
                or "==" or "~=" or "<" or ">" or "<=" or ">=";

    // The value of a string literal, or null when it has an escape other than a one-letter one (\n, \", \\…), which
    // 5.1 and 5.4 read alike and no other rewrite touches.
    private static string? LiteralText(string source, LuaTokenScanner.Token literal)
    {
        var text = source.Substring(literal.Start, literal.Length);
        if (text[0] is not ('"' or '\''))
        {
            var level = text.IndexOf('[', 1) - 1;
            return text[(level + 2)..^(level + 2)];
        }
        var value = new System.Text.StringBuilder(text.Length);
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] != '\\')
            {
                value.Append(text[i]);
                continue;
            }
            value.Append(text[++i] switch
            {
                'a' => '\a', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', 'v' => '\v',
                '\\' or '"' or '\'' => text[i],
                _ => '\0',
            });
            if (value[^1] == '\0') return null;
        }
        return value.ToString();
    }

    // A token an inline site copies as it is: no call, no `..` or `%` (those have rewrites of their own), no function,
    // table constructor, method call or vararg.
    private static bool Copyable(string source, List<LuaTokenScanner.Token> tokens, int i)
    {
        var token = tokens[i];
        var afterOperand = Lua51NumberPrepass.IsOperandEnd(tokens[i - 1]);
        if (token.IsName) return !LuaKeywords.Contains(token.Text) || token.Text is "nil" or "true" or "false" or "and" or "or" or "not";
        return token.Text switch
        {
            "<number>" or "," or "." or "[" or "]" or ")" or "+" or "-" or "*" or "/" or "^" or "#"
                or "==" or "~=" or "<" or ">" or "<=" or ">=" => true,
            "(" => !afterOperand, // after an operand: a call
            "<string>" => !afterOperand && LiteralText(source, token) is not null,
            _ => false,
        };
    }

    private static bool IsWholeLiteral(string literal) =>
        literal.Length > 2 && literal[0] == '0' && literal[1] is 'x' or 'X'
            ? literal.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false
            : !literal.AsSpan().ContainsAnyExcept("0123456789");

    private static bool IsPlainValue(LuaTokenScanner.Token token) =>
        token.IsName ? !LuaKeywords.Contains(token.Text) : token.Text is "<number>" or "<string>";

    // `string . format ( "literal"` where `string` is a plain name (not a field of something else).
    private static bool IsFormatCall(List<LuaTokenScanner.Token> tokens, int[] match, int t) =>
        tokens[t] is { IsName: true, Text: "string" }
        && (t == 0 || tokens[t - 1].IsName || tokens[t - 1].Text is not ("." or ":"))
        && tokens[t + 1] is { IsName: false, Text: "." }
        && tokens[t + 2] is { IsName: true, Text: "format" }
        && tokens[t + 3] is { IsName: false, Text: "(" } && match[t + 3] > t + 4
        && tokens[t + 4] is { IsName: false, Text: "<string>" };

    // The first token of each argument between the parentheses (the literal first, at most MaxArguments after it),
    // or null unless the last one is a single value (a call or `...` there could pass any number of values).
    private static List<int>? FixedArguments(List<LuaTokenScanner.Token> tokens, int[] match, int first, int last)
    {
        var starts = new List<int> { first };
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (!token.IsName && token.Text is "(" or "[" or "{")
            {
                if (match[i] < 0 || match[i] > last) return null;
                i = match[i];
            }
            else if (!token.IsName && token.Text == ",")
            {
                if (i == last) return null;
                starts.Add(i + 1);
            }
        }
        if (starts.Count > MaxArguments + 1) return null;
        // The format string alone: `"a" .. x` is not a literal.
        if (starts.Count > 1 ? starts[1] - 1 != first + 1 : last != first) return null;
        return IsSingleValue(tokens, match, starts[^1], last) ? starts : null;
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
