namespace LuatHost.Aliyun;

/// <summary>
/// Where the device's name and secret come from. They are asked for at every connect attempt, as Luat's lib calls
/// the script's getters each time (a dynamic-registration demo reads the secret back from the SN after storing it).
/// The functions are asynchronous because their owner may live on another thread: the Lua binding runs them on the
/// Lua loop thread and completes the task from there.
/// </summary>
/// <param name="DeviceName">Returns the DeviceName; empty or null means "not known yet" (e.g. misc.getImei before the IMEI is read).</param>
/// <param name="DeviceSecret">Returns the stored DeviceSecret; empty or null when none is stored.</param>
/// <param name="StoreDeviceSecret">Keeps a DeviceSecret obtained by dynamic registration (Luat demos: misc.setSn).</param>
public sealed record DeviceCredentialSource(
    Func<CancellationToken, Task<string?>> DeviceName,
    Func<CancellationToken, Task<string?>> DeviceSecret,
    Func<string, CancellationToken, Task>? StoreDeviceSecret = null)
{
    /// <summary>A device whose name and secret are known up front (一机一密 from C#).</summary>
    public static DeviceCredentialSource Fixed(string deviceName, string deviceSecret) =>
        new(_ => Task.FromResult<string?>(deviceName), _ => Task.FromResult<string?>(deviceSecret));
}

/// <summary>
/// What <c>aLiYun.setup(productKey, productSecret, getDeviceName, getDeviceSecret[, setDeviceSecret])</c> hands over.
/// A null <paramref name="ProductSecret"/> is 一机一密 (device secret); a ProductSecret enables 一型一密 (dynamic registration).
/// </summary>
/// <param name="ProductSecret">A secret: never logged.</param>
public sealed record AliyunDevice(string ProductKey, string? ProductSecret, DeviceCredentialSource Credentials)
{
    /// <summary>
    /// The empty-productSecret rule, for both faces: "" is no ProductSecret (一机一密), the same as nil. Luat's
    /// lib/aLiYun.lua documents nil for 一机一密 but would try dynamic registration signed with an empty key, which
    /// Aliyun can only refuse; a script (or a C# caller) passing "" means "none".
    /// </summary>
    public string? ProductSecret { get => _productSecret; init => _productSecret = NoneIfEmpty(value); }

    private readonly string? _productSecret = NoneIfEmpty(ProductSecret);

    private static string? NoneIfEmpty(string? secret) => string.IsNullOrEmpty(secret) ? null : secret;

    public bool UsesDynamicRegistration => !string.IsNullOrEmpty(ProductSecret);

    public override string ToString() => $"AliyunDevice {{ ProductKey = {ProductKey}, DynamicRegistration = {UsesDynamicRegistration} }}";
}
