using System.Globalization;
using static LuatHost.Luat.Compat.LuaNameScan;
using Token = LuatHost.Luat.Compat.LuaTokenScanner.Token;

namespace LuatHost.Luat.Compat;

/// <summary>
/// Where a name is certainly an integer on the 5.4 VM: inside <c>for i = 1, n [, 2] do … end</c>, whose start and step
/// are integer literals (the pre-pass leaves a header's literals integers), 5.4 counts in integers whatever the limit
/// (Lua 5.4 manual §3.3.5), so every read of <c>i</c> in the body is an integer, unless the body assigns <c>i</c> or
/// declares another <c>i</c> (a local, a parameter, an inner loop's), which the scan refuses whole. The format pre-pass
/// skips an integer conversion's check for such a read (5.1 and 5.4 print an integer alike).
/// </summary>
internal static class Lua51IntegerCounters
{
    /// <summary>The token indices of the reads of integer loop counters.</summary>
    public static HashSet<int> Reads(string source, List<Token> tokens, int[] match, LuaChunkIndex index)
    {
        var reads = new HashSet<int>();
        for (var t = 0; t + 3 < tokens.Count; t++)
        {
            if (!IsKeyword(tokens[t], "for") || !IsVariable(tokens[t + 1]) || !Is(tokens[t + 2], "=")) continue;
            var body = IntegerHeaderEnd(source, tokens, t + 3);
            if (body < 0) continue;
            var end = index.BlockEnd(body);
            if (end < 0) continue;
            var found = new List<int>();
            var safe = true;
            foreach (var i in index.Occurrences(tokens[t + 1].Text, body, end))
            {
                var before = tokens[i - 1];
                if (Is(before, ".") || Is(before, ":")) continue; // a field of the same name
                if (IsWrittenOrDeclared(tokens, match, i))
                {
                    safe = false;
                    break;
                }
                found.Add(i);
            }
            if (safe) reads.UnionWith(found);
        }
        return reads;
    }

    // The header after `for i =`: an integer literal start, a limit, an optional integer literal step. Returns the
    // index of its `do`, or -1 when the loop may count in floats (or the header is more than the scan reads).
    private static int IntegerHeaderEnd(string source, List<Token> tokens, int start)
    {
        var i = IntegerLiteral(source, tokens, start);
        if (i < 0 || !Is(tokens[i], ",")) return -1;
        var depth = 0;
        for (i++; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.IsName && token.Text is "function" or "end") return -1;
            if (IsKeyword(token, "do") && depth == 0) return i;
            if (token.IsName) continue;
            if (token.Text is "(" or "[" or "{") depth++;
            else if (token.Text is ")" or "]" or "}") depth--;
            else if (token.Text == "," && depth == 0)
            {
                var afterStep = IntegerLiteral(source, tokens, i + 1);
                return afterStep >= 0 && IsKeyword(tokens[afterStep], "do") ? afterStep : -1;
            }
        }
        return -1;
    }

    // The token after an integer literal (optionally negated) at i, or -1. A decimal literal beyond 2^63 is a float
    // in 5.4; a hexadecimal one wraps and stays an integer.
    private static int IntegerLiteral(string source, List<Token> tokens, int i)
    {
        if (i < tokens.Count && Is(tokens[i], "-")) i++;
        if (i + 1 >= tokens.Count || tokens[i].Text != "<number>") return -1;
        var text = source.AsSpan(tokens[i].Start, tokens[i].Length);
        var integer = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X'
            ? !text[2..].ContainsAnyExcept("0123456789abcdefABCDEF")
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return integer ? i + 1 : -1;
    }
}
