using System.Globalization;
using System.Text;
using LuatHost.Sim.Module.Mqtt;
using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// The native MQTT family (§5). State as <c>AT+MQTTSTATU</c> reports it: 0 offline, 2 TCP up but not MCONNECTed,
/// 1 MQTT connected. Every network step answers <c>OK</c> at once and reports later (CONNECT OK, CONNACK OK, SUBACK,
/// PUBACK…), and received messages become <c>+MSUB:</c> URCs.
/// </summary>
internal sealed class MqttCommands(ModuleContext module) : ICommandFamily
{
    private const int MaxPayload = 4100;
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
    private bool _cacheMode;
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
        _cacheMode = false;
        _hexMode = false;
        _clientId = _userName = _password = "";
        _will = null;
    }

    /// <summary>Without a bearer the TCP link is gone; the +CGEV URC already told the host (§5.3).</summary>
    public Task OnBearerLostAsync() => CloseLinkAsync();

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

    /// <summary><c>AT+MCONFIG=id,user,pwd[,will_qos,will_retain,"topic","msg"]</c>; quotes optional on the first three.</summary>
    private Task<InputRequest?> Mconfig(AtRequest request)
    {
        if (request.Form != AtForm.Set || request.Arguments.Count < 3)
        {
            return Lines("ERROR");
        }
        _clientId = request.Text(0);
        _userName = request.Text(1);
        _password = request.Text(2);
        _will = null;
        if (request.Arguments.Count >= 7)
        {
            if (!request.TryInt(3, out var qos) || qos is < 0 or > 2 || !request.TryInt(4, out var retain)
                || !request.Arguments[5].Quoted || !request.Arguments[6].Quoted)
            {
                return Lines("ERROR");
            }
            _will = (request.Text(5), MpubPayload.Unescape(request.Text(6)), qos, retain == 1);
        }
        return Lines("OK");
    }

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
            });
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
        link.Dropped += () =>
        {
            module.PostUrc(async () =>
            {
                if (_link == link)
                {
                    await CloseLinkAsync().ConfigureAwait(false);
                    await Writer.LineAsync("CLOSED").ConfigureAwait(false);
                }
            });
            return Task.CompletedTask;
        };
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
                    await Writer.LineAsync("CONNACK OK").ConfigureAwait(false);
                    return;
                }
                await CloseLinkAsync().ConfigureAwait(false);
                await Writer.LineAsync("ERROR").ConfigureAwait(false);
                if (module.Options.EmitClosedAfterRefusedConnack)
                {
                    await Writer.LineAsync("CLOSED").ConfigureAwait(false);
                }
            });
        }, CancellationToken.None);
        return null;
    }

    private async Task<InputRequest?> Msub(AtRequest request)
    {
        // Topics are trimmed: the tutorial's copy-paste form has spaces inside the quotes.
        var topic = request.Text(0).Trim();
        if (request.Form != AtForm.Set || topic.Length is 0 or > 256 || !request.TryInt(1, out var qos) || qos is < 0 or > 2)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        if (_state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        var link = _link;
        Complete(link, link.SubscribeAsync(topic, qos), ok => ok ? ["SUBACK"] : ["ERROR"]);
        return null;
    }

    private async Task<InputRequest?> Munsub(AtRequest request)
    {
        var topic = request.Text(0).Trim();
        if (request.Form != AtForm.Set || topic.Length == 0 || _state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        var link = _link;
        Complete(link, link.UnsubscribeAsync(topic), ok => ok ? ["UNSUBACK"] : ["ERROR"]);
        return null;
    }

    /// <summary><c>AT+MPUB=topic,qos,retain,"message"</c>; an unquoted message is an error (user reports, §5.1).</summary>
    private async Task<InputRequest?> Mpub(AtRequest request)
    {
        if (request.Form != AtForm.Set || request.Arguments.Count != 4 || !request.Arguments[3].Quoted
            || !TryTopicQosRetain(request, out var topic, out var qos, out var retain))
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var payload = _hexMode ? MpubPayload.FromHex(request.Text(3)) : MpubPayload.Unescape(request.Text(3));
        if (payload is null || payload.Length > MaxPayload || _state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        Publish(_link, topic, payload, qos, retain);
        return null;
    }

    /// <summary>
    /// <c>AT+MPUBEX=topic,qos,retain[,len]</c>: prompt <c>&gt; </c>, then exactly len raw bytes (or up to Ctrl-Z / a 5 s
    /// idle gap without len), then <c>OK</c> and the QoS acknowledgements (§5.1, [S7]).
    /// </summary>
    private async Task<InputRequest?> Mpubex(AtRequest request)
    {
        if (request.Form == AtForm.Test)
        {
            return await Lines("+MPUBEX:<topic>,(0-2),(0-1),<len>", "OK").ConfigureAwait(false);
        }
        var hasLength = request.Arguments.Count >= 4;
        var length = 0;
        if (request.Form != AtForm.Set || !TryTopicQosRetain(request, out var topic, out var qos, out var retain)
            || (hasLength && (!request.TryInt(3, out length) || length is < 1 or > MaxPayload)))
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        if (_state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await Writer.RawAsync("\r\n> "u8.ToArray()).ConfigureAwait(false);
        Task<InputRequest?> Send(byte[] data, bool timedOut)
        {
            if (timedOut || _state != 1 || _link is null)
            {
                return Lines("ERROR");
            }
            return SendAndOk(data);
        }
        async Task<InputRequest?> SendAndOk(byte[] data)
        {
            await Writer.OkAsync().ConfigureAwait(false);
            Publish(_link!, topic, data, qos, retain);
            return null;
        }
        return hasLength
            ? InputRequest.Counted(length, TimeSpan.FromSeconds(60), Send)
            : InputRequest.UntilCtrlZ(MaxPayload, TimeSpan.FromSeconds(5), Send);
    }

    private static bool TryTopicQosRetain(AtRequest request, out string topic, out int qos, out bool retain)
    {
        topic = request.Text(0).Trim();
        retain = false;
        if (!request.TryInt(1, out qos) || qos is < 0 or > 2 || !request.TryInt(2, out var retainFlag) || retainFlag is < 0 or > 1)
        {
            return false;
        }
        retain = retainFlag == 1;
        return topic.Length is > 0 and <= 256;
    }

    private void Publish(BrokerLink link, string topic, byte[] payload, int qos, bool retain)
    {
        Complete(link, link.PublishAsync(topic, payload, qos, retain), ok => (ok, qos) switch
        {
            (true, 1) => ["PUBACK"],
            (true, 2) => ["PUBREC", "PUBCOMP"],
            (true, _) => [],
            _ => ["ERROR"],
        });
    }

    /// <summary>Prints the acknowledgement URCs of a finished broker operation, unless the link changed meanwhile.</summary>
    private void Complete(BrokerLink link, Task<bool> operation, Func<bool, string[]> urcs)
    {
        _ = operation.ContinueWith(done =>
        {
            var lines = urcs(done.Result);
            if (lines.Length > 0)
            {
                module.PostUrc(() => _link == link ? Writer.LinesAsync(lines) : Task.CompletedTask);
            }
        }, TaskScheduler.Default);
    }

    private async Task DeliverAsync(BrokerLink link, string topic, byte[] payload)
    {
        if (_link != link || _state != 1)
        {
            return;
        }
        if (_cacheMode)
        {
            var slot = _cache.Store(topic, payload);
            await Writer.LineAsync("+MSUB: " + slot.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return;
        }
        await Writer.RawAsync(DirectLine(topic, payload)).ConfigureAwait(false);
    }

    /// <summary><c>+MSUB: "&lt;topic&gt;",&lt;n&gt; byte,&lt;n raw bytes&gt;</c>, framed like any line; the payload may hold CR LF.</summary>
    private static byte[] DirectLine(string topic, byte[] payload)
    {
        var head = Encoding.UTF8.GetBytes($"+MSUB: \"{topic}\",{payload.Length} byte,");
        var line = new byte[head.Length + payload.Length];
        head.CopyTo(line, 0);
        payload.CopyTo(line, head.Length);
        return LinkWriter.Frame(line);
    }

    private Task<InputRequest?> SetFlag(AtRequest request, Action<bool> set, string readPrefix, bool current)
    {
        if (request.Form == AtForm.Read)
        {
            return Lines(readPrefix + (current ? 1 : 0), "OK");
        }
        if (request.Form != AtForm.Set || !request.TryInt(0, out var value) || value is < 0 or > 1)
        {
            return Lines("ERROR");
        }
        set(value == 1);
        return Lines("OK");
    }

    /// <summary>0 = print each message directly (default), 1 = cache; the official example's comment has them swapped (§5.2).</summary>
    private Task<InputRequest?> MsgSet(AtRequest request) =>
        SetFlag(request, value => _cacheMode = value, "+MQTTMSGSET: ", _cacheMode);

    private async Task<InputRequest?> MsgGet(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
            {
                var lines = Enumerable.Range(0, MqttMessageCache.SlotCount)
                    .Select(slot => $"+MQTTMSGGET: {slot},{(_cache.Get(slot) is null ? "INVALID" : "VALID")}")
                    .Append("OK").ToArray();
                return await Lines(lines).ConfigureAwait(false);
            }
            case AtForm.Set:
            {
                if (!request.TryInt(0, out var slot) || _cache.Get(slot) is not { } message)
                {
                    return await Lines("ERROR").ConfigureAwait(false);
                }
                if (module.Options.MqttMessageGetClearsCache)
                {
                    _cache.Clear(slot);
                }
                await WriteWithOkAsync([DirectLine(message.Topic, message.Payload)]).ConfigureAwait(false);
                return null;
            }
            default:
            {
                var frames = new List<byte[]>();
                foreach (var slot in _cache.FilledSlotsOldestFirst())
                {
                    var message = _cache.Get(slot)!;
                    frames.Add(DirectLine(message.Topic, message.Payload));
                    if (module.Options.MqttMessageGetClearsCache)
                    {
                        _cache.Clear(slot);
                    }
                }
                await WriteWithOkAsync(frames).ConfigureAwait(false);
                return null;
            }
        }
    }

    private Task WriteWithOkAsync(IEnumerable<byte[]> frames)
    {
        using var buffer = new MemoryStream();
        foreach (var frame in frames)
        {
            buffer.Write(frame);
        }
        buffer.Write(LinkWriter.Frame("OK"u8));
        return Writer.RawAsync(buffer.ToArray());
    }

    /// <summary>
    /// Sends MQTT DISCONNECT. The EC618 digest says TCP stays up, but MQTT 3.1.1 requires the broker to close the
    /// connection after DISCONNECT, so the state goes to 0 (not 2).
    /// </summary>
    private async Task<InputRequest?> Mdisconnect(AtRequest _)
    {
        if (_state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var link = _link;
        _link = null;
        _state = 0;
        await link.DisconnectAsync().ConfigureAwait(false);
        await link.DisposeAsync().ConfigureAwait(false);
        return await Lines("OK").ConfigureAwait(false);
    }

    private async Task<InputRequest?> MipClose(AtRequest _)
    {
        if (_state == 0 && _link is null && !_opening)
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
