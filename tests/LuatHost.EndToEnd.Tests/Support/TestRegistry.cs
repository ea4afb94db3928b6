namespace LuatHost.EndToEnd.Tests.Support;

/// <summary>The devices the end-to-end tests use (the tutorial's triples; the virtual module's IMEI is 866714043075174).</summary>
internal static class TestRegistry
{
    public const string ProductKey = "a1mxL3s6Z7m";
    public const string DeviceName = "866714043075174";
    public const string DeviceSecret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";
    public const string DynamicProductKey = "b1KCi45LcCP";
    public const string ProductSecret = "VWll9fiYWKiwraBk";

    public const string Json = """
        {
          "products": [
            {
              "productKey": "a1mxL3s6Z7m", "region": "cn-shanghai", "dynamicRegistration": false, "topics": [],
              "devices": [ { "deviceName": "866714043075174", "deviceSecret": "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O", "enabled": true, "activated": false } ]
            },
            {
              "productKey": "b1KCi45LcCP", "productSecret": "VWll9fiYWKiwraBk", "region": "cn-shanghai", "dynamicRegistration": true, "topics": [],
              "devices": [ { "deviceName": "866714043075174", "enabled": true, "activated": false } ]
            }
          ]
        }
        """;

    public static string UpdateTopic(string productKey = ProductKey) => $"/{productKey}/{DeviceName}/user/update";

    public static string GetTopic(string productKey = ProductKey) => $"/{productKey}/{DeviceName}/user/get";
}
