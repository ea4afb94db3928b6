namespace LuatHost.Testing;

/// <summary>The devices the end-to-end tests use (the tutorial's triples; the virtual module's IMEI is 866714043075174).</summary>
public static class TestRegistry
{
    public const string ProductKey = Tutorial.ProductKey;
    public const string DeviceName = Tutorial.DeviceName;
    public const string DeviceSecret = Tutorial.DeviceSecret;
    public const string DynamicProductKey = Tutorial.DynProductKey;
    public const string ProductSecret = Tutorial.DynProductSecret;

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
