using LuatHost.Aliyun.Signing;

namespace LuatHost.Aliyun.Flows;

/// <summary>
/// 一机一密 direct (Luat's directProc): ClientId <c>dn|securemode=3,timestamp=2524608000000,signmethod=hmacsha1|</c>,
/// Username <c>dn&amp;pk</c>, Password uppercase HmacSHA1 over <c>clientId…deviceName…productKey…timestamp…</c>, plain
/// TCP (AT+MIPSTART; or TLS with securemode=2 and AT+SSLMIPSTART). With a ProductSecret, the device first registers once (一型一密) and uses the secret it got.
/// </summary>
internal sealed class DirectConnectFlow(FlowContext context, DirectConnectEndpoint endpoint) : IConnectFlow
{
    private bool _registrationDone;

    public string Name => context.Device.UsesDynamicRegistration ? "dynamic registration + direct" : "direct";

    public async Task<MqttLogin> PrepareAsync(CancellationToken cancellationToken)
    {
        if (context.Device.UsesDynamicRegistration && !_registrationDone)
        {
            context.RegisteredSecret = await DynamicRegistration.RegisterAsync(context, cancellationToken).ConfigureAwait(false);
            _registrationDone = true;
        }
        var deviceName = await context.DeviceNameAsync(cancellationToken).ConfigureAwait(false);
        var secret = await context.DeviceSecretAsync(cancellationToken).ConfigureAwait(false);
        var password = endpoint.Password is { } passwordOverride ? await passwordOverride(cancellationToken).ConfigureAwait(false) : null;
        if (secret is null && string.IsNullOrEmpty(password))
        {
            throw new AliyunFlowException(AliyunProblemStage.MqttConnect,
                $"no DeviceSecret for {context.ProductKey}/{deviceName}: getDeviceSecret returned nothing"
                + (context.Device.UsesDynamicRegistration ? " and the device is already activated (reset it in the registry to register again)" : ""));
        }
        var bareId = endpoint.ClientId is { } idOverride ? await idOverride(cancellationToken).ConfigureAwait(false) : null;
        var credentials = MqttCredentials.ForDirectConnect(context.ProductKey, deviceName, secret ?? "",
            SignMethod.HmacSha1, AliyunDefaults.SignTimestamp, bareId,
            endpoint.Tls ? MqttCredentials.SecureModeTls : MqttCredentials.SecureModeTcp, HexCase.Upper, ClientIdLayout.LuatLib);
        var userName = endpoint.UserName is { } userOverride ? await userOverride(cancellationToken).ConfigureAwait(false) : null;
        return new MqttLogin(
            credentials.ClientId,
            string.IsNullOrEmpty(userName) ? credentials.Username : userName,
            string.IsNullOrEmpty(password) ? credentials.Password : password,
            endpoint.Host ?? AliyunDefaults.MqttHost(context.ProductKey, context.Region),
            endpoint.Port,
            endpoint.Tls,
            Name,
            deviceName);
    }
}
