namespace LuatHost.Cloud.Tests.Support;

/// <summary>One cloud for a test class whose tests do not change the registry.</summary>
public sealed class SharedCloud : IAsyncLifetime
{
    internal TestCloud Test { get; private set; } = null!;

    public async Task InitializeAsync() => Test = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await Test.DisposeAsync();
}
