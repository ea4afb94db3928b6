namespace LuatHost.Scripting;

/// <summary>How the last script was made ready to run: from the on-disk cache or by compiling, and how long it took.</summary>
public readonly record struct ScriptPreparation(bool FromCache, TimeSpan Elapsed);
