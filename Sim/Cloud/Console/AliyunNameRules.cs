using System.Buffers;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>
/// Aliyun IoT's naming rules, so a name the local console accepts is one the real platform accepts too.
/// DeviceName: 4–32 characters of letters, digits and <c>- _ . @ :</c> (Aliyun IoT Platform API, RegisterDevice,
/// https://www.alibabacloud.com/help/doc-detail/69470.html). ProductKey: issued by the platform, 11 letters and
/// digits (e.g. a1mxL3s6Z7m); the local console generates one the same way when none is given.
/// </summary>
public static class AliyunNameRules
{
    public const int ProductKeyLength = 11;

    private static readonly SearchValues<char> Alphanumeric =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly SearchValues<char> DeviceNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.@:");

    public const string DeviceNameRule = "DeviceName must be 4–32 characters of letters, digits and - _ . @ : (Aliyun's RegisterDevice rule)";

    public const string ProductKeyRule = "ProductKey must be 11 letters or digits, as Aliyun issues them (e.g. a1mxL3s6Z7m); leave it empty to have one generated";

    /// <summary>Null when valid, else the rule it breaks.</summary>
    public static string? CheckDeviceName(string? name) =>
        name is { Length: >= 4 and <= 32 } && !name.AsSpan().ContainsAnyExcept(DeviceNameCharacters) ? null : DeviceNameRule;

    /// <summary>Null when valid, else the rule it breaks.</summary>
    public static string? CheckProductKey(string? key) =>
        key is { Length: ProductKeyLength } && !key.AsSpan().ContainsAnyExcept(Alphanumeric) ? null : ProductKeyRule;
}
