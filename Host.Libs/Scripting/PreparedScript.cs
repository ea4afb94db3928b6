namespace LuatHost.Scripting;

/// <summary>A script compiled (or loaded from the cache) and ready to run; see <see cref="CSharpScriptRunner.PrepareAsync"/>.</summary>
public sealed class PreparedScript
{
    internal PreparedScript(LoadedScript loaded) => Loaded = loaded;

    internal LoadedScript Loaded { get; }

    /// <summary>The .csx files it was built from (the script and what it #loads).</summary>
    public IReadOnlyList<string> SourceFiles => Loaded.SourceFiles;
}

/// <summary>Either a <see cref="Script"/> ready to run, or the exit code of why there is none (errors already printed).</summary>
public sealed record ScriptPreparationResult(int ExitCode, PreparedScript? Script);
