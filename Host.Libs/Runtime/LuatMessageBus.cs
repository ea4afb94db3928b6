namespace LuatHost.Runtime;

/// <summary>
/// Luat `sys` publish/subscribe for C# scripts and services. As in lib/sys.lua, publish only
/// queues the message; the event loop delivers it later, FIFO, to subscribers in subscription order.
/// Publish is safe from any thread; delivery and waits complete on the loop thread.
/// </summary>
public sealed class LuatMessageBus
{
    private readonly EventLoop _loop;
    private readonly object _gate = new();
    // Copy-on-write arrays: delivery iterates a snapshot without locking or allocating, and a
    // subscriber may unsubscribe (or subscribe) from inside its own callback.
    private readonly Dictionary<string, Action<object?[]>[]> _subscribers = new(StringComparer.Ordinal);

    public LuatMessageBus(EventLoop loop)
    {
        _loop = loop ?? throw new ArgumentNullException(nameof(loop));
    }

    public EventLoop Loop => _loop;

    /// <summary>Queues a message; subscribers run on the loop thread after the caller returns.</summary>
    public void Publish(string id, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(id);
        _loop.Post(static m => m.Bus.Deliver(m.Id, m.Args), new PendingMessage(this, id, args ?? [null]));
    }

    /// <summary>Adds a subscriber. Subscribing the same callback twice keeps one entry, as the Lua table does.</summary>
    public void Subscribe(string id, Action<object?[]> callback)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            var current = _subscribers.GetValueOrDefault(id, []);
            if (Array.IndexOf(current, callback) >= 0) return;
            _subscribers[id] = [.. current, callback];
        }
    }

    public bool Unsubscribe(string id, Action<object?[]> callback)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(id, out var current)) return false;
            var index = Array.IndexOf(current, callback);
            if (index < 0) return false;
            if (current.Length == 1)
            {
                _subscribers.Remove(id);
                return true;
            }
            var next = new Action<object?[]>[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            _subscribers[id] = next;
            return true;
        }
    }

    /// <summary>
    /// sys.waitUntil: completes with the message's args, or <see cref="LuatWaitResult.TimedOut"/> after
    /// <paramref name="timeoutMs"/> (null = wait forever; below 5 ms counts as 5 ms).
    /// The continuation of an await on the loop runs inline during delivery, like a resumed coroutine.
    /// </summary>
    public Task<LuatWaitResult> WaitUntilAsync(string id, int? timeoutMs = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (timeoutMs is <= 0) throw new ArgumentOutOfRangeException(nameof(timeoutMs), timeoutMs, "sys.waitUntil needs a positive timeout (or none).");
        var waiter = new Waiter(this, id);
        Subscribe(id, waiter.OnMessage);
        if (timeoutMs is { } ms) waiter.TimerId = _loop.StartTimer(TimeSpan.FromMilliseconds(ms), static w => w.OnTimeout(), waiter);
        if (ct.CanBeCanceled) waiter.Cancellation = ct.Register(static w => ((Waiter)w!).OnCancel(), waiter);
        return waiter.Task;
    }

    private void Deliver(string id, object?[] args)
    {
        Action<object?[]>[]? snapshot;
        lock (_gate) _subscribers.TryGetValue(id, out snapshot);
        if (snapshot is null) return;
        foreach (var subscriber in snapshot) subscriber(args);
    }

    private sealed record PendingMessage(LuatMessageBus Bus, string Id, object?[] Args);

    private sealed class Waiter
    {
        private readonly TaskCompletionSource<LuatWaitResult> _completion = new();
        private readonly LuatMessageBus _bus;
        private readonly string _id;
        public readonly Action<object?[]> OnMessage;
        public long TimerId;
        public CancellationTokenRegistration Cancellation;

        public Waiter(LuatMessageBus bus, string id)
        {
            _bus = bus;
            _id = id;
            OnMessage = args => Finish(new LuatWaitResult(true, args));
        }

        public Task<LuatWaitResult> Task => _completion.Task;

        public void OnTimeout() => Finish(LuatWaitResult.TimedOut);

        public void OnCancel()
        {
            if (Detach()) _completion.TrySetCanceled();
        }

        private void Finish(LuatWaitResult result)
        {
            if (Detach()) _completion.TrySetResult(result);
        }

        private bool Detach()
        {
            if (_completion.Task.IsCompleted || !_bus.Unsubscribe(_id, OnMessage)) return false;
            if (TimerId != 0) _bus._loop.StopTimer(TimerId);
            Cancellation.Dispose();
            return true;
        }
    }
}
