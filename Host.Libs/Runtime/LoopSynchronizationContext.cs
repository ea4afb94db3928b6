namespace LuatHost.Runtime;

/// <summary>
/// Sends `await` continuations back to the event loop, so C# scripts keep Luat's
/// single-threaded model: code after an await runs on the loop thread, never on the pool.
/// </summary>
internal sealed class LoopSynchronizationContext(EventLoop loop) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => loop.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (loop.IsOnLoopThread)
        {
            d(state);
            return;
        }
        if (loop.IsStopped) throw new InvalidOperationException("The event loop has stopped; nothing can be sent to it.");
        // Blocks the calling (foreign) thread, never the loop thread.
        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        loop.Post(() =>
        {
            try { d(state); }
            catch (Exception ex) { failure = ex; }
            finally { done.Set(); }
        });
        done.Wait();
        if (failure is not null) throw new InvalidOperationException("Work sent to the event loop failed.", failure);
    }

    public override SynchronizationContext CreateCopy() => this;
}
