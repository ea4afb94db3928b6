using LuatHost.Modem;

namespace LuatHost.Aliyun.Flows;

/// <summary>What the connect flows share: the module, the device, the region and the way to report auth results.</summary>
internal sealed class FlowContext(Air724 modem, AliyunDevice device, string region, Action<bool> authResult)
{
    public Air724 Modem { get; } = modem;

    public AliyunDevice Device { get; } = device;

    public string Region { get; } = region;

    public string ProductKey => Device.ProductKey;

    /// <summary>A DeviceSecret obtained by registration in this run; wins over the getter, which may lag (misc.setSn is asynchronous).</summary>
    public string? RegisteredSecret { get; set; }

    public void ReportAuth(bool ok) => authResult(ok);

    /// <summary>The script's DeviceName; empty means the getter is not ready (e.g. the IMEI is still being read).</summary>
    public async Task<string> DeviceNameAsync(CancellationToken cancellationToken)
    {
        var name = await Device.Credentials.DeviceName(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(name))
        {
            throw new AliyunFlowException(AliyunProblemStage.MqttConnect,
                $"getDeviceName returned nothing for product {ProductKey} (the IMEI may not be read yet); retrying");
        }
        return name;
    }

    /// <summary>The DeviceSecret (registered in this run, else the getter's); registered with the redactor.</summary>
    public async Task<string?> DeviceSecretAsync(CancellationToken cancellationToken)
    {
        var secret = RegisteredSecret;
        if (string.IsNullOrEmpty(secret))
        {
            secret = await Device.Credentials.DeviceSecret(cancellationToken).ConfigureAwait(false);
        }
        Modem.Engine.Redactor.Register(secret);
        return string.IsNullOrEmpty(secret) ? null : secret;
    }
}
