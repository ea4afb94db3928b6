using System.Security.Cryptography;
using System.Text.Json;

namespace LuatHost.Sim.Cloud.Registry;

/// <summary>A product as the services see it (a snapshot; the registry owns the state).</summary>
public sealed record ProductInfo(string ProductKey, string? ProductSecret, bool DynamicRegistration, string Region);

/// <summary>A device as the services see it (a snapshot; the registry owns the state).</summary>
public sealed record DeviceInfo(string ProductKey, string DeviceName, string? DeviceSecret, bool Enabled, bool Activated)
{
    /// <summary>Hides the secret so the record can be logged.</summary>
    public override string ToString() =>
        $"DeviceInfo {{ {ProductKey}/{DeviceName}, Enabled = {Enabled}, Activated = {Activated} }}";
}

/// <summary>
/// Products and devices of the local cloud, loaded from a JSON file (or given in memory). State
/// changes (activation, registered secrets) are written back atomically when a file backs it.
/// </summary>
public sealed class DeviceRegistry
{
    private const string SampleResourceName = "LuatHost.Sim.Cloud.registry.sample.json";

    private readonly Lock _gate = new();
    private readonly RegistryDocument _document;

    private DeviceRegistry(RegistryDocument document, string? path)
    {
        _document = document;
        FilePath = path;
    }

    /// <summary>The backing file, or null when changes stay in memory.</summary>
    public string? FilePath { get; }

    /// <summary>Loads a registry file; changes are written back to it.</summary>
    public static DeviceRegistry Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"registry file '{path}' does not exist (see Sim/Cloud/README.md for the format, or omit --registry to use the sample)", path);
        }

        return new DeviceRegistry(Parse(File.ReadAllText(path), path), path);
    }

    /// <summary>A registry kept in memory only.</summary>
    public static DeviceRegistry FromJson(string json) => new(Parse(json, "(in-memory json)"), null);

    /// <summary>A registry kept in memory only.</summary>
    public static DeviceRegistry FromDocument(RegistryDocument document) =>
        FromJson(JsonSerializer.Serialize(document, RegistryDocument.JsonOptions));

    /// <summary>The tutorial's devices (registry.sample.json, embedded), kept in memory only.</summary>
    public static DeviceRegistry LoadSample() => FromJson(SampleJson());

    /// <summary>The text of registry.sample.json, for copying to a writable location.</summary>
    public static string SampleJson()
    {
        using var stream = typeof(DeviceRegistry).Assembly.GetManifestResourceStream(SampleResourceName)
            ?? throw new InvalidOperationException($"embedded resource {SampleResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public ProductInfo? FindProduct(string productKey)
    {
        lock (_gate)
        {
            var product = FindProductRecord(productKey);
            return product is null ? null : ToInfo(product);
        }
    }

    public DeviceInfo? FindDevice(string productKey, string deviceName)
    {
        lock (_gate)
        {
            var product = FindProductRecord(productKey);
            var device = product?.Devices.FirstOrDefault(d => d.DeviceName == deviceName);
            return product is null || device is null ? null : ToInfo(product, device);
        }
    }

    public IReadOnlyList<DeviceInfo> Devices()
    {
        lock (_gate)
        {
            return _document.Products.SelectMany(p => p.Devices.Select(d => ToInfo(p, d))).ToArray();
        }
    }

    /// <summary>The device's topic permissions: the defaults plus its product's custom classes.</summary>
    public TopicPermissions PermissionsFor(string productKey, string deviceName)
    {
        lock (_gate)
        {
            var custom = FindProductRecord(productKey)?.Topics.ToArray() ?? [];
            return TopicPermissions.For(productKey, deviceName, custom);
        }
    }

    /// <summary>The product's thing model, or null when it defines none (loaded once; never changed at run time).</summary>
    public ThingModel.ThingModelRecord? ThingModelFor(string productKey)
    {
        lock (_gate)
        {
            return FindProductRecord(productKey)?.ThingModel;
        }
    }

    /// <summary>Marks a device activated (first successful connect); saves only when it changed.</summary>
    public void MarkActivated(string productKey, string deviceName)
    {
        lock (_gate)
        {
            var device = FindDeviceRecord(productKey, deviceName);
            if (device is null || device.Activated)
            {
                return;
            }

            device.Activated = true;
            SaveLocked();
        }
    }

    /// <summary>
    /// Dynamic registration: issues a fresh DeviceSecret, stores it, marks the device activated and
    /// saves. The caller has checked the product switch, the sign and the activation state.
    /// </summary>
    public string IssueDeviceSecret(string productKey, string deviceName)
    {
        lock (_gate)
        {
            var device = FindDeviceRecord(productKey, deviceName)
                ?? throw new InvalidOperationException($"device {productKey}/{deviceName} is not in the registry");
            device.DeviceSecret = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
            device.Activated = true;
            SaveLocked();
            return device.DeviceSecret;
        }
    }

    /// <summary>Reads the document under the registry's lock (the console's product list).</summary>
    public T Read<T>(Func<RegistryDocument, T> read)
    {
        lock (_gate)
        {
            return read(_document);
        }
    }

    /// <summary>
    /// Changes the document under the registry's lock and saves it atomically (the console's product and device
    /// edits). The edit validates before it changes anything: an exception leaves the document as it was.
    /// </summary>
    public T Edit<T>(Func<RegistryDocument, T> edit)
    {
        lock (_gate)
        {
            var result = edit(_document);
            SaveLocked();
            return result;
        }
    }

    /// <summary>The whole registry as JSON (contains secrets: for the file only, never for logs).</summary>
    public string ToJson()
    {
        lock (_gate)
        {
            return JsonSerializer.Serialize(_document, RegistryDocument.JsonOptions);
        }
    }

    private void SaveLocked()
    {
        if (FilePath is not null)
        {
            RegistryFile.WriteAtomically(FilePath, JsonSerializer.Serialize(_document, RegistryDocument.JsonOptions));
        }
    }

    private ProductRecord? FindProductRecord(string productKey) =>
        _document.Products.FirstOrDefault(p => p.ProductKey == productKey);

    private DeviceRecord? FindDeviceRecord(string productKey, string deviceName) =>
        FindProductRecord(productKey)?.Devices.FirstOrDefault(d => d.DeviceName == deviceName);

    private static ProductInfo ToInfo(ProductRecord p) => new(p.ProductKey, p.ProductSecret, p.DynamicRegistration, p.Region);

    private static DeviceInfo ToInfo(ProductRecord p, DeviceRecord d) =>
        new(p.ProductKey, d.DeviceName, d.DeviceSecret, d.Enabled, d.Activated);

    private static RegistryDocument Parse(string json, string source)
    {
        RegistryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RegistryDocument>(json, RegistryDocument.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"registry {source} is not valid JSON: {e.Message}", e);
        }

        if (document is null)
        {
            throw new InvalidDataException($"registry {source} is empty");
        }

        foreach (var product in document.Products)
        {
            if (string.IsNullOrWhiteSpace(product.ProductKey))
            {
                throw new InvalidDataException($"registry {source}: a product has no productKey");
            }

            if (product.Devices.Any(d => string.IsNullOrWhiteSpace(d.DeviceName)))
            {
                throw new InvalidDataException($"registry {source}: a device of product {product.ProductKey} has no deviceName");
            }
        }

        return document;
    }
}
