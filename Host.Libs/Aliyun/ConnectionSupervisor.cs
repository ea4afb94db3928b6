using LuatHost.At;
using LuatHost.Modem;
using NLog;

namespace LuatHost.Aliyun;

/// <summary>What one connection does in an attempt; <see cref="ConnectionSupervisor"/> decides when.</summary>
internal interface ISupervisedConnection
{
    /// <summary>The network is up: log in and open the MQTT session. Throwing fails the attempt.</summary>
    Task OpenAsync(CancellationToken attempt);

    /// <summary>The session is open (<see cref="ConnectionSupervisor.IsConnected"/> is true): start-of-session events.</summary>
    void SessionOpened();

    /// <summary>Runs the open session until it is cancelled (link lost, sleep) or fails.</summary>
    Task RunSessionAsync(CancellationToken session);

    /// <summary>An open session ended (Luat's "connect" false).</summary>
    void SessionClosed();

    /// <summary>An attempt failed before the session opened; the next follows after the retry delay (Luat's "reconnect").</summary>
    void AttemptFailed();
}

/// <summary>
/// The connection supervisor, one job: keep one MQTT connection over the module up for as long as it is wanted
/// (Luat's clientDataTask loop). Each attempt waits while sleep is on, waits for the network (while the link state
/// says the module has no service, and for the SAPBR bearer: <see cref="NetworkBringUp"/>), opens the connection, runs
/// its session, and after it ends closes the MQTT link and retries after <see cref="ReconnectPolicy.RetryDelay"/>,
/// re-activating the bearer after <see cref="ReconnectPolicy.FailuresBeforeBearerReset"/> failed attempts in a row.
/// A link loss the module reports (CLOSED, keep-alive, PDP or service lost, reboot) ends the open session at once.
/// Nothing here knows Aliyun's flows: another MQTT service (the <c>mqtt</c> lib) can be supervised the same way.
/// </summary>
internal sealed class ConnectionSupervisor : IDisposable
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun");

    private readonly Air724 _modem;
    private readonly ReconnectPolicy _policy;
    private readonly ProblemReporter _problems;
    private readonly Lock _gate = new();
    private TaskCompletionSource _awake = CompletedSource();
    private CancellationTokenSource? _session;

    public ConnectionSupervisor(Air724 modem, ReconnectPolicy policy, ProblemReporter problems)
    {
        _modem = modem;
        _policy = policy;
        _problems = problems;
        _modem.Mqtt.ConnectionLost += OnConnectionLost;
    }

    public bool IsConnected { get; private set; }

    public bool IsSleeping { get; private set; }

    /// <summary>Runs attempts until <paramref name="stop"/>, the AT link closes for good or the engine is disposed.</summary>
    public async Task RunAsync(ISupervisedConnection connection, CancellationToken stop)
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
                    await connection.OpenAsync(attempt.Token).ConfigureAwait(false);
                    IsConnected = true;
                    _problems.Reset();
                    connection.SessionOpened();
                    failures = 0;
                    sessionStarted = true;
                    await connection.RunSessionAsync(attempt.Token).ConfigureAwait(false);
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
                        _problems.Report(AliyunProblemStage.Network, $"the AT link to the module is closed ({ex.Message}); aLiYun stops");
                        break;
                    }
                    _problems.Report(StageOf(ex, sessionStarted), Describe(ex));
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
                    connection.SessionClosed();
                }
                else
                {
                    failures++;
                    connection.AttemptFailed();
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
                connection.SessionClosed();
            }
            await CloseQuietlyAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Luat's sleep: end the session and stop reconnecting until <see cref="Wakeup"/>.</summary>
    public void Sleep()
    {
        lock (_gate)
        {
            if (IsSleeping)
            {
                return;
            }
            IsSleeping = true;
            _awake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        EndSession("sleep requested");
    }

    public void Wakeup()
    {
        lock (_gate)
        {
            IsSleeping = false;
            _awake.TrySetResult();
        }
    }

    public void Dispose() => _modem.Mqtt.ConnectionLost -= OnConnectionLost;

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
            _problems.Report(AliyunProblemStage.Network, $"re-activating the bearer failed: {ex.Message}");
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

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
