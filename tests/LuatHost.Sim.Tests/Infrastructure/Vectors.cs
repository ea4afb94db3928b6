namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>Values from the Aliyun signing test vectors (docs/aliyun-iot.md §6), computed independently of this code.</summary>
public static class Vectors
{
    /// <summary>vectors.json http_bodies[0]: the 112-byte HTTP auth body of the tutorial.</summary>
    public const string SeedHttpAuthBody =
        "productKey=a1mxL3s6Z7m&sign=161d9143f5a4ea3f9ab60614583fd1d7&clientId=866714043075174&deviceName=866714043075174";

}
