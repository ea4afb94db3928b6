using Microsoft.Extensions.Hosting;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>
/// The lifetime of a web host embedded in a larger program: it never listens to the process's signals. ASP.NET Core's
/// default (ConsoleLifetime) takes SIGINT/SIGTERM, cancels the default action and stops only the web host, so a
/// SIGTERM that arrived after the cloud started but before `run` installed its own handling was swallowed and the run
/// went on. The owner (the CLI) decides when the process ends and disposes the host.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
