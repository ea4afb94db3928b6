using LuatHost.Aliyun.Flows;
using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Aliyun;

/// <summary>The connection loop: network → flow → MCONFIG/MIPSTART/MCONNECT → session → reconnect (Luat's clientDataTask).</summary>
public sealed partial class AliyunClient
{
    private static readonly TimeSpan IdleWakeUp = TimeSpan.FromSeconds(60);

    private CancellationTokenSource? _session;

    private async Task RunAsync(IConnectFlow flow, CancellationToken stop)
    {
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Task awake;
                lock (_gate)
                {
                    awake = _awake.Task;
                }
                await awake.WaitAsync(stop).ConfigureAwait(false);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                lock (_gate)
                {
                    _session = attempt;
                }
                var sessionStarted = false;
                try
                {
                    await WaitForNetworkAsync(attempt.Token).ConfigureAwait(false);
                    var login = await flow.PrepareAsync(attempt.Token).ConfigureAwait(false);
                    await ConnectMqttAsync(login, attempt.Token).ConfigureAwait(false);
                    failures = 0;
                    sessionStarted = true;
                    await RunSessionAsync(attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (OperationCanceledException) when (attempt.IsCancellationRequested)
                {
                    // The link dropped or sleep was asked for: the session simply ends.
                }
                catch (ObjectDisposedException)
                {
                    // The AT engine was disposed under us: the run is over.
                    break;
                }
                catch (Exception ex) when (ex is AliyunFlowException or AtException or ArgumentException or IOException)
                {
                    if (!_modem.Engine.IsLinkOpen)
                    {
                        Report(AliyunProblemStage.Network, $"the AT link to the module is closed ({ex.Message}); aLiYun stops");
                        break;
                    }
                    Report(StageOf(ex, sessionStarted), Describe(ex));
                }
                finally
                {
                    lock (_gate)
                    {
                        _session = null;
                    }
                }
                if (sessionStarted)
                {
                    IsConnected = false;
                    Connected?.Invoke(false);
                }
                else
                {
                    failures++;
                    Reconnecting?.Invoke();
                }
                await CloseQuietlyAsync().ConfigureAwait(false);
                if (_policy.ShouldResetBearer(failures))
                {
                    await ResetBearerQuietlyAsync(stop).ConfigureAwait(false);
                }
                await Task.Delay(_policy.RetryDelay, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (IsConnected)
            {
                IsConnected = false;
                Connected?.Invoke(false);
            }
            await CloseQuietlyAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// AT+MIPCLOSE (a stale link from an earlier run), AT+MCONFIG, AT+MQTTMSGSET, then AT+MIPSTART / AT+SSLMIPSTART and
    /// AT+MCONNECT right after CONNECT OK — the broker drops a TCP link whose CONNECT is late.
    /// </summary>
    private async Task ConnectMqttAsync(MqttLogin login, CancellationToken cancellationToken)
    {
        var mqtt = _modem.Mqtt;
        await mqtt.CloseAsync(ignoreErrors: true, cancellationToken).ConfigureAwait(false);
        await mqtt.ConfigureAsync(login.ClientId, login.UserName, login.Password, _mqttSettings.Will, cancellationToken).ConfigureAwait(false);
        await mqtt.SetMessageModeAsync(MessageMode, cancellationToken).ConfigureAwait(false);
        Log.Debug("aLiYun: connecting {0}", login);
        await mqtt.StartAsync(login.Host, login.Port, login.Tls, cancellationToken).ConfigureAwait(false);
        try
        {
            await mqtt.ConnectAsync(_mqttSettings.CleanSession, _mqttSettings.KeepAliveSeconds, cancellationToken).ConfigureAwait(false);
        }
        catch (AtFollowUpFailedException)
        {
            throw new AliyunFlowException(AliyunProblemStage.MqttConnect,
                $"Aliyun refused the MQTT login of {_device!.ProductKey} as '{login.UserName}' ({login.FlowName}): "
                // The module prints only ERROR for a refused CONNACK, so "wrong secret" (4) and "unknown or disabled
                // device" (5) look the same from here: name every likely cause.
                + (login.IsIotToken
                    ? "the iotToken was not accepted (expired or for another device)"
                    : "check the ProductKey, that the device exists and is enabled in the console, and the DeviceSecret the getter returns"));
        }
        DeviceName = login.DeviceName;
        IsConnected = true;
        _problems.Reset();
        // Before the events: a handler's subscribe must count as not yet sent in this new session.
        _subscriptions.BeginSession();
        Log.Info("aLiYun: connected ({0})", login.FlowName);
        SessionStarted?.Invoke(_device!.ProductKey, DeviceName);
        Connected?.Invoke(true);
    }

    /// <summary>Subscriptions first, then publishes in order, one at a time; returns when the session is cancelled.</summary>
    private async Task RunSessionAsync(CancellationToken session)
    {
        FeedWatchdog();
        while (true)
        {
            session.ThrowIfCancellationRequested();
            if (_subscriptions.TryNextUnsent(out var topic, out var qos))
            {
                await SubscribeOneAsync(topic, qos, session).ConfigureAwait(false);
                continue;
            }
            if (_publishes.TryPeek(out var item))
            {
                await PublishOneAsync(item!, session).ConfigureAwait(false);
                continue;
            }
            // Luat's data loop wakes at least every 60 s (client:receive timeout); each pass feeds the error watchdog.
            await _work.WaitAsync(IdleWakeUp, session).ConfigureAwait(false);
            FeedWatchdog();
        }
    }

    private async Task SubscribeOneAsync(string topic, int qos, CancellationToken session)
    {
        try
        {
            await _modem.Mqtt.SubscribeAsync(topic, qos, session).ConfigureAwait(false);
            _subscriptions.MarkSent(topic, qos);
            FeedWatchdog();
        }
        catch (AtException) when (session.IsCancellationRequested)
        {
            // CLOSED ended the SUBACK wait; the engine told the link-loss handler first, so the session is already over.
            throw new OperationCanceledException(session);
        }
        catch (AtException ex) when (ex is AtCommandFailedException or AtTimeoutException or AtFollowUpFailedException)
        {
            // The broker refuses a topic outside the device's permissions (SUBACK 0x80); Luat reconnects, here the topic is dropped.
            _subscriptions.Forget(topic);
            Report(AliyunProblemStage.Subscribe, $"subscribe to '{topic}' was refused ({ex.Message}); is the topic allowed for this device (…/user/get, /ota/device/upgrade/…)?");
        }
        catch (AtArgumentException ex)
        {
            _subscriptions.Forget(topic);
            Report(AliyunProblemStage.Subscribe, ex.Message);
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
            Report(AliyunProblemStage.Publish, $"publish to '{item.Topic}' cannot be sent: {ex.Message}");
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
        FeedWatchdog();
    }

    /// <summary>
    /// CLOSED, keep-alive lost, PDN or service lost, or a reboot (AT reader thread): end the current session. The link
    /// monitor has already written the host line; the loop reconnects, after service is back if it is gone.
    /// </summary>
    private void OnConnectionLost(MqttConnectionLoss loss)
    {
        if (IsConnected)
        {
            Log.Debug("aLiYun: MQTT link lost ({0}); reconnecting", loss);
            EndSession(loss.ToString());
        }
    }

    private void EndSession(string reason)
    {
        CancellationTokenSource? session;
        lock (_gate)
        {
            session = _session;
        }
        try
        {
            session?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended on its own meanwhile.
        }
        Log.Debug("aLiYun: session ended ({0})", reason);
    }

    private async Task CloseQuietlyAsync()
    {
        if (!_modem.Engine.IsLinkOpen)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _modem.Mqtt.CloseAsync(ignoreErrors: true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AtException or OperationCanceledException or ObjectDisposedException)
        {
            Log.Debug("aLiYun: AT+MIPCLOSE on the way out failed: {0}", ex.Message);
        }
    }

    /// <summary>The module's one bring-up: attached (waiting while the module reports no service), then the SAPBR bearer.</summary>
    private async Task WaitForNetworkAsync(CancellationToken cancellationToken)
    {
        await _modem.BringUp.WaitForAttachAsync(_policy.NetworkPollInterval,
            () => Log.Info("aLiYun: waiting for the network (not attached yet{0})", _modem.Link.Current.ServiceAvailable ? "" : "; the module reports no service"),
            cancellationToken).ConfigureAwait(false);
        await _modem.BringUp.EnsureBearerAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ResetBearerQuietlyAsync(CancellationToken stop)
    {
        Log.Warn("aLiYun: repeated connect failures; re-activating the data bearer (AT+SAPBR=0,1 then 1,1)");
        try
        {
            await _modem.BringUp.ResetBearerAsync(stop).ConfigureAwait(false);
        }
        catch (AtException ex)
        {
            Report(AliyunProblemStage.Network, $"re-activating the bearer failed: {ex.Message}");
        }
    }

    private static AliyunProblemStage StageOf(Exception ex, bool sessionStarted) => ex switch
    {
        AliyunFlowException flow => flow.Stage,
        _ when sessionStarted => AliyunProblemStage.Publish,
        _ => AliyunProblemStage.MqttConnect,
    };

    private static string Describe(Exception ex) => ex switch
    {
        AliyunFlowException => ex.Message,
        AtTimeoutException or AtCommandFailedException or AtFollowUpFailedException => ex.Message + "; retrying",
        _ => ex.Message,
    };
}
