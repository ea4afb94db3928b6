using System.Text;

namespace LuatHost.Luat.Compat;

/// <summary>
/// Luat's firmware patched Lua 5.1 with a `continue` keyword (continue.patch; demo/rtmp uses it).
/// Lua 5.4 has goto, so a loop whose body uses `continue` as a statement becomes
/// <c>for … do do BODY end ::continue_N:: end</c> with each `continue` turned into
/// <c>goto continue_N</c>. The inner do-block keeps the label outside the body's locals. Nothing
/// is added or removed on any line break, so error line numbers stay those of the original file.
/// `continue` used as a name (a field, a variable) is left alone.
/// </summary>
public static class ContinuePrepass
{
    public static string Apply(string source)
    {
        if (!source.Contains("continue", StringComparison.Ordinal)) return source;
        var tokens = LuaTokenScanner.Scan(source);
        var edits = new List<(int Position, int RemoveLength, string Insert)>();
        var blocks = new Stack<Block>();
        var loopCounter = 0;

        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (!token.IsName || IsFieldName(tokens, t)) continue;
            switch (token.Text)
            {
                case "function":
                case "if":
                    blocks.Push(new Block(token.Text, -1));
                    break;
                case "while":
                case "for":
                    blocks.Push(new Block(token.Text, ++loopCounter) { AwaitingDo = true });
                    break;
                case "repeat":
                    blocks.Push(new Block("repeat", ++loopCounter) { BodyStart = token.Start + token.Length });
                    break;
                case "do":
                    if (blocks.TryPeek(out var top) && top.AwaitingDo)
                    {
                        top.AwaitingDo = false;
                        top.BodyStart = token.Start + token.Length;
                    }
                    else
                    {
                        blocks.Push(new Block("do", -1));
                    }
                    break;
                case "end":
                    if (blocks.TryPop(out var closed) && closed.UsesContinue) AddLabel(edits, closed, token.Start);
                    break;
                case "until":
                    if (blocks.TryPop(out var repeated) && repeated.UsesContinue) AddLabel(edits, repeated, token.Start);
                    break;
                case "continue" when IsStatement(tokens, t):
                    var loop = InnermostLoop(blocks);
                    if (loop is null) break; // not in a loop: leave it, Lua will report it
                    loop.UsesContinue = true;
                    edits.Add((token.Start, token.Length, $"goto continue_{loop.Id}"));
                    break;
            }
        }
        if (edits.Count == 0) return source;

        var result = new StringBuilder(source.Length + edits.Count * 24);
        var cursor = 0;
        foreach (var (position, removeLength, insert) in edits.OrderBy(e => e.Position))
        {
            result.Append(source, cursor, position - cursor).Append(insert);
            cursor = position + removeLength;
        }
        return result.Append(source, cursor, source.Length - cursor).ToString();
    }

    private static void AddLabel(List<(int, int, string)> edits, Block loop, int closingTokenStart)
    {
        edits.Add((loop.BodyStart, 0, " do"));
        edits.Add((closingTokenStart, 0, $"end ::continue_{loop.Id}:: "));
    }

    private static Block? InnermostLoop(Stack<Block> blocks)
    {
        foreach (var block in blocks)
        {
            if (block.Kind == "function") return null;
            if (block.Id > 0 && !block.AwaitingDo) return block;
        }
        return null;
    }

    // `t.continue`, `obj:continue()` are fields, not keywords.
    private static bool IsFieldName(List<LuaTokenScanner.Token> tokens, int t) =>
        t > 0 && tokens[t - 1].Text is "." or ":" && !tokens[t - 1].IsName;

    // A statement `continue` is not assigned, called, indexed or declared.
    private static bool IsStatement(List<LuaTokenScanner.Token> tokens, int t)
    {
        if (t > 0 && tokens[t - 1].Text is "local" or "function" or "goto" && tokens[t - 1].IsName) return false;
        if (t + 1 >= tokens.Count) return true;
        var next = tokens[t + 1];
        return next.IsName || next.Text is ";" or ")" ? true : next.Text is not ("=" or "(" or "." or "[" or ":" or "," or "{" or "<string>");
    }

    private sealed class Block(string kind, int id)
    {
        public string Kind { get; } = kind;
        public int Id { get; } = id;
        public bool AwaitingDo { get; set; }
        public int BodyStart { get; set; }
        public bool UsesContinue { get; set; }
    }
}
