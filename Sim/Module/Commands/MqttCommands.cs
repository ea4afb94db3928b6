using LuatHost.Sim.Module.Mqtt;
using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// The native MQTT family (§5), connection half (MCONFIG, MIPSTART, MCONNECT, MDISCONNECT, MIPCLOSE, MQTTSTATU);
/// subscribe, publish and received messages are in MqttMessageCommands.cs. State as <c>AT+MQTTSTATU</c> reports it:
/// 0 offline, 2 TCP up but not MCONNECTed, 1 MQTT connected. Every network step answers <c>OK</c> at once and reports later (CONNECT OK, CONNACK OK, SUBACK,
/// PUBACK…), and received messages become <c>+MSUB:</c> URCs.
/// </summary>
internal sealed partial class MqttCommands(ModuleContext module) : ICommandFamily
{
    // Sizes in bytes, as the firmware counts them (§5.1): message 4100, topic 256, client id/user/password 256 each,
    // will message 1360. A UTF-8 topic of 86 CJK characters is 258 bytes and refused.
    private const int MaxPayload = 4100;
    private const int MaxTopicBytes = 256;
    private const int MaxCredentialBytes = 256;
    private const int MaxWillMessageBytes = 1360;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly MqttMessageCache _cache = new();
    private string _clientId = "";
    private string _userName = "";
    private string _password = "";
    private (string Topic, byte[] Payload, int Qos, bool Retain)? _will;
    private int _state;
    private bool _opening;
    private bool _connecting;
    private BrokerLink? _link;
    private bool _cacheMode = module.Options.CacheMessagesByDefault;
    private bool _tcpKeptAfterDisconnect;
    private bool _hexMode;

    private LinkWriter Writer => module.Writer;

    /// <summary>0, 1 or 2 as printed by <c>AT+MQTTSTATU</c>.</summary>
    public int State => _state;

    public void Register(CommandTable table)
    {
        table.Add("+MCONFIG", Mconfig);
        table.Add("+MIPSTART", request => MipStart(request, tls: false));
        table.Add("+SSLMIPSTART", request => MipStart(request, tls: true));
        table.Add("+MCONNECT", Mconnect);
        table.Add("+MSUB", Msub);
        table.Add("+MUNSUB", Munsub);
        table.Add("+MPUB", Mpub);
        table.Add("+MPUBEX", Mpubex);
        table.HandlesTestForm("+MPUBEX");
        table.Add("+MQTTMSGSET", MsgSet);
        table.Add("+MQTTMSGGET", MsgGet);
        table.Add("+MQTTMODE", request => SetFlag(request, value => _hexMode = value, "+MQTTMODE: ", _hexMode));
        // Note the space before the colon: the firmware prints "+MQTTSTATU :1" (§5.1, five independent drivers).
        table.Add("+MQTTSTATU", _ => Lines("+MQTTSTATU :" + _state, "OK"));
        table.Add("+MDISCONNECT", Mdisconnect);
        table.Add("+MIPCLOSE", MipClose);
        table.AddAccepted("+SSLCFG", Writer.OkAsync);
    }

    public async Task ResetAsync()
    {
        await CloseLinkAsync().ConfigureAwait(false);
        _cache.ClearAll();
        _cacheMode = module.Options.CacheMessagesByDefault;
        _hexMode = false;
        _clientId = _userName = _password = "";
        _will = null;
    }

    /// <summary>Without a bearer the TCP link is gone; the +CGEV URC already told the host (§5.3).</summary>
    public Task OnBearerLostAsync() => CloseLinkAsync();

    /// <summary>Fault: the broker stops answering PINGREQ; the module prints <c>MQTT HEART NO ACK</c> and the session is gone.</summary>
    public async Task LoseKeepAliveAsync()
    {
        if (_state == 1 && _link is not null)
        {
            await CloseLinkAsync().ConfigureAwait(false);
            await Writer.LineAsync("MQTT HEART NO ACK").ConfigureAwait(false);
        }
    }

    /// <summary>Fault: the path to the broker goes dead without closing; the keep-alive finds out (<c>MQTT HEART NO ACK</c>).</summary>
    public void SilenceBrokerLink() => _link?.Silence();

    /// <summary>Fault: the broker link dies under the module, which prints <c>CLOSED</c>.</summary>
    public async Task DropBrokerLinkAsync()
    {
        if (_state != 0 || _link is not null)
        {
            await CloseLinkAsync().ConfigureAwait(false);
            await Writer.LineAsync("CLOSED").ConfigureAwait(false);
        }
    }

    private async Task CloseLinkAsync()
    {
        var link = _link;
        _link = null;
        _state = 0;
        _opening = false;
        _connecting = false;
        _tcpKeptAfterDisconnect = false;
        if (link is not null)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<InputRequest?> Lines(params string[] lines)
    {
        await Writer.LinesAsync(lines).ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Cme(int code)
    {
        await module.CmeErrorAsync(code).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// <c>AT+MCONFIG=&lt;clientid&gt;[,&lt;user&gt;,&lt;pwd&gt;[,&lt;will…&gt;]]</c>: the client id alone for an anonymous broker (three
    /// third-party Air724 drivers send it so), or with user and password, or with a will. Sources disagree on the will's
    /// order — the openLuat manual: <c>"topic",qos,retain,"msg"</c>; older notes: <c>qos,retain,"topic","msg"</c> — so both
    /// are accepted, told apart by whether the fourth argument is a number.
    /// </summary>
    private Task<InputRequest?> Mconfig(AtRequest request)
    {
        var count = request.Arguments.Count;
        if (request.Form != AtForm.Set || count is not (1 or 3 or 7)
            || !FitsBytes(request.Text(0), MaxCredentialBytes)
            || (count > 1 && (!FitsBytes(request.Text(1), MaxCredentialBytes) || !FitsBytes(request.Text(2), MaxCredentialBytes))))
        {
            return Lines("ERROR");
        }
        (string Topic, byte[] Payload, int Qos, bool Retain)? will = null;
        if (count == 7)
        {
            var qosFirst = request.TryInt(3, out _);
            var (topicAt, qosAt, retainAt) = qosFirst ? (5, 3, 4) : (3, 4, 5);
            var message = MpubPayload.Unescape(request.Text(6));
            if (!request.TryInt(qosAt, out var qos) || qos is < 0 or > 2 || !request.TryInt(retainAt, out var retain)
                || !request.Arguments[topicAt].Quoted || !request.Arguments[6].Quoted
                || !FitsBytes(request.Text(topicAt), MaxTopicBytes) || message.Length > MaxWillMessageBytes)
            {
                return Lines("ERROR");
            }
            will = (request.Text(topicAt), message, qos, retain == 1);
        }
        _clientId = request.Text(0);
        _userName = count > 1 ? request.Text(1) : "";
        _password = count > 1 ? request.Text(2) : "";
        _will = will;
        return Lines("OK");
    }

    private static bool FitsBytes(string text, int maxBytes) => System.Text.Encoding.UTF8.GetByteCount(text) <= maxBytes;

    private static bool IsValidTopic(string topic) => topic.Length > 0 && FitsBytes(topic, MaxTopicBytes);

    private async Task<InputRequest?> MipStart(AtRequest request, bool tls)
    {
        if (request.Form != AtForm.Set || request.Arguments.Count < 2 || !request.TryInt(1, out var port) || port is < 1 or > 65535)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var host = request.Text(0).Trim();
        await Writer.OkAsync().ConfigureAwait(false);
        if (_state != 0 || _opening)
        {
            module.PostUrc(() => Writer.LineAsync("ALREADY CONNECT"));
            return null;
        }
        if (!module.State.Registered)
        {
            module.PostUrc(() => Writer.LineAsync("CONNECT FAIL"));
            return null;
        }
        _opening = true;
        var cancel = module.Lifetime.Token;
        _ = Task.Run(async () =>
        {
            BrokerLink? link = null;
            try
            {
                link = await BrokerLink.OpenAsync(host, port, tls, module.Options, cancel).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Info("virtual module: {Verb} {Host}:{Port} failed: {Reason}", tls ? "SSLMIPSTART" : "MIPSTART", host, port, ex.Message);
            }
            module.PostUrc(async () =>
            {
                if (!_opening)
                {
                    // Closed or rebooted while connecting.
                    if (link is not null)
                    {
                        await link.DisposeAsync().ConfigureAwait(false);
                    }
                    return;
                }
                _opening = false;
                if (link is null)
                {
                    await Writer.LineAsync("CONNECT FAIL").ConfigureAwait(false);
                    return;
                }
                Attach(link);
                _state = 2;
                await Writer.LineAsync("CONNECT OK").ConfigureAwait(false);
                WatchConnectDeadline(link);
            }, UrcKind.TcpConnect);
        }, CancellationToken.None);
        return null;
    }

    private void Attach(BrokerLink link)
    {
        _link = link;
        link.MessageReceived += (topic, payload) =>
        {
            module.PostUrc(() => DeliverAsync(link, topic, payload));
            return Task.CompletedTask;
        };
        link.Dropped += () => EndSession(link, "CLOSED");
        link.KeepAliveLost += () => EndSession(link, "MQTT HEART NO ACK");
    }

    /// <summary>The session on <paramref name="link"/> is gone: the module says why with one line, unless a newer link took its place.</summary>
    private Task EndSession(BrokerLink link, string line)
    {
        module.PostUrc(async () =>
        {
            if (_link == link)
            {
                await CloseLinkAsync().ConfigureAwait(false);
                await Writer.LineAsync(line).ConfigureAwait(false);
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The broker waits <see cref="ModuleOptions.MqttConnectDeadline"/> for the MQTT CONNECT, then drops TCP and the
    /// module prints <c>CLOSED</c> (§5.4). A broker that hangs up earlier is noticed too.
    /// </summary>
    private void WatchConnectDeadline(BrokerLink link)
    {
        var deadline = DateTime.UtcNow + module.Options.MqttConnectDeadline;
        _ = Task.Run(async () =>
        {
            while (_link == link && _state == 2 && !_connecting && !module.Lifetime.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline || link.RemoteClosedBeforeConnect())
                {
                    await module.InTurnAsync(async () =>
                    {
                        if (_link == link && _state == 2 && !_connecting)
                        {
                            await CloseLinkAsync().ConfigureAwait(false);
                            await Writer.LineAsync("CLOSED").ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                    return;
                }
                await Task.Delay(50).ConfigureAwait(false);
            }
        });
    }

    private async Task<InputRequest?> Mconnect(AtRequest request)
    {
        if (request.Form != AtForm.Set || !request.TryInt(0, out var clean) || !request.TryInt(1, out var keepAlive)
            || keepAlive is < 1 or > 65535)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        // 767 after the link is gone is what Air724 drivers match on to restart from MIPSTART (§1.1).
        if (_state == 0 || _link is null)
        {
            return await Cme(767).ConfigureAwait(false);
        }
        if (_state == 1 || _connecting)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        _connecting = true;
        await Writer.OkAsync().ConfigureAwait(false);
        var link = _link;
        var settings = new MqttSessionSettings(_clientId, _userName, _password, clean == 1, (ushort)keepAlive,
            _will?.Topic, _will?.Payload, _will?.Qos ?? 0, _will?.Retain ?? false);
        var cancel = module.Lifetime.Token;
        _ = Task.Run(async () =>
        {
            var accepted = await link.ConnectMqttAsync(settings, cancel).ConfigureAwait(false);
            module.PostUrc(async () =>
            {
                if (_link != link)
                {
                    return;
                }
                _connecting = false;
                if (accepted)
                {
                    _state = 1;
                    link.WatchKeepAlive(module.Conditions.MqttKeepAliveInterval ?? TimeSpan.FromSeconds(keepAlive));
                    await Writer.LineAsync("CONNACK OK").ConfigureAwait(false);
                    return;
                }
                await CloseLinkAsync().ConfigureAwait(false);
                await Writer.LineAsync("ERROR").ConfigureAwait(false);
                if (module.Options.EmitClosedAfterRefusedConnack)
                {
                    await Writer.LineAsync("CLOSED").ConfigureAwait(false);
                }
            }, UrcKind.Connack);
        }, CancellationToken.None);
        return null;
    }

    /// <summary>
    /// Sends MQTT DISCONNECT and answers OK; as in the openLuat MQTT example the module's TCP link stays (state 2)
    /// until <c>AT+MIPCLOSE</c>, which then answers OK too. The broker closes its side (MQTT 3.1.1), which the module
    /// does not report as <c>CLOSED</c> here.
    /// </summary>
    private async Task<InputRequest?> Mdisconnect(AtRequest _)
    {
        if (_state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var link = _link;
        _link = null;
        _state = 2;
        _tcpKeptAfterDisconnect = true;
        await link.DisconnectAsync().ConfigureAwait(false);
        await link.DisposeAsync().ConfigureAwait(false);
        return await Lines("OK").ConfigureAwait(false);
    }

    private async Task<InputRequest?> MipClose(AtRequest _)
    {
        if (_state == 0 && _link is null && !_opening && !_tcpKeptAfterDisconnect)
        {
            return await Cme(767).ConfigureAwait(false);
        }
        if (_link is not null && _state == 1)
        {
            await _link.DisconnectAsync().ConfigureAwait(false);
        }
        await CloseLinkAsync().ConfigureAwait(false);
        return await Lines("OK").ConfigureAwait(false);
    }
}
