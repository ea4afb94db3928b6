using System.Security.Cryptography;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>Thrown for an edit the console refuses (a broken naming rule, a duplicate, an unknown device); the message says why.</summary>
public sealed class ConsoleEditException(string message, bool notFound = false, string? rule = null) : Exception(message)
{
    public bool NotFound { get; } = notFound;

    /// <summary>Which naming rule was broken ("deviceName", "productKey"), so the page can say it in the user's language.</summary>
    public string? Rule { get; } = rule;
}

/// <summary>
/// The console's changes to products and devices, applied through <see cref="DeviceRegistry.Edit{T}"/> so they land in
/// the same registry file the cloud authenticates against (atomic, owner-only). Secrets are generated as Aliyun's
/// look: 16 characters for a ProductSecret, 32 for a DeviceSecret.
/// </summary>
public sealed class ConsoleRegistryEdits(DeviceRegistry registry)
{
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Creates a product (key generated when null); with dynamic registration it gets a ProductSecret.</summary>
    public string CreateProduct(string? productKey, bool dynamicRegistration)
    {
        if (!string.IsNullOrEmpty(productKey) && AliyunNameRules.CheckProductKey(productKey) is { } rule)
            throw new ConsoleEditException(rule, rule: "productKey");
        return registry.Edit(document =>
        {
            var key = string.IsNullOrEmpty(productKey) ? NewProductKey(document) : productKey;
            if (document.Products.Any(p => p.ProductKey == key)) throw new ConsoleEditException($"product {key} already exists");
            document.Products.Add(new ProductRecord
            {
                ProductKey = key,
                DynamicRegistration = dynamicRegistration,
                // Aliyun shows a ProductSecret for every product; the local cloud needs it only for 一型一密.
                ProductSecret = RandomNumberGenerator.GetString(SecretAlphabet, 16),
            });
            return key;
        });
    }

    /// <summary>
    /// Adds a device. A product without dynamic registration issues its DeviceSecret now (一机一密); with it, the
    /// device gets one when it registers (一型一密), as on Aliyun.
    /// </summary>
    public void AddDevice(string productKey, string deviceName)
    {
        if (AliyunNameRules.CheckDeviceName(deviceName) is { } rule) throw new ConsoleEditException(rule, rule: "deviceName");
        registry.Edit(document =>
        {
            var product = Product(document, productKey);
            if (product.Devices.Any(d => d.DeviceName == deviceName))
                throw new ConsoleEditException($"device {deviceName} already exists in product {productKey}");
            product.Devices.Add(new DeviceRecord
            {
                DeviceName = deviceName,
                DeviceSecret = product.DynamicRegistration ? null : RandomNumberGenerator.GetString(SecretAlphabet, 32),
            });
            return true;
        });
    }

    public void SetEnabled(string productKey, string deviceName, bool enabled) =>
        registry.Edit(document => Device(document, productKey, deviceName).Enabled = enabled);

    public void DeleteDevice(string productKey, string deviceName) =>
        registry.Edit(document => Product(document, productKey).Devices.Remove(Device(document, productKey, deviceName)));

    public void DeleteProduct(string productKey) =>
        registry.Edit(document => document.Products.Remove(Product(document, productKey)));

    private static ProductRecord Product(RegistryDocument document, string productKey) =>
        document.Products.FirstOrDefault(p => p.ProductKey == productKey)
        ?? throw new ConsoleEditException($"no product {productKey}", notFound: true);

    private static DeviceRecord Device(RegistryDocument document, string productKey, string deviceName) =>
        Product(document, productKey).Devices.FirstOrDefault(d => d.DeviceName == deviceName)
        ?? throw new ConsoleEditException($"no device {deviceName} in product {productKey}", notFound: true);

    private static string NewProductKey(RegistryDocument document)
    {
        string key;
        do
        {
            // Aliyun's keys start with a lowercase letter (a1…, b1…); keep that look.
            key = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", 1)
                  + RandomNumberGenerator.GetString(SecretAlphabet, AliyunNameRules.ProductKeyLength - 1);
        }
        while (document.Products.Any(p => p.ProductKey == key));
        return key;
    }
}
