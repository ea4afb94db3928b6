using System.Globalization;
using System.Text;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Bench.Support;

/// <summary>
/// The local cloud on loopback with a registry of <c>count</c> devices of one product (一机一密), so several virtual
/// modules can each log in as their own device.
/// </summary>
public static class BenchCloud
{
    public const string ProductKey = "a1BenchPk01";

    public static string DeviceName(int index) => "8667140430" + index.ToString("00000", CultureInfo.InvariantCulture);

    public static string DeviceSecret(int index) => "BenchSecret" + index.ToString("000000000000000000000", CultureInfo.InvariantCulture);

    public static Task<LocalCloud> StartAsync(int devices, int messageLogCapacity = 1000) =>
        LocalCloud.StartAsync(new LocalCloudOptions
        {
            Registry = DeviceRegistry.FromJson(RegistryJson(devices)),
            MessageLogCapacity = messageLogCapacity,
        });

    public static string RegistryJson(int devices)
    {
        var json = new StringBuilder();
        json.Append("{\"products\":[{\"productKey\":\"").Append(ProductKey)
            .Append("\",\"region\":\"cn-shanghai\",\"dynamicRegistration\":false,\"topics\":[],\"devices\":[");
        for (var i = 0; i < devices; i++)
        {
            json.Append(i == 0 ? "" : ",")
                .Append("{\"deviceName\":\"").Append(DeviceName(i))
                .Append("\",\"deviceSecret\":\"").Append(DeviceSecret(i))
                .Append("\",\"enabled\":true,\"activated\":false}");
        }
        return json.Append("]}]}").ToString();
    }
}
