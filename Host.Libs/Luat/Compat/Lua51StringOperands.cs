namespace LuatHost.Luat.Compat;

/// <summary>
/// `..` operands that are strings by construction, which the number pre-pass leaves unwrapped (the 5.1
/// formatter only changes numbers, and each wrapper is a Lua call): a call of <c>tostring</c> (the 5.1 one)
/// or of a string function that returns a string (<c>string.format(…)</c>, <c>string.sub(…)</c>…), and a
/// parenthesized concatenation. Method calls (<c>s:sub(1, 2)</c>) stay wrapped: the receiver may be a table
/// whose own <c>sub</c> returns a number. A local that only ever holds text is found by <see cref="Lua51StringLocals"/>.
/// </summary>
internal static class Lua51StringOperands
{
    private static readonly HashSet<string> StringFunctions = ["format", "sub", "rep", "upper", "lower", "char", "reverse", "gsub"];

    public static bool IsString(List<LuaTokenScanner.Token> tokens, int[] match, int first, int last)
    {
        var head = tokens[first];
        if (!head.IsName && head.Text == "(") return match[first] == last && IsConcatenation(tokens, match, first + 1, last - 1);
        if (!head.IsName || (first > 0 && !tokens[first - 1].IsName && tokens[first - 1].Text is "." or ":")) return false;
        var call = head.Text switch
        {
            "tostring" => first + 1,
            "string" when first + 3 <= last && tokens[first + 1] is { IsName: false, Text: "." }
                && tokens[first + 2].IsName && StringFunctions.Contains(tokens[first + 2].Text) => first + 3,
            _ => -1,
        };
        return call > 0 && tokens[call] is { IsName: false, Text: "(" } && match[call] == last;
    }

    // An expression whose last operation is `..`: a `..` outside brackets and nothing of lower precedence
    // (comparisons, and, or).
    public static bool IsConcatenation(List<LuaTokenScanner.Token> tokens, int[] match, int first, int last)
    {
        var concatenates = false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.IsName)
            {
                if (token.Text is "and" or "or") return false;
                continue;
            }
            switch (token.Text)
            {
                case "(" or "[" or "{":
                    if (match[i] < 0) return false;
                    i = match[i];
                    break;
                case "..":
                    concatenates = true;
                    break;
                case "==" or "~=" or "<" or ">" or "<=" or ">=":
                    return false;
            }
        }
        return concatenates;
    }
}
