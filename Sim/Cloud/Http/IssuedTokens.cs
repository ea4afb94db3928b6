using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>A device session issued by /auth/devicename: username iotId, password iotToken.</summary>
public sealed record IssuedToken(string IotId, string IotToken, string ProductKey, string DeviceName, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedToken {{ IotId = {IotId}, {ProductKey}/{DeviceName}, IotToken = *** }}";
}

/// <summary>iotId/iotToken pairs issued by the HTTP auth service and checked by the broker (securemode=-1).</summary>
public sealed class IssuedTokens
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, IssuedToken> _byIotId = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    /// <param name="lifetime">48 h by default, the figure quoted for Aliyun's device tokens.</param>
    public IssuedTokens(TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        _lifetime = lifetime ?? TimeSpan.FromHours(48);
        _time = time ?? TimeProvider.System;
    }

    public IssuedToken Issue(string productKey, string deviceName)
    {
        // Shapes like the tutorial's: a 26-char id and a `^1^{ms}^{hex}` token.
        var iotId = RandomNumberGenerator.GetString(Alphabet, 26);
        var now = _time.GetUtcNow();
        var token = $"^1^{now.ToUnixTimeMilliseconds()}^{RandomNumberGenerator.GetHexString(15, lowercase: true)}";
        var issued = new IssuedToken(iotId, token, productKey, deviceName, now.Add(_lifetime));
        _byIotId[iotId] = issued;
        return issued;
    }

    /// <summary>The device the pair belongs to, or null for an unknown, expired or wrong pair.</summary>
    public IssuedToken? Validate(string? iotId, string? iotToken)
    {
        if (iotId is null || iotToken is null || !_byIotId.TryGetValue(iotId, out var issued))
        {
            return null;
        }

        if (issued.ExpiresAt <= _time.GetUtcNow())
        {
            _byIotId.TryRemove(iotId, out _);
            return null;
        }

        var same = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(issued.IotToken), Encoding.UTF8.GetBytes(iotToken));
        return same ? issued : null;
    }

    public bool IsIssuedId(string? iotId) => iotId is not null && _byIotId.ContainsKey(iotId);
}
