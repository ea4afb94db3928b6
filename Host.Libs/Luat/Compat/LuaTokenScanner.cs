namespace LuatHost.Luat.Compat;

/// <summary>
/// Just enough of Lua's lexer to find names and punctuation outside strings and comments; used by
/// source pre-passes that must not touch text inside literals.
/// </summary>
internal static class LuaTokenScanner
{
    internal readonly record struct Token(int Start, int Length, bool IsName, string Text);

    public static List<Token> Scan(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && At(source, i + 1) == '-')
            {
                i += 2;
                var level = LongBracketLevel(source, i);
                i = level >= 0 ? SkipLongBracket(source, i, level) : SkipToLineEnd(source, i);
                continue;
            }
            if (c == '[')
            {
                var level = LongBracketLevel(source, i);
                if (level >= 0)
                {
                    var end = SkipLongBracket(source, i, level);
                    tokens.Add(new Token(i, end - i, false, "<string>"));
                    i = end;
                    continue;
                }
            }
            if (c is '"' or '\'')
            {
                var start = i++;
                while (i < source.Length && source[i] != c && source[i] != '\n')
                    i += source[i] == '\\' ? 2 : 1;
                i = Math.Min(i + 1, source.Length);
                tokens.Add(new Token(start, i - start, false, "<string>"));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_')) i++;
                tokens.Add(new Token(start, i - start, true, source[start..i]));
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && char.IsDigit(At(source, i + 1))))
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '.'
                       || ((source[i] is '+' or '-') && source[i - 1] is 'e' or 'E' or 'p' or 'P'))) i++;
                tokens.Add(new Token(start, i - start, false, "<number>"));
                continue;
            }
            var length = c switch
            {
                '.' when At(source, i + 1) == '.' && At(source, i + 2) == '.' => 3,
                '.' when At(source, i + 1) == '.' => 2,
                ':' when At(source, i + 1) == ':' => 2,
                '=' or '~' or '<' or '>' when At(source, i + 1) == '=' => 2,
                _ => 1,
            };
            tokens.Add(new Token(i, length, false, source.Substring(i, length)));
            i += length;
        }
        return tokens;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int SkipToLineEnd(string s, int i)
    {
        while (i < s.Length && s[i] != '\n') i++;
        return i;
    }

    /// <summary>Level of a long bracket opening at i (`[[` = 0, `[==[` = 2), or -1.</summary>
    private static int LongBracketLevel(string s, int i)
    {
        if (At(s, i) != '[') return -1;
        var j = i + 1;
        while (At(s, j) == '=') j++;
        return At(s, j) == '[' ? j - i - 1 : -1;
    }

    private static int SkipLongBracket(string s, int i, int level)
    {
        var close = "]" + new string('=', level) + "]";
        var end = s.IndexOf(close, i + level + 2, StringComparison.Ordinal);
        return end < 0 ? s.Length : end + close.Length;
    }
}
