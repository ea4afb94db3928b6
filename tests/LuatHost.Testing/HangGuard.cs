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
}
