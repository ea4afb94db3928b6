using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace LuatHost.Scripting;

/// <summary>
/// Compiles a .csx (and the files it `#load`s) to an in-memory assembly with Roslyn scripting.
/// Only the cold path calls this; the only place the runner meets Roslyn types.
/// </summary>
internal static class ScriptCompiler
{
    public static ScriptCompileResult Compile(string fullPath, string code, CancellationToken ct)
    {
        var options = ScriptOptions.Default
            .WithFilePath(fullPath)
            .WithFileEncoding(Encoding.UTF8)
            .WithEmitDebugInformation(true)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, Path.GetDirectoryName(fullPath)))
            .AddReferences(ScriptReferences.HostAssemblies)
            .AddImports(ScriptReferences.Imports);

        var compilation = CSharpScript.Create(code, options, typeof(ScriptGlobals)).GetCompilation();
        var sourceFiles = compilation.SyntaxTrees.Select(t => t.FilePath).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

        var errors = Errors(compilation.GetDiagnostics(ct));
        if (errors.Count > 0) return new ScriptCompileResult(errors, null, null, sourceFiles);

        using var image = new MemoryStream();
        // The PDB rides inside the image so a cached script still reports its own line numbers.
        var emit = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded), cancellationToken: ct);
        errors = Errors(emit.Diagnostics);
        if (!emit.Success || errors.Count > 0)
            return new ScriptCompileResult(errors.Count > 0 ? errors : [$"{ScriptPaths.Display(fullPath)}: error: the script compiled but could not be emitted"], null, null, sourceFiles);

        var entry = compilation.GetEntryPoint(ct)
            ?? throw new InvalidOperationException("Roslyn produced a script without a submission entry point.");
        var typeName = entry.ContainingType.ContainingNamespace.IsGlobalNamespace
            ? entry.ContainingType.MetadataName
            : $"{entry.ContainingType.ContainingNamespace.ToDisplayString()}.{entry.ContainingType.MetadataName}";
        return new ScriptCompileResult([], image.ToArray(), new ScriptEntryPoint(typeName, entry.MetadataName), sourceFiles);
    }

    private static List<string> Errors(ImmutableArray<Diagnostic> diagnostics) =>
        [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format)];

    /// <summary>`file:line:col: error CSxxxx: message`, the form editors and terminals turn into links.</summary>
    private static string Format(Diagnostic diagnostic)
    {
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (!diagnostic.Location.IsInSource && diagnostic.Location.Kind != LocationKind.ExternalFile)
            return $"error {diagnostic.Id}: {message}";
        var span = diagnostic.Location.GetMappedLineSpan();
        var start = span.StartLinePosition;
        return $"{ScriptPaths.Display(span.Path)}:{start.Line + 1}:{start.Character + 1}: error {diagnostic.Id}: {message}";
    }
}
