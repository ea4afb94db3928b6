using System.Globalization;
using LuatHost.At;

namespace LuatHost.Cli.AtTerminal;

/// <summary>
/// The interactive loop of <c>luathost at</c>: read a line, send it as a raw command (with the dialect's terminators),
/// print the answer; URCs and reboots are printed as they arrive, marked with '«'.
/// </summary>
internal sealed class AtTerminalSession(AtEngine engine, ITerminalIo io)
{
    private const string Prompt = "AT> ";
    private static readonly TimeSpan QuietSpan = TimeSpan.FromMilliseconds(1000);
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(3);
    private long _lastTrafficTicks;
    private int _commandsSent;

    /// <summary>Runs until exit/quit, end of input, Ctrl+C or a closed link. Returns the process exit code.</summary>
    public async Task<int> RunAsync(string portName, CancellationToken cancellationToken)
    {
        var linkLost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Urcs.AnyUrc += line => Print("« ", line);
        engine.Urcs.Unrecognized += line => Print("« ", line);
        engine.Rebooted += e =>
        {
            Interlocked.Exchange(ref _lastTrafficTicks, Environment.TickCount64);
            io.WriteLine(_commandsSent == 0
                ? $"« the module is starting ({e.Line})"
                : $"« the module rebooted ({e.Line}); its MQTT and HTTP state is gone, echo is back on");
        };
        engine.LinkClosed += ex => linkLost.TrySetResult(ex?.Message ?? "end of stream");
        io.WriteLine($"Connected to {portName}. Type help for the tutorial's commands, exit to quit.");
        try
        {
            await WaitForQuietLinkAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var read = io.ReadLineAsync(Prompt, cancellationToken);
                if (await Task.WhenAny((Task)read, linkLost.Task).ConfigureAwait(false) == linkLost.Task)
                {
                    return LinkLost(portName, linkLost.Task.Result);
                }
                var line = (await read.ConfigureAwait(false))?.Trim();
                if (line is null || line.Equals("exit", StringComparison.OrdinalIgnoreCase) || line.Equals("quit", StringComparison.OrdinalIgnoreCase))
                {
                    return 0;
                }
                if (line.Length == 0)
                {
                    continue;
                }
                if (line.Equals("help", StringComparison.OrdinalIgnoreCase) || line == "?")
                {
                    var help = new StringWriter();
                    SeedCommandHelp.Write(help);
                    io.WriteLine(help.ToString().TrimEnd());
                    continue;
                }
                if (line.StartsWith("sleep", StringComparison.OrdinalIgnoreCase))
                {
                    await SleepAsync(line, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (!engine.IsLinkOpen)
                {
                    return LinkLost(portName, "closed");
                }
                await ExecuteAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }
    }

    /// <summary>
    /// A module powered up with the link (the virtual one, or real hardware just switched on) prints its boot banner
    /// first; letting it finish before the first prompt keeps the user's first AT from racing the RDY.
    /// </summary>
    private async Task WaitForQuietLinkAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        Interlocked.Exchange(ref _lastTrafficTicks, started);
        while (Environment.TickCount64 - started < MaxSettle.TotalMilliseconds
               && Environment.TickCount64 - Interlocked.Read(ref _lastTrafficTicks) < QuietSpan.TotalMilliseconds)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string text, CancellationToken cancellationToken)
    {
        _commandsSent++;
        AtCommand? command;
        try
        {
            command = await WithPromptDataAsync(engine.Dialect.Command(text), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            io.WriteLine($"error: {ex.Message}");
            return;
        }
        if (command is null)
        {
            return;
        }
        try
        {
            var response = await engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            foreach (var line in response.TextLines())
            {
                io.WriteLine(line);
            }
        }
        catch (AtException ex)
        {
            io.WriteLine($"error: {ex.Message}");
        }
    }

    /// <summary>For HTTPDATA/MPUBEX, reads the data line and attaches it; null when the user's data does not fit.</summary>
    private async Task<AtCommand?> WithPromptDataAsync(AtCommand command, CancellationToken cancellationToken)
    {
        if (PromptData.Announced(command.Text) is not { } announced)
        {
            if (command.Name.Equals("AT+MPUBEX", StringComparison.OrdinalIgnoreCase))
            {
                io.WriteLine("note: give AT+MPUBEX a length (AT+MPUBEX=\"topic\",0,0,<n>) so the terminal can send the data for you.");
            }
            return command;
        }
        var typed = await io.ReadLineAsync($"data ({announced.Length} bytes)> ", cancellationToken).ConfigureAwait(false);
        var data = PromptData.Unescape(typed ?? "");
        if (data.Length != announced.Length)
        {
            io.WriteLine($"error: the data is {data.Length} bytes but {command.Name} announces {announced.Length}; nothing was sent. Fix the length and retry.");
            return null;
        }
        return command with
        {
            Prompt = announced.Kind == AtPromptKind.DownloadLine ? AtPrompt.Download(data) : AtPrompt.GreaterThan(data),
            Timeout = AtCommand.DefaultTimeout + announced.InputWindow,
        };
    }

    private async Task SleepAsync(string line, CancellationToken cancellationToken)
    {
        var argument = line["sleep".Length..].Trim();
        if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 3600)
        {
            io.WriteLine("usage: sleep <seconds> (0..3600), e.g. sleep 2");
            return;
        }
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
    }

    private int LinkLost(string portName, string reason)
    {
        io.WriteLine($"error: the link to {portName} closed ({reason}); check the cable or the TCP server and run luathost at again.");
        return 1;
    }

    private void Print(string marker, AtLine line)
    {
        Interlocked.Exchange(ref _lastTrafficTicks, Environment.TickCount64);
        var text = line.HasPayload
            ? line.Text + (line.Text.EndsWith(',') ? "" : Environment.NewLine) + System.Text.Encoding.UTF8.GetString(line.Payload.Span)
            : line.Text;
        io.WriteLine(marker + text);
    }
}
