using LuatHost.Aliyun.Signing;
using NLog;

namespace LuatHost.Aliyun.Flows;

/// <summary>
/// 一机一密 HTTP auth, the tutorial's first flow and Luat's legacy clientAuthTask (setup without setConnectMode):
/// <c>POST https://iot-auth.&lt;region&gt;.aliyuncs.com/auth/devicename</c> with an HmacMD5 sign, then MQTT over TLS
/// (AT+SSLMIPSTART) with clientId = DeviceName, username = iotId, password = iotToken, host/port from
/// <c>resources.mqtt</c> when present. With a ProductSecret, a missing secret or a refused sign leads to one
/// dynamic registration first, as Luat does.
/// </summary>
internal sealed class HttpAuthFlow(FlowContext context) : IConnectFlow
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun");
    private bool _registrationTried;

    public string Name => "HTTP auth";

    public async Task<MqttLogin> PrepareAsync(CancellationToken cancellationToken)
    {
        var deviceName = await context.DeviceNameAsync(cancellationToken).ConfigureAwait(false);
        var secret = await context.DeviceSecretAsync(cancellationToken).ConfigureAwait(false);
        var canRegister = context.Device.UsesDynamicRegistration && !_registrationTried;
        if (secret is null && canRegister)
        {
            secret = await RegisterAsync(cancellationToken).ConfigureAwait(false);
            canRegister = false;
        }
        if (secret is null)
        {
            context.ReportAuth(false);
            throw new AliyunFlowException(AliyunProblemStage.HttpAuth,
                $"no DeviceSecret for {context.ProductKey}/{deviceName}: getDeviceSecret returned nothing");
        }
        var answer = await AuthenticateAsync(deviceName, secret, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.Code == AuthAnswer.BadSignOrParameters && canRegister
            && await RegisterAsync(cancellationToken).ConfigureAwait(false) is { } registered)
        {
            answer = await AuthenticateAsync(deviceName, registered, cancellationToken).ConfigureAwait(false);
        }
        var iotId = answer.DataString("iotId");
        var iotToken = answer.DataString("iotToken");
        if (!answer.IsSuccess || string.IsNullOrEmpty(iotId) || string.IsNullOrEmpty(iotToken))
        {
            context.ReportAuth(false);
            throw new AliyunFlowException(AliyunProblemStage.HttpAuth,
                $"Aliyun HTTP auth refused {context.ProductKey}/{deviceName}: code {answer.Code} \"{answer.Message}\" "
                + "(460 = wrong DeviceSecret or sign, 6100 = unknown device, 6204 = device disabled); check the DeviceSecret the getter returns");
        }
        context.Modem.Engine.Redactor.Register(iotToken);
        context.ReportAuth(true);
        var (host, port) = answer.MqttResource();
        return new MqttLogin(deviceName, iotId, iotToken,
            string.IsNullOrEmpty(host) ? AliyunDefaults.MqttHost(context.ProductKey, context.Region) : host,
            port ?? AliyunDefaults.MqttPort,
            Tls: true,
            Name,
            deviceName,
            IsIotToken: true);
    }

    private async Task<AuthAnswer> AuthenticateAsync(string deviceName, string secret, CancellationToken cancellationToken)
    {
        // Luat's crypto returns uppercase hex; the platform compares signs case-insensitively.
        var body = AuthRequestBodies.DeviceNameAuth(context.ProductKey, deviceName, secret, SignMethod.HmacMd5, hexCase: HexCase.Upper);
        var url = $"https://{AliyunDefaults.AuthHost(context.Region)}/auth/devicename";
        Log.Info("aLiYun: HTTP auth of {0}/{1} ({2}-byte body)", context.ProductKey, deviceName, body.ByteLength);
        var reply = await ModuleHttpPost.PostFormAsync(context.Modem, url, body, AliyunProblemStage.HttpAuth, cancellationToken).ConfigureAwait(false);
        return AuthAnswer.Parse(reply, AliyunProblemStage.HttpAuth);
    }

    private async Task<string?> RegisterAsync(CancellationToken cancellationToken)
    {
        _registrationTried = true;
        context.RegisteredSecret = await DynamicRegistration.RegisterAsync(context, cancellationToken).ConfigureAwait(false);
        return context.RegisteredSecret ?? await context.DeviceSecretAsync(cancellationToken).ConfigureAwait(false);
    }
}
