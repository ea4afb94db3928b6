using LuatHost.Runtime;

namespace LuatHost.Runtime.Tests;

/// <summary>Drives a loop on the test thread until the scenario calls Stop; the timeout only guards against hangs.</summary>
internal static class LoopHarness
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    public static void RunUntilStopped(EventLoop loop, Action start)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        loop.Post(start);
        loop.Run(guard.Token);
        Assert.False(guard.IsCancellationRequested, "the loop hung: the scenario never called Stop");
    }
}
