using System.Globalization;
using System.Security.Cryptography;
using LuatHost.Aliyun.Signing;
using NLog;

namespace LuatHost.Aliyun.Flows;

/// <summary>
/// 一型一密: <c>POST https://iot-auth.&lt;region&gt;.aliyuncs.com/auth/register/device</c> through the module with
/// <c>productKey, deviceName, random, sign=HmacMD5(ProductSecret, deviceName…productKey…random…), signMethod=HmacMD5</c>
/// (the tutorial's 120-byte body). The DeviceSecret it returns goes to the script's setter (the demos: misc.setSn).
/// </summary>
internal static class DynamicRegistration
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun");

    /// <summary>
    /// Registers the device. Returns the new DeviceSecret, or null when the cloud says the device is already
    /// activated (the caller then continues with the stored secret from the getter).
    /// </summary>
    public static async Task<string?> RegisterAsync(FlowContext context, CancellationToken cancellationToken)
    {
        var productSecret = context.Device.ProductSecret!;
        context.Modem.Engine.Redactor.Register(productSecret);
        var deviceName = await context.DeviceNameAsync(cancellationToken).ConfigureAwait(false);
        // Luat uses a tick count; any digits do, the sign covers them.
        var random = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var body = AuthRequestBodies.RegisterDevice(context.ProductKey, deviceName, productSecret, random, SignMethod.HmacMd5, HexCase.Upper);
        var url = $"https://{AliyunDefaults.AuthHost(context.Region)}/auth/register/device";
        Log.Info("aLiYun: dynamic registration of {0}/{1} ({2}-byte body)", context.ProductKey, deviceName, body.ByteLength);
        var reply = await ModuleHttpPost.PostFormAsync(context.Modem, url, body, AliyunProblemStage.Registration, cancellationToken).ConfigureAwait(false);
        var answer = AuthAnswer.Parse(reply, AliyunProblemStage.Registration);
        if (answer.IsSuccess && answer.DataString("deviceSecret") is { Length: > 0 } secret)
        {
            context.Modem.Engine.Redactor.Register(secret);
            if (context.Device.Credentials.StoreDeviceSecret is { } store)
            {
                await store(secret, cancellationToken).ConfigureAwait(false);
            }
            Log.Info("aLiYun: {0}/{1} registered; DeviceSecret handed to the script's setter", context.ProductKey, deviceName);
            return secret;
        }
        if (answer.Code == AuthAnswer.AlreadyActivated)
        {
            Log.Info("aLiYun: {0}/{1} is already activated; continuing with the stored DeviceSecret", context.ProductKey, deviceName);
            return null;
        }
        throw new AliyunFlowException(AliyunProblemStage.Registration,
            $"dynamic registration of {context.ProductKey}/{deviceName} refused: code {answer.Code} \"{answer.Message}\" "
            + "(460 = wrong ProductSecret or sign, 6100 = device not pre-registered, 6288 = dynamic registration off for the product)");
    }
}
