using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The one link-state model of a module (<see cref="LinkState"/>): fed by the module's service, PDN, SIM and MQTT-link
/// URCs (<see cref="LinkSignals"/>), by reboots, and by the host's own MQTT connect/close. Each change is one readable
/// host line (<c>link: service lost (^MODE: 0,0); MQTT will reconnect when service returns</c>) and one
/// <see cref="Changed"/> event, raised on the AT reader thread: post it on, never block.
/// </summary>
public sealed class LinkMonitor
{
    private static readonly NLog.Logger Log = NLog.LogManager.GetLogger("LuatHost.Link");
    private readonly Lock _gate = new();
    private LinkState _state = LinkState.Initial;
    private TaskCompletionSource _serviceAvailable = Completed();

    public LinkMonitor(AtEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var prefix in LinkSignals.Prefixes)
        {
            engine.Urcs.Register(prefix, line =>
            {
                if (LinkSignals.Classify(line.Text) is { } signal)
                {
                    Report(signal, line.Text);
                }
            });
        }
        engine.Rebooted += e => Report(LinkSignal.ModuleRebooted, e.Line);
    }

    /// <summary>The state now.</summary>
    public LinkState Current
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The state changed (reader thread, or the thread that reported a host action).</summary>
    public event Action<LinkChange>? Changed;

    /// <summary>Every link signal, changed state or not (a second CLOSED, a ^MODE: 17,17 while in service). Before <see cref="Changed"/>.</summary>
    public event Action<LinkSignal, string>? Signaled;

    /// <summary>Completes at once while service is available, else when the module reports it back.</summary>
    public Task WaitForServiceAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _serviceAvailable.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Applies one signal; raises <see cref="Changed"/> and writes the host line when the state changed.</summary>
    public void Report(LinkSignal signal, string line)
    {
        Raise(Signaled, signal, line);
        LinkChange change;
        lock (_gate)
        {
            var before = _state;
            var after = LinkSignals.Apply(before, signal);
            if (after == before)
            {
                return;
            }
            _state = after;
            if (before.ServiceAvailable && !after.ServiceAvailable)
            {
                _serviceAvailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (!before.ServiceAvailable && after.ServiceAvailable)
            {
                _serviceAvailable.TrySetResult();
            }
            change = new LinkChange(signal, line, before, after);
        }
        if (signal is not (LinkSignal.MqttConnected or LinkSignal.MqttDisconnected))
        {
            Log.Info("link: {0} ({1}){2}", LinkSignals.Describe(signal), line, Consequence(change));
        }
        try
        {
            Changed?.Invoke(change);
        }
        catch (Exception ex)
        {
            Log.Error(ex, "A link-state handler threw");
        }
    }

    private static void Raise(Action<LinkSignal, string>? handler, LinkSignal signal, string line)
    {
        try
        {
            handler?.Invoke(signal, line);
        }
        catch (Exception ex)
        {
            Log.Error(ex, "A link-signal handler threw");
        }
    }

    private static string Consequence(LinkChange change) =>
        !change.MqttLost ? ""
        : change.After.ServiceAvailable ? "; MQTT reconnects"
        : "; MQTT will reconnect when service returns";

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
