using static LuatHost.Luat.Compat.LuaNameScan;
using Token = LuatHost.Luat.Compat.LuaTokenScanner.Token;

namespace LuatHost.Luat.Compat;

/// <summary>
/// Locals that always hold a string: <c>local s = ""</c> where every assignment to <c>s</c> in its scope is a string
/// literal or a concatenation (<c>s = s .. x</c>, the way Luat scripts build text). A read of such a local is a `..`
/// operand the number pre-pass need not pass through the 5.1 formatter (<see cref="Lua51StringOperands"/> treats a
/// concatenation's value as a string the same way). Any other use that might change it — another assignment, a
/// second declaration of the name in the scope, a multiple assignment — leaves the local out.
/// </summary>
internal static class Lua51StringLocals
{
    /// <summary>The token indices of reads of string locals.</summary>
    public static HashSet<int> Reads(List<Token> tokens, int[] match, LuaChunkIndex index)
    {
        var reads = new HashSet<int>();
        for (var t = 0; t + 4 < tokens.Count; t++)
        {
            if (!IsKeyword(tokens[t], "local") || !IsVariable(tokens[t + 1]) || !Is(tokens[t + 2], "=")
                || tokens[t + 3].Text != "<string>" || tokens[t + 3].IsName || !EndsStatement(tokens, t + 4))
                continue;
            var found = new List<int>();
            var safe = true;
            foreach (var i in index.Occurrences(tokens[t + 1].Text, t + 1, index.ScopeEnd(t + 4)))
            {
                if (Is(tokens[i - 1], ".") || Is(tokens[i - 1], ":")) continue; // a field of the same name
                if (i + 1 < tokens.Count && Is(tokens[i + 1], "=") && !Is(tokens[i - 1], ",") && !IsKeyword(tokens[i - 1], "local"))
                    safe = AssignsText(tokens, match, i + 2);
                else if (IsWrittenOrDeclared(tokens, match, i))
                    safe = false;
                else
                    found.Add(i);
                if (!safe) break;
            }
            if (safe) reads.UnionWith(found);
        }
        return reads;
    }

    // `name = <this>` ends a statement and is a string literal or a concatenation.
    private static bool AssignsText(List<Token> tokens, int[] match, int first)
    {
        var last = ExpressionEnd(tokens, match, first);
        if (last < 0 || !EndsStatement(tokens, last + 1)) return false;
        if (first == last) return tokens[first] is { IsName: false, Text: "<string>" };
        return Lua51StringOperands.IsConcatenation(tokens, match, first, last);
    }
}
