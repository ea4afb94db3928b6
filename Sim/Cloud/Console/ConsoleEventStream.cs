using System.Text.Json;
using System.Threading.Channels;
using LuatHost.Sim.Cloud.Broker;
using Microsoft.AspNetCore.Http;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>
/// GET /api/events: server-sent events. `message` carries each new message-log row as it is accepted; `products`
/// carries the product list whenever it changes (a console edit, an activation, a device going on- or offline — the
/// broker's online set is compared every <see cref="StatePoll"/>, which is cheap for a learner's handful of devices).
/// </summary>
internal static class ConsoleEventStream
{
    private static readonly TimeSpan StatePoll = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(HttpContext context, LocalCloud cloud, CancellationToken stopping)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = both.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var messages = Channel.CreateBounded<CloudMessage>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnAdded(CloudMessage message) => messages.Writer.TryWrite(message);
        cloud.Messages.Added += OnAdded;
        try
        {
            string? lastState = null;
            using var timer = new PeriodicTimer(StatePoll);
            while (!ct.IsCancellationRequested)
            {
                var state = JsonSerializer.Serialize(ConsoleState.Products(cloud), ConsoleEndpoints.Json);
                if (state != lastState)
                {
                    await WriteAsync(context, "products", state, ct).ConfigureAwait(false);
                    lastState = state;
                }
                while (messages.Reader.TryRead(out var message))
                    await WriteAsync(context, "message", JsonSerializer.Serialize(ConsoleMessage.From(message), ConsoleEndpoints.Json), ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);

                // Wake for the next message or the next state check, whichever comes first.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var tick = timer.WaitForNextTickAsync(ct).AsTask();
                var arrival = messages.Reader.WaitToReadAsync(wait.Token).AsTask();
                await Task.WhenAny(tick, arrival).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
                if (!tick.IsCompleted) await tick.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed or the console is stopping.
        }
        finally
        {
            cloud.Messages.Added -= OnAdded;
        }
    }

    private static Task WriteAsync(HttpContext context, string name, string json, CancellationToken ct) =>
        context.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", ct);
}
