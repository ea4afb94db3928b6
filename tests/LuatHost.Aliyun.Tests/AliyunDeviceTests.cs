using LuatHost.Aliyun;

namespace LuatHost.Aliyun.Tests;

/// <summary>The empty-productSecret rule has one owner (<see cref="AliyunDevice"/>), used by the Lua and the C# face.</summary>
public sealed class AliyunDeviceTests
{
    private static readonly DeviceCredentialSource Credentials = DeviceCredentialSource.Fixed("dev", "secret");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_or_missing_productSecret_means_one_secret_per_device(string? productSecret)
    {
        var device = new AliyunDevice("a1mxL3s6Z7m", productSecret, Credentials);
        Assert.Null(device.ProductSecret);
        Assert.False(device.UsesDynamicRegistration);
        Assert.Null((device with { ProductSecret = "" }).ProductSecret);
    }

    [Fact]
    public void A_productSecret_turns_on_dynamic_registration()
    {
        var device = new AliyunDevice("a1mxL3s6Z7m", "7eCdPyR6fYPntFcM", Credentials);
        Assert.Equal("7eCdPyR6fYPntFcM", device.ProductSecret);
        Assert.True(device.UsesDynamicRegistration);
    }
}
