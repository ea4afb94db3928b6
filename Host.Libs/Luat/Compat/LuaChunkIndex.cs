using Token = LuatHost.Luat.Compat.LuaTokenScanner.Token;

namespace LuatHost.Luat.Compat;

/// <summary>
/// One pass over a chunk's tokens, so the pre-passes never rescan: where each block closes, where the scope around each
/// token ends, and where each name occurs. Scans that walked from a declaration to its scope's end made a chunk of
/// many locals cost the square of its length to load (20,000 `local s = ""` lines took 2 s); with the index each
/// question is answered from arrays.
/// </summary>
internal sealed class LuaChunkIndex
{
    private readonly int _count;
    // For a block's opening token (`do`, `if`, `function`, `repeat`, and each `else`/`elseif` branch): the token that
    // closes it (`end`, `until`, or the next branch), -1 when the chunk ends first.
    private readonly int[] _closer;
    // For every token: the opening token of the innermost block or branch around it, -1 at the chunk's top level.
    private readonly int[] _innermost;
    private readonly List<Token> _tokens;
    // Where each name occurs; made on the first question about names (most chunks never ask).
    private Dictionary<string, List<int>>? _names;

    public LuaChunkIndex(List<Token> tokens)
    {
        _tokens = tokens;
        _count = tokens.Count;
        _closer = new int[tokens.Count];
        _innermost = new int[tokens.Count];
        Array.Fill(_closer, -1);
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            _innermost[i] = open.Count > 0 ? open.Peek() : -1;
            if (!token.IsName) continue;
            switch (token.Text)
            {
                // `while` and `for` open with their `do`.
                case "do" or "if" or "function" or "repeat":
                    open.Push(i);
                    break;
                case "end" or "until":
                    if (open.Count > 0) _closer[open.Pop()] = i;
                    break;
                case "else" or "elseif":
                    // The branch before it ends here; the new branch closes at the next one or at `end`.
                    if (open.Count > 0) _closer[open.Pop()] = i;
                    open.Push(i);
                    break;
            }
        }
    }

    /// <summary>The token closing the block opened at <paramref name="open"/> (a `do`), or -1.</summary>
    public int BlockEnd(int open) => _closer[open];

    /// <summary>
    /// The token closing the block or branch a local declared at <paramref name="position"/> belongs to (`end`, `until`,
    /// `else`, `elseif`), or the token count at the chunk's top level (or when the block is never closed).
    /// </summary>
    public int ScopeEnd(int position)
    {
        if (position >= _count) return _count;
        var innermost = _innermost[position];
        return innermost < 0 || _closer[innermost] < 0 ? _count : _closer[innermost];
    }

    /// <summary>The indices of the occurrences of <paramref name="name"/> after <paramref name="first"/> and before <paramref name="end"/>, in order.</summary>
    public IEnumerable<int> Occurrences(string name, int first, int end)
    {
        if (!(_names ??= IndexNames()).TryGetValue(name, out var list)) yield break;
        var at = list.BinarySearch(first);
        for (var k = at < 0 ? ~at : at + 1; k < list.Count && list[k] < end; k++)
            yield return list[k];
    }

    private Dictionary<string, List<int>> IndexNames()
    {
        var names = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            if (!token.IsName || LuaKeywords.Contains(token.Text)) continue;
            if (!names.TryGetValue(token.Text, out var list)) names[token.Text] = list = [];
            list.Add(i);
        }
        return names;
    }
}
