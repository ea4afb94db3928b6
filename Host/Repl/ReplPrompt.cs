using System.Text;
using LuatHost.Cli.AtTerminal;

namespace LuatHost.Cli.Repl;

/// <summary>
/// Reads the REPL's input: a line editor with history on a real terminal (output from timers and callbacks is
/// printed above the prompt), or plain lines from piped stdin (no prompt, for scripted lessons). Lines that leave
/// a chunk unfinished are joined with the next ones, as lua.c does.
/// </summary>
internal sealed class ReplPrompt(ReplSession session, TextWriter errors)
{
    private const string Prompt = "> ";
    private const string ContinuationPrompt = ">> ";

    private readonly LineEditor? _editor = Console.IsInputRedirected ? null : new LineEditor();
    private readonly Lock _outputGate = new();

    public static string HelpText { get; } = string.Join(Environment.NewLine,
        "Type Lua; it runs on the device between the scheduler's steps (timers and callbacks keep firing).",
        "  = expr          print the value(s) of expr (a bare expression works too)",
        "  function … end  multi-line input: unfinished chunks continue on the next line (>>)",
        "  sys.wait(1000)  runs in its own task; the prompt comes back at once",
        "  require \"mod\"   loads mod.lua from the folder the REPL was started in",
        "  .load file.lua  run a file from the host",
        "  .help           this text",
        "  .exit           leave (Ctrl+D too)",
        "Loaded: sys, log, misc, net, nvm, utils, aLiYun, ril, sim, json, crypto, pack, bit, rtos (require the others).");

    /// <summary>Prints one output line without breaking the line being typed.</summary>
    public void WriteLine(string line)
    {
        if (_editor is not null)
        {
            _editor.WriteAbove(line);
            return;
        }
        lock (_outputGate) Console.Out.WriteLine(line);
    }

    /// <summary>Reads and runs inputs until end of input, `.exit`, or the run ends.</summary>
    public async Task RunAsync(Task runEnded, CancellationToken cancellationToken)
    {
        var chunk = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested && !runEnded.IsCompleted)
        {
            var line = await ReadLineAsync(chunk.Length == 0 ? Prompt : ContinuationPrompt, runEnded, cancellationToken).ConfigureAwait(false);
            if (line is null) break;
            if (chunk.Length == 0)
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0) continue;
                if (trimmed == ".exit") break;
                if (trimmed == ".help")
                {
                    WriteLine(HelpText);
                    continue;
                }
                if (trimmed.StartsWith(".load", StringComparison.Ordinal))
                {
                    await LoadFileAsync(trimmed[".load".Length..].Trim(), runEnded).ConfigureAwait(false);
                    continue;
                }
            }
            chunk.Append(line).Append('\n');
            if (await Until(session.EvaluateAsync(chunk.ToString()), runEnded).ConfigureAwait(false) != false) chunk.Clear();
        }
        if (chunk.Length > 0) errors.WriteLine("luathost repl: input ended inside an unfinished chunk; it was not run");

        // Piped lessons: let inputs that are inside sys.wait finish before the run ends.
        while (_editor is null && !runEnded.IsCompleted && !cancellationToken.IsCancellationRequested
               && await Until(session.HasPendingInputsAsync(), runEnded).ConfigureAwait(false) == true)
        {
            await Task.WhenAny(Task.Delay(50, cancellationToken), runEnded).ConfigureAwait(false);
        }
    }

    private async Task LoadFileAsync(string path, Task runEnded)
    {
        if (path.Length == 0)
        {
            WriteLine(".load needs a file: .load file.lua");
            return;
        }
        string source;
        try
        {
            source = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            WriteLine($".load: cannot read {path}: {ex.Message}");
            return;
        }
        if (await Until(session.EvaluateAsync(source, "@" + path), runEnded).ConfigureAwait(false) == false)
            WriteLine($".load: {path} ends inside an unfinished chunk");
    }

    private async Task<string?> ReadLineAsync(string prompt, Task runEnded, CancellationToken cancellationToken)
    {
        var read = _editor is not null
            ? Task.Run(() => _editor.ReadLine(prompt), CancellationToken.None)
            : Console.In.ReadLineAsync(cancellationToken).AsTask();
        var first = await Task.WhenAny(read, runEnded).ConfigureAwait(false);
        return first == read ? await read.ConfigureAwait(false) : null;
    }

    /// <summary>The task's result, or null when the run ended first.</summary>
    private static async Task<bool?> Until(Task<bool> work, Task runEnded)
    {
        var first = await Task.WhenAny(work, runEnded).ConfigureAwait(false);
        return first == work ? await work.ConfigureAwait(false) : null;
    }
}
