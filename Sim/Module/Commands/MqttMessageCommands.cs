using System.Globalization;
using System.Text;
using LuatHost.Sim.Module.Mqtt;
using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// The message half of the MQTT family: MSUB/MUNSUB, MPUB (escaped) and MPUBEX (counted), the QoS acknowledgement
/// URCs, and received messages as <c>+MSUB:</c> in direct or cache mode (§5.1, §5.2).
/// </summary>
internal sealed partial class MqttCommands
{
    private async Task<InputRequest?> Msub(AtRequest request)
    {
        // Topics are trimmed: the tutorial's copy-paste form has spaces inside the quotes.
        var topic = request.Text(0).Trim();
        if (request.Form != AtForm.Set || !IsValidTopic(topic) || !request.TryInt(1, out var qos) || qos is < 0 or > 2)
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
        if (request.Form != AtForm.Set || !IsValidTopic(topic) || _state != 1 || _link is null)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        var link = _link;
        Complete(link, link.UnsubscribeAsync(topic), ok => ok ? ["UNSUBACK"] : ["ERROR"]);
        return null;
    }

    /// <summary><c>AT+MPUB=topic,qos,retain,"message"</c>; an unquoted message is an error (user reports, §5.1).</summary>
    private bool RefusesMpubex => !module.Options.MpubexSupported;

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
        if (RefusesMpubex)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
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
        return IsValidTopic(topic);
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
                module.PostUrc(() => _link == link ? Writer.LinesAsync(lines) : Task.CompletedTask, UrcKind.MqttAck);
            }
        }, TaskScheduler.Default);
    }

    private async Task DeliverAsync(BrokerLink link, string topic, byte[] payload)
    {
        if (_link != link || _state != 1)
        {
            return;
        }
        if (_cacheMode || payload.Length > module.Options.DirectPayloadLimit)
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
}
