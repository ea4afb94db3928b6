namespace LuatHost.Testing;

/// <summary>
/// The one limit every test wait is bounded by. It only turns a hang into a failure with context: tests wait for
/// events (a line, a message, an exit), never for time, so a healthy run never gets near it.
/// </summary>
public static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Awaits <paramref name="task"/>; past <see cref="Limit"/> throws a TimeoutException that says what was awaited.</summary>
    public static async Task WithinAsync(Task task, Func<string> whatAndContext)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(whatAndContext);
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{whatAndContext()} (hang guard: {Limit.TotalSeconds} s)");
        }
    }

    /// <summary>Awaits <paramref name="task"/>; past <see cref="Limit"/> throws a TimeoutException that says what was awaited.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, Func<string> whatAndContext)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(whatAndContext);
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{whatAndContext()} (hang guard: {Limit.TotalSeconds} s)");
        }
    }

    /// <summary>
    /// Waits until <paramref name="holds"/> is true, looking again each time the event that <paramref name="watch"/>
    /// subscribes to fires (it subscribes the look it is given and returns how to unsubscribe it). The first look comes
    /// after subscribing, so no change slips between; past <see cref="Limit"/> throws as <see cref="WithinAsync(Task, Func{string})"/>.
    /// </summary>
    public static async Task UntilAsync(Func<Action, Action> watch, Func<bool> holds, Func<string> whatAndContext)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(holds);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Look()
        {
            if (holds()) reached.TrySetResult();
        }
        var unsubscribe = watch(Look);
        try
        {
            Look();
            await WithinAsync(reached.Task, whatAndContext);
        }
        finally
        {
            unsubscribe();
        }
    }
}
