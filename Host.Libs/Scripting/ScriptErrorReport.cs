using System.Diagnostics;
using System.Reflection;

namespace LuatHost.Scripting;

/// <summary>Turns an exception thrown by script code into a line that names the script file and line.</summary>
internal static class ScriptErrorReport
{
    /// <summary>
    /// `flow.csx:12: error: InvalidOperationException: message`, then the full exception for detail.
    /// The line is the innermost stack frame inside one of the script's own files.
    /// </summary>
    public static string Describe(Exception exception, IReadOnlyList<string> scriptFiles)
    {
        exception = Unwrap(exception);
        var where = FindScriptFrame(exception, scriptFiles);
        var header = where is { } frame
            ? $"{ScriptPaths.Display(frame.File)}:{frame.Line}: error: {exception.GetType().Name}: {exception.Message}"
            : $"{ScriptPaths.Display(scriptFiles.FirstOrDefault())}: error: {exception.GetType().Name}: {exception.Message}";
        return header + Environment.NewLine + exception;
    }

    private static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                default:
                    return exception;
            }
        }
    }

    private static (string File, int Line)? FindScriptFrame(Exception exception, IReadOnlyList<string> scriptFiles)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            foreach (var frame in new StackTrace(current, fNeedFileInfo: true).GetFrames())
            {
                var file = frame.GetFileName();
                if (file is not null && frame.GetFileLineNumber() > 0 && scriptFiles.Contains(file, StringComparer.Ordinal))
                    return (file, frame.GetFileLineNumber());
            }
        }
        return null;
    }
}
