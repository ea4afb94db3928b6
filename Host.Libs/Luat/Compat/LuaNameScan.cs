using Token = LuatHost.Luat.Compat.LuaTokenScanner.Token;

namespace LuatHost.Luat.Compat;

/// <summary>
/// What the pre-passes ask of the token stream about names and statements: whether an occurrence of a name assigns or
/// declares it, where an expression ends, where a statement may begin (blocks and scopes: <see cref="LuaChunkIndex"/>).
/// Each answer errs on the safe side: "unsure" reads as "written", "not the end", so a rewrite is left out.
/// </summary>
internal static class LuaNameScan
{
    // Whether a statement may begin at token i (or the chunk ends there): the expression before it is complete.
    public static bool EndsStatement(List<Token> tokens, int i)
    {
        if (i >= tokens.Count) return true;
        var token = tokens[i];
        if (token.IsName) return !LuaKeywords.Contains(token.Text) || token.Text is "end" or "else" or "elseif" or "until" or "local"
            or "return" or "if" or "for" or "while" or "do" or "repeat" or "function" or "break" or "goto";
        return token.Text is ";" or "::";
    }

    /// <summary>Last token of the expression starting at i (operators, calls, fields, brackets), or -1 when unsure.</summary>
    public static int ExpressionEnd(List<Token> tokens, int[] match, int i)
    {
        while (true)
        {
            while (i < tokens.Count && (Is(tokens[i], "-") || Is(tokens[i], "#") || IsKeyword(tokens[i], "not"))) i++;
            if (i >= tokens.Count) return -1;
            var token = tokens[i];
            int last;
            if (!token.IsName && token.Text is "(" or "{")
            {
                last = match[i];
                if (last < 0) return -1;
            }
            else if (token.IsName ? !LuaKeywords.Contains(token.Text) || token.Text is "nil" or "true" or "false"
                         : token.Text is "<number>" or "<string>" or "...")
            {
                last = i;
            }
            else
            {
                return -1; // a function literal, or not an expression
            }
            while (last + 1 < tokens.Count)
            {
                var next = tokens[last + 1];
                if (Is(next, ".") || Is(next, ":"))
                {
                    if (last + 2 >= tokens.Count || !tokens[last + 2].IsName) return -1;
                    last += 2;
                }
                else if (!next.IsName && next.Text is "[" or "(" or "{")
                {
                    if (match[last + 1] < 0) return -1;
                    last = match[last + 1];
                }
                else if (!next.IsName && next.Text == "<string>") last++;
                else break;
            }
            if (last + 1 >= tokens.Count) return last;
            var op = tokens[last + 1];
            if (!(op.IsName ? op.Text is "and" or "or"
                    : op.Text is "+" or "-" or "*" or "/" or "%" or "^" or ".." or "==" or "~=" or "<" or ">" or "<=" or ">="))
                return last;
            i = last + 2;
            if (Is(op, "/") && i < tokens.Count && Is(tokens[i], "/")) i++; // 5.3's `//`
        }
    }

    // An occurrence that assigns the name (`i = …`, `a, i = …`, a table field `{ i = 1 }` too, to stay on the safe
    // side) or declares another variable of that name (`local i`, `local a, i`, `for i`, `for k, i in`, a parameter).
    public static bool IsWrittenOrDeclared(List<Token> tokens, int[] match, int i)
    {
        // Back over a name list `a, b, i` to what stands before it.
        var first = i;
        while (first >= 2 && Is(tokens[first - 1], ",") && IsVariable(tokens[first - 2])) first -= 2;
        var before = tokens[first - 1];
        if (before.IsName && before.Text is "local" or "for" or "function" or "goto") return true;
        if (Is(before, "::") || (Is(before, "(") && IsParameterList(tokens, first - 1))) return true;
        // Forward over a target list `i, t[k], a.b` to an `=`.
        var j = i + 1;
        while (j < tokens.Count && Is(tokens[j], ","))
        {
            j = TargetEnd(tokens, match, j + 1);
            if (j < 0) return false;
        }
        return j < tokens.Count && Is(tokens[j], "=");
    }

    // After the prefix expression (a name with fields, indexes and calls) starting at i; -1 when none starts there.
    private static int TargetEnd(List<Token> tokens, int[] match, int i)
    {
        if (i >= tokens.Count || !IsVariable(tokens[i])) return -1;
        for (i++; i < tokens.Count;)
        {
            var token = tokens[i];
            if (Is(token, ".") || Is(token, ":"))
            {
                if (i + 1 >= tokens.Count || !tokens[i + 1].IsName) return -1;
                i += 2;
            }
            else if (!token.IsName && token.Text is "[" or "(" or "{" && match[i] > i)
            {
                i = match[i] + 1;
            }
            else
            {
                return i;
            }
        }
        return i;
    }

    // `(` opening a function's parameters: `function (`, `function f (`, `function a.b:c (`.
    private static bool IsParameterList(List<Token> tokens, int open)
    {
        var p = open - 1;
        while (p >= 0 && (IsVariable(tokens[p]) || Is(tokens[p], ".") || Is(tokens[p], ":"))) p--;
        return p >= 0 && IsKeyword(tokens[p], "function");
    }

    public static bool Is(Token token, string text) => !token.IsName && token.Text == text;

    public static bool IsKeyword(Token token, string keyword) => token.IsName && token.Text == keyword;

    public static bool IsVariable(Token token) => token.IsName && !LuaKeywords.Contains(token.Text);
}
