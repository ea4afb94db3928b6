namespace LuatHost.Cli.AtTerminal;

/// <summary>Where the AT terminal reads commands and writes output; safe to write from the AT reader thread.</summary>
internal interface ITerminalIo
{
    /// <summary>The next input line, or null at end of input.</summary>
    Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken);

    void WriteLine(string text);
}

/// <summary>A real terminal: line editing with history; URCs print above the input line.</summary>
internal sealed class InteractiveTerminalIo : ITerminalIo
{
    private readonly LineEditor _editor = new();

    public Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken) =>
        // Console.ReadKey blocks: run it off the event loop; on Ctrl+C the wait ends and the process exits.
        Task.Run(() => _editor.ReadLine(prompt), CancellationToken.None).WaitAsync(cancellationToken);

    public void WriteLine(string text) => _editor.WriteAbove(text);
}

/// <summary>Redirected stdin (scripts, tests): plain lines in; each command is echoed as "&gt; AT..." so the output reads as a transcript.</summary>
internal sealed class RedirectedTerminalIo(TextReader input, TextWriter output) : ITerminalIo
{
    private readonly Lock _gate = new();

    public async Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken)
    {
        var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is not null)
        {
            WriteLine(prompt + line);
        }
        return line;
    }

    public void WriteLine(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }
}
