using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Aliyun;

/// <summary>
/// Inbound routing, one job: messages from the module (direct <c>+MSUB:</c>, or cache slots read with
/// <c>AT+MQTTMSGGET</c>) go to the handler registered for their topic (the OTA topic), else to <see cref="MessageReceived"/>,
/// with the QoS the topic was subscribed with.
/// </summary>
internal sealed class InboundRouter : IDisposable
{
    private readonly Air724 _modem;
    private readonly SubscriptionBook _subscriptions;
    private readonly ProblemReporter _problems;
    private readonly Action _alive;
    private readonly CancellationToken _lifetime;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Action<AliyunMessage>> _topicHandlers = new(StringComparer.Ordinal);

    public InboundRouter(Air724 modem, SubscriptionBook subscriptions, ProblemReporter problems, Action alive, CancellationToken lifetime)
    {
        _modem = modem;
        _subscriptions = subscriptions;
        _problems = problems;
        _alive = alive;
        _lifetime = lifetime;
        modem.Mqtt.MessageReceived += OnModuleMessage;
        modem.Mqtt.MessageCached += OnModuleMessageCached;
    }

    /// <summary>A message on a subscribed topic without a topic handler (Luat's "receive"). AT reader thread or a worker.</summary>
    public event Action<AliyunMessage>? MessageReceived;

    public void RouteTopic(string topic, Action<AliyunMessage> handler)
    {
        lock (_gate)
        {
            _topicHandlers[topic] = handler;
        }
    }

    public void Dispose()
    {
        _modem.Mqtt.MessageReceived -= OnModuleMessage;
        _modem.Mqtt.MessageCached -= OnModuleMessageCached;
    }

    /// <summary>AT reader thread: route the OTA topic to its handler, everything else to <see cref="MessageReceived"/>.</summary>
    private void OnModuleMessage(MqttMessage message)
    {
        _alive();
        var delivered = new AliyunMessage(message.Topic, _subscriptions.QosFor(message.Topic), message.Payload);
        Action<AliyunMessage>? handler;
        lock (_gate)
        {
            _topicHandlers.TryGetValue(message.Topic, out handler);
        }
        if (handler is not null)
        {
            handler(delivered);
            return;
        }
        MessageReceived?.Invoke(delivered);
    }

    /// <summary>Cache mode: a slot filled. Reading it is an AT command, so it happens off the reader thread.</summary>
    private void OnModuleMessageCached(int slot)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var messages = await _modem.Mqtt.GetCachedMessagesAsync(_lifetime).ConfigureAwait(false);
                foreach (var message in messages)
                {
                    OnModuleMessage(message);
                }
            }
            catch (Exception ex) when (ex is AtException or OperationCanceledException)
            {
                if (!_lifetime.IsCancellationRequested)
                {
                    _problems.Report(AliyunProblemStage.Receive, $"reading cached message slot {slot} (AT+MQTTMSGGET) failed: {ex.Message}");
                }
            }
        });
    }
}
