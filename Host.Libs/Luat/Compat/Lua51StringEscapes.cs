namespace LuatHost.Luat.Compat;

/// <summary>
/// Escapes in quoted strings as Lua 5.1 read them: a backslash before a character that is not one
/// of 5.1's escapes (a b f n r t v \ " ' newline digit) stands for that character. 5.4 either
/// refuses those ("\q") or gives them a new meaning ("\x41" is "A" in 5.4 but "x41" in 5.1), so the
/// backslash is dropped before 5.4 sees the literal.
/// </summary>
internal static class Lua51StringEscapes
{
    public static void AddEdits(string source, List<LuaTokenScanner.Token> tokens, Action<int, int, string> edit)
    {
        foreach (var token in tokens)
        {
            if (token.Text != "<string>" || source[token.Start] is not ('"' or '\'')) continue;
            var end = token.Start + token.Length - 1;
            for (var i = token.Start + 1; i < end; i++)
            {
                if (source[i] != '\\') continue;
                var next = source[i + 1];
                if (!Is51Escape(next)) edit(i, 1, "");
                i++; // the escaped character is never itself the start of an escape
            }
        }
    }

    private static bool Is51Escape(char c) =>
        c is 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\' or '"' or '\'' or '\n' or '\r' || char.IsAsciiDigit(c);
}
