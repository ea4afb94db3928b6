using LuatHost.Services;

namespace LuatHost.Luat.Device;

/// <summary>
/// The Lua face of <see cref="ModuleIdentityService"/> for one power-on: values change on the Lua thread in the same
/// step that publishes their message, the read stops with the power-on, and the SN fallback file is the device file
/// system's <c>/luathost_sn.txt</c>.
/// </summary>
public static class DeviceIdentityCache
{
    /// <summary>Where the SN is kept when the module does not store it, as the script sees it.</summary>
    public const string SnFallbackPath = "/" + ModuleIdentityService.SnFallbackFileName;

    public static ModuleIdentityService For(LuatContext context) => context.GetService(static c => Create(c));

    private static ModuleIdentityService Create(LuatContext context)
    {
        var service = new ModuleIdentityService(context.Device?.At, context.Device?.Identity, context.Files.Resolve(SnFallbackPath),
            (apply, message) =>
            {
                context.Messages.PostToLua(_ => apply());
                if (message is not null) context.Publish(message);
            });
        service.Start(AtRequestQueue.For(context).Stopping).ContinueWith(
            static (read, c) => ((LuatContext)c!).Options.Diagnose($"misc: reading the module identity failed: {read.Exception!.GetBaseException().Message}"),
            context, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return service;
    }
}
