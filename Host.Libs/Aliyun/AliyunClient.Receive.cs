using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Aliyun;

/// <summary>Incoming messages: +MSUB in direct mode, or cache slots read with AT+MQTTMSGGET.</summary>
public sealed partial class AliyunClient
{
    /// <summary>AT reader thread: route the OTA topic to its handler, everything else to <see cref="MessageReceived"/>.</summary>
    private void OnModuleMessage(MqttMessage message)
    {
        FeedWatchdog();
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
                var messages = await _modem.Mqtt.GetCachedMessagesAsync(_lifetime.Token).ConfigureAwait(false);
                foreach (var message in messages)
                {
                    OnModuleMessage(message);
                }
            }
            catch (Exception ex) when (ex is AtException or OperationCanceledException)
            {
                if (!_lifetime.IsCancellationRequested)
                {
                    Report(AliyunProblemStage.Receive, $"reading cached message slot {slot} (AT+MQTTMSGGET) failed: {ex.Message}");
                }
            }
        });
    }
}
