namespace LuatHost.Runtime;

/// <summary>
/// One queued unit of work. A struct so the posted-work queue grows once and then allocates
/// nothing per item; the generic state overload only costs a box when the state is a value type.
/// </summary>
internal readonly struct LoopWorkItem
{
    private readonly Delegate _callback;
    private readonly object? _state;
    private readonly Action<Delegate, object?> _invoke;

    /// <summary>Stopwatch timestamp at enqueue, so posted work and due timers run in arrival order.</summary>
    public readonly long EnqueuedAt;

    private LoopWorkItem(Delegate callback, object? state, Action<Delegate, object?> invoke, long enqueuedAt)
    {
        _callback = callback;
        _state = state;
        _invoke = invoke;
        EnqueuedAt = enqueuedAt;
    }

    public static LoopWorkItem For(Action work, long now) =>
        new(work, null, LoopInvoker.Plain, now);

    public static LoopWorkItem For<TState>(Action<TState> work, TState state, long now) =>
        new(work, state, LoopInvoker.Of<TState>.Instance, now);

    public static LoopWorkItem For(SendOrPostCallback work, object? state, long now) =>
        new(work, state, LoopInvoker.SendOrPost, now);

    public void Invoke() => _invoke(_callback, _state);
}

/// <summary>Cached invokers that turn a stored (delegate, state) pair back into a typed call without a closure.</summary>
internal static class LoopInvoker
{
    public static readonly Action<Delegate, object?> Plain = static (d, _) => ((Action)d)();

    public static readonly Action<Delegate, object?> SendOrPost = static (d, s) => ((SendOrPostCallback)d)(s);

    public static class Of<TState>
    {
        public static readonly Action<Delegate, object?> Instance = static (d, s) => ((Action<TState>)d)((TState)s!);
    }
}
