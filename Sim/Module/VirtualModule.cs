using LuatHost.Sim.Module.Commands;
using LuatHost.Sim.Module.Radio;
using LuatHost.Sim.Module.Calls;
using LuatHost.Sim.Module.Sms;
using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module;

/// <summary>
/// A virtual Air724UG serving the Luat AT dialect byte for byte on one duplex stream (the device side of an
/// in-memory pair, an accepted TCP client, a pty master). It boots (echo on, <c>RDY</c>, <c>^MODE: 17,17</c>…),
/// answers commands one at a time, and makes real HTTP(S) and MQTT connections through <see cref="ModuleOptions.HostMap"/>.
/// </summary>
public sealed class VirtualModule : IAsyncDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly Stream _link;
    private readonly ModuleContext _context;
    private readonly CommandTable _table = new();
    private readonly List<ICommandFamily> _families;
    private readonly MqttCommands _mqtt;
    private readonly HttpCommands _http;
    private readonly RadioService _radio;
    // On the SIM, so it outlives a reboot of the module.
    private readonly SmsStore _smsStore;
    private readonly Phonebook _phonebook;
    private readonly TaskCompletionSource _booted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;
    private string? _injectedUrc;

    public VirtualModule(Stream link, ModuleOptions? options = null)
    {
        _link = link;
        Options = options ?? new ModuleOptions();
        Conditions = new LinkConditions();
        _context = new ModuleContext(Options, new LinkWriter(link, Conditions), Conditions);
        _mqtt = new MqttCommands(_context);
        _http = new HttpCommands(_context);
        _radio = new RadioService(_context, OnBearerLostAsync);
        _smsStore = new SmsStore(Options.SmsStoreCapacity);
        _phonebook = new Phonebook(Options.PhonebookCapacity);
        Sms = new ModuleSms(_context);
        var sms = new SmsCommands(_context, _smsStore, Sms.OnSubmitted);
        Sms.Attach(sms);
        Calls = new ModuleCalls(_context);
        var calls = new CallCommands(_context, Calls.OnDialled);
        Calls.Attach(calls);
        _families =
        [
            new BasicCommands(_context, RebootAsync),
            new IdentityCommands(_context),
            new NetworkCommands(_context, OnBearerLostAsync, RebootAsync, _radio),
            _http,
            _mqtt,
            new SocketCommands(_context),
            // After the MQTT family: it answers AT+SSLCFG (the later registration wins).
            new SslFileCommands(_context),
            sms,
            new PhonebookCommands(_context, _phonebook),
            calls,
        ];
        foreach (var family in _families)
        {
            family.Register(_table);
        }
        Faults = new ModuleFaults(this);
    }

    public ModuleOptions Options { get; }

    public ModuleFaults Faults { get; }

    /// <summary>Short messages: what the host sent, and messages to deliver to it.</summary>
    public ModuleSms Sms { get; }

    /// <summary>Voice calls: the numbers the host dialled, calls to ring it with.</summary>
    public ModuleCalls Calls { get; }

    /// <summary>Completes when the first boot URCs have been written.</summary>
    public Task Booted => _booted.Task;

    /// <summary>Completes when the host side closes the stream or the module is disposed.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>MQTT state as <c>AT+MQTTSTATU</c> would print it (0, 1, 2).</summary>
    public int MqttState => _mqtt.State;

    internal LinkConditions Conditions { get; }

    /// <summary>Powers the module on: boot URCs, then serve commands until the stream ends.</summary>
    public VirtualModule Start()
    {
        _run ??= Task.Run(RunAsync);
        return this;
    }

    /// <summary>Convenience: start a module on <paramref name="link"/> and serve until it closes.</summary>
    public static async Task ServeAsync(Stream link, ModuleOptions? options = null, CancellationToken cancel = default)
    {
        await using var module = new VirtualModule(link, options).Start();
        await using var registration = cancel.Register(() => module._context.Lifetime.Cancel());
        await module.Completion.WaitAsync(cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        var reader = new LinkReader(_link, _context.Lifetime.Token);
        await _context.InTurnAsync(BootAsync).ConfigureAwait(false);
        _booted.TrySetResult();
        try
        {
            while (!_context.Lifetime.IsCancellationRequested)
            {
                var line = await reader.ReadLineAsync(() => _context.State.Echo, _context.Writer.RawAsync).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }
                var input = await _context.InTurnAsync(() => DispatchAsync(line)).ConfigureAwait(false);
                while (input is not null)
                {
                    var request = input;
                    byte[] data;
                    var timedOut = false;
                    if (request.Count is { } count)
                    {
                        (data, timedOut) = await reader.ReadCountedAsync(count, request.Limit).ConfigureAwait(false);
                    }
                    else
                    {
                        data = await reader.ReadUntilCtrlZAsync(request.MaxLength, request.Limit).ConfigureAwait(false);
                    }
                    input = await _context.InTurnAsync(() => request.Complete(data, timedOut)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Error(ex, "virtual module: session ended by an internal error");
        }
        finally
        {
            await _context.Lifetime.CancelAsync().ConfigureAwait(false);
            await _context.InTurnAsync(async () =>
            {
                foreach (var family in _families)
                {
                    await family.ResetAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
    }

    private async Task<InputRequest?> DispatchAsync(string line)
    {
        var request = AtRequest.Parse(line);
        if (request is null)
        {
            // Not an AT command (noise, a stray line): the AT parser ignores it.
            return null;
        }
        if (Log.IsDebugEnabled)
        {
            Log.Debug("virtual module <- {Command}", CommandRedaction.ForLog(request));
        }
        if (DateTime.UtcNow < _context.State.DeafUntilUtc)
        {
            // Real modules take AT a few seconds after RDY only: the command is lost, the host's probe must retry.
            return null;
        }
        if (DateTime.UtcNow < _context.State.NotReadyUntilUtc)
        {
            await _context.CmeErrorAsync(4).ConfigureAwait(false);
            return null;
        }
        if (Interlocked.Exchange(ref _injectedUrc, null) is { } urc)
        {
            await _context.Writer.LineAsync(urc).ConfigureAwait(false);
        }
        if (!_table.TryGet(request.Name, out var handler))
        {
            await _context.Writer.ErrorAsync().ConfigureAwait(false);
            return null;
        }
        if (request.Form == AtForm.Test && !_table.AnswersTestForm(request.Name))
        {
            // AT+X=? lists the parameters and does nothing else (AT+HTTPINIT=? must not initialise).
            await (request.Name == "+MPUBEX" && !Options.MpubexSupported ? _context.Writer.ErrorAsync() : _context.Writer.OkAsync()).ConfigureAwait(false);
            return null;
        }
        return await handler(request).ConfigureAwait(false);
    }

    /// <summary>The boot script (§2.1 / §9.2), written as one burst after the configured delay.</summary>
    private async Task BootAsync()
    {
        _context.State.Reset(Options);
        if (Options.BootDelay > TimeSpan.Zero)
        {
            await Task.Delay(Options.BootDelay).ConfigureAwait(false);
            _context.State.NotReadyUntilUtc = DateTime.UtcNow + Options.NotReadyWindow;
        }
        var lines = new List<string>();
        if (Options.EmitRdy)
        {
            lines.Add("RDY");
            // Some firmware prints RDY twice while starting (8910 boot log in openLuat/Luat_4G_RDA_8910 issue #1).
            if (_context.Random.NextDouble() < Options.Realism.SecondRdyChance)
            {
                lines.Add("RDY");
            }
        }
        if (Options.EmitSimcomBootExtras)
        {
            lines.AddRange(["+CFUN: 1", "+CPIN: READY"]);
        }
        lines.AddRange(ServiceEvents.Back);
        if (Options.EmitNitz)
        {
            var now = DateTime.UtcNow;
            lines.Add($"+NITZ: {now:yy/MM/dd,HH:mm:ss}+32,0");
        }
        if (Options.EmitSimcomBootExtras)
        {
            lines.AddRange(["SMS Ready", "Call Ready"]);
        }
        else if (Options.EmitSmsReady && Options.Sim == SimCardState.Ready)
        {
            lines.Add("SMS READY");
        }
        await _context.Writer.LinesAsync([.. lines]).ConfigureAwait(false);
        _context.State.DeafUntilUtc = DateTime.UtcNow + Options.Realism.DeafAfterBoot;
    }

    internal Task RebootAsync() => _context.InTurnAsync(async () =>
    {
        _context.NextGeneration();
        foreach (var family in _families)
        {
            await family.ResetAsync().ConfigureAwait(false);
        }
        await BootAsync().ConfigureAwait(false);
    });

    internal Task DropBrokerLinkAsync() => _context.InTurnAsync(_mqtt.DropBrokerLinkAsync);

    internal Task LosePdpAsync(TimeSpan? restoreAfter) => _context.InTurnAsync(async () =>
    {
        var state = _context.State;
        if (!state.PdnActive)
        {
            return;
        }
        var bearerWasOpen = state.BearerOpen;
        state.PdnActive = false;
        state.BearerOpen = false;
        if (state.Cip != CipState.Initial)
        {
            state.Cip = CipState.PdpDeact;
        }
        await _context.Writer.LineAsync("+CGEV: NW PDN DEACT 1").ConfigureAwait(false);
        if (bearerWasOpen)
        {
            await _context.Writer.LineAsync("+SAPBR 1: DEACT").ConfigureAwait(false);
        }
        await OnBearerLostAsync().ConfigureAwait(false);
        if (restoreAfter is { } delay)
        {
            var generation = _context.Generation;
            _ = Task.Run(async () =>
            {
                await Task.Delay(delay).ConfigureAwait(false);
                await _context.InTurnAsync(async () =>
                {
                    if (generation == _context.Generation && !state.PdnActive && state.Functionality == 1)
                    {
                        state.PdnActive = true;
                        await _context.Writer.LineAsync("+CGEV: ME PDN ACT 1").ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            });
        }
    });

    internal Task LoseCoverageAsync(TimeSpan? restoreAfter) => _context.InTurnAsync(async () =>
    {
        var hadService = _context.State.InService;
        _context.State.Coverage = false;
        await _radio.LostAsync(hadService).ConfigureAwait(false);
        if (restoreAfter is { } delay)
        {
            var generation = _context.Generation;
            _ = Task.Run(async () =>
            {
                await Task.Delay(delay).ConfigureAwait(false);
                if (generation == _context.Generation)
                {
                    await RestoreCoverageAsync().ConfigureAwait(false);
                }
            });
        }
    });

    internal Task RestoreCoverageAsync() => _context.InTurnAsync(async () =>
    {
        var hadService = _context.State.InService;
        _context.State.Coverage = true;
        await _radio.BackAsync(hadService).ConfigureAwait(false);
    });

    internal Task RemoveSimAsync() => _context.InTurnAsync(async () =>
    {
        if (_context.State.SimRemoved)
        {
            return;
        }
        var hadService = _context.State.InService;
        _context.State.SimRemoved = true;
        await _radio.LostAsync(hadService, ServiceEvents.SimRemoved).ConfigureAwait(false);
    });

    internal Task InsertSimAsync() => _context.InTurnAsync(async () =>
    {
        if (!_context.State.SimRemoved)
        {
            return;
        }
        var hadService = _context.State.InService;
        _context.State.SimRemoved = false;
        await _radio.BackAsync(hadService, ServiceEvents.SimReady).ConfigureAwait(false);
    });

    internal Task ReportModeAsync() => _context.InTurnAsync(async () =>
    {
        if (_context.State.InService)
        {
            await _context.Writer.LineAsync(ServiceEvents.ModeReport).ConfigureAwait(false);
        }
    });

    internal Task LoseKeepAliveAsync() => _context.InTurnAsync(_mqtt.LoseKeepAliveAsync);

    internal Task SilenceBrokerLinkAsync() => _context.InTurnAsync(() =>
    {
        _mqtt.SilenceBrokerLink();
        return Task.CompletedTask;
    });

    internal void InjectBeforeNextReply(string urcLine) => Volatile.Write(ref _injectedUrc, urcLine);

    internal Task WriteRawAsync(ReadOnlyMemory<byte> bytes) => _context.InTurnAsync(() => _context.Writer.RawAsync(bytes));

    private async Task OnBearerLostAsync()
    {
        foreach (var family in _families)
        {
            await family.OnBearerLostAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.Lifetime.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            // The pump may be blocked in a read that only ends when the stream closes.
            await _link.DisposeAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _http.Dispose();
    }
}
