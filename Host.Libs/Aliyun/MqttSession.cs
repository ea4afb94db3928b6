using LuatHost.Aliyun.Flows;
using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Aliyun;

/// <summary>
/// The MQTT session over the module, one job: what goes out on an open connection and when it counts as done. It
/// owns the subscription book (every wanted topic subscribed again in each new session) and the one publish FIFO
/// (kept across reconnects), and the QoS1 "done" rule in one place: a publish is done when
/// <see cref="Mqtt.PublishAsync(string, ReadOnlyMemory{byte}, int, bool, CancellationToken)"/> returned — for QoS1
/// after PUBACK (the dialect arms that wait on AT+MPUB) — and only then leaves the head of the queue; a link loss
/// before that leaves it at the head, to go out first in the next session. Nothing here knows Aliyun's login flows.
/// </summary>
internal sealed class MqttSession
{
    /// <summary>Luat's data loop wakes at least every 60 s (client:receive timeout); each pass feeds the error watchdog.</summary>
    private static readonly TimeSpan IdleWakeUp = TimeSpan.FromSeconds(60);

    private readonly Air724 _modem;
    private readonly ProblemReporter _problems;
    private readonly Action _alive;
    private readonly PublishQueue _publishes = new();
    private readonly WorkSignal _work = new();

    /// <param name="alive">Called whenever the link proved alive (an acknowledged command, an idle pass).</param>
    public MqttSession(Air724 modem, ProblemReporter problems, Action alive)
    {
        _modem = modem;
        _problems = problems;
        _alive = alive;
        _publishes.Added += _work.Set;
        Subscriptions.Requested += _work.Set;
    }

    /// <summary>The topics wanted; the inbound side reads the QoS a topic was subscribed with here.</summary>
    public SubscriptionBook Subscriptions { get; } = new();

    /// <summary>Publishes waiting for the link (including one in flight).</summary>
    public int QueuedPublishes => _publishes.Count;

    /// <summary>Queued in the one FIFO; true once done (see the class summary), false if it can never be sent.</summary>
    public Task<bool> Publish(string topic, byte[] payload, int qos) => _publishes.Enqueue(topic, payload, qos).Done;

    /// <summary>The client is shutting down for good: every waiting publish completes with false.</summary>
    public void FailAll() => _publishes.FailAll();

    /// <summary>
    /// AT+MIPCLOSE (a stale link from an earlier run), AT+MCONFIG, AT+MQTTMSGSET, then AT+MIPSTART / AT+SSLMIPSTART and
    /// AT+MCONNECT right after CONNECT OK — the broker drops a TCP link whose CONNECT is late. A refused CONNACK
    /// throws <see cref="AtFollowUpFailedException"/> for the caller to explain.
    /// </summary>
    public async Task OpenAsync(MqttLogin login, AliyunMqttSettings settings, MqttMessageMode mode, CancellationToken cancellationToken)
    {
        var mqtt = _modem.Mqtt;
        await mqtt.CloseAsync(ignoreErrors: true, cancellationToken).ConfigureAwait(false);
        await mqtt.ConfigureAsync(login.ClientId, login.UserName, login.Password, settings.Will, cancellationToken).ConfigureAwait(false);
        await mqtt.SetMessageModeAsync(mode, cancellationToken).ConfigureAwait(false);
        await mqtt.StartAsync(login.Host, login.Port, login.Tls, cancellationToken).ConfigureAwait(false);
        await mqtt.ConnectAsync(settings.CleanSession, settings.KeepAliveSeconds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new session: nothing is subscribed on the broker yet (before the connect events, so a handler's subscribe counts).</summary>
    public void Begin() => Subscriptions.BeginSession();

    /// <summary>Subscriptions first, then publishes in order, one at a time; returns when the session is cancelled.</summary>
    public async Task RunAsync(CancellationToken session)
    {
        _alive();
        while (true)
        {
            session.ThrowIfCancellationRequested();
            if (Subscriptions.TryNextUnsent(out var topic, out var qos))
            {
                await SubscribeOneAsync(topic, qos, session).ConfigureAwait(false);
                continue;
            }
            if (_publishes.TryPeek(out var item))
            {
                await PublishOneAsync(item!, session).ConfigureAwait(false);
                continue;
            }
            await _work.WaitAsync(IdleWakeUp, session).ConfigureAwait(false);
            _alive();
        }
    }

    private async Task SubscribeOneAsync(string topic, int qos, CancellationToken session)
    {
        try
        {
            await _modem.Mqtt.SubscribeAsync(topic, qos, session).ConfigureAwait(false);
            Subscriptions.MarkSent(topic, qos);
            _alive();
        }
        catch (AtException) when (session.IsCancellationRequested)
        {
            // CLOSED ended the SUBACK wait; the engine told the link-loss handler first, so the session is already over.
            throw new OperationCanceledException(session);
        }
        catch (AtException ex) when (ex is AtCommandFailedException or AtTimeoutException or AtFollowUpFailedException)
        {
            // The broker refuses a topic outside the device's permissions (SUBACK 0x80); Luat reconnects, here the topic is dropped.
            Subscriptions.Forget(topic);
            _problems.Report(AliyunProblemStage.Subscribe, $"subscribe to '{topic}' was refused ({ex.Message}); is the topic allowed for this device (…/user/get, /ota/device/upgrade/…)?");
        }
        catch (AtArgumentException ex)
        {
            Subscriptions.Forget(topic);
            _problems.Report(AliyunProblemStage.Subscribe, ex.Message);
        }
    }

    private async Task PublishOneAsync(OutgoingPublish item, CancellationToken session)
    {
        item.Attempts++;
        try
        {
            // A link loss (CLOSED, PDP, reboot) ends the PUBACK wait at once; the item stays at the head for the next session.
            await _modem.Mqtt.PublishAsync(item.Topic, item.Payload, item.Qos, retain: false, session).ConfigureAwait(false);
        }
        catch (AtArgumentException ex)
        {
            _publishes.Complete(item, false);
            _problems.Report(AliyunProblemStage.Publish, $"publish to '{item.Topic}' cannot be sent: {ex.Message}");
            return;
        }
        catch (AtException ex)
        {
            // No PUBACK or "not connected": the link is in doubt. The item stays at the head and goes out again after the reconnect.
            if (session.IsCancellationRequested)
            {
                throw new OperationCanceledException(session);
            }
            throw new AliyunFlowException(AliyunProblemStage.Publish, $"publish to '{item.Topic}' was not confirmed ({ex.Message}); reconnecting, it will be sent again");
        }
        _publishes.Complete(item, true);
        _alive();
    }
}
