using System.Globalization;

namespace LuatHost.Sim.Module;

/// <summary>What the module is about to open, so a map rule can send MQTT TLS and HTTPS to different local ports.</summary>
public enum RemoteProtocol
{
    MqttTcp,
    MqttTls,
    Http,
    Https,
    /// <summary>A plain TCP link (<c>AT+CIPSTART=n,"TCP"</c>).</summary>
    Tcp,
    /// <summary>A TCP link with TLS (<c>AT+CIPSSL=1</c> before <c>AT+CIPSTART</c>).</summary>
    Tls,
    /// <summary>A UDP link (<c>AT+CIPSTART=n,"UDP"</c>).</summary>
    Udp,
}

/// <summary>Where a connection really goes. <see cref="Mapped"/> is false when the name resolved normally.</summary>
public readonly record struct MappedEndpoint(string Host, int Port, bool Mapped);

/// <summary>
/// Turns (host, port, protocol) into a local endpoint, so <c>*.aliyuncs.com</c> reaches the local cloud instead of the
/// Internet; unmapped names are returned unchanged and resolve normally. First matching rule wins.
/// </summary>
public sealed class HostMap
{
    private readonly List<Rule> _rules = [];
    private readonly Lock _gate = new();

    private sealed record Rule(string Pattern, RemoteProtocol? Protocol, string TargetHost, int? TargetPort, int? SourcePort = null);

    /// <summary>Adds a rule. <paramref name="targetPort"/> null keeps the port the module asked for.</summary>
    public HostMap Add(string hostPattern, string targetHost, int? targetPort = null, RemoteProtocol? protocol = null) =>
        Add(hostPattern, null, targetHost, targetPort, protocol);

    /// <summary>Adds a rule that only matches connections to <paramref name="sourcePort"/> (null: any port).</summary>
    public HostMap Add(string hostPattern, int? sourcePort, string targetHost, int? targetPort, RemoteProtocol? protocol = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostPattern);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        lock (_gate)
        {
            _rules.Add(new Rule(hostPattern.Trim(), protocol, targetHost.Trim(), targetPort, sourcePort));
        }
        return this;
    }

    /// <summary>
    /// Adds a rule written as <c>[protocol:]pattern[:port]=host[:port]</c>, protocol one of <c>mqtt</c>, <c>mqtts</c>,
    /// <c>http</c>, <c>https</c>, <c>tcp</c>, <c>tls</c>, <c>udp</c> — e.g. <c>*.aliyuncs.com=127.0.0.1</c>,
    /// <c>mqtts:*.aliyuncs.com=127.0.0.1:8883</c> or (the <c>--map</c> form) <c>lbsmqtt.airm2m.com:1884=127.0.0.1:1883</c>.
    /// </summary>
    public HostMap AddSpec(string spec)
    {
        var equals = spec.IndexOf('=');
        if (equals <= 0 || equals == spec.Length - 1)
        {
            throw new FormatException($"host map rule '{spec}' must look like '*.aliyuncs.com=127.0.0.1[:port]'");
        }
        var left = spec[..equals].Trim();
        var right = spec[(equals + 1)..].Trim();
        RemoteProtocol? protocol = null;
        int? sourcePort = null;
        var lastColon = left.LastIndexOf(':');
        if (lastColon > 0 && lastColon < left.Length - 1 && left[(lastColon + 1)..].All(char.IsAsciiDigit))
        {
            if (!int.TryParse(left[(lastColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSource) || parsedSource is < 1 or > 65535)
            {
                throw new FormatException($"host map rule '{spec}': port must be 1..65535");
            }
            sourcePort = parsedSource;
            left = left[..lastColon];
        }
        var colon = left.IndexOf(':');
        if (colon > 0)
        {
            protocol = left[..colon].ToLowerInvariant() switch
            {
                "mqtt" => RemoteProtocol.MqttTcp,
                "mqtts" => RemoteProtocol.MqttTls,
                "http" => RemoteProtocol.Http,
                "https" => RemoteProtocol.Https,
                "tcp" => RemoteProtocol.Tcp,
                "tls" => RemoteProtocol.Tls,
                "udp" => RemoteProtocol.Udp,
                var other => throw new FormatException($"host map rule '{spec}': unknown protocol '{other}' (use mqtt, mqtts, http, https, tcp, tls or udp)"),
            };
            left = left[(colon + 1)..];
        }
        int? port = null;
        var portColon = right.LastIndexOf(':');
        if (portColon > 0 && !right.EndsWith(']'))
        {
            if (!int.TryParse(right[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
            {
                throw new FormatException($"host map rule '{spec}': port must be 1..65535");
            }
            port = parsed;
            right = right[..portColon];
        }
        return Add(left, sourcePort, right, port, protocol);
    }

    public MappedEndpoint Resolve(string host, int port, RemoteProtocol protocol)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if ((rule.Protocol is null || rule.Protocol == protocol) && (rule.SourcePort is null || rule.SourcePort == port)
                    && Matches(rule.Pattern, host))
                {
                    return new MappedEndpoint(rule.TargetHost, rule.TargetPort ?? port, true);
                }
            }
        }
        return new MappedEndpoint(host, port, false);
    }

    /// <summary><c>*</c> matches all; <c>*.example.com</c> matches any depth of sub-domain (not the bare domain).</summary>
    private static bool Matches(string pattern, string host)
    {
        if (pattern == "*")
        {
            return true;
        }
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
    }
}
