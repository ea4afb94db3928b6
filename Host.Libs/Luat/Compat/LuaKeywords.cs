namespace LuatHost.Luat.Compat;

/// <summary>Lua's reserved words (5.4 manual §3.1), which the scanner reports as names.</summary>
internal static class LuaKeywords
{
    private static readonly HashSet<string> Words =
    [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ];

    public static bool Contains(string name) => Words.Contains(name);
}
