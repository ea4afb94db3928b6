namespace LuatHost.Console.Tests.Support;

/// <summary>The seed tutorial's products and triples (openLuat's Aliyun tutorial): one 一机一密 device, one 一型一密 product.</summary>
internal static class TutorialRegistry
{
    public const string ProductKey = "a1mxL3s6Z7m";
    public const string DeviceName = "866714043075174";
    public const string DeviceSecret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";
    public const string DynamicProductKey = "b1KCi45LcCP";
    public const string ProductSecret = "VWll9fiYWKiwraBk";

    public const string Json = $$"""
        {
          "products": [
            { "productKey": "{{ProductKey}}", "dynamicRegistration": false,
              "devices": [ { "deviceName": "{{DeviceName}}", "deviceSecret": "{{DeviceSecret}}" } ] },
            { "productKey": "{{DynamicProductKey}}", "productSecret": "{{ProductSecret}}", "dynamicRegistration": true,
              "devices": [ { "deviceName": "862991419835241" } ] }
          ]
        }
        """;

    /// <summary>The tutorial's product with no devices yet (the browser test adds one).</summary>
    public const string EmptyProductJson = $$"""
        { "products": [ { "productKey": "{{ProductKey}}", "dynamicRegistration": false, "devices": [] } ] }
        """;
}
