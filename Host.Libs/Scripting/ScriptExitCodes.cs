namespace LuatHost.Scripting;

/// <summary>Process exit codes of `luathost run flow.csx`.</summary>
public static class ScriptExitCodes
{
    public const int Success = 0;

    /// <summary>The script threw (in its body, a callback or an async continuation).</summary>
    public const int RuntimeError = 1;

    /// <summary>The script did not compile; the errors were printed as file:line:col.</summary>
    public const int CompileError = 2;

    /// <summary>The script file does not exist or cannot be read.</summary>
    public const int ScriptNotFound = 3;

    /// <summary>The run was cancelled (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
