namespace LuatHost.Scripting;

/// <summary>
/// The compiler's output in plain types, so the runner never touches Roslyn types on a warm cache.
/// Either <see cref="Errors"/> is non-empty, or the image and its entry point are set.
/// </summary>
internal sealed record ScriptCompileResult(
    IReadOnlyList<string> Errors,
    byte[]? Image,
    ScriptEntryPoint? EntryPoint,
    IReadOnlyList<string> SourceFiles);

/// <summary>Where Roslyn put a script's submission factory: `Task&lt;object&gt; Factory(object[] submissionArray)`.</summary>
internal sealed record ScriptEntryPoint(string TypeName, string MethodName);
