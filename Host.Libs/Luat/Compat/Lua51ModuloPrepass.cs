namespace LuatHost.Luat.Compat;

/// <summary>
/// `a % b` as Lua 5.1 computed it: <c>a - floor(a/b)*b</c> (5.1's luai_nummod in luaconf.h). Lua 5.4
/// computes a float modulo with C's fmod, which glibc works out bit by bit: ≈ 10× slower than 5.1 for
/// a large quotient (an LCG's <c>x * 1103515245 % 2^31</c>), and its results differ from 5.1's at the
/// edges (5.1: <c>5 % math.huge</c> is nan, fmod gives 5). So <c>A % B</c> becomes
/// <c>((A) - (A) // (B) * (B))</c> — 5.4's float <c>//</c> is floor(a/b), so every operation is 5.1's —
/// where both operands are side-effect free (names, fields, literals, arithmetic, no calls) and on one
/// line, so evaluating them twice is safe and no line number moves, and the left one is a literal or
/// computed by arithmetic, so it is a number (a plain variable may hold a table with __mod). Other
/// operands keep 5.4's `%` (docs/lua51-compat.md). A statement that is only <c>x = A % B</c> (or
/// <c>local x = A % B</c>) computes A once: <c>do local t = A; x = t - t // (B) * (B) end</c>.
/// </summary>
internal static class Lua51ModuloPrepass
{
    /// <summary>An opening inserted before A: after a `..` wrapper's opening at the same place.</summary>
    public const double OpenOrder = 2.5;

    /// <summary>The closing inserted after B: after a literal's float suffix, before a `..` wrapper's closing.</summary>
    public const double CloseOrder = -0.5;

    public delegate void AddEdit(int position, int removeLength, string insert, double order);

    public static void AddEdits(string source, List<LuaTokenScanner.Token> tokens, int[] match, Func<int, string> tokenText, AddEdit edit)
    {
        for (var t = 1; t + 1 < tokens.Count; t++)
        {
            if (tokens[t].IsName || tokens[t].Text != "%") continue;
            var first = OperandBefore(tokens, match, t - 1);
            var last = OperandAfter(tokens, match, t + 1);
            if (first < 0 || last < 0 || !Computes(tokens, first, t - 1) || !OnOneLine(source, tokens, first, t - 1) || !OnOneLine(source, tokens, t + 1, last)) continue;
            var b = Copy(source, tokens, t + 1, last, tokenText);
            if (Assignment(source, tokens, match, first, t, last) is { } target)
            {
                // `x = A % B`: A is computed once, into a local of its own (`local x = A % B`: into x itself).
                var value = target.Declares ? target.Name : Temporary;
                if (!target.Declares) edit(target.Start, target.Length, $"do local {Temporary} =", OpenOrder);
                edit(tokens[t].Start, 1, $"; {target.Name} = {value} - {value} // ({b}) * (", 1);
                edit(tokens[last].Start + tokens[last].Length, 0, target.Declares ? ")" : ") end", CloseOrder);
                continue;
            }
            var a = Copy(source, tokens, first, t - 1, tokenText);
            edit(tokens[first].Start, 0, "((", OpenOrder);
            edit(tokens[t].Start, 1, $") - ({a}) // ({b}) * (", 1);
            edit(tokens[last].Start + tokens[last].Length, 0, "))", CloseOrder);
        }
    }

    private const string Temporary = "__luat_m51";

    private readonly record struct Target(string Name, int Start, int Length, bool Declares);

    // The statement `x = A % B` or `local x = A % B`, all on one line and nothing else in it, or null. In the first
    // form `x =` is what is replaced; in the second x is assigned twice, so B must not read it.
    private static Target? Assignment(string source, List<LuaTokenScanner.Token> tokens, int[] match, int first, int percent, int last)
    {
        var eq = first - 1;
        if (eq < 1 || !Is(tokens[eq], "=") || !IsPlainName(tokens[eq - 1])) return null;
        var name = tokens[eq - 1];
        if (!LuaNameScan.EndsStatement(tokens, last + 1) || !OnOneLine(source, tokens, eq - 1, last) || InBrackets(tokens, match, eq - 1)) return null;
        var before = eq >= 2 ? tokens[eq - 2] : default;
        if (eq >= 2 && before.IsName && before.Text == "local")
        {
            for (var i = percent + 1; i <= last; i++)
                if (tokens[i].IsName && tokens[i].Text == name.Text) return null;
            return new Target(name.Text, name.Start, 0, Declares: true);
        }
        if (eq >= 2 && (before.IsName ? before.Text == "for" : before.Text is "." or ":" or "," or "::")) return null;
        return new Target(name.Text, name.Start, tokens[eq].Start + 1 - name.Start, Declares: false);
    }

    // Whether token i stands inside brackets (a table constructor's `x = …`, or a statement in a function passed as an
    // argument, which is then left as it is).
    private static bool InBrackets(List<LuaTokenScanner.Token> tokens, int[] match, int i)
    {
        for (var o = i - 1; o >= 0; o--)
        {
            if (tokens[o].IsName) continue;
            if (tokens[o].Text is ")" or "]" or "}" && match[o] >= 0) o = match[o];
            else if (tokens[o].Text is "(" or "[" or "{") return true;
        }
        return false;
    }

    // A literal, or an operand whose value an arithmetic operator makes (`x * a + c`, `#s`, `-n`): a
    // number. A plain variable may hold a table whose __mod must run: it keeps the VM's `%`.
    private static bool Computes(List<LuaTokenScanner.Token> tokens, int first, int last)
    {
        if (first == last) return tokens[first].Text == "<number>";
        var indexDepth = 0;
        for (var i = first; i <= last; i++)
        {
            if (tokens[i].IsName) continue;
            switch (tokens[i].Text)
            {
                case "[": indexDepth++; break;
                case "]": indexDepth--; break;
                case "+" or "-" or "*" or "/" or "^" or "#" when indexDepth == 0: return true;
            }
        }
        return false;
    }

    // The operand's text with each token as the pre-pass writes it (literals as floats).
    internal static string Copy(string source, List<LuaTokenScanner.Token> tokens, int first, int last, Func<int, string> tokenText)
    {
        var text = new System.Text.StringBuilder();
        for (var i = first; i <= last; i++)
        {
            if (i > first) text.Append(source, tokens[i - 1].Start + tokens[i - 1].Length, tokens[i].Start - tokens[i - 1].Start - tokens[i - 1].Length);
            text.Append(tokenText(i));
        }
        return text.ToString();
    }

    private static bool OnOneLine(string source, List<LuaTokenScanner.Token> tokens, int first, int last)
    {
        var span = source.AsSpan(tokens[first].Start, tokens[last].Start + tokens[last].Length - tokens[first].Start);
        return !span.Contains('\n') && !span.Contains("--", StringComparison.Ordinal);
    }

    private static bool Is(LuaTokenScanner.Token token, string text) => !token.IsName && token.Text == text;

    private static bool IsPlainName(LuaTokenScanner.Token token) => token.IsName && !LuaKeywords.Contains(token.Text);

    // A token that ends an operand: after it a `-` is binary and a `(` is a call.
    private static bool EndsOperand(LuaTokenScanner.Token token) => Lua51NumberPrepass.IsOperandEnd(token);

    /// <summary>
    /// First token of the multiplicative operand ending at <paramref name="end"/> (`a * -b ^ 2` in
    /// `a * -b ^ 2 % c`), or -1 when it is not side-effect free or holds another `%`.
    /// </summary>
    private static int OperandBefore(List<LuaTokenScanner.Token> tokens, int[] match, int end)
    {
        while (true)
        {
            var start = PowerBefore(tokens, match, end);
            if (start < 0) return -1;
            while (start > 0 && (Is(tokens[start - 1], "#") || (Is(tokens[start - 1], "-") && (start < 2 || !EndsOperand(tokens[start - 2])))))
                start--;
            if (start == 0) return start;
            var before = tokens[start - 1];
            if (Is(before, "%")) return -1;
            if (!Is(before, "*") && !Is(before, "/")) return start;
            end = start - 2;
            if (end >= 0 && Is(tokens[end], "/") && tokens[end].Start + 1 == before.Start) end--; // 5.3's `//`
            if (end < 0) return -1;
        }
    }

    private static int PowerBefore(List<LuaTokenScanner.Token> tokens, int[] match, int end)
    {
        var start = PrimaryBefore(tokens, match, end);
        while (start > 1)
        {
            if (Is(tokens[start - 1], "^")) start = PrimaryBefore(tokens, match, start - 2);
            else if (start > 2 && Is(tokens[start - 1], "-") && Is(tokens[start - 2], "^")) start = PrimaryBefore(tokens, match, start - 3);
            else break;
            if (start < 0) return -1;
        }
        return start;
    }

    // A name, field or index chain, a literal, or a parenthesized pure expression; never a call.
    private static int PrimaryBefore(List<LuaTokenScanner.Token> tokens, int[] match, int end)
    {
        if (end < 0) return -1;
        var unit = tokens[end];
        if (unit.Text == "<number>") return end;
        while (true)
        {
            int start;
            if (IsPlainName(unit)) start = end;
            else if (Is(unit, "]") || Is(unit, ")"))
            {
                start = match[end];
                if (start < 0 || !Pure(tokens, match, start + 1, end - 1)) return -1;
                if (Is(unit, ")")) return start > 0 && EndsOperand(tokens[start - 1]) ? -1 : start; // f(...) is a call
            }
            else return -1;
            if (start == 0) return Is(unit, "]") ? -1 : start;
            var before = tokens[start - 1];
            if (Is(unit, "]"))
            {
                end = start - 1; // the indexed expression
                if (!EndsOperand(tokens[end]) || tokens[end].Text is "<number>" or "<string>" or "}" or "...") return -1;
                unit = tokens[end];
                continue;
            }
            if (Is(before, ".") && start >= 2)
            {
                end = start - 2;
                unit = tokens[end];
                continue;
            }
            if (Is(before, ":")) return -1;
            return start;
        }
    }

    /// <summary>Last token of the operand after `%` (unary operators, a primary, a right-assoc `^`), or -1.</summary>
    private static int OperandAfter(List<LuaTokenScanner.Token> tokens, int[] match, int start)
    {
        var i = start;
        while (i < tokens.Count && (Is(tokens[i], "-") || Is(tokens[i], "#"))) i++;
        var last = PrimaryAfter(tokens, match, i);
        if (last < 0) return -1;
        if (last + 2 < tokens.Count && Is(tokens[last + 1], "^")) return OperandAfter(tokens, match, last + 2);
        return last;
    }

    private static int PrimaryAfter(List<LuaTokenScanner.Token> tokens, int[] match, int i)
    {
        if (i >= tokens.Count) return -1;
        int last;
        if (tokens[i].Text == "<number>") return i;
        if (Is(tokens[i], "("))
        {
            last = match[i];
            if (last < 0 || !Pure(tokens, match, i + 1, last - 1)) return -1;
        }
        else if (IsPlainName(tokens[i])) last = i;
        else return -1;
        while (last + 1 < tokens.Count)
        {
            var next = tokens[last + 1];
            if (Is(next, ".") && last + 2 < tokens.Count && IsPlainName(tokens[last + 2])) last += 2;
            else if (Is(next, "["))
            {
                var close = match[last + 1];
                if (close < 0 || !Pure(tokens, match, last + 2, close - 1)) return -1;
                last = close;
            }
            else if (Is(next, "(") || Is(next, ":") || Is(next, "{") || next.Text == "<string>") return -1; // a call
            else break;
        }
        return last;
    }

    // Tokens that only read and compute: names, literals, arithmetic, fields and indexes; no call, no `%`.
    private static bool Pure(List<LuaTokenScanner.Token> tokens, int[] match, int first, int last)
    {
        if (first > last) return false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.IsName)
            {
                if (!IsPlainName(token)) return false;
                continue;
            }
            switch (token.Text)
            {
                case "<number>" or "+" or "-" or "*" or "/" or "^" or "#" or "." or "[" or "]" or ")":
                    continue;
                case "(":
                    if (i > first && EndsOperand(tokens[i - 1])) return false; // a call
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }
}
