using LuatHost.At;

namespace LuatHost.Luat.Device;

/// <summary>A finished AT request as ril hands it to Lua: success, the final line, the data lines.</summary>
public sealed record AtReply(bool Ok, string Final, IReadOnlyList<string> Lines)
{
    public static AtReply From(AtResponse response) =>
        new(response.IsOk, response.Final, response.Lines.Select(l => l.Text).ToArray());

    public static AtReply Failed(string reason) => new(false, "ERROR", [reason]);

    /// <summary>The first data line starting with prefix, without it ("+CSQ: 29,99" → "29,99").</summary>
    public string? Value(string prefix)
    {
        var line = Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].TrimStart(':', ' ');
    }
}

/// <summary>
/// ril's command queue: requests from Lua go to the module one after another in call order (as
/// ril.lua queues them), and each reply comes back to the Lua thread through the message pump.
/// </summary>
public sealed class AtRequestQueue : IDisposable
{
    private const byte CtrlZ = 0x1A;
    private readonly LuatContext _context;
    private readonly CancellationTokenSource _stopping = new();
    private Task _tail = Task.CompletedTask;
    // Lua thread only: how many commands were queued and how many replies reached Lua, and the cut of each delayed
    // command by its queue position. In ril.lua the pause starts on the Lua thread when the reply before it is
    // handled, so ril.delayfunc() ends the pause of the command whose turn it is in Lua's order — the first one not
    // answered yet — even if the queue's own thread has not reached it yet.
    private long _queued;
    private long _answered;
    private readonly Dictionary<long, TaskCompletionSource> _delayCuts = [];

    private AtRequestQueue(LuatContext context) => _context = context;

    public static AtRequestQueue For(LuatContext context) => context.GetService(static c => new AtRequestQueue(c));

    /// <summary>Cancelled when this power-on ends (restart or stop).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Lua thread: queue a command; <paramref name="onReply"/> later runs on the Lua thread. With
    /// <paramref name="promptData"/>, the module's `>` prompt is answered with it plus Ctrl-Z, as ril.lua does.
    /// With <paramref name="delay"/>, the queue waits that long when the command reaches its head, then
    /// sends it (ril.lua's `delay`: the commands behind it wait too), unless <see cref="EndDelay"/> comes first.
    /// </summary>
    public void Send(string command, Action<KeraLua.Lua, AtReply> onReply, byte[]? promptData = null, TimeSpan? delay = null)
    {
        var device = _context.Device;
        if (device is null)
        {
            _context.Messages.PostToLua(lua => onReply(lua, AtReply.Failed("no module attached")));
            return;
        }
        var atCommand = device.At.Dialect.Command(command);
        if (promptData is not null) atCommand = atCommand with { Prompt = AtPrompt.GreaterThan(WithCtrlZ(promptData)) };
        var position = _queued++;
        Action<KeraLua.Lua, AtReply> answered = (lua, reply) =>
        {
            _answered = position + 1;
            _delayCuts.Remove(position);
            onReply(lua, reply);
        };
        if (delay is { } wait && wait > TimeSpan.Zero)
        {
            var cut = NewDelayCut();
            _delayCuts[position] = cut;
            _tail = _tail.ContinueWith(async _ =>
            {
                await Task.WhenAny(Task.Delay(wait, _stopping.Token), cut.Task).ConfigureAwait(false);
                await ExecuteAsync(device, atCommand, answered).ConfigureAwait(false);
            }, TaskScheduler.Default).Unwrap();
        }
        else
        {
            _tail = _tail.ContinueWith(_ => ExecuteAsync(device, atCommand, answered), TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>
    /// Lua thread, ril.delayfunc: if the command whose turn it is (every one before it answered) is waiting out its
    /// delay, the delay ends now and it is sent; otherwise nothing happens, as in ril.lua.
    /// </summary>
    public void EndDelay()
    {
        if (_delayCuts.TryGetValue(_answered, out var cut)) cut.TrySetResult();
    }

    private static TaskCompletionSource NewDelayCut() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Any thread: run a command now (host services that wait for the answer themselves).</summary>
    public async Task<AtReply> ExecuteAsync(string command)
    {
        var device = _context.Device ?? throw new InvalidOperationException("no module attached");
        try
        {
            return AtReply.From(await device.At.ExecuteAsync(command, _stopping.Token).ConfigureAwait(false));
        }
        catch (AtException ex)
        {
            return AtReply.Failed(ex.Message);
        }
    }

    private async Task ExecuteAsync(LuatDevice device, AtCommand command, Action<KeraLua.Lua, AtReply> onReply)
    {
        AtReply reply;
        try
        {
            reply = AtReply.From(await device.At.ExecuteAsync(command, _stopping.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (AtException ex)
        {
            reply = AtReply.Failed(ex.Message);
        }
        _context.Messages.PostToLua(lua => onReply(lua, reply));
    }

    private static byte[] WithCtrlZ(byte[] data)
    {
        var framed = new byte[data.Length + 1];
        data.CopyTo(framed, 0);
        framed[^1] = CtrlZ;
        return framed;
    }

    public void Dispose()
    {
        // Not disposed: commands still in flight observe the cancelled token.
        _stopping.Cancel();
    }
}
