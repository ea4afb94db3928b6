namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>Small Luat projects and C# flows that each carry exactly one mistake.</summary>
public static class BadInputProjects
{
    public const string ProductKey = "a1mxL3s6Z7m";
    public const string DeviceName = "866714043075174";
    public const string DeviceSecret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";

    /// <summary>A project whose main.lua is <paramref name="body"/> between the usual header and sys.run().</summary>
    public static string LuaProject(CaseFolder folder, string body, string name = "proj")
    {
        folder.Write($"{name}/main.lua", "PROJECT = \"R3\"\nVERSION = \"1.0.0\"\nrequire \"sys\"\n" + body + "\nsys.init(0, 0)\nsys.run()\n");
        return folder.Dir(name);
    }

    /// <summary>
    /// An Aliyun direct-connect project (as demo/aliyun) against a registry written from <paramref name="registryDevice"/>
    /// (the JSON of one device entry) and <paramref name="productKeyInRegistry"/>; <paramref name="onConnect"/> runs after CONNACK.
    /// </summary>
    public static string AliyunProject(CaseFolder folder, string deviceSecret = DeviceSecret, string? registryDevice = null,
        string productKeyInRegistry = ProductKey, string onConnect = "", string extraRequires = "", string? cloudScript = null)
    {
        registryDevice ??= $"{{\"deviceName\":\"{DeviceName}\",\"deviceSecret\":\"{DeviceSecret}\",\"enabled\":true,\"activated\":false}}";
        folder.Write("aliyun/cloud-registry.json",
            $"{{\"products\":[{{\"productKey\":\"{productKeyInRegistry}\",\"region\":\"cn-shanghai\",\"dynamicRegistration\":false,\"topics\":[],\"devices\":[{registryDevice}]}}]}}");
        if (cloudScript is not null)
        {
            folder.Write("aliyun/cloud-script.json", cloudScript);
        }
        var body = $$"""
            require "aLiYun"
            {{extraRequires}}
            local PK, DN, DS = "{{ProductKey}}", "{{DeviceName}}", "{{deviceSecret}}"
            aLiYun.on("connect", function(ok)
              print("r3 connect", ok)
              if ok then
                {{onConnect}}
              end
            end)
            aLiYun.setConnectMode("direct", PK .. ".iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883)
            aLiYun.setup(PK, nil, function() return DN end, function() return DS end)
            """;
        return LuaProject(folder, body, "aliyun");
    }

    public static string CSharpFlow(CaseFolder folder, string code) => folder.Write("flow/flow.csx", code);

    /// <summary>Copies demo/<paramref name="demo"/> into the case folder with one line of its test module changed.</summary>
    public static string DemoWithChange(CaseFolder folder, string demo, string file, string original, string replacement)
    {
        var source = RepositoryPaths.Demo(demo);
        var target = folder.Dir(demo);
        Directory.CreateDirectory(target);
        foreach (var path in Directory.EnumerateFiles(source))
        {
            File.Copy(path, Path.Combine(target, Path.GetFileName(path)));
        }
        var changed = Path.Combine(target, file);
        var text = File.ReadAllText(changed);
        if (!text.Contains(original, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"demo/{demo}/{file} no longer contains '{original}'; update this case");
        }
        File.WriteAllText(changed, text.Replace(original, replacement, StringComparison.Ordinal));
        return target;
    }
}
