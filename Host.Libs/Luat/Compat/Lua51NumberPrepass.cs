using System.Globalization;
using System.Text;

namespace LuatHost.Luat.Compat;

/// <summary>
/// Makes Lua 5.4 compute and print numbers as Luat's Lua 5.1 (one number type, a double, printed
/// with "%.14g"); see docs/lua51-compat.md. Two source rewrites, neither adding a line break so
/// error line numbers stay the file's own:
/// <list type="bullet">
/// <item>integer literals become float literals (<c>10</c> → <c>10.0</c>, <c>0xFF</c> → <c>0xFFp0</c>), so
/// arithmetic runs in doubles and never wraps where 5.1 would not;</item>
/// <item>each operand of <c>..</c> that is not a string literal is passed through the 5.1 number
/// formatter (<c>a .. b</c> → <c>S(a) .. S(b)</c>, S a chunk-local bound to <see cref="FormatterGlobal"/>),
/// because the VM's own concatenation prints 2.0 where 5.1 printed 2. A numeric literal operand is
/// turned into its 5.1 text at once; an operand that is a string by construction is left alone
/// (<see cref="Lua51StringOperands"/>).</item>
/// <item>`string.format("literal", …)` calls are bound to a compiled format (<see cref="Lua51FormatPrepass"/>).</item>
/// </list>
/// </summary>
public static class Lua51NumberPrepass
{
    /// <summary>The global compat.lua defines: number → its 5.1 text, anything else unchanged.</summary>
    public const string FormatterGlobal = "__luat_tostr51";

    private const string FormatterLocal = "__luat_s51";

    public static string Apply(string source)
    {
        var tokens = LuaTokenScanner.Scan(source);
        var match = MatchBrackets(tokens);
        var edits = new List<Edit>();
        var wrapped = new HashSet<int>();
        var literalEdited = new HashSet<int>();
        var usesFormatter = false;
        var index = new LuaChunkIndex(tokens);
        var stringLocals = Lua51StringLocals.Reads(tokens, match, index);

        for (var t = 0; t < tokens.Count; t++)
        {
            if (tokens[t].Text != ".." || tokens[t].IsName) continue;
            var left = OperandBefore(tokens, match, t - 1);
            var right = OperandAfter(tokens, match, t + 1);
            if (left < 0 || right < 0) continue;
            usesFormatter |= Wrap(source, tokens, match, left, t - 1, edits, wrapped, literalEdited, stringLocals);
            usesFormatter |= Wrap(source, tokens, match, t + 1, right, edits, wrapped, literalEdited, stringLocals);
        }
        // Literals that stay integers: a for header's, the append idiom's and a literal key's.
        var integerLiterals = NumericForHeaders(tokens);
        integerLiterals.UnionWith(AppendIndexes(source, tokens));
        integerLiterals.UnionWith(LiteralKeys(source, tokens));
        Lua51ModuloPrepass.AddEdits(source, tokens, match, t => AsWritten(source, tokens[t], integerLiterals.Contains(t)),
            (position, length, text, order) => edits.Add(new Edit(position, length, text, order)));
        for (var t = 0; t < tokens.Count; t++)
        {
            if (tokens[t].Text != "<number>" || literalEdited.Contains(t) || integerLiterals.Contains(t)) continue;
            var text = source.Substring(tokens[t].Start, tokens[t].Length);
            var suffix = FloatSuffix(text);
            // Before a closing parenthesis inserted at the same place.
            if (suffix is not null) edits.Add(new Edit(tokens[t].Start + tokens[t].Length, 0, suffix, -1));
        }
        Lua51StringEscapes.AddEdits(source, tokens, (position, length, text) => edits.Add(new Edit(position, length, text, 1)));
        Lua51VarargArg.AddEdits(tokens, match, index, (position, text) => edits.Add(new Edit(position, 0, text, -3)));
        var formatSites = Lua51FormatPrepass.AddEdits(source, tokens, match, index, t => AsWritten(source, tokens[t], integerLiterals.Contains(t)),
            (position, length, text, order) => edits.Add(new Edit(position, length, text, order)));
        if (edits.Count == 0 && !usesFormatter) return source;

        var result = new StringBuilder(source.Length + edits.Count * 12 + 64);
        // A chunk loaded with an environment of its own (a sandbox) may not see the global: it then
        // concatenates as 5.4 does rather than failing.
        if (usesFormatter) result.Append("local ").Append(FormatterLocal).Append(" = ").Append(FormatterGlobal).Append(" or function(v) return v end; ");
        if (formatSites > 0) result.Append(Lua51FormatPrepass.Declaration(formatSites));
        var cursor = 0;
        // Closing parentheses before opening ones at the same place; stable otherwise.
        foreach (var edit in edits.OrderBy(e => e.Position).ThenBy(e => e.Order))
        {
            result.Append(source, cursor, edit.Position - cursor).Append(edit.Insert);
            cursor = edit.Position + edit.RemoveLength;
        }
        return result.Append(source, cursor, source.Length - cursor).ToString();
    }

    // Literals in a numeric for header (`for i = 1, n do`) stay integers: the loop counts in
    // integers, which 5.4 indexes tables with on its fast path; the counter's values are the same
    // whole numbers 5.1 had (and print the same), and a float step still makes a float loop.
    private static HashSet<int> NumericForHeaders(List<LuaTokenScanner.Token> tokens)
    {
        var inHeader = new HashSet<int>();
        for (var t = 0; t + 2 < tokens.Count; t++)
        {
            if (!tokens[t].IsName || tokens[t].Text != "for" || !tokens[t + 1].IsName || tokens[t + 2].Text != "=" || tokens[t + 2].IsName)
                continue;
            for (var i = t + 3; i < tokens.Count && !(tokens[i].IsName && tokens[i].Text == "do"); i++)
                if (tokens[i].Text == "<number>") inHeader.Add(i);
        }
        return inHeader;
    }

    // The `1` of `t[#t + 1]` (the append idiom) stays an integer: a float key with a whole value is the same key
    // (5.4 normalizes it), only slower to store; the sum is a key and nothing else, so no other operation sees it.
    private static IEnumerable<int> AppendIndexes(string source, List<LuaTokenScanner.Token> tokens)
    {
        for (var t = 3; t + 1 < tokens.Count; t++)
        {
            if (tokens[t].Text != "<number>" || tokens[t + 1] is not { IsName: false, Text: "]" } || tokens[t - 1] is not { IsName: false, Text: "+" })
                continue;
            if (!IsDecimal(source, tokens[t], maxDigits: 9)) continue;
            // Back over `a.b.c` to the `#` and the `[`.
            var p = t - 2;
            while (p >= 2 && tokens[p - 1] is { IsName: false, Text: "." } && tokens[p - 2].IsName) p -= 2;
            if (p >= 2 && tokens[p].IsName && !LuaKeywords.Contains(tokens[p].Text)
                && tokens[p - 1] is { IsName: false, Text: "#" } && tokens[p - 2] is { IsName: false, Text: "[" })
                yield return t;
        }
    }

    // A literal that is a whole key, `t[1]` or `{[2] = v}`, stays an integer: a float key with a whole value is the
    // same key (5.4 normalizes it), and an integer one takes 5.4's GETI/SETI path instead of a float-key lookup
    // (≈ 2.5× the time of `t[1]` in lua5.4). Decimal literals of at most 15 digits only: those are below 2^53, so the
    // double 5.1 read is the same number (a longer one, 9007199254740993, rounds in 5.1 and must stay a float).
    private static IEnumerable<int> LiteralKeys(string source, List<LuaTokenScanner.Token> tokens)
    {
        for (var t = 1; t + 1 < tokens.Count; t++)
        {
            if (tokens[t].Text == "<number>" && tokens[t - 1] is { IsName: false, Text: "[" } && tokens[t + 1] is { IsName: false, Text: "]" }
                && IsDecimal(source, tokens[t], maxDigits: 15))
                yield return t;
        }
    }

    // A literal written in decimal digits only (no point, exponent or hex), at most maxDigits of them.
    private static bool IsDecimal(string source, LuaTokenScanner.Token literal, int maxDigits) =>
        literal.Length <= maxDigits && !source.AsSpan(literal.Start, literal.Length).ContainsAnyExcept("0123456789");

    internal readonly record struct Edit(int Position, int RemoveLength, string Insert, double Order);

    // A token as the pre-pass writes it: an integer literal that does not stay an integer as a float.
    private static string AsWritten(string source, LuaTokenScanner.Token token, bool staysInteger)
    {
        var text = source.Substring(token.Start, token.Length);
        return token.Text == "<number>" && !staysInteger ? text + FloatSuffix(text) : text;
    }

    // ".0" for a decimal integer literal, "p0" for a hex one; null for literals already floats.
    private static string? FloatSuffix(string literal)
    {
        if (literal.Length > 2 && literal[0] == '0' && literal[1] is 'x' or 'X')
        {
            for (var i = 2; i < literal.Length; i++)
                if (!char.IsAsciiHexDigit(literal[i])) return null;
            return "p0";
        }
        foreach (var c in literal)
            if (!char.IsAsciiDigit(c)) return null;
        return ".0";
    }

    private static bool Wrap(string source, List<LuaTokenScanner.Token> tokens, int[] match, int first, int last,
        List<Edit> edits, HashSet<int> wrapped, HashSet<int> literalEdited, HashSet<int> stringLocals)
    {
        if (!wrapped.Add(first)) return false;
        if (first == last)
        {
            var token = tokens[first];
            if (token.Text == "<string>") return false;
            if (token.Text == "<number>" && Lua51Text(source.Substring(token.Start, token.Length)) is { } text)
            {
                // A literal operand is left a number (a __concat metamethod receives a number, as in
                // 5.1) that 5.4 writes as 5.1 did: an integer stays an integer, a fraction stays as
                // it is; only 5.1's exponent form ("1e+15") is written out as a string.
                literalEdited.Add(first);
                if (text.Contains('e') || text.Contains('n'))
                    edits.Add(new Edit(token.Start, token.Length, "\"" + text + "\"", 1));
                return false;
            }
        }
        if (Lua51StringOperands.IsString(tokens, match, first, last) || (first == last && stringLocals.Contains(first))) return false;
        edits.Add(new Edit(tokens[first].Start, 0, FormatterLocal + "(", 2));
        edits.Add(new Edit(tokens[last].Start + tokens[last].Length, 0, ")", 0));
        return true;
    }

    private static string? Lua51Text(string literal)
    {
        double value;
        if (literal.Length > 2 && literal[0] == '0' && literal[1] is 'x' or 'X')
        {
            if (!ulong.TryParse(literal.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
                return null;
            value = hex;
        }
        else if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }
        return Runtime.LuaToString.FormatNumber(value);
    }

    internal static int[] MatchBrackets(List<LuaTokenScanner.Token> tokens)
    {
        var match = new int[tokens.Count];
        Array.Fill(match, -1);
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].IsName) continue;
            switch (tokens[i].Text)
            {
                case "(" or "[" or "{":
                    open.Push(i);
                    break;
                case ")" or "]" or "}":
                    if (open.Count == 0) break;
                    var o = open.Pop();
                    match[o] = i;
                    match[i] = o;
                    break;
            }
        }
        return match;
    }

    internal static bool IsOperandEnd(LuaTokenScanner.Token token) =>
        token.IsName ? !LuaKeywords.Contains(token.Text) || token.Text is "nil" or "true" or "false"
            : token.Text is "<number>" or "<string>" or ")" or "]" or "}" or "...";

    private static bool IsCallee(LuaTokenScanner.Token token) =>
        token.IsName ? !LuaKeywords.Contains(token.Text) : token.Text is ")" or "]";

    /// <summary>First token of the operand that ends at <paramref name="end"/>, or -1 when unsure.</summary>
    private static int OperandBefore(List<LuaTokenScanner.Token> tokens, int[] match, int end)
    {
        while (true)
        {
            if (end < 0) return -1;
            var start = PrefixStart(tokens, match, end);
            if (start < 0) return -1;
            // Unary and higher-precedence binary operators in front belong to this operand.
            while (true)
            {
                var p = start - 1;
                if (p < 0) return start;
                var op = tokens[p];
                if (!op.IsName && op.Text is "+" or "*" or "/" or "%" or "^")
                {
                    end = p - 1;
                    break;
                }
                if (!op.IsName && op.Text == "-")
                {
                    if (p > 0 && IsOperandEnd(tokens[p - 1]))
                    {
                        end = p - 1;
                        break;
                    }
                    start = p;
                    continue;
                }
                if ((op.IsName && op.Text == "not") || (!op.IsName && op.Text == "#"))
                {
                    start = p;
                    continue;
                }
                return start;
            }
        }
    }

    // Start of a primary expression with its suffixes (a.b[c](d):e"f") ending at end.
    private static int PrefixStart(List<LuaTokenScanner.Token> tokens, int[] match, int end)
    {
        while (true)
        {
            var unit = tokens[end];
            int start;
            if (!unit.IsName && unit.Text is ")" or "]" or "}")
            {
                start = match[end];
                if (start < 0) return -1;
            }
            else if (IsOperandEnd(unit))
            {
                start = end;
            }
            else
            {
                return -1;
            }
            var p = start - 1;
            if (p < 0) return start;
            var before = tokens[p];
            switch (unit.Text)
            {
                case "]":
                    end = p;
                    continue;
                case ")" or "}" or "<string>" when IsCallee(before):
                    end = p;
                    continue;
            }
            if (unit.IsName && !before.IsName && before.Text is "." or ":")
            {
                if (p - 1 < 0) return -1;
                end = p - 1;
                continue;
            }
            return start;
        }
    }

    /// <summary>Last token of the operand that starts at <paramref name="start"/>, or -1 when unsure.</summary>
    private static int OperandAfter(List<LuaTokenScanner.Token> tokens, int[] match, int start)
    {
        var i = start;
        while (true)
        {
            while (i < tokens.Count && ((!tokens[i].IsName && tokens[i].Text is "-" or "#") || (tokens[i].IsName && tokens[i].Text == "not")))
                i++;
            if (i >= tokens.Count) return -1;
            var token = tokens[i];
            int last;
            if (!token.IsName && token.Text == "(")
            {
                last = match[i];
                if (last < 0) return -1;
                last = Suffixes(tokens, match, last);
            }
            else if (!token.IsName && token.Text == "{")
            {
                last = match[i];
                if (last < 0) return -1;
            }
            else if (token.IsName && !LuaKeywords.Contains(token.Text))
            {
                last = Suffixes(tokens, match, i);
            }
            else if (IsOperandEnd(token))
            {
                last = i;
            }
            else
            {
                return -1;
            }
            if (last < 0) return -1;
            var next = last + 1;
            if (next < tokens.Count && !tokens[next].IsName && tokens[next].Text is "+" or "-" or "*" or "/" or "%" or "^")
            {
                i = next + 1;
                continue;
            }
            return last;
        }
    }

    private static int Suffixes(List<LuaTokenScanner.Token> tokens, int[] match, int last)
    {
        while (last + 1 < tokens.Count)
        {
            var next = tokens[last + 1];
            if (next.IsName) return last;
            switch (next.Text)
            {
                case "." or ":":
                    if (last + 2 >= tokens.Count || !tokens[last + 2].IsName) return -1;
                    last += 2;
                    break;
                case "[" or "(" or "{":
                    last = match[last + 1];
                    if (last < 0) return -1;
                    break;
                case "<string>":
                    last += 1;
                    break;
                default:
                    return last;
            }
        }
        return last;
    }
}
