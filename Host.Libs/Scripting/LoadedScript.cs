using System.Reflection;
using System.Runtime.Loader;

namespace LuatHost.Scripting;

/// <summary>
/// A compiled script loaded into the process, ready to start: Roslyn's submission factory takes the
/// submission array (slot 0 = globals, slot 1 = this submission, filled in by the factory) and
/// returns the task of the script body.
/// </summary>
internal sealed class LoadedScript
{
    private readonly Func<object?[], Task<object?>> _factory;

    private LoadedScript(Func<object?[], Task<object?>> factory, IReadOnlyList<string> sourceFiles)
    {
        _factory = factory;
        SourceFiles = sourceFiles;
    }

    /// <summary>The .csx files this script was built from (for mapping exceptions to script lines).</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    public static LoadedScript FromFile(string imagePath, ScriptEntryPoint entryPoint, IReadOnlyList<string> sourceFiles) =>
        Bind(AssemblyLoadContext.Default.LoadFromAssemblyPath(imagePath), entryPoint, sourceFiles);

    public static LoadedScript FromImage(byte[] image, ScriptEntryPoint entryPoint, IReadOnlyList<string> sourceFiles)
    {
        using var stream = new MemoryStream(image, writable: false);
        return Bind(AssemblyLoadContext.Default.LoadFromStream(stream), entryPoint, sourceFiles);
    }

    /// <summary>Runs the script body on the calling thread until its first incomplete await.</summary>
    public Task<object?> Start(ScriptGlobals globals) => _factory([globals, null]);

    private static LoadedScript Bind(Assembly assembly, ScriptEntryPoint entryPoint, IReadOnlyList<string> sourceFiles)
    {
        var type = assembly.GetType(entryPoint.TypeName, throwOnError: true)!;
        var method = type.GetMethod(entryPoint.MethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"The compiled script has no {entryPoint.TypeName}.{entryPoint.MethodName}.");
        return new LoadedScript(method.CreateDelegate<Func<object?[], Task<object?>>>(), sourceFiles);
    }
}
