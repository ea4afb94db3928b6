namespace LuatHost.Runtime;

/// <summary>Task-shaped timers for C# scripts (sys.wait's async form).</summary>
public static class EventLoopDelays
{
    /// <summary>Completes on the loop thread after <paramref name="due"/> (below 5 ms counts as 5 ms, as in Luat).</summary>
    public static Task DelayAsync(this EventLoop loop, TimeSpan due)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var completion = new TaskCompletionSource();
        loop.StartTimer(due, static c => c.TrySetResult(), completion);
        return completion.Task;
    }
}
