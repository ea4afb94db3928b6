namespace LuatHost.Scripting;

internal static class ScriptPaths
{
    /// <summary>Paths under the current directory print relative, the way the user typed them.</summary>
    public static string Display(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "<script>";
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
